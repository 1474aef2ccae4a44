"""Pages of mentoring and train-de-trainer: the member's own page (pairs, wish, own track), a pair's page
(the meeting log for the two of them; status and count for the griffie), the griffie's page (suggested
pairs, all pairs with a chart, tracks) and a track's page with the griffie's sign-off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.audit import services as audit_services
from toerusting.mentoring import selectors, services
from toerusting.mentoring.forms import (
    MeetingForm,
    ProposeForm,
    RespondForm,
    SignOffForm,
    TrackForm,
    WishForm,
)
from toerusting.mentoring.models import STEP_ORDER, PairStatus
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation, Person


@organisation_selectors.with_organisation
def mine(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    person = organisation_selectors.person_for_user(request.user)
    pairs = list(selectors.pairs_of(organisation, person)) if person is not None else []
    for pair in pairs:
        # One answer form per proposal, with ids of its own.
        pair.respond_form = RespondForm(auto_id=f"id_pair{pair.pk}_%s")  # type: ignore[attr-defined]
    wish = selectors.wish_of(organisation, person) if person is not None else None
    return render(
        request,
        "mentoring/mine.html",
        {
            "organisation": organisation,
            "person": person,
            "pairs": pairs,
            "wish_form": WishForm(initial={"other_fractie": bool(wish and wish.other_fractie)}),
            "tracks": selectors.tracks_of(organisation, person) if person is not None else [],
            "griffie": can(request.user, organisation, Capability.MANAGE_MENTORING),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def wish(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    person = organisation_selectors.person_for_user(request.user)
    if person is None:
        raise Http404
    form = WishForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    services.set_wish(organisation, person, bool(form.cleaned_data.get("other_fractie")))
    messages.success(request, _("Your wish is saved."))
    return redirect("mentoring:mine", org=organisation.slug)


@require_POST
@organisation_selectors.with_organisation
def respond(request: HttpRequest, organisation: Organisation, proposal_id: int) -> HttpResponse:
    """The new member accepts or declines a proposed mentor."""
    pair = selectors.get_pair_for_user(request.user, organisation, proposal_id)
    if pair.mentee.user_id != request.user.pk:
        raise Http404
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return redirect("mentoring:mine", org=organisation.slug)
    try:
        services.respond(pair, form.cleaned_data["answer"] == "accept", form.cleaned_data["reason"])
    except services.MentoringError as exc:
        messages.error(request, str(exc))
        return redirect("mentoring:mine", org=organisation.slug)
    if form.cleaned_data["answer"] == "accept":
        messages.success(request, _("You have a mentor. Make a first appointment together."))
        return redirect("mentoring:pair", org=organisation.slug, pair_id=pair.pk)
    messages.success(request, _("You declined. The griffie can suggest someone else."))
    return redirect("mentoring:mine", org=organisation.slug)


def _pair_context(
    request: HttpRequest, organisation: Organisation, pair: Any, form: MeetingForm | None = None
) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "pair": pair,
        "in_pair": selectors.is_in_pair(request.user, pair),
        "meetings": selectors.meetings_for_member(request.user, pair),
        "reasons": [selectors.reason_text(r) for r in pair.reasons],
        "griffie": can(request.user, organisation, Capability.MANAGE_MENTORING),
        "form": form or MeetingForm(),
        "statuses": PairStatus,
    }


@organisation_selectors.with_organisation
def pair_page(request: HttpRequest, organisation: Organisation, pair_id: int) -> HttpResponse:
    pair = selectors.get_pair_for_user(request.user, organisation, pair_id)
    return render(request, "mentoring/pair.html", _pair_context(request, organisation, pair))


@require_POST
@organisation_selectors.with_organisation
def log_meeting(request: HttpRequest, organisation: Organisation, pair_id: int) -> HttpResponse:
    pair = selectors.get_pair_for_user(request.user, organisation, pair_id)
    if not selectors.is_in_pair(request.user, pair):
        raise Http404
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.log_meeting(pair, request.user, form.cleaned_data["date"], form.cleaned_data["note"])
        except services.MentoringError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The meeting is logged."))
            return redirect("mentoring:pair", org=organisation.slug, pair_id=pair.pk)
    return render(
        request, "mentoring/pair.html", _pair_context(request, organisation, pair, form), status=400
    )


@require_POST
@organisation_selectors.with_organisation
def end_pair(request: HttpRequest, organisation: Organisation, pair_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_MENTORING)
    pair = selectors.get_pair_for_user(request.user, organisation, pair_id)
    try:
        services.end_pair(pair)
    except services.MentoringError as exc:
        messages.error(request, str(exc))
    else:
        audit_services.record(
            request.user, organisation, audit_services.Action.MENTORING, str(pair.mentee), change="pair ended"
        )
        messages.success(request, _("The pair has ended."))
    return redirect("mentoring:griffie", org=organisation.slug)


def _names(people: list[Person]) -> list[tuple[int, str]]:
    return [(p.pk, p.full_name) for p in people]


def _griffie_context(
    organisation: Organisation,
    propose_form: ProposeForm | None = None,
    track_form: TrackForm | None = None,
) -> dict[str, Any]:
    pairing = selectors.people_for_pairing(organisation)
    overview = selectors.pair_overview(organisation)
    most = max((row.pairs for row in overview), default=0)
    return {
        "organisation": organisation,
        "suggestions": selectors.suggestions(organisation),
        "pairs": list(selectors.pairs_for_griffie(organisation)),
        "overview": overview,
        "overview_max": most,
        "tracks": selectors.tracks_for_organisation(organisation),
        "propose_form": propose_form or ProposeForm(people=_names(pairing)),
        "track_form": track_form or TrackForm(people=_names(selectors.people_for_tracks(organisation))),
        "step_order": STEP_ORDER,
    }


@organisation_selectors.with_organisation
def griffie_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_MENTORING)
    return render(request, "mentoring/griffie.html", _griffie_context(organisation))


@require_POST
@organisation_selectors.with_organisation
def propose(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie proposes a pair, from a suggestion or by its own choice."""
    require(request.user, organisation, Capability.MANAGE_MENTORING)
    people = {p.pk: p for p in selectors.people_for_pairing(organisation)}
    form = ProposeForm(request.POST, people=_names(list(people.values())))
    if form.is_valid():
        mentor, mentee = people[form.cleaned_data["mentor"]], people[form.cleaned_data["mentee"]]
        candidate = selectors.candidate_for(organisation, mentor.pk, mentee.pk)
        try:
            services.propose_pair(
                organisation,
                mentor,
                mentee,
                request.user,
                candidate.reasons_data if candidate is not None else [],
            )
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.MENTORING,
                f"{mentor} and {mentee}",
                change="pair proposed",
            )
        except services.MentoringError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("%(mentor)s is proposed as mentor of %(mentee)s, who can now accept or decline.")
                % {"mentor": mentor.full_name, "mentee": mentee.full_name},
            )
            return redirect("mentoring:griffie", org=organisation.slug)
    return render(
        request, "mentoring/griffie.html", _griffie_context(organisation, propose_form=form), status=400
    )


