"""What the home page shows a person, per organisation and role: the next meeting with what to prepare,
progress in onboarding and learning, what the griffie pinned, the sessions planned for them; and for the
griffie what needs attention (including sessions in the next three weeks with fewer sign-ups than their
minimum). Reads only, through the other apps' selectors, in a fixed number of queries
per organisation (never per meeting or agenda item)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from toerusting.agenda import selectors as agenda_selectors
from toerusting.budgets import selectors as budget_selectors
from toerusting.development import selectors as development_selectors
from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import permissions
from toerusting.organisations.permissions import Capability
from toerusting.planner import selectors as planner_selectors
from toerusting.recommendations import selectors as recommendation_selectors

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.agenda.selectors import SyncProblem
    from toerusting.development.selectors import NextInPlan
    from toerusting.learning.models import Progress
    from toerusting.organisations.models import Person
    from toerusting.organisations.selectors import AnyUser, Membership
    from toerusting.planner.models import PlannedSession, SignupList, TermPlan
    from toerusting.planner.selectors import Checklist, SessionSignup
    from toerusting.recommendations.models import Curation
    from toerusting.recommendations.selectors import MeetingPreparation

UPCOMING_MEETINGS = 6
SESSIONS_SHOWN = 3
LEARNING_SHOWN = 3


@dataclass
class MeetingNeedingLearning:
    meeting: Meeting
    count: int


@dataclass
class Attention:
    """What the griffie should look at: agenda sync, agenda items without learning, the term plan."""

    sync_problems: list[SyncProblem]
    meetings_needing_learning: list[MeetingNeedingLearning]
    plan: TermPlan | None
    planned_sessions: int = 0
    published_sessions: int = 0
    next_session: PlannedSession | None = None
    under_minimum: list[SignupList] = field(default_factory=list)
    budget_requests_waiting: int = 0

    @property
    def all_clear(self) -> bool:
        return (
            not self.sync_problems
            and not self.meetings_needing_learning
            and self.plan is not None
            and not self.under_minimum
        )


@dataclass
class OrganisationHome:
    membership: Membership
    next_meeting: MeetingPreparation | None = None
    later_meetings: list[Meeting] = field(default_factory=list)
    pins: list[Curation] = field(default_factory=list)
    checklists: list[Checklist] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)
    signups: list[SessionSignup] = field(default_factory=list)
    attention: Attention | None = None
    sees_pulse: bool = False  # the griffie and the presidium see the pulse over the term
    development: NextInPlan | None = None  # what is next in the member's development plan

    @property
    def onboarding_done(self) -> int:
        return sum(checklist.done_count for checklist in self.checklists)

    @property
    def onboarding_total(self) -> int:
        return sum(len(checklist.steps) for checklist in self.checklists)

    @property
    def onboarding_overdue(self) -> int:
        return sum(1 for checklist in self.checklists for step in checklist.steps if step.overdue)


@dataclass
class LearningSummary:
    in_progress: list[Progress]
    in_progress_count: int
    completed_count: int


def learning_summary(user: AnyUser) -> LearningSummary:
    progress = list(learning_selectors.my_progress(user))
    busy = [p for p in progress if not p.is_completed]
    return LearningSummary(busy[:LEARNING_SHOWN], len(busy), len(progress) - len(busy))


def organisation_home(user: AnyUser, membership: Membership, person: Person | None) -> OrganisationHome:
    """The home page's part for one organisation the person belongs to."""
    organisation = membership.organisation
    home = OrganisationHome(membership)
    meetings = list(agenda_selectors.upcoming_meetings_for_user(user, organisation, UPCOMING_MEETINGS))
    # The next meeting of a gremium the person sits in; else the organisation's next meeting.
    bodies = {functie.body_id for functie in membership.functies}
    mine = [meeting for meeting in meetings if meeting.gremium_id in bodies] or meetings
    griffie = any(
        permissions.role_gives(f.role, Capability.CURATE_RECOMMENDATIONS) for f in membership.functies
    )
    if mine:
        # The griffie sees what the members see, for every role (as on the meeting page).
        home.next_meeting = recommendation_selectors.preparation_for_meeting(
            user, mine[0], for_curation=griffie
        )
        home.later_meetings = list(mine[1:4])
    home.pins = recommendation_selectors.pinned_for_meetings(user, meetings)
    plan = planner_selectors.plan_for(organisation)
    if plan is not None and person is not None:
        home.checklists = planner_selectors.checklists_for(plan, person, person.user_id)
        now = timezone.now()
        home.sessions = [
            session
            for session in planner_selectors.sessions_for_person(plan, person)
            if session.starts_at >= now
        ][:SESSIONS_SHOWN]
    if person is not None and person.user_id is not None:
        home.signups = planner_selectors.upcoming_signups(person.user_id, organisation)[:SESSIONS_SHOWN]
    home.development = development_selectors.next_in_plan(user, organisation)
    if griffie:
        home.attention = _attention(user, membership, meetings, plan)
    home.sees_pulse = any(
        permissions.role_gives(f.role, Capability.VIEW_PULSE_RESULTS) for f in membership.functies
    )
    return home


def _attention(
    user: AnyUser, membership: Membership, meetings: list[Meeting], plan: TermPlan | None
) -> Attention:
    organisation = membership.organisation
    counts = recommendation_selectors.items_without_learning(meetings)
    needing = [MeetingNeedingLearning(m, counts[m.pk]) for m in meetings if counts.get(m.pk)]
    attention = Attention(agenda_selectors.sync_problems_for_user(user, organisation), needing, plan)
    attention.under_minimum = planner_selectors.lists_under_minimum(organisation)
    if any(permissions.role_gives(f.role, Capability.DECIDE_BUDGET) for f in membership.functies):
        attention.budget_requests_waiting = budget_selectors.open_claim_count(organisation)
    if plan is not None:
        sessions = list(planner_selectors.sessions_of(plan))
        now = timezone.now()
        attention.planned_sessions = len(sessions)
        attention.published_sessions = sum(1 for s in sessions if s.is_published)
        attention.next_session = next((s for s in sessions if s.starts_at >= now), None)
    return attention
