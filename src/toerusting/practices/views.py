"""Pages of good practices: the public library and a practice's page, the list of ambassadeursraden, the
operator's moderation, and under /o/<org>/ the griffie's own practices, adopting and the contact for peers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, is_operator, require, require_operator
from toerusting.practices import selectors, services
from toerusting.practices.forms import (
    AdoptForm,
    LibraryFilterForm,
    ModerationForm,
    PeerContactForm,
    PracticeForm,
)
from toerusting.practices.models import AMBASSADOR_THRESHOLD, Practice, Status

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def library(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("onderwerp", "")
    kind = request.GET.get("soort", "")
    found = selectors.library(topic, kind)
    form = LibraryFilterForm(
        {"onderwerp": found.topic, "soort": found.kind}, topics=found.topic_choices, kinds=found.kind_choices
    )
    form.is_valid()
    return render(
        request,
        "practices/library.html",
        {
            "library": found,
            "form": form,
            "filtered": bool(found.topic or found.kind),
            "threshold": AMBASSADOR_THRESHOLD,
            "moderation_waiting": selectors.has_submitted(request.user),
        },
    )


def detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = selectors.get_practice_for_user(request.user, practice_id)
    adopters = (
        selectors.adopting_organisations(request.user, practice)
        if practice.status == Status.PUBLISHED
        else []
    )
    adopted = selectors.adopted_by_any(adopters, practice)
    items = [(item.slug, item.title) for item in practice.items.all()]
    adopt_forms = [
        (
            organisation,
            organisation.pk in adopted,
            AdoptForm(
                initial={"practice": practice.pk},
                items=items,
                auto_id=f"id_adopt{organisation.pk}_%s",
            ),
        )
        for organisation in adopters
    ]
    operator = is_operator(request.user)
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "ambassador": selectors.is_ambassador(practice),
            "adopt_forms": adopt_forms,
            "may_manage": selectors.may_manage(request.user, practice),
            "moderation_form": ModerationForm() if operator and practice.status == Status.SUBMITTED else None,
        },
    )


def ambassadors(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "practices/ambassadors.html",
        {"ambassadors": selectors.ambassadors(), "threshold": AMBASSADOR_THRESHOLD},
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require_operator(request.user)
    return render(request, "practices/moderation.html", {"practices": selectors.moderation_queue()})


@require_POST
@login_required
def moderate(request: HttpRequest, practice_id: int) -> HttpResponse:
    require_operator(request.user)
    practice = selectors.get_submitted_practice(practice_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("practices:detail", practice_id=practice.pk)
    try:
        if form.cleaned_data["decision"] == "publish":
            services.publish_practice(practice, request.user)
            messages.success(request, _("The practice is published in the library."))
        else:
            services.refuse_practice(practice, request.user, form.cleaned_data["reason"])
            messages.success(request, _("The practice is refused; the griffie sees your reason."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("practices:detail", practice_id=practice.pk)
    return redirect("practices:moderation")


# --- The griffie's pages under /o/<org>/ ----------------------------------------------------------------


@organisation_selectors.with_organisation
def own(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.SHARE_PRACTICES)
    contact = selectors.peer_contact_of(organisation)
    practices = selectors.own_practices(request.user, organisation)
    published = sum(1 for p in practices if p.status == Status.PUBLISHED)
    return render(
        request,
        "practices/own.html",
        {
            "organisation": organisation,
            "practices": practices,
            "published": published,
            "threshold": AMBASSADOR_THRESHOLD,
            "contact_form": PeerContactForm(
                initial={"email": contact.email, "note": contact.note} if contact else None
            ),
        },
    )


def _text(form: PracticeForm) -> services.PracticeText:
    data = form.cleaned_data
    items = list(catalogue_selectors.national_items().filter(slug__in=data["items"]))
    return services.PracticeText(
        title=data["title"],
        what=data["what"],
        why=data["why"],
        how=data["how"],
        results=data["results"],
        contact_email=data["contact_email"],
        cost=data["cost"],
        topics=list(data["topics"]),
        items=items,
    )


@organisation_selectors.with_organisation
def create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.SHARE_PRACTICES)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = services.create_practice(organisation, request.user, _text(form))
        messages.success(
            request, _("The practice is saved as a draft. Submit it when it is ready for the library.")
        )
        return redirect("practices:edit", org=organisation.slug, practice_id=practice.pk)
    return render(
        request, "practices/form.html", {"organisation": organisation, "form": form, "practice": None}
    )


@organisation_selectors.with_organisation
def edit(request: HttpRequest, organisation: Organisation, practice_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.SHARE_PRACTICES)
    practice = selectors.get_own_practice_for_user(request.user, organisation, practice_id)
    initial = {
        "title": practice.title,
        "what": practice.what,
        "why": practice.why,
        "how": practice.how,
        "cost": f"{practice.cost:.2f}".replace(".", ",") if practice.cost is not None else "",
        "results": practice.results,
        "contact_email": practice.contact_email,
        "topics": [t.code for t in practice.topics.all()],
        "items": [i.slug for i in practice.items.all()],
    }
    form = PracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_public = practice.status == Status.PUBLISHED
        services.update_practice(practice, request.user, _text(form))
        if was_public:
            messages.success(
                request,
                _(
                    "Your changes are saved. The practice waits for moderation again and is not public "
                    "until then."
                ),
            )
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("practices:edit", org=organisation.slug, practice_id=practice.pk)
    return render(
        request, "practices/form.html", {"organisation": organisation, "form": form, "practice": practice}
    )


@require_POST
@organisation_selectors.with_organisation
def submit(request: HttpRequest, organisation: Organisation, practice_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.SHARE_PRACTICES)
    practice = selectors.get_own_practice_for_user(request.user, organisation, practice_id)
    try:
        services.submit_practice(practice, request.user)
        messages.success(request, _("The practice is submitted. The operator checks it before it is public."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("practices:edit", org=organisation.slug, practice_id=practice.pk)
    return redirect("practices:own", org=organisation.slug)


@require_POST
@organisation_selectors.with_organisation
def adopt(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_PLAN)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the catalogue item for the activity."))
        practice_id = request.POST.get("practice", "")
        if practice_id.isdigit():
            return redirect("practices:detail", practice_id=int(practice_id))
        return redirect("practices:library")
    practice: Practice = selectors.get_adoptable_practice(organisation, form.cleaned_data["practice"])
    item = practice.items.filter(slug=form.cleaned_data["item"]).first()
    try:
        if item is None:
            raise ValidationError(_("Choose one of the catalogue items of this practice."))
        services.adopt_practice(practice, organisation, request.user, item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("practices:detail", practice_id=practice.pk)
    messages.success(
        request,
        _("The practice is in your term plan as an activity. Add timing rules and schedule the plan."),
    )
    return redirect("planner:plan", org=organisation.slug)


@require_POST
@organisation_selectors.with_organisation
def peer_contact(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.SHARE_PRACTICES)
    form = PeerContactForm(request.POST)
    if form.is_valid():
        services.set_peer_contact(
            organisation, request.user, form.cleaned_data["email"], form.cleaned_data["note"]
        )
        messages.success(request, _("The contact for peers is saved."))
    else:
        for errors in form.errors.values():
            messages.error(
                request, _("Contact for peers: %(errors)s") % {"errors": " ".join(str(e) for e in errors)}
            )
    return redirect("practices:own", org=organisation.slug)
