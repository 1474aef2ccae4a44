"""Reads of the term planner, scoped to an organisation the user belongs to."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner.models import (
    Activity,
    Attendance,
    Audience,
    BlockedPeriod,
    FeedToken,
    Milestone,
    OnboardingStep,
    OnboardingTemplate,
    PlannedSession,
    ProgrammeFor,
    StepCompletion,
    TermPlan,
    TimingRule,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from toerusting.organisations.models import Functie, Organisation, Person
    from toerusting.organisations.selectors import AnyUser

MIN_EVALUATIONS = 5

# Who belongs to each audience, by role (new members are checked separately, by start date).
AUDIENCE_ROLES: dict[str, set[str]] = {
    Audience.RAAD: {"raadslid", "statenlid", "ab_lid", "burgerlid", "fractievoorzitter"},
    Audience.NIEUWE_LEDEN: {"raadslid", "statenlid", "ab_lid", "burgerlid"},
    Audience.FRACTIEVOORZITTERS: {"fractievoorzitter"},
    Audience.BURGERLEDEN: {"burgerlid"},
    Audience.COLLEGE: {"wethouder", "burgemeester", "gedeputeerde", "db_lid", "dijkgraaf"},
    Audience.LOKALE_DRIEHOEK: {"burgemeester", "griffier", "gemeentesecretaris"},
}


def plan_for(organisation: Organisation) -> TermPlan | None:
    """The plan of the current term (or the latest plan)."""
    term = organisation_selectors.current_term(organisation)
    plans = TermPlan.objects.filter(organisation=organisation).select_related("term", "organisation")
    return (plans.filter(term=term).first() if term else None) or plans.order_by(
        "-term__installation_date"
    ).first()


def get_plan_for_user(user: AnyUser, organisation: Organisation) -> TermPlan | None:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    return plan_for(organisation)


def _scoped(user: AnyUser, organisation: Organisation) -> Organisation:
    return organisation_selectors.get_organisation_for_user(user, organisation.slug)


def get_activity_for_user(user: AnyUser, organisation: Organisation, activity_id: int) -> Activity:
    try:
        return Activity.objects.select_related("plan", "item", "owner_person").get(
            plan__organisation=_scoped(user, organisation), pk=activity_id
        )
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


def get_rule_for_user(user: AnyUser, organisation: Organisation, rule_id: int) -> TimingRule:
    try:
        return TimingRule.objects.get(activity__plan__organisation=_scoped(user, organisation), pk=rule_id)
    except TimingRule.DoesNotExist as exc:
        raise Http404 from exc


def get_period_for_user(user: AnyUser, organisation: Organisation, period_id: int) -> BlockedPeriod:
    try:
        return BlockedPeriod.objects.get(plan__organisation=_scoped(user, organisation), pk=period_id)
    except BlockedPeriod.DoesNotExist as exc:
        raise Http404 from exc


def get_milestone_for_user(user: AnyUser, organisation: Organisation, milestone_id: int) -> Milestone:
    try:
        return Milestone.objects.get(plan__organisation=_scoped(user, organisation), pk=milestone_id)
    except Milestone.DoesNotExist as exc:
        raise Http404 from exc


def get_session_for_user(user: AnyUser, organisation: Organisation, planned_id: int) -> PlannedSession:
    try:
        return PlannedSession.objects.select_related("activity", "activity__plan", "activity__item").get(
            activity__plan__organisation=_scoped(user, organisation), pk=planned_id
        )
    except PlannedSession.DoesNotExist as exc:
        raise Http404 from exc


def get_step_for_user(user: AnyUser, organisation: Organisation, step_id: int) -> OnboardingStep:
    try:
        return OnboardingStep.objects.select_related("template").get(
            template__plan__organisation=_scoped(user, organisation), pk=step_id
        )
    except OnboardingStep.DoesNotExist as exc:
        raise Http404 from exc


def sessions_of(plan: TermPlan) -> QuerySet[PlannedSession]:
    return (
        PlannedSession.objects.filter(activity__plan=plan)
        .select_related("activity", "activity__item", "activity__owner_person", "activity__plan")
        .order_by("starts_at", "pk")
    )


@dataclass
class Month:
    first: dt.date
    sessions: list[PlannedSession] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def timeline(plan: TermPlan) -> list[Month]:
    """Every month of the term with its sessions and its recesses: the whole term on one page."""
    term = plan.term
    months: list[Month] = []
    day = term.installation_date.replace(day=1)
    while day < term.end_date:
        months.append(Month(day))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    index = {(m.first.year, m.first.month): m for m in months}
    for session in sessions_of(plan):
        local = timezone.localtime(session.starts_at)
        month = index.get((local.year, local.month))
        if month is not None:
            month.sessions.append(session)
    for period in plan.blocked_periods.all():
        for month in months:
            following = (month.first + dt.timedelta(days=32)).replace(day=1)
            if (
                period.start_date < following
                and period.end_date >= month.first
                and period.name not in month.blocked
            ):
                month.blocked.append(period.name)
    return months


def roles_of(person: Person, organisation: Organisation) -> set[str]:
    return {
        f.role for f in organisation_selectors.functies_in_organisation(person, organisation) if _not_ended(f)
    }


def _not_ended(functie: Functie) -> bool:
    return functie.end_date is None or functie.end_date > dt.date.today()


def is_new_member(person: Person, organisation: Organisation, plan: TermPlan) -> bool:
    functies = organisation_selectors.functies_in_organisation(person, organisation)
    elected = [f for f in functies if f.role in AUDIENCE_ROLES[Audience.NIEUWE_LEDEN]]
    return bool(elected) and all(f.start_date >= plan.term.installation_date for f in elected)


def audiences_of(person: Person, organisation: Organisation, plan: TermPlan) -> set[str]:
    roles = roles_of(person, organisation)
    audiences = {a for a, members in AUDIENCE_ROLES.items() if roles & members and a != Audience.NIEUWE_LEDEN}
    if is_new_member(person, organisation, plan):
        audiences.add(Audience.NIEUWE_LEDEN)
    return audiences


def sessions_for_person(
    plan: TermPlan, person: Person, *, published_only: bool = True
) -> list[PlannedSession]:
    """What is planned for this person: their audiences, and what they are responsible for."""
    audiences = audiences_of(person, plan.organisation, plan)
    sessions = sessions_of(plan)
    if published_only:
        sessions = sessions.filter(is_published=True)
    return [
        s for s in sessions if s.activity.audience in audiences or s.activity.owner_person_id == person.pk
    ]


def split_by_now(
    sessions: list[PlannedSession], now: dt.datetime | None = None
) -> tuple[list[PlannedSession], list[PlannedSession]]:
    """Sessions still to come (soonest first) and past sessions (most recent first)."""
    now = now or timezone.now()
    upcoming = [s for s in sessions if s.ends_at > now]
    past = [s for s in sessions if s.ends_at <= now]
    return upcoming, sorted(past, key=lambda s: s.starts_at, reverse=True)


def people_of(plan: TermPlan, user: AnyUser) -> list[Person]:
    """Everyone with a current functie in the organisation (for the griffie's per-member view)."""
    colleagues = list(organisation_selectors.colleagues_for_user(user, plan.organisation))
    me = organisation_selectors.person_for_user(user)
    if me is not None and me not in colleagues:
        colleagues.append(me)
    return sorted(colleagues, key=lambda p: (p.family_name, p.given_name))


def audience_people(session: PlannedSession, user: AnyUser) -> list[Person]:
    plan = session.activity.plan
    return [
        person
        for person in people_of(plan, user)
        if session.activity.audience in audiences_of(person, plan.organisation, plan)
        or session.activity.owner_person_id == person.pk
    ]


@dataclass
class EvaluationSummary:
    count: int
    shown: bool
    average: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def evaluation_summary(session: PlannedSession) -> EvaluationSummary:
    """Aggregates only from 5 answers on, and remarks without names in a fixed order."""
    evaluations = list(session.evaluations.all())
    count = len(evaluations)
    if count < MIN_EVALUATIONS:
        return EvaluationSummary(count, False)
    scores = [e.score for e in evaluations]
    return EvaluationSummary(
        count,
        True,
        round(statistics.mean(scores), 1),
        [(score, scores.count(score)) for score in range(5, 0, -1)],
        sorted(e.remark for e in evaluations if e.remark),
    )


def token_owner(organisation_slug: str, token: str, *, personal: bool) -> FeedToken | None:
    """The feed address with this secret, if it is current and belongs to this organisation."""
    if not token or len(token) > 64:
        return None
    return (
        FeedToken.objects.select_related("organisation", "user")
        .filter(token=token, personal=personal, revoked_at__isnull=True, organisation__slug=organisation_slug)
        .first()
    )


class DoneBy(StrEnum):
    """How a step of the checklist got done."""

    TICKED = "ticked"  # the member (or the demo) marked it as done
    ITEM = "item"  # the member completed the step's learning item
    SESSION = "session"  # the member was present at a session of the step's activity


@dataclass
class ChecklistStep:
    step: OnboardingStep
    due: dt.date
    done_by: DoneBy | None
    overdue: bool

    @property
    def done(self) -> bool:
        return self.done_by is not None

    @property
    def can_untick(self) -> bool:
        """Only a step the member ticked can be unticked; one done by learning or presence stays done."""
        return self.done_by == DoneBy.TICKED


@dataclass
class Checklist:
    template: OnboardingTemplate
    steps: list[ChecklistStep]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def overdue_count(self) -> int:
        return sum(1 for s in self.steps if s.overdue)

    @property
    def on_track(self) -> bool:
        return not any(s.overdue for s in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps)) if self.steps else 100


