"""Reads of intervision, scoped to what the requesting user may see.

A round is visible in every council that takes part; only the griffie of the organising council manages it
(sign-ups with wishes and "not with", groups, moving, fixing). A group's page, schedule and notes are for
the group's own members only, once the groups are fixed: the griffie and the operator get a 404 there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.intervision import methods, slots
from toerusting.intervision.models import Group, GroupMeeting, GroupNote, Participation, Round, RoundStatus
from toerusting.intervision.solver import Participant
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import MEMBER_ROLES, Capability, can

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation, Person
    from toerusting.organisations.selectors import AnyUser


def _scoped(user: AnyUser, organisation: Organisation) -> Organisation:
    return organisation_selectors.get_organisation_for_user(user, organisation.slug)


def rounds_for_council(organisation: Organisation) -> QuerySet[Round]:
    return (
        Round.objects.filter(councils=organisation)
        .select_related("organisation")
        .annotate(participant_count=Count("participations", distinct=True))
    )


def get_round_for_user(user: AnyUser, organisation: Organisation, round_id: int) -> Round:
    organisation = _scoped(user, organisation)
    try:
        return rounds_for_council(organisation).get(pk=round_id)
    except Round.DoesNotExist as exc:
        raise Http404 from exc


def manages(user: AnyUser, organisation: Organisation, round_: Round) -> bool:
    """Whether the user manages this round here: the griffie of the organising council, on its pages."""
    return round_.organisation_id == organisation.pk and can(
        user, organisation, Capability.MANAGE_INTERVISION
    )


def councils_of(round_: Round) -> list[Organisation]:
    return sorted(round_.councils.all(), key=lambda o: o.name)


def is_regional(round_: Round) -> bool:
    return round_.councils.count() > 1


def participation_of(round_: Round, person: Person | None) -> Participation | None:
    if person is None:
        return None
    return (
        Participation.objects.filter(round=round_, person=person)
        .select_related("group")
        .prefetch_related("not_with")
        .first()
    )


def others_in_round(round_: Round, person: Person | None) -> list[Person]:
    """The round's other participants, for "not in a group with"."""
    rows = (
        Participation.objects.filter(round=round_)
        .select_related("person", "council")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return [p.person for p in rows if person is None or p.person_id != person.pk]


@dataclass
class MemberFacts:
    fractie_id: int | None = None
    fractie_name: str = ""
    first_start: dt.date | None = None


def _facts(councils: list[Organisation], person_ids: set[int]) -> dict[tuple[int, int], MemberFacts]:
    """(council, person) -> fractie now and the first day as a member there; two queries per council."""
    today = dt.date.today()
    facts: dict[tuple[int, int], MemberFacts] = {}
    for council in councils:
        for functie in organisation_selectors.functies_of_organisation(council, roles=MEMBER_ROLES):
            if functie.person_id not in person_ids:
                continue
            fact = facts.setdefault((council.pk, functie.person_id), MemberFacts())
            if fact.first_start is None or functie.start_date < fact.first_start:
                fact.first_start = functie.start_date
            current = functie.start_date <= today and (functie.end_date is None or functie.end_date > today)
            if current and functie.fractie is not None:
                fact.fractie_id, fact.fractie_name = functie.fractie.pk, functie.fractie.name
    return facts


def _installed(councils: list[Organisation]) -> dict[int, dt.date]:
    result = {}
    for council in councils:
        term = organisation_selectors.current_term(council)
        if term is not None:
            result[council.pk] = term.installation_date
    return result


def solver_input(round_: Round) -> list[Participant]:
    """The round's participants as the solver sees them: council, fractie, new or experienced (first
    functie as a member here since the current term was installed), availability and "not with"."""
    rows = list(Participation.objects.filter(round=round_).prefetch_related("not_with").order_by("pk"))
    councils = list(round_.councils.all())
    facts = _facts(councils, {p.person_id for p in rows})
    installed = _installed(councils)
    by_person = {p.person_id: p.pk for p in rows}
    result = []
    for row in rows:
        fact = facts.get((row.council_id, row.person_id), MemberFacts())
        since = installed.get(row.council_id)
        is_new = bool(since and fact.first_start and fact.first_start >= since)
        result.append(
            Participant(
                key=row.pk,
                council=row.council_id,
                fractie=fact.fractie_id,
                is_new=is_new,
                slots=frozenset(row.slots),
                excluded=frozenset(by_person[p.pk] for p in row.not_with.all() if p.pk in by_person),
            )
        )
    return result


@dataclass
class Member:
    participation: Participation
    council: str
    fractie: str
    is_new: bool
    not_with: list[str] = field(default_factory=list)


@dataclass
class GroupView:
    group: Group | None
    members: list[Member]

    @property
    def slot_label(self) -> str:
        return slots.label(self.group.slot) if self.group is not None else ""


def overview(round_: Round) -> list[GroupView]:
    """For the griffie: every group with its members (council, fractie, new or not, "not with"), and the
    members not in a group last. A fixed number of queries (two per council taking part)."""
    rows = list(
        Participation.objects.filter(round=round_)
        .select_related("person", "council", "group")
        .prefetch_related("not_with")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    councils = list(round_.councils.all())
    facts = _facts(councils, {p.person_id for p in rows})
    installed = _installed(councils)
    groups = {g.pk: GroupView(g, []) for g in Group.objects.filter(round=round_)}
    loose = GroupView(None, [])
    for row in rows:
        fact = facts.get((row.council_id, row.person_id), MemberFacts())
        since = installed.get(row.council_id)
        member = Member(
            row,
            row.council.name,
            fact.fractie_name,
            bool(since and fact.first_start and fact.first_start >= since),
            [str(p) for p in row.not_with.all()],
        )
        groups.get(row.group_id or 0, loose).members.append(member)
    return [*groups.values(), *([loose] if loose.members else [])]


def get_participation_in_round(round_: Round, participation_id: int) -> Participation:
    try:
        return Participation.objects.select_related("person", "group").get(round=round_, pk=participation_id)
    except Participation.DoesNotExist as exc:
        raise Http404 from exc


def get_group_in_round(round_: Round, group_id: int) -> Group:
    try:
        return Group.objects.get(round=round_, pk=group_id)
    except Group.DoesNotExist as exc:
        raise Http404 from exc


def get_group_for_member(user: AnyUser, organisation: Organisation, group_id: int) -> Group:
    """A fixed group of which the user is a member (signed up from this council); 404 for anyone else,
    the griffie and the operator included."""
    organisation = _scoped(user, organisation)
    if not user.is_authenticated:
        raise Http404
    try:
        return Group.objects.select_related("round").get(
            pk=group_id,
            round__status=RoundStatus.FROZEN,
            participations__person__user_id=user.pk,
            participations__council=organisation,
        )
    except Group.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class GroupPage:
    group: Group
    members: list[Participation]
    fracties: dict[int, str]
    meetings: list[GroupMeeting]
    notes: list[GroupNote]
    case_titles: dict[str, str]

    @property
    def slot_label(self) -> str:
        return slots.label(self.group.slot)


def group_page(group: Group) -> GroupPage:
    """Everything on a group's own page (only after get_group_for_member)."""
    members = list(
        group.participations.select_related("person", "council").order_by("person__family_name", "pk")
    )
    councils = list({m.council_id: m.council for m in members}.values())
    facts = _facts(councils, {m.person_id for m in members})
    fracties = {m.pk: facts.get((m.council_id, m.person_id), MemberFacts()).fractie_name for m in members}
    meetings = list(group.meetings.all())
    cases = dict(catalogue_selectors.national_cases()) if any(m.case_item for m in meetings) else {}
    notes = list(group.notes.select_related("author").order_by("created_at", "pk"))
    return GroupPage(group, members, fracties, meetings, notes, cases)


def groups_of_person(person: Person | None) -> dict[int, Group]:
    """The person's groups in fixed rounds, by round id, in one query (for the list of rounds)."""
    if person is None:
        return {}
    groups = Group.objects.filter(round__status=RoundStatus.FROZEN, participations__person=person)
    return {group.round_id: group for group in groups}


def group_of(round_: Round, person: Person | None) -> Group | None:
    if person is None:
        return None
    return Group.objects.filter(round=round_, participations__person=person).first()


def script(method: str) -> methods.Script:
    return methods.scripts()[method]


def meetings_for_calendar(group: Group) -> list[GroupMeeting]:
    return list(group.meetings.order_by("number"))
