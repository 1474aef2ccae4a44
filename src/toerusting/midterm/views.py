"""Pages of the mid-term reflection: the list, opening one (griffie), answering (anonymous, once) and the
printable report (figures with at least five answers per question, for everyone of the council)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.midterm import selectors, services
from toerusting.midterm.forms import ReflectionForm, StatementsForm
from toerusting.midterm.questions import questions
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@organisation_selectors.with_organisation
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    reflections = list(selectors.reflections_of(organisation))
    today = timezone.localdate()
    roles = organisation_selectors.roles_for_user(request.user, organisation)
    for reflection in reflections:
        reflection.is_open = reflection.opens_on <= today <= reflection.closes_on  # type: ignore[attr-defined]
        may_answer = selectors.role_group_of(request.user, reflection, roles) is not None
        reflection.may_answer = may_answer  # type: ignore[attr-defined]
    return render(
        request,
        "midterm/home.html",
        {
            "organisation": organisation,
            "reflections": reflections,
            "griffie": can(request.user, organisation, Capability.MANAGE_MIDTERM),
            "min_responses": selectors.MIN_RESPONSES,
        },
    )


@organisation_selectors.with_organisation
def create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_MIDTERM)
    activities = [(a.pk, a.title) for a in selectors.activities_for_choice(organisation)]
    form = ReflectionForm(request.POST or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reflection = services.open_reflection(
                organisation,
                request.user,
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                include_college=data["include_college"],
                include_griffie=data["include_griffie"],
                activity_id=data.get("activity"),
            )
        except services.MidtermError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The mid-term reflection is open for answers."))
            return redirect("midterm:report", org=organisation.slug, midterm_id=reflection.pk)
    return render(request, "midterm/create.html", {"organisation": organisation, "form": form})


@organisation_selectors.with_organisation
def answer(request: HttpRequest, organisation: Organisation, midterm_id: int) -> HttpResponse:
    reflection = selectors.get_reflection_for_user(request.user, organisation, midterm_id)
    if selectors.role_group_of(request.user, reflection) is None:
        raise PermissionDenied(_("This reflection is not for your role."))
    answered = selectors.has_answered(request.user, reflection)
    form = StatementsForm(request.POST or None, questions=questions())
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.answer(request.user, reflection, form.scores())
        except services.MidtermError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you. Your answers are stored without your name."))
        return redirect("midterm:answer", org=organisation.slug, midterm_id=reflection.pk)
    today = timezone.localdate()
    return render(
        request,
        "midterm/answer.html",
        {
            "organisation": organisation,
            "reflection": reflection,
            "answered": answered,
            "is_open": reflection.opens_on <= today <= reflection.closes_on,
            "form": form,
        },
    )


@organisation_selectors.with_organisation
def report(request: HttpRequest, organisation: Organisation, midterm_id: int) -> HttpResponse:
    reflection = selectors.get_reflection_for_user(request.user, organisation, midterm_id)
    activity, sessions = selectors.discussion(reflection)
    return render(
        request,
        "midterm/report.html",
        {
            "organisation": organisation,
            "report": selectors.report(reflection),
            "activity": activity,
            "sessions": sessions,
            "min_responses": selectors.MIN_RESPONSES,
            "griffie": can(request.user, organisation, Capability.MANAGE_MIDTERM),
        },
    )
