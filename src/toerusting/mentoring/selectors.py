"""Reads of mentoring and train-de-trainer, scoped to what the requesting user may see.

A pair's page is for its two members and the griffie; the meeting notes only for the two members (the
griffie sees how many meetings there were, never what was said). A track is for its facilitator and the
griffie. Everything else is a 404.

Suggested pairs are computed from the organisation's functies in a fixed number of queries:
  * new member: holds a member functie now and held none here before the current term was installed;
  * experience: member functies here before the current term (the year since), and functies such as
    fractievoorzitter or chair;
  * shared committees: gremia (not the council itself) both sit in now;
  * "not my own fractie" when the new member asked for it (MentoringWish).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from toerusting.mentoring.models import (
    STEP_ORDER,
    MentoringWish,
    MentorMeeting,
    MentorPair,
    PairStatus,
    TrackStep,
    TrainerTrack,
)
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import MEMBER_ROLES, Capability, can

if TYPE_CHECKING:
    from toerusting.organisations.models import Fractie, Functie, Organisation, Person
    from toerusting.organisations.selectors import AnyUser

LEADING_ROLES = {"fractievoorzitter", "voorzitter"}
REPRESENTATIVE_KINDS = {"raad", "provinciale_staten", "algemeen_bestuur"}
MAX_OPEN_PAIRS_PER_MENTOR = 2
SUGGESTIONS_PER_MEMBER = 3


def _scoped(user: AnyUser, organisation: Organisation) -> Organisation:
    return organisation_selectors.get_organisation_for_user(user, organisation.slug)


def get_pair_for_user(user: AnyUser, organisation: Organisation, pair_id: int) -> MentorPair:
    organisation = _scoped(user, organisation)
    pairs = MentorPair.objects.filter(organisation=organisation).select_related("mentor", "mentee")
    if not can(user, organisation, Capability.MANAGE_MENTORING):
        uid = organisation_selectors.user_id_of(user)
        pairs = pairs.filter(Q(mentor__user_id=uid) | Q(mentee__user_id=uid))
    try:
        return pairs.annotate(meeting_count=Count("meetings")).get(pk=pair_id)
    except MentorPair.DoesNotExist as exc:
        raise Http404 from exc


def is_in_pair(user: AnyUser, pair: MentorPair) -> bool:
    return user.is_authenticated and user.pk in (pair.mentor.user_id, pair.mentee.user_id)


def meetings_for_member(user: AnyUser, pair: MentorPair) -> list[MentorMeeting]:
    """The pair's meeting log with notes: only for the two members of the pair."""
    if not is_in_pair(user, pair):
        return []
    return list(pair.meetings.all())


def pairs_of(organisation: Organisation, person: Person) -> QuerySet[MentorPair]:
    """The person's own pairs (as mentor or as new member), with their number of meetings."""
    return (
        MentorPair.objects.filter(organisation=organisation)
        .filter(Q(mentor=person) | Q(mentee=person))
        .select_related("mentor", "mentee")
        .annotate(meeting_count=Count("meetings"))
    )


def pairs_for_griffie(organisation: Organisation) -> QuerySet[MentorPair]:
    """All pairs with status and number of meetings (never the notes); for Capability.MANAGE_MENTORING."""
    return (
        MentorPair.objects.filter(organisation=organisation)
        .select_related("mentor", "mentee")
        .annotate(meeting_count=Count("meetings"))
        .order_by("status", "mentee__family_name", "pk")
    )


def wish_of(organisation: Organisation, person: Person) -> MentoringWish | None:
    return MentoringWish.objects.filter(organisation=organisation, person=person).first()


# --- Suggested pairs -----------------------------------------------------------------------------------


@dataclass
class Reason:
    code: str
    value: str = ""

    def as_data(self) -> dict[str, str]:
        return {"code": self.code, "value": self.value}


def reason_text(reason: dict[str, Any]) -> str:
    """A reason kept as data, in the reader's language."""
    code, value = reason.get("code", ""), reason.get("value", "")
    if code == "since":
        return _("member here since %(year)s") % {"year": value}
    if code == "role":
        return _("was or is %(role)s") % {"role": value}
    if code == "body":
        return _("both in %(body)s") % {"body": value}
    if code == "other_fractie":
        return _("another fractie, as asked")
    if code == "same_fractie":
        return _("same fractie")
    return str(value)


