"""Member pages of the term planner: a session (members evaluate it, the griffie records attendance), the
own plan with onboarding checklist, and the own calendar address. A member sees only what is planned for
them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.audit import services as audit_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.planner import selectors, services
from toerusting.planner.forms import (
    AttendanceForm,
    EvaluationForm,
    StepDoneForm,
)
from toerusting.planner.views.feeds import webcal_url

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@organisation_selectors.with_organisation
def session_page(request: HttpRequest, organisation: Organisation, planned_id: int) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, organisation, planned_id)
    griffie = can(request.user, organisation, Capability.REGISTER_ATTENDANCE)
    person = organisation_selectors.person_for_user(request.user)
    plan = session.activity.plan
    mine = person is not None and session in selectors.sessions_for_person(plan, person)
    if not griffie and not mine:
        raise Http404
    started = session.starts_at <= timezone.now()
    evaluation_form = EvaluationForm(
        request.POST if request.method == "POST" and "score" in request.POST else None
    )
    status = 200
    if request.method == "POST":
        if "score" in request.POST:
            if not (mine and started):
                raise PermissionDenied(
                    _("You can evaluate a session you were invited to once it has started.")
                )
            if evaluation_form.is_valid():
                services.evaluate(
                    session,
                    organisation_selectors.user_id_of(request.user),
                    evaluation_form.cleaned_data["score"],
                    evaluation_form.cleaned_data["remark"],
                )
                messages.success(request, _("Thank you: your evaluation is saved."))
                return redirect("planner:session", org=organisation.slug, planned_id=session.pk)
            status = 400
        else:
            require(request.user, organisation, Capability.REGISTER_ATTENDANCE)
            people = selectors.audience_people(session, request.user)
            attendance_form = AttendanceForm(request.POST, people=people)
            if not attendance_form.is_valid():
                messages.error(request, _("Tick only people of this session's audience."))
                return redirect("planner:session", org=organisation.slug, planned_id=session.pk)
            services.record_attendance(session, people, set(attendance_form.cleaned_data["present"]))
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.ATTENDANCE,
                str(session),
                present=len(attendance_form.cleaned_data["present"]),
            )
            messages.success(request, _("Attendance is saved."))
            return redirect("planner:session", org=organisation.slug, planned_id=session.pk)
    attendance = {a.person_id: a.present for a in session.attendance.all()}
    signup_list = selectors.lists_for_planned([session]).get(session.pk)
    signup_entry = (
        selectors.session_signups(organisation_selectors.user_id_of(request.user), [signup_list])[0]
        if signup_list is not None
        else None
    )
    return render(
        request,
        "planner/session.html",
        {
            "organisation": organisation,
            "session": session,
            "griffie": griffie,
            "people": selectors.audience_people(session, request.user) if griffie else [],
            "attendance": attendance,
            "summary": selectors.evaluation_summary(session) if griffie else None,
            "can_evaluate": mine and started,
            "evaluation_form": evaluation_form,
            "entry": signup_entry,
        },
        status=status,
    )


@organisation_selectors.with_organisation
def my_plan(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, organisation)
    person = organisation_selectors.person_for_user(request.user)
    user_id = organisation_selectors.user_id_of(request.user)
    sessions = selectors.sessions_for_person(plan, person) if person and plan else []
    upcoming, past = selectors.split_by_now(sessions)
    token = services.feed_token(organisation, user_id, personal=True)
    feed_url = request.build_absolute_uri(reverse("planner:my_feed", kwargs={"org": organisation.slug}))
    return render(
        request,
        "planner/mine.html",
        {
            "organisation": organisation,
            "plan": plan,
            "upcoming": upcoming,
            "past": past,
            "feed_url": f"{feed_url}?sleutel={token.token}",
            "webcal_url": webcal_url(f"{feed_url}?sleutel={token.token}"),
            "checklists": selectors.checklists_for(plan, person, user_id) if person and plan else [],
            "signups": selectors.upcoming_signups(user_id, organisation),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def revoke_my_feed(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    services.revoke_feed_token(organisation, organisation_selectors.user_id_of(request.user), personal=True)
    messages.success(request, _("The old address no longer works. Subscribe again with the new address."))
    return redirect("planner:mine", org=organisation.slug)


@require_POST
@organisation_selectors.with_organisation
def step_toggle(request: HttpRequest, organisation: Organisation, step_id: int) -> HttpResponse:
    step = selectors.get_step_for_user(request.user, organisation, step_id)
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The step could not be changed; try again."))
        return redirect("planner:mine", org=organisation.slug)
    done = form.cleaned_data["done"]
    services.set_step_done(step, organisation_selectors.user_id_of(request.user), done)
    if done:
        messages.success(request, _("“%(step)s” is marked as done.") % {"step": step.title})
    else:
        messages.info(request, _("“%(step)s” is marked as not done.") % {"step": step.title})
    return redirect("planner:mine", org=organisation.slug)
