"""Writes of intervision: rounds, sign-ups, forming groups with the solver, the griffie's changes by hand,
fixing the groups with their schedule, and the notes of a group's own space."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.agenda import selectors as agenda_selectors
from toerusting.audit import services as audit_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.intervision import methods, selectors, slots, solver
from toerusting.intervision.models import (
    Group,
    GroupMeeting,
    GroupNote,
    Method,
    NoteKind,
    Participation,
    Round,
    RoundStatus,
)

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation, Person
    from toerusting.organisations.selectors import AnyUser

# How far after its planned day a group meeting may move to avoid a council meeting (in weeks).
MAX_SHIFT_WEEKS = 3


class IntervisionError(Exception):
    """A refused action, with a message for the user."""


def _actor(actor: AnyUser | None) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def create_round(
    organisation: Organisation,
    actor: AnyUser | None,
    *,
    title: str,
    councils: list[Organisation],
    first_date: dt.date,
    min_size: int = 4,
    max_size: int = 7,
    meeting_count: int = 5,
    weeks_between: int = 5,
) -> Round:
    if min_size > max_size:
        raise IntervisionError(_("The smallest group cannot be larger than the largest group."))
    round_ = Round.objects.create(
        organisation=organisation,
        title=title,
        first_date=first_date,
        min_size=min_size,
        max_size=max_size,
        meeting_count=meeting_count,
        weeks_between=weeks_between,
        created_by=_actor(actor),
    )
    round_.councils.set({organisation, *councils})
    audit_services.record(
        actor, organisation, "intervision", target=title, step="round", councils=len(councils) + 1
    )
    return round_


@transaction.atomic
def sign_up(
    round_: Round,
    person: Person,
    council: Organisation,
    *,
    available: list[str],
    wishes: str = "",
    not_with: list[Person] | None = None,
) -> Participation:
    """Sign up, or change one's sign-up, until the groups are fixed. A sign-up after the groups were
    proposed is not in a group until the griffie forms the groups again or moves the member."""
    round_ = _locked(round_)
    if round_.status == RoundStatus.FROZEN:
        raise IntervisionError(_("Sign-up for this round is closed: the groups are fixed."))
    unknown = sorted(set(available) - set(slots.SLOTS))
    if unknown:
        raise IntervisionError(_("Unknown part of the week: %(slot)s.") % {"slot": ", ".join(unknown)})
    if not available:
        raise IntervisionError(_("Choose at least one part of the week when you can."))
    others = set(
        Participation.objects.filter(round=round_).exclude(person=person).values_list("person_id", flat=True)
    )
    not_with = list(not_with or [])
    strangers = [p for p in not_with if p.pk not in others]
    if strangers:
        raise IntervisionError(_("You can only name people who take part in this round."))
    participation, _created = Participation.objects.update_or_create(
        round=round_,
        person=person,
        defaults={
            "council": council,
            "slots": sorted(set(available), key=slots.SLOTS.index),
            "wishes": wishes,
        },
    )
    participation.not_with.set(not_with)
    return participation


@transaction.atomic
def withdraw(round_: Round, person: Person) -> None:
    round_ = _locked(round_)
    if round_.status == RoundStatus.FROZEN:
        raise IntervisionError(_("The groups are fixed; ask the griffie to take you out."))
    Participation.objects.filter(round=round_, person=person).delete()


def _locked(round_: Round) -> Round:
    """The round as it is now, locked until the transaction ends: its status is checked on this, not on
    what the view read earlier (a griffie fixing the groups while another forms them again)."""
    return Round.objects.select_for_update().get(pk=round_.pk)


def form_groups(
    round_: Round, actor: AnyUser | None, *, seconds: float = 7.5
) -> solver.Grouping | solver.NoGrouping:
    """Let the solver propose groups; they replace earlier proposals. Nothing is written when there is no
    grouping."""
    if round_.status == RoundStatus.FROZEN:
        raise IntervisionError(_("The groups are fixed and can no longer be formed again."))
    participants = selectors.solver_input(round_)
    outcome = solver.form_groups(
        participants,
        round_.min_size,
        round_.max_size,
        regional=selectors.is_regional(round_),
        seconds=seconds,
    )
    if isinstance(outcome, solver.NoGrouping):
        return outcome
    with transaction.atomic():
        # Checked again on the round as it is now: the groups may have been fixed while the solver ran.
        given, round_ = round_, _locked(round_)
        if round_.status == RoundStatus.FROZEN:
            raise IntervisionError(_("The groups are fixed and can no longer be formed again."))
        Participation.objects.filter(round=round_).update(group=None)
        Group.objects.filter(round=round_).delete()
        for number, proposed in enumerate(outcome.groups, start=1):
            group = Group.objects.create(round=round_, number=number, slot=proposed.slot)
            Participation.objects.filter(round=round_, pk__in=proposed.members).update(group=group)
        round_.status = given.status = RoundStatus.FORMED
        round_.save(update_fields=["status"])
        audit_services.record(
            actor,
            round_.organisation,
            "intervision",
            target=round_.title,
            step="groups",
            groups=len(outcome.groups),
        )
    return outcome


@transaction.atomic
def move(round_: Round, participation: Participation, group: Group, actor: AnyUser | None) -> None:
    """The griffie moves a member to another group; refused when it breaks a hard rule."""
    round_ = _locked(round_)
    if round_.status != RoundStatus.FORMED:
        raise IntervisionError(
            _("Members can only be moved while the groups are proposed, not after fixing them.")
        )
    if participation.round_id != round_.pk or group.round_id != round_.pk:
        raise IntervisionError(_("This member or group is not part of this round."))
    if group.slot not in participation.slots:
        raise IntervisionError(
            _("%(name)s cannot on %(slot)s, when this group meets.")
            % {"name": participation.person, "slot": slots.label(group.slot)}
        )
    members = list(
        Participation.objects.filter(group=group).exclude(pk=participation.pk).prefetch_related("not_with")
    )
    if len(members) + 1 > round_.max_size:
        raise IntervisionError(_("This group already has the largest number of members."))
    old = participation.group
    if old is not None and old.pk != group.pk and old.participations.count() - 1 < round_.min_size:
        raise IntervisionError(_("The group this member leaves would become smaller than the smallest size."))
    own_not_with = set(participation.not_with.values_list("pk", flat=True))
    for member in members:
        if member.person_id in own_not_with or participation.person_id in {
            p.pk for p in member.not_with.all()
        }:
            raise IntervisionError(
                _(
                    "This member asked not to be in a group with someone in this group, "
                    "or the other way round."
                )
            )
    participation.group = group
    participation.save(update_fields=["group"])
    audit_services.record(
        actor, round_.organisation, "intervision", target=round_.title, step="move", group=group.number
    )


def _planned_day(first: dt.date, weekday: int, number: int, weeks_between: int) -> dt.date:
    start = first + dt.timedelta(weeks=weeks_between * number)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def schedule(
    group: Group, round_: Round, council_ids: list[int], busy: set[tuple[int, dt.date]]
) -> list[GroupMeeting]:
    """The group's meetings: in its shared part of the week, every `weeks_between` weeks, a week later when
    one of its members' councils meets that day."""
    weekday = slots.weekday_of(group.slot)
    begin, end = slots.times_of(group.slot)
    cases = catalogue_selectors.national_cases()
    tz = timezone.get_current_timezone()
    meetings: list[GroupMeeting] = []
    previous: dt.date | None = None
    for number in range(round_.meeting_count):
        day = _planned_day(round_.first_date, weekday, number, round_.weeks_between)
        if previous is not None and day <= previous:
            day = previous + dt.timedelta(weeks=1)
        for _shift in range(MAX_SHIFT_WEEKS):
            if not any((council, day) in busy for council in council_ids):
                break
            day += dt.timedelta(weeks=1)
        else:
            if any((council, day) in busy for council in council_ids):
                continue  # no free day near the planned one: one meeting fewer rather than a clash
        previous = day
        method = methods.ROTATION[number % len(methods.ROTATION)]
        case = ""
        if method == Method.CASUS and cases:
            case = cases[(group.number + number) % len(cases)][0]
        meetings.append(
            GroupMeeting(
                group=group,
                number=len(meetings) + 1,
                starts_at=dt.datetime.combine(day, begin, tzinfo=tz),
                ends_at=dt.datetime.combine(day, end, tzinfo=tz),
                method=method,
                case_item=case,
            )
        )
    return meetings