@require_POST
@organisation_selectors.with_organisation
def track_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_MENTORING)
    people = {p.pk: p for p in selectors.people_for_tracks(organisation)}
    form = TrackForm(request.POST, people=_names(list(people.values())))
    if form.is_valid():
        data = form.cleaned_data
        try:
            track = services.start_track(
                organisation,
                people[data["person"]],
                data["kind"],
                data["subject"],
                planned={str(kind): data.get(str(kind)) for kind in STEP_ORDER},
            )
        except services.MentoringError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.MENTORING,
                str(track.person),
                change="track started",
            )
            messages.success(request, _("The train-the-trainer track is started."))
            return redirect("mentoring:track", org=organisation.slug, track_id=track.pk)
    return render(
        request, "mentoring/griffie.html", _griffie_context(organisation, track_form=form), status=400
    )


@organisation_selectors.with_organisation
def track_page(request: HttpRequest, organisation: Organisation, track_id: int) -> HttpResponse:
    track = selectors.get_track_for_user(request.user, organisation, track_id)
    return render(
        request,
        "mentoring/track.html",
        {
            "organisation": organisation,
            "track": track,
            "next_step": selectors.next_step(track),
            "griffie": can(request.user, organisation, Capability.MANAGE_MENTORING),
            "form": SignOffForm(),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def sign_off(request: HttpRequest, organisation: Organisation, track_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_MENTORING)
    track = selectors.get_track_for_user(request.user, organisation, track_id)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            services.sign_off_step(
                track, request.user, form.cleaned_data["done_date"], form.cleaned_data["note"]
            )
            audit_services.record(
                request.user,
                organisation,
                audit_services.Action.MENTORING,
                str(track.person),
                change="step signed off",
            )
        except services.MentoringError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The step is signed off."))
            return redirect("mentoring:track", org=organisation.slug, track_id=track.pk)
    track = selectors.get_track_for_user(request.user, organisation, track_id)
    return render(
        request,
        "mentoring/track.html",
        {
            "organisation": organisation,
            "track": track,
            "next_step": selectors.next_step(track),
            "griffie": True,
            "form": form,
        },
        status=400,
    )