@dataclass
class Candidate:
    mentor: Person
    score: int
    reasons: list[Reason]

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(r.as_data()) for r in self.reasons]

    @property
    def reasons_data(self) -> list[dict[str, str]]:
        return [r.as_data() for r in self.reasons]


@dataclass
class Suggestion:
    mentee: Person
    fractie: Fractie | None
    wants_other_fractie: bool
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class _Member:
    person: Person
    first_start: dt.date
    current_fractie: Fractie | None = None
    current_bodies: dict[int, str] = field(default_factory=dict)
    roles_held: set[str] = field(default_factory=set)
    is_current: bool = False


def _members(organisation: Organisation, today: dt.date) -> dict[int, _Member]:
    members: dict[int, _Member] = {}
    functie: Functie
    for functie in organisation_selectors.functies_of_organisation(organisation):
        member = members.get(functie.person_id)
        if member is None:
            member = members[functie.person_id] = _Member(functie.person, functie.start_date)
        member.first_start = min(member.first_start, functie.start_date)
        member.roles_held.add(functie.role)
        current = functie.start_date <= today and (functie.end_date is None or functie.end_date > today)
        if current and functie.role in MEMBER_ROLES:
            member.is_current = True
            if functie.fractie is not None:
                member.current_fractie = functie.fractie
        if current and functie.body.kind not in REPRESENTATIVE_KINDS:
            member.current_bodies[functie.body_id] = functie.body.name
    return {pk: m for pk, m in members.items() if m.is_current or m.roles_held & MEMBER_ROLES}


