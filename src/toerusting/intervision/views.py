"""Pages of intervision: the council's rounds, a round (sign-up for members; sign-ups, groups, moving and
fixing for the griffie of the organising council), and a group's own page with its schedule, the methods'
scripts and the notes only its members read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.intervision import feeds, selectors, services, slots, solver
from toerusting.intervision.forms import MoveForm, NoteForm, RoundForm, SignupForm
from toerusting.intervision.models import Round, RoundStatus
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@organisation_selectors.with_organisation
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    person = organisation_selectors.person_for_user(request.user)
    rounds = list(selectors.rounds_for_council(organisation))
    mine = selectors.groups_of_person(person)
    for round_ in rounds:
        round_.my_group = mine.get(round_.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "intervision/home.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "griffie": can(request.user, organisation, Capability.MANAGE_INTERVISION),
        },
    )


def _council_choices(request: HttpRequest, organisation: Organisation) -> list[tuple[int, str]]:
    """Other councils where the user is griffie too (all of them for the operator)."""
    if getattr(request.user, "is_superuser", False):
        candidates = list(organisation_selectors.all_organisations())
    else:
        candidates = list(organisation_selectors.organisations_for_user(request.user))
    return [
        (o.pk, o.name)
        for o in sorted(candidates, key=lambda o: o.name)
        if o.pk != organisation.pk and can(request.user, o, Capability.MANAGE_INTERVISION)
    ]


@organisation_selectors.with_organisation
def round_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.MANAGE_INTERVISION)
    choices = _council_choices(request, organisation)
    form = RoundForm(request.POST or None, councils=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        allowed = {pk for pk, _name in choices}
        chosen = [
            o
            for o in organisation_selectors.all_organisations()
            if o.pk in set(data.get("councils") or []) & allowed
        ]
        try:
            round_ = services.create_round(
                organisation,
                request.user,
                title=data["title"],
                councils=chosen,
                first_date=data["first_date"],
                min_size=data["min_size"],
                max_size=data["max_size"],
                meeting_count=data["meeting_count"],
                weeks_between=data["weeks_between"],
            )
        except services.IntervisionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The round is open. Members can now sign up."))
            return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)
    return render(request, "intervision/round_create.html", {"organisation": organisation, "form": form})


def _signup_form(round_: Round, person: object, participation: object, data: object = None) -> SignupForm:
    people = [(p.pk, p.full_name) for p in selectors.others_in_round(round_, person)]  # type: ignore[arg-type]
    initial = {}
    if participation is not None:
        initial = {
            "available": participation.slots,  # type: ignore[attr-defined]
            "wishes": participation.wishes,  # type: ignore[attr-defined]
            "not_with": [p.pk for p in participation.not_with.all()],  # type: ignore[attr-defined]
        }
    return SignupForm(data, people=people, initial=initial)


@organisation_selectors.with_organisation
def round_page(request: HttpRequest, organisation: Organisation, round_id: int) -> HttpResponse:
    round_ = selectors.get_round_for_user(request.user, organisation, round_id)
    person = organisation_selectors.person_for_user(request.user)
    participation = selectors.participation_of(round_, person)
    manages = selectors.manages(request.user, organisation, round_)
    context: dict[str, object] = {
        "organisation": organisation,
        "round": round_,
        "councils": selectors.councils_of(round_),
        "participation": participation,
        "my_slots": [slots.label(s) for s in participation.slots] if participation else [],
        "may_join": can(request.user, organisation, Capability.JOIN_INTERVISION)
        and round_.status != RoundStatus.FROZEN,
        "my_group": selectors.group_of(round_, person) if round_.status == RoundStatus.FROZEN else None,
        "manages": manages,
    }
    if context["may_join"]:
        context["signup_form"] = _signup_form(round_, person, participation)
    if manages:
        groups = selectors.overview(round_)
        context["groups"] = groups
        members = [(m.participation.pk, m.participation.person.full_name) for g in groups for m in g.members]
        group_choices = [
            (g.group.pk, _("Group %(number)s (%(slot)s)") % {"number": g.group.number, "slot": g.slot_label})
            for g in groups
            if g.group is not None
        ]
        context["move_form"] = MoveForm(members=members, groups=group_choices)
    return render(request, "intervision/round.html", context)


@require_POST
@organisation_selectors.with_organisation
def signup(request: HttpRequest, organisation: Organisation, round_id: int) -> HttpResponse:
    round_ = selectors.get_round_for_user(request.user, organisation, round_id)
    require(request.user, organisation, Capability.JOIN_INTERVISION)
    person = organisation_selectors.person_for_user(request.user)
    if person is None:
        raise Http404
    form = _signup_form(round_, person, None, request.POST)
    if not form.is_valid():
        messages.error(request, _("Your sign-up is not saved: choose at least one part of the week."))
        return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)
    chosen = set(form.cleaned_data.get("not_with") or [])
    not_with = [p for p in selectors.others_in_round(round_, person) if p.pk in chosen]
    try:
        services.sign_up(
            round_,
            person,
            organisation,
            available=form.cleaned_data["available"],
            wishes=form.cleaned_data["wishes"],
            not_with=not_with,
        )
    except services.IntervisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("You are signed up. You will see your group here once the griffie has fixed the groups."),
        )
    return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)


def _managed_round(request: HttpRequest, organisation: Organisation, round_id: int) -> Round:
    round_ = selectors.get_round_for_user(request.user, organisation, round_id)
    require(request.user, organisation, Capability.MANAGE_INTERVISION)
    if round_.organisation_id != organisation.pk:
        raise Http404
    return round_


@require_POST
@organisation_selectors.with_organisation
def form_groups(request: HttpRequest, organisation: Organisation, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, organisation, round_id)
    try:
        outcome = services.form_groups(round_, request.user)
    except services.IntervisionError as exc:
        messages.error(request, str(exc))
    else:
        if isinstance(outcome, solver.NoGrouping):
            messages.error(request, outcome.message)
        else:
            q = outcome.quality
            messages.success(
                request,
                _(
                    "%(groups)d groups proposed of %(smallest)d to %(largest)d members. Same fractie in one "
                    "group: %(fractie)d times. Groups without both a new and an experienced member: %(mix)d."
                )
                % {
                    "groups": len(outcome.groups),
                    "smallest": q.smallest,
                    "largest": q.largest,
                    "fractie": q.fractie_clashes,
                    "mix": q.groups_without_mix,
                },
            )
    return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)


@require_POST
@organisation_selectors.with_organisation
def move(request: HttpRequest, organisation: Organisation, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, organisation, round_id)
    form = MoveForm(
        request.POST,
        members=[(p.pk, "") for p in round_.participations.all()],
        groups=[(g.pk, "") for g in round_.groups.all()],
    )
    if not form.is_valid():
        messages.error(request, _("Choose a member and a group."))
        return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)
    participation = selectors.get_participation_in_round(round_, form.cleaned_data["participation"])
    group = selectors.get_group_in_round(round_, form.cleaned_data["group"])
    try:
        services.move(round_, participation, group, request.user)
    except services.IntervisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s is now in group %(number)s.")
            % {"name": participation.person.full_name, "number": group.number},
        )
    return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)


@require_POST
@organisation_selectors.with_organisation
def freeze(request: HttpRequest, organisation: Organisation, round_id: int) -> HttpResponse:
    round_ = _managed_round(request, organisation, round_id)
    try:
        count = services.freeze(round_, request.user)
    except services.IntervisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The groups are fixed and %(count)d meetings are planned. Members now see their group.")
            % {"count": count},
        )
    return redirect("intervision:round", org=organisation.slug, round_id=round_.pk)


@organisation_selectors.with_organisation
def group_page(
    request: HttpRequest, organisation: Organisation, group_id: int, form: NoteForm | None = None
) -> HttpResponse:
    group = selectors.get_group_for_member(request.user, organisation, group_id)
    page = selectors.group_page(group)
    scripts = {m.method: selectors.script(m.method) for m in page.meetings}
    return render(
        request,
        "intervision/group.html",
        {
            "organisation": organisation,
            "page": page,
            "round": group.round,
            "scripts": scripts,
            "form": form or NoteForm(),
        },
    )


@require_POST
@organisation_selectors.with_organisation
def add_note(request: HttpRequest, organisation: Organisation, group_id: int) -> HttpResponse:
    group = selectors.get_group_for_member(request.user, organisation, group_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your note is not saved: write a text of at most 1000 characters."))
        return redirect("intervision:group", org=organisation.slug, group_id=group.pk)
    services.add_note(group, request.user, form.cleaned_data["kind"], form.cleaned_data["text"])
    messages.success(request, _("Saved. Only your group reads it."))
    return redirect("intervision:group", org=organisation.slug, group_id=group.pk)


@organisation_selectors.with_organisation
def group_ical(request: HttpRequest, organisation: Organisation, group_id: int) -> HttpResponse:
    group = selectors.get_group_for_member(request.user, organisation, group_id)
    name = _("Intervision group %(number)s") % {"number": group.number}
    body = feeds.calendar_for(name, group, selectors.meetings_for_calendar(group), domain=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intervisie-groep-{group.number}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
