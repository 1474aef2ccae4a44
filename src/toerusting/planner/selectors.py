"""Reads of the term planner, scoped to an organisation the user belongs to."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, F, Q
from django.http import Http404
from django.utils import timezone

from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner.models import (
    Activity,
    Attendance,
    Audience,
    BlockedPeriod,
    Evaluation,
    FeedToken,
    Milestone,
    OnboardingStep,
    OnboardingTemplate,
    PlannedSession,
    ProgrammeFor,
    Signup,
    SignupList,
    SignupStatus,
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


# Sign-up lists --------------------------------------------------------------------------------------

SIGNUP_ATTENTION_DAYS = 21


def signup_lists() -> QuerySet[SignupList]:
    """Sign-up lists with their session's facts and their counts, in one query."""
    return SignupList.objects.select_related(
        "organisation",
        "planned_session__activity__plan",
        "planned_session__activity__item",
        "offer_session__item",
    ).annotate(
        taken=Count("signups", filter=Q(signups__status=SignupStatus.SIGNED_UP)),
        waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITING)),
    )


def get_signup_list_for_user(user: AnyUser, organisation: Organisation, list_id: int) -> SignupList:
    try:
        return signup_lists().get(organisation=_scoped(user, organisation), pk=list_id)
    except SignupList.DoesNotExist as exc:
        raise Http404 from exc


def lists_for_planned(sessions: list[PlannedSession]) -> dict[int, SignupList]:
    """The sign-up list of each of these planned sessions that has one, by session id."""
    lists = signup_lists().filter(planned_session__in=[s.pk for s in sessions])
    return {
        signup_list.planned_session_id: signup_list for signup_list in lists if signup_list.planned_session_id
    }


def lists_for_offer(session_ids: list[int]) -> dict[int, SignupList]:
    """The sign-up list of each of these own-offer sessions that has one, by session id."""
    lists = signup_lists().filter(offer_session__in=session_ids)
    return {
        signup_list.offer_session_id: signup_list for signup_list in lists if signup_list.offer_session_id
    }


def signups_of_user(user_id: int | None, lists: list[SignupList]) -> dict[int, Signup]:
    """The member's own sign-up on each of these lists, by list id."""
    if user_id is None or not lists:
        return {}
    return {s.signup_list_id: s for s in Signup.objects.filter(user_id=user_id, signup_list__in=lists)}


@dataclass
class SessionSignup:
    """A session with its sign-up list and the member's own sign-up, for the member pages."""

    signup_list: SignupList
    mine: Signup | None
    position: int | None = None  # place on the waiting list, 1 = next

    @property
    def open(self) -> bool:
        return self.signup_list.starts_at > timezone.now()

    @property
    def full(self) -> bool:
        taken: int = self.signup_list.taken  # type: ignore[attr-defined]
        return taken >= self.signup_list.capacity

    @property
    def active(self) -> bool:
        return self.mine is not None and self.mine.status != SignupStatus.SIGNED_OFF

    @property
    def waiting(self) -> bool:
        return self.mine is not None and self.mine.status == SignupStatus.WAITING


def session_signups(user_id: int | None, lists: list[SignupList]) -> list[SessionSignup]:
    """The member's view of these lists: their sign-up and, on a waiting list, their place (2 queries)."""
    mine = signups_of_user(user_id, lists)
    waiting_lists = [s.signup_list_id for s in mine.values() if s.status == SignupStatus.WAITING]
    ahead: dict[int, int] = {}
    if waiting_lists:
        for signup in Signup.objects.filter(
            signup_list__in=waiting_lists, status=SignupStatus.WAITING
        ).order_by("requested_at", "pk"):
            own = mine[signup.signup_list_id]
            if (signup.requested_at, signup.pk) <= (own.requested_at, own.pk):
                ahead[signup.signup_list_id] = ahead.get(signup.signup_list_id, 0) + 1
    return [
        SessionSignup(signup_list, mine.get(signup_list.pk), ahead.get(signup_list.pk))
        for signup_list in lists
    ]


def upcoming_signups(user_id: int, organisation: Organisation | None = None) -> list[SessionSignup]:
    """The member's sign-ups (a place or the waiting list) for sessions still to come, soonest first."""
    now = timezone.now()
    active = Signup.objects.filter(
        user_id=user_id, status__in=[SignupStatus.SIGNED_UP, SignupStatus.WAITING]
    ).values("signup_list_id")
    query = signup_lists().filter(
        Q(planned_session__starts_at__gt=now) | Q(offer_session__starts_at__gt=now), pk__in=active
    )
    if organisation is not None:
        query = query.filter(organisation=organisation)
    lists = sorted(query, key=lambda signup_list: signup_list.starts_at)
    if not lists:
        return []
    return session_signups(user_id, lists)