@transaction.atomic
def freeze(round_: Round, actor: AnyUser | None) -> int:
    """Fix the groups and plan their meetings; returns the number of meetings planned."""
    given, round_ = round_, _locked(round_)
    if round_.status != RoundStatus.FORMED:
        raise IntervisionError(_("Only proposed groups can be fixed."))
    if Participation.objects.filter(round=round_, group__isnull=True).exists():
        raise IntervisionError(
            _("Some members are not in a group yet: form the groups again or move them first.")
        )
    groups = list(Group.objects.filter(round=round_).prefetch_related("participations"))
    all_councils = sorted({p.council_id for g in groups for p in g.participations.all()})
    last = round_.first_date + dt.timedelta(
        weeks=round_.weeks_between * round_.meeting_count + 2 * MAX_SHIFT_WEEKS + 2
    )
    busy = agenda_selectors.meeting_days(all_councils, round_.first_date, last)
    planned: list[GroupMeeting] = []
    for group in groups:
        councils = sorted({p.council_id for p in group.participations.all()})
        planned.extend(schedule(group, round_, councils, busy))
    GroupMeeting.objects.filter(group__round=round_).delete()
    GroupMeeting.objects.bulk_create(planned)
    round_.status = given.status = RoundStatus.FROZEN
    round_.save(update_fields=["status"])
    audit_services.record(
        actor, round_.organisation, "intervision", target=round_.title, step="frozen", meetings=len(planned)
    )
    return len(planned)


def add_note(group: Group, author: AnyUser, kind: str, text: str) -> GroupNote:
    if kind not in NoteKind.values:
        raise IntervisionError(_("Choose whether this is an agreement or a date."))
    return GroupNote.objects.create(group=group, author=_actor(author), kind=kind, text=text.strip())


def delete_note(note: GroupNote, user: AnyUser) -> None:
    if note.author_id != user.pk:
        raise IntervisionError(_("You can only remove your own notes."))
    note.delete()