def suggestions(organisation: Organisation, today: dt.date | None = None) -> list[Suggestion]:
    """For each new member without an open pair: up to three mentors, best first, with the reasons."""
    today = today or dt.date.today()
    term = organisation_selectors.current_term(organisation, today)
    if term is None:
        return []
    members = {pk: m for pk, m in _members(organisation, today).items() if m.is_current}
    new = [m for m in members.values() if m.first_start >= term.installation_date]
    experienced = [m for m in members.values() if m.first_start < term.installation_date]
    wishes = set(
        MentoringWish.objects.filter(organisation=organisation, other_fractie=True).values_list(
            "person_id", flat=True
        )
    )
    pairs = list(
        MentorPair.objects.filter(organisation=organisation).values("mentor_id", "mentee_id", "status")
    )
    open_pairs = [p for p in pairs if p["status"] in (PairStatus.PROPOSED, PairStatus.ACTIVE)]
    has_mentor = {p["mentee_id"] for p in open_pairs}
    load: dict[int, int] = defaultdict(int)
    for p in open_pairs:
        load[p["mentor_id"]] += 1
    tried = {(p["mentor_id"], p["mentee_id"]) for p in pairs}
    labels = dict(organisation_selectors.role_choices())
    result: list[Suggestion] = []
    for mentee in sorted(new, key=lambda m: (m.person.family_name, m.person.given_name)):
        if mentee.person.pk in has_mentor:
            continue
        wants_other = mentee.person.pk in wishes
        suggestion = Suggestion(mentee.person, mentee.current_fractie, wants_other)
        for mentor in experienced:
            if load[mentor.person.pk] >= MAX_OPEN_PAIRS_PER_MENTOR:
                continue
            if (mentor.person.pk, mentee.person.pk) in tried:
                continue
            same = (
                mentee.current_fractie is not None
                and mentor.current_fractie is not None
                and mentee.current_fractie.pk == mentor.current_fractie.pk
            )
            if wants_other and same:
                continue
            reasons = [Reason("since", str(mentor.first_start.year))]
            years = max(0, (term.installation_date - mentor.first_start).days // 365)
            score = min(years, 12)
            for role in sorted(mentor.roles_held & LEADING_ROLES):
                reasons.append(Reason("role", str(labels.get(role, role))))
                score += 2
            shared = sorted(set(mentor.current_bodies) & set(mentee.current_bodies))
            for body_id in shared:
                reasons.append(Reason("body", mentor.current_bodies[body_id]))
            score += 3 * len(shared)
            if wants_other:
                reasons.append(Reason("other_fractie"))
            elif same:
                reasons.append(Reason("same_fractie"))
            score -= 2 * load[mentor.person.pk]
            suggestion.candidates.append(Candidate(mentor.person, score, reasons))
        suggestion.candidates.sort(
            key=lambda c: (-c.score, c.mentor.family_name, c.mentor.given_name, c.mentor.pk)
        )
        del suggestion.candidates[SUGGESTIONS_PER_MEMBER:]
        result.append(suggestion)
    return result


def candidate_for(organisation: Organisation, mentor_id: int, mentee_id: int) -> Candidate | None:
    """The suggestion of this mentor for this new member, if it is one (with its reasons)."""
    for suggestion in suggestions(organisation):
        if suggestion.mentee.pk != mentee_id:
            continue
        for candidate in suggestion.candidates:
            if candidate.mentor.pk == mentor_id:
                return candidate
    return None


def people_for_pairing(organisation: Organisation) -> list[Person]:
    """Everyone who holds a member functie now, for the griffie's own choice of a pair."""
    today = dt.date.today()
    return sorted(
        (m.person for m in _members(organisation, today).values() if m.is_current),
        key=lambda p: (p.family_name, p.given_name, p.pk),
    )


# --- Pairs overview ----------------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    pairs: int
    meetings: int


def pair_overview(organisation: Organisation) -> list[StatusCount]:
    """Per status: how many pairs and how many meetings they logged (one query)."""
    rows = (
        MentorPair.objects.filter(organisation=organisation)
        .values("status")
        .annotate(pair_count=Count("pk", distinct=True), meeting_count=Count("meetings"))
        .order_by()
    )
    counts: dict[str, tuple[int, int]] = {
        str(row["status"]): (int(row["pair_count"]), int(row["meeting_count"])) for row in rows
    }
    return [
        StatusCount(str(value), str(label), *counts.get(str(value), (0, 0)))
        for value, label in PairStatus.choices
    ]


# --- Train-de-trainer -----------------------------------------------------------------------------------


def _tracks(organisation: Organisation) -> QuerySet[TrainerTrack]:
    return (
        TrainerTrack.objects.filter(organisation=organisation)
        .select_related("person", "item")
        .prefetch_related(Prefetch("steps", queryset=TrackStep.objects.order_by("pk")))
    )


def tracks_for_organisation(organisation: Organisation) -> list[TrainerTrack]:
    """Every track with its steps in order (two queries): for the griffie and the term plan."""
    return list(_tracks(organisation))


def tracks_of(organisation: Organisation, person: Person) -> list[TrainerTrack]:
    return list(_tracks(organisation).filter(person=person))


def get_track_for_user(user: AnyUser, organisation: Organisation, track_id: int) -> TrainerTrack:
    organisation = _scoped(user, organisation)
    tracks = _tracks(organisation)
    if not can(user, organisation, Capability.MANAGE_MENTORING):
        tracks = tracks.filter(person__user_id=organisation_selectors.user_id_of(user))
    try:
        return tracks.get(pk=track_id)
    except TrainerTrack.DoesNotExist as exc:
        raise Http404 from exc


def next_step(track: TrainerTrack) -> TrackStep | None:
    """The first step not yet signed off, in the fixed order."""
    steps = {step.kind: step for step in track.steps.all()}
    for kind in STEP_ORDER:
        step = steps.get(kind)
        if step is not None and not step.is_done:
            return step
    return None


def people_for_tracks(organisation: Organisation) -> list[Person]:
    """Members and griffie employees who hold a functie now: who may become a facilitator."""
    today = dt.date.today()
    people: dict[int, Person] = {}
    for functie in organisation_selectors.functies_of_organisation(
        organisation, start=today, end=today + dt.timedelta(days=1)
    ):
        if functie.role in MEMBER_ROLES or functie.role in {"griffier", "griffiemedewerker"}:
            people[functie.person_id] = functie.person
    return sorted(people.values(), key=lambda p: (p.family_name, p.given_name, p.pk))