def held_role_before(person: Person, organisation: Organisation, role: str, plan: TermPlan) -> bool:
    """Whether the person held this role in the organisation before the plan's term was installed: a
    re-elected member has a functie of the previous term (ending at the installation) in the same role."""
    installation = plan.term.installation_date
    return any(
        f.role == role and f.start_date < installation
        for f in organisation_selectors.functies_in_organisation(person, organisation)
    )


def programmes_for(plan: TermPlan, person: Person) -> list[OnboardingTemplate]:
    """The onboarding programmes that apply to this person: per role they hold, the programme for
    newcomers, for those who held the role before (returning members), or for everyone in the role."""
    roles = roles_of(person, plan.organisation)
    templates = OnboardingTemplate.objects.filter(plan=plan, role__in=roles).prefetch_related(
        "steps__item", "steps__activity"
    )
    chosen = []
    for template in templates.order_by("role", "programme_for"):
        if template.programme_for == ProgrammeFor.EVERYONE:
            chosen.append(template)
            continue
        returning = held_role_before(person, plan.organisation, template.role, plan)
        if (template.programme_for == ProgrammeFor.RETURNING) == returning:
            chosen.append(template)
    return chosen


def checklists_for(
    plan: TermPlan, person: Person, user_id: int | None, today: dt.date | None = None
) -> list[Checklist]:
    """The onboarding checklists of the programmes that apply to this person, with progress. A step is done
    when the member ticked it, completed its learning item, or was present at a session of its activity."""
    today = today or dt.date.today()
    templates = programmes_for(plan, person)
    ticked: set[int] = set()
    completed_items: set[int] = set()
    if user_id is not None:
        ticked = set(
            StepCompletion.objects.filter(user_id=user_id, step__template__plan=plan).values_list(
                "step_id", flat=True
            )
        )
        completed_items = learning_selectors.completed_item_ids_of(user_id)
    attended = set(
        Attendance.objects.filter(person=person, present=True, session__activity__plan=plan).values_list(
            "session__activity_id", flat=True
        )
    )
    checklists = []
    for template in templates:
        steps = []
        for step in template.steps.all():
            due = plan.term.installation_date + dt.timedelta(weeks=step.due_weeks)
            done_by = None
            if step.pk in ticked:
                done_by = DoneBy.TICKED
            elif step.item_id is not None and step.item_id in completed_items:
                done_by = DoneBy.ITEM
            elif step.activity_id is not None and step.activity_id in attended:
                done_by = DoneBy.SESSION
            steps.append(ChecklistStep(step, due, done_by, done_by is None and due < today))
        checklists.append(Checklist(template, steps))
    return checklists