@dataclass
class SheetRow:
    name: str
    signup: Signup


@dataclass
class SignupSheet:
    signup_list: SignupList
    signed_up: list[SheetRow]
    waiting: list[SheetRow]
    signed_off: list[SheetRow]


def signup_sheet(signup_list: SignupList, user: AnyUser) -> SignupSheet:
    """The griffie's list of one session: signed up, waiting (in order) and signed off, with names (the
    person's name in the organisation, else the account's)."""
    names = {
        person.user_id: person.full_name
        for person in organisation_selectors.colleagues_for_user(user, signup_list.organisation)
        if person.user_id
    }
    me = organisation_selectors.person_for_user(user)
    if me is not None and me.user_id:
        names.setdefault(me.user_id, me.full_name)
    sheet = SignupSheet(signup_list, [], [], [])
    for signup in signup_list.signups.select_related("user").order_by("requested_at", "pk"):
        name = names.get(signup.user_id) or signup.user.get_full_name() or signup.user.username
        row = SheetRow(name, signup)
        {
            SignupStatus.SIGNED_UP: sheet.signed_up,
            SignupStatus.WAITING: sheet.waiting,
            SignupStatus.SIGNED_OFF: sheet.signed_off,
        }[SignupStatus(signup.status)].append(row)
    return sheet


def organisation_signup_lists(organisation: Organisation) -> list[SignupList]:
    """Every sign-up list of the organisation for a session still to come, soonest first."""
    now = timezone.now()
    lists = list(
        signup_lists().filter(
            Q(planned_session__starts_at__gt=now) | Q(offer_session__starts_at__gt=now),
            organisation=organisation,
        )
    )
    return sorted(lists, key=lambda signup_list: signup_list.starts_at)


def lists_under_minimum(
    organisation: Organisation, *, days: int = SIGNUP_ATTENTION_DAYS, now: dt.datetime | None = None
) -> list[SignupList]:
    """Sessions in the coming `days` with fewer sign-ups than their minimum (for the griffie's home)."""
    now = now or timezone.now()
    until = now + dt.timedelta(days=days)
    lists = signup_lists().filter(
        Q(planned_session__starts_at__gt=now, planned_session__starts_at__lte=until)
        | Q(offer_session__starts_at__gt=now, offer_session__starts_at__lte=until),
        organisation=organisation,
        minimum__isnull=False,
        taken__lt=F("minimum"),  # type: ignore[misc]
    )
    return sorted(lists, key=lambda signup_list: signup_list.starts_at)


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


# Reports (the griffie's reports and the national monitor read these; they count, never name) -------------


@dataclass(frozen=True)
class PlanProgress:
    activities: int
    sessions_wanted: int  # the sum of the sessions each activity asks for
    sessions_held: int
    sessions_upcoming: int
    sessions_published: int


def plan_progress(plan: TermPlan, now: dt.datetime | None = None) -> PlanProgress:
    """How far the term plan is: sessions held, still to come and not yet scheduled; two queries."""
    now = now or timezone.now()
    wanted = list(plan.activities.values_list("sessions", flat=True))
    counts = PlannedSession.objects.filter(activity__plan=plan).aggregate(
        held=Count("id", filter=Q(ends_at__lte=now)),
        upcoming=Count("id", filter=Q(ends_at__gt=now)),
        published=Count("id", filter=Q(is_published=True)),
    )
    return PlanProgress(len(wanted), sum(wanted), counts["held"], counts["upcoming"], counts["published"])


def attendee_person_ids(plan: TermPlan) -> set[int]:
    """The persons registered present at at least one session of the plan (one query)."""
    return set(
        Attendance.objects.filter(session__activity__plan=plan, present=True).values_list(
            "person_id", flat=True
        )
    )


@dataclass(frozen=True)
class SessionEvaluation:
    title: str
    starts_at: dt.datetime
    count: int
    average: float | None  # None below MIN_EVALUATIONS answers


def session_evaluations(plan: TermPlan) -> list[SessionEvaluation]:
    """Every held session of the plan that was evaluated, with its average from MIN_EVALUATIONS answers on;
    one query."""
    rows = (
        PlannedSession.objects.filter(activity__plan=plan)
        .annotate(count=Count("evaluations"), average=Avg("evaluations__score"))
        .filter(count__gt=0)
        .values_list("activity__title", "number", "starts_at", "count", "average")
        .order_by("starts_at")
    )
    return [
        SessionEvaluation(
            f"{title} ({number})",
            starts_at,
            count,
            round(float(average), 1) if count >= MIN_EVALUATIONS and average is not None else None,
        )
        for title, number, starts_at, count, average in rows
    ]


@dataclass(frozen=True)
class ProgrammeCompletion:
    title: str
    steps: int
    started: int  # members who ticked at least one step
    finished: int  # members who ticked every step


def onboarding_completion(plan: TermPlan) -> list[ProgrammeCompletion]:
    """Per onboarding programme of the plan: how many members ticked steps and how many ticked all; two
    queries. (A step counted as done through attendance is not ticked, and so not counted here.)"""
    templates = list(
        plan.onboarding.annotate(steps_count=Count("steps")).values_list("pk", "title", "steps_count")
    )
    done: dict[tuple[int, int], int] = {}
    for template_id, user_id, count in (
        StepCompletion.objects.filter(step__template__plan=plan)
        .values("step__template_id", "user_id")
        .annotate(count=Count("id"))
        .values_list("step__template_id", "user_id", "count")
    ):
        done[(template_id, user_id)] = count
    found = []
    for pk, title, steps in templates:
        counts = [count for (template_id, _user), count in done.items() if template_id == pk]
        found.append(ProgrammeCompletion(title, steps, len(counts), sum(1 for c in counts if c >= steps > 0)))
    return found


def attendee_person_ids_in(organisation_ids: list[int]) -> set[int]:
    """Persons present at a session of any plan of these organisations (for the national monitor)."""
    return set(
        Attendance.objects.filter(session__activity__plan__organisation_id__in=organisation_ids, present=True)
        .values_list("person_id", flat=True)
        .distinct()
    )


def attendance_by_topic_in(organisation_ids: list[int]) -> dict[str, set[tuple[int, int]]]:
    """Per main topic of the plan's catalogue items: (person, organisation) of everyone present at a session
    about it (one query)."""
    found: dict[str, set[tuple[int, int]]] = {}
    for topic, person_id, organisation_id in (
        Attendance.objects.filter(
            session__activity__plan__organisation_id__in=organisation_ids,
            present=True,
            session__activity__item__item_topics__rank=0,
        )
        .values_list(
            "session__activity__item__item_topics__topic_id",
            "person_id",
            "session__activity__plan__organisation_id",
        )
        .distinct()
    ):
        found.setdefault(str(topic), set()).add((person_id, organisation_id))
    return found


def evaluation_scores_in(organisation_ids: list[int]) -> dict[int, list[int]]:
    """Evaluation scores per organisation, for the monitor's averages (one query)."""
    found: dict[int, list[int]] = {}
    for organisation_id, score in Evaluation.objects.filter(
        session__activity__plan__organisation_id__in=organisation_ids
    ).values_list("session__activity__plan__organisation_id", "score"):
        found.setdefault(organisation_id, []).append(score)
    return found


def activities_of(organisation: Organisation) -> list[Activity]:
    """The activities of the organisation's term plan (none without a plan), for linking a discussion to a
    planned activity."""
    plan = plan_for(organisation)
    if plan is None:
        return []
    return list(plan.activities.order_by("title", "pk"))


def activity_with_sessions(
    organisation: Organisation, activity_id: int | None
) -> tuple[Activity | None, list[PlannedSession]]:
    """An activity of the organisation's plan with its published sessions, soonest first (None when gone)."""
    if activity_id is None:
        return None, []
    activity = Activity.objects.filter(plan__organisation=organisation, pk=activity_id).first()
    if activity is None:
        return None, []
    sessions = list(activity.planned_sessions.filter(is_published=True).order_by("starts_at", "pk"))
    return activity, sessions


def activities_attended(user_id: int, activity_ids: set[int]) -> set[int]:
    """Of these activities, the ones at whose sessions the person with this login was registered present
    (at least one session)."""
    return set(
        Attendance.objects.filter(
            person__user_id=user_id, present=True, session__activity_id__in=activity_ids
        ).values_list("session__activity_id", flat=True)
    )


def evaluations_per_item() -> dict[int, tuple[list[int], set[int]]]:
    """Per catalogue item evaluated through sessions of term plans: every score, and the organisations the
    scores come from (one query). For aggregates across organisations only (the gaps overview)."""
    found: dict[int, tuple[list[int], set[int]]] = {}
    for item_id, organisation_id, score in Evaluation.objects.filter(
        session__activity__item__isnull=False
    ).values_list("session__activity__item_id", "session__activity__plan__organisation_id", "score"):
        scores, organisations = found.setdefault(item_id, ([], set()))
        scores.append(score)
        organisations.add(organisation_id)
    return found