@dataclass
class MemberProgress:
    person: Person
    sessions: int
    checklists: list[Checklist]

    @property
    def on_track(self) -> bool:
        return all(c.on_track for c in self.checklists)

    @property
    def has_programme(self) -> bool:
        return bool(self.checklists)


def member_overview(plan: TermPlan, user: AnyUser) -> list[MemberProgress]:
    """Per member: what is planned for them and whether their onboarding is on track (griffie view)."""
    rows = []
    for person in people_of(plan, user):
        rows.append(
            MemberProgress(
                person,
                len(sessions_for_person(plan, person, published_only=False)),
                checklists_for(plan, person, person.user_id),
            )
        )
    return rows


def upcoming_sessions_for_competencies(
    organisation: Organisation, codes: list[str], limit: int = 10
) -> list[PlannedSession]:
    """Published sessions still to come in the organisation's term plan whose catalogue item is tagged with
    one of these competencies (for the competency scan's advice), soonest first, with the item's
    competencies. Three queries, whatever the number of sessions."""
    plan = plan_for(organisation)
    if plan is None:
        return []
    return list(
        PlannedSession.objects.filter(
            activity__plan=plan,
            is_published=True,
            starts_at__gte=timezone.now(),
            activity__item__competencies__code__in=codes,
        )
        .select_related("activity__item")
        .prefetch_related("activity__item__competencies")
        .distinct()
        .order_by("starts_at")[:limit]
    )
