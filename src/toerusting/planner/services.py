"""Writes of the term planner: one function per business action, each in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting import hooks
from toerusting.agenda import selectors as agenda_selectors
from toerusting.notifications import services as notification_services
from toerusting.planner import feeds, scheduling
from toerusting.planner import rules as planning_rules
from toerusting.planner.models import (
    Activity,
    Attendance,
    Audience,
    BlockedPeriod,
    Evaluation,
    FeedToken,
    Milestone,
    OnboardingStep,
    PlannedSession,
    PlanStatus,
    Signup,
    SignupList,
    SignupStatus,
    StepCompletion,
    TermPlan,
    TimingRule,
)
from toerusting.planner.rules import MilestoneKind
from toerusting.planner.timeframes import DAYPART_BY_CODE

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem, Session
    from toerusting.organisations.models import CouncilTerm, Organisation, Person

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class PlanError(ValueError):
    """Input the planner cannot use; the message is for the griffier."""


def term_problem(term: CouncilTerm) -> str:
    """Why a term cannot carry a plan ('' when it can)."""
    if not term.installation_date or not term.end_date:
        return _("The council term %(term)s has no installation or end date.") % {"term": term.key}
    if term.end_date <= term.installation_date:
        return _("The council term %(term)s ends before it starts.") % {"term": term.key}
    return ""


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


@transaction.atomic
def create_plan(organisation: Organisation, term: CouncilTerm, *, school_region: str = "midden") -> TermPlan:
    """A new plan with the usual recesses and P&C dates of the term filled in, for the griffie to adjust."""
    problem = term_problem(term)
    if problem:
        raise PlanError(problem)
    if term.organisation_id != organisation.pk:
        raise PlanError(_("The council term belongs to another organisation."))
    plan, created = TermPlan.objects.get_or_create(
        organisation=organisation, term=term, defaults={"school_region": school_region}
    )
    if not created:
        return plan
    first, last = term.installation_date, term.end_date
    for year in range(first.year, last.year + 1):
        for name, start, end in (
            ("zomerreces", dt.date(year, 7, 11), dt.date(year, 8, 30)),
            ("kerstreces", dt.date(year, 12, 19), dt.date(year + 1, 1, 4)),
        ):
            if end >= first and start <= last:
                BlockedPeriod.objects.create(plan=plan, name=name, start_date=start, end_date=end)
        for kind, day in (
            (MilestoneKind.JAARSTUKKEN, _nth_weekday(year, 6, 3, 4)),
            (MilestoneKind.KADERNOTA, _nth_weekday(year, 7, 3, 1)),
            (MilestoneKind.BEGROTING, _nth_weekday(year, 11, 3, 2)),
        ):
            if first < day < last:
                Milestone.objects.create(plan=plan, kind=kind, date=day)
    return plan


def update_settings(
    plan: TermPlan, *, school_region: str, max_sessions_per_month: int, usual_location: str | None = None
) -> None:
    plan.school_region = school_region
    plan.max_sessions_per_month = max_sessions_per_month
    fields = ["school_region", "max_sessions_per_month", "updated_at"]
    if usual_location is not None:
        plan.usual_location = usual_location
        fields.append("usual_location")
    plan.save(update_fields=fields)


@transaction.atomic
def add_activity(plan: TermPlan, item: LearningItem, **fields: Any) -> Activity:
    fields.setdefault("title", item.title)
    fields.setdefault("duration_minutes", max(item.duration_minutes, 60))
    order = plan.activities.count()
    return Activity.objects.create(plan=plan, item=item, order=order, **fields)


def update_activity(activity: Activity, item: LearningItem, **fields: Any) -> Activity:
    """Change an activity; its sessions keep their dates until the griffie schedules again."""
    fields.setdefault("title", item.title)
    activity.item = item
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    return activity


def delete_activity(activity: Activity) -> None:
    activity.delete()


def delete_adopted_activities(origin_path: str) -> int:
    """Remove the activities adopted from this page (for demo loaders that write a practice again)."""
    deleted, _per_model = Activity.objects.filter(origin_path=origin_path).delete()
    return deleted


def add_rule(activity: Activity, kind: str, number: int | None) -> TimingRule:
    if kind in planning_rules.RULE_DEFAULT_NUMBER and not number:
        number = planning_rules.RULE_DEFAULT_NUMBER[planning_rules.RuleKind(kind)]
    return TimingRule.objects.create(activity=activity, kind=kind, number=number)


def delete_rule(rule: TimingRule) -> None:
    rule.delete()


def add_blocked_period(plan: TermPlan, name: str, start: dt.date, end: dt.date) -> BlockedPeriod:
    if end < start:
        raise PlanError(_("The last day of “%(name)s” is before its first day.") % {"name": name})
    return BlockedPeriod.objects.create(plan=plan, name=name, start_date=start, end_date=end)


def delete_blocked_period(period: BlockedPeriod) -> None:
    period.delete()


def add_milestone(plan: TermPlan, kind: str, day: dt.date) -> Milestone:
    milestone, _created = Milestone.objects.get_or_create(plan=plan, kind=kind, date=day)
    return milestone


def delete_milestone(milestone: Milestone) -> None:
    milestone.delete()


def term_facts(plan: TermPlan) -> planning_rules.TermFacts:
    term = plan.term
    later = (
        type(term)
        .objects.filter(organisation_id=term.organisation_id, installation_date__gt=term.installation_date)
        .order_by("installation_date")
        .first()
    )
    # Without a next term on file, the next election is two weeks before this term ends (Kieswet art. C 4).
    next_election = later.election_date if later else term.end_date - dt.timedelta(days=14)
    milestones: dict[str, list[dt.date]] = {}
    for milestone in plan.milestones.all():
        milestones.setdefault(milestone.kind, []).append(milestone.date)
    return planning_rules.TermFacts(
        installation=term.installation_date,
        end=term.end_date,
        election=term.election_date,
        next_election=next_election,
        milestones={k: sorted(v) for k, v in milestones.items()},
    )


def meetings_of(plan: TermPlan, facts: planning_rules.TermFacts) -> list[planning_rules.Busy]:
    """The organisation's meetings in the term (cancelled ones do not block), in local time."""
    meetings = agenda_selectors.meetings_in_organisation(plan.organisation).filter(
        start__date__gte=facts.installation, start__date__lte=facts.end
    )
    busy = []
    for meeting in meetings.exclude(status="geannuleerd"):
        start = timezone.localtime(meeting.start, AMSTERDAM).replace(tzinfo=None)
        end = (
            timezone.localtime(meeting.end, AMSTERDAM).replace(tzinfo=None)
            if meeting.end
            else start + dt.timedelta(hours=3)
        )
        busy.append(planning_rules.Busy(start, end))
    return busy


@dataclass
class PlanProblem:
    problem: scheduling.Problem
    issues: list[str]
    activities: dict[str, Activity]


def build_problem(plan: TermPlan) -> PlanProblem:
    """The scheduler's problem for this plan, with the published sessions as the places to keep."""
    problem = term_problem(plan.term)
    if problem:
        return PlanProblem(scheduling.Problem(dt.date.min, dt.date.min, {}, {}, []), [problem], {})
    facts = term_facts(plan)
    blocked, blocked_days = planning_rules.blocked_time(
        facts,
        meetings=meetings_of(plan, facts),
        periods=[planning_rules.Period(p.name, p.start_date, p.end_date) for p in plan.blocked_periods.all()],
        school_region=plan.school_region,
    )
    activities = list(plan.activities.prefetch_related("rules", "planned_sessions"))
    specs = []
    for activity in activities:
        published = {s.number: s for s in activity.planned_sessions.all() if s.is_published}
        previous: list[tuple[dt.date, str] | None] = []
        for number in range(1, activity.sessions + 1):
            session = published.get(number)
            previous.append(
                (timezone.localtime(session.starts_at, AMSTERDAM).date(), session.daypart)
                if session
                else None
            )
        spec = scheduling.ActivitySpec(
            key=str(activity.pk),
            title=activity.title,
            sessions=activity.sessions,
            duration=activity.duration_minutes,
            preferred_weekday=activity.preferred_weekday,
            preferred_daypart=activity.preferred_daypart or None,
            previous=previous if published else [],
        )
        rules = planning_rules.with_newcomer_rule(
            [planning_rules.RuleSpec(str(r.pk), r.kind, r.number) for r in activity.rules.all()],
            for_new_members=activity.audience == Audience.NIEUWE_LEDEN,
            ident=f"new-members-{activity.pk}",
        )
        specs.append((spec, rules))
    built, issues = planning_rules.make_problem(
        facts,
        activities=specs,
        blocked=blocked,
        blocked_days=blocked_days,
        max_per_month=plan.max_sessions_per_month,
    )
    return PlanProblem(built, issues, {str(a.pk): a for a in activities})


@transaction.atomic
def schedule_plan(
    plan: TermPlan, *, seconds: float | None = 1.5, work: float | None = None
) -> scheduling.Outcome:
    """Schedule (or re-plan) every session: the solver's best plan within the limit, else the greedy plan.
    When a session cannot be placed nothing changes and the outcome explains why."""
    plan = TermPlan.objects.select_for_update().select_related("term", "organisation").get(pk=plan.pk)
    prepared = build_problem(plan)
    if prepared.issues:
        return scheduling.Outcome(False, explanations=prepared.issues, status="rules")
    if not prepared.problem.activities:
        return scheduling.Outcome(False, explanations=[_("The plan has no activities yet.")], status="empty")
    outcome = scheduling.solve(prepared.problem, seconds=seconds, work=work)
    if not outcome.ok:
        return outcome
    placed = outcome.by_session
    for key, activity in prepared.activities.items():
        existing = {s.number: s for s in activity.planned_sessions.all()}
        for number in range(1, activity.sessions + 1):
            placement = placed[(key, number)]
            daypart = DAYPART_BY_CODE[placement.daypart]
            starts = dt.datetime.combine(placement.day, daypart.start, tzinfo=AMSTERDAM)
            ends = starts + dt.timedelta(minutes=activity.duration_minutes)
            session = existing.pop(number, None)
            if session is None:
                PlannedSession.objects.create(
                    activity=activity,
                    number=number,
                    starts_at=starts,
                    ends_at=ends,
                    daypart=placement.daypart,
                )
            elif session.starts_at != starts or session.ends_at != ends:
                session.starts_at, session.ends_at, session.daypart = starts, ends, placement.daypart
                session.sequence += 1
                session.save()
        for stale in existing.values():
            stale.delete()
    plan.scheduled_at = timezone.now()
    plan.save(update_fields=["scheduled_at", "updated_at"])
    return outcome


@transaction.atomic
def publish_plan(plan: TermPlan) -> int:
    """Publish the plan: its sessions appear in the feeds and from now on re-planning moves them as little
    as possible. Returns the number of sessions published."""
    if not PlannedSession.objects.filter(activity__plan=plan).exists():
        raise PlanError(_("Schedule the plan before you publish it."))
    count = PlannedSession.objects.filter(activity__plan=plan, is_published=False).update(is_published=True)
    plan.status = PlanStatus.GEPUBLICEERD
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    return count


def _feed_tokens(organisation: Organisation, user_id: int | None, personal: bool) -> QuerySet[FeedToken]:
    owner = Q(user_id=user_id) if user_id is not None else Q(user__isnull=True)
    return FeedToken.objects.filter(
        owner, organisation=organisation, personal=personal, revoked_at__isnull=True
    )


def feed_token(organisation: Organisation, user_id: int | None, *, personal: bool) -> FeedToken:
    """The current feed address secret, made on first use."""
    token = _feed_tokens(organisation, user_id, personal).first()
    return token or FeedToken.objects.create(organisation=organisation, user_id=user_id, personal=personal)


@transaction.atomic
def revoke_feed_token(organisation: Organisation, user_id: int | None, *, personal: bool) -> FeedToken:
    """Stop the old address working and make a new one."""
    _feed_tokens(organisation, user_id, personal).update(revoked_at=timezone.now())
    return FeedToken.objects.create(organisation=organisation, user_id=user_id, personal=personal)


@transaction.atomic
def record_attendance(session: PlannedSession, people: list[Person], present_ids: set[int]) -> None:
    for person in people:
        Attendance.objects.update_or_create(
            session=session, person=person, defaults={"present": person.pk in present_ids}
        )
    # Apps above (the open badges) react to the persons registered present.
    hooks.run(
        "attendance_recorded", session, {p.user_id for p in people if p.pk in present_ids and p.user_id}
    )


def evaluate(session: PlannedSession, user_id: int, score: int, remark: str) -> Evaluation:
    evaluation, _created = Evaluation.objects.update_or_create(
        session=session, user_id=user_id, defaults={"score": score, "remark": remark.strip()[:200]}
    )
    return evaluation


def set_step_done(step: OnboardingStep, user_id: int, done: bool) -> None:
    if done:
        StepCompletion.objects.get_or_create(step=step, user_id=user_id)
    else:
        StepCompletion.objects.filter(step=step, user_id=user_id).delete()


# Sign-up for dated sessions, with a waiting list ------------------------------------------------------


class SignupError(ValueError):
    """A sign-up that cannot be done; the message is for the member."""


@dataclass(frozen=True)
class SignupEvent:
    """What happened to one member's sign-up, to tell them by e-mail after the transaction."""

    signup_id: int
    event: str  # "confirmed", "waiting", "moved_up", "signed_off"


def _locked(signup_list: SignupList) -> SignupList:
    """The list's row, locked until the transaction ends: two members taking the last place at once are
    served one after the other (select_for_update on PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serialises writers)."""
    return SignupList.objects.select_for_update().get(pk=signup_list.pk)


def _fill_places(signup_list: SignupList) -> list[Signup]:
    """Move waiting members up, first come first served, while there are free places."""
    taken = signup_list.signups.filter(status=SignupStatus.SIGNED_UP).count()
    free = signup_list.capacity - taken
    if free <= 0:
        return []
    promoted = list(
        signup_list.signups.filter(status=SignupStatus.WAITING).order_by("requested_at", "pk")[:free]
    )
    for signup in promoted:
        signup.status = SignupStatus.SIGNED_UP
        signup.sequence += 1
        signup.save(update_fields=["status", "sequence", "changed_at"])
    return promoted


def _tell(events: list[SignupEvent]) -> None:
    if events:
        transaction.on_commit(lambda: _enqueue_mails(events))


def _enqueue_mails(events: list[SignupEvent]) -> None:
    from toerusting.planner.tasks import signup_mail_task

    for event in events:
        signup_mail_task.enqueue(event.signup_id, event.event)


@transaction.atomic
def set_signup_list(
    organisation: Organisation,
    *,
    planned_session: PlannedSession | None = None,
    offer_session: Session | None = None,
    capacity: int,
    minimum: int | None = None,
) -> SignupList:
    """Open sign-up for a session, or change its places. More places move waiting members up; fewer
    places never take a place away from someone who has one."""
    if (planned_session is None) == (offer_session is None):
        raise ValueError("give exactly one of planned_session and offer_session")
    if capacity < 1:
        raise SignupError(_("A session needs at least one place."))
    if minimum is not None and not 1 <= minimum <= capacity:
        raise SignupError(_("The minimum must be between 1 and the number of places."))
    existing = (
        SignupList.objects.select_for_update()
        .filter(planned_session=planned_session, offer_session=offer_session)
        .first()
    )
    if existing is None:
        signup_list = SignupList.objects.create(
            organisation=organisation,
            planned_session=planned_session,
            offer_session=offer_session,
            capacity=capacity,
            minimum=minimum,
        )
        return signup_list
    existing.capacity = capacity
    existing.minimum = minimum
    existing.save(update_fields=["capacity", "minimum"])
    _tell([SignupEvent(s.pk, "moved_up") for s in _fill_places(existing)])
    return existing


def sign_up(signup_list: SignupList, user_id: int, *, now: dt.datetime | None = None) -> Signup:
    """Sign the member up: a place while there is one, else the end of the waiting list. Signing up
    again after signing off joins at the end. Closed once the session has started."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(signup_list)
        session = locked.planned_session or locked.offer_session
        assert session is not None
        if session.starts_at <= now:
            raise SignupError(_("This session has started; signing up is closed."))
        signup = Signup.objects.filter(signup_list=locked, user_id=user_id).first()
        if signup is not None and signup.status != SignupStatus.SIGNED_OFF:
            return signup
        taken = locked.signups.filter(status=SignupStatus.SIGNED_UP).count()
        status = SignupStatus.SIGNED_UP if taken < locked.capacity else SignupStatus.WAITING
        if signup is None:
            signup = Signup.objects.create(
                signup_list=locked, user_id=user_id, status=status, requested_at=now
            )
        else:
            signup.status = status
            signup.requested_at = now
            signup.sequence += 1
            signup.save(update_fields=["status", "requested_at", "sequence", "changed_at"])
        _tell([SignupEvent(signup.pk, "confirmed" if status == SignupStatus.SIGNED_UP else "waiting")])
        return signup


def sign_off(signup_list: SignupList, user_id: int) -> list[Signup]:
    """Sign the member off (from a place or the waiting list); the first waiting member gets the free
    place. The members moved up."""
    with transaction.atomic():
        locked = _locked(signup_list)
        signup = Signup.objects.filter(signup_list=locked, user_id=user_id).first()
        if signup is None or signup.status == SignupStatus.SIGNED_OFF:
            raise SignupError(_("You are not signed up for this session."))
        had_place = signup.status == SignupStatus.SIGNED_UP
        signup.status = SignupStatus.SIGNED_OFF
        signup.sequence += 1
        signup.save(update_fields=["status", "sequence", "changed_at"])
        promoted = _fill_places(locked) if had_place else []
        _tell(
            [SignupEvent(signup.pk, "signed_off") if had_place else SignupEvent(signup.pk, "left_waiting")]
            + [SignupEvent(s.pk, "moved_up") for s in promoted]
        )
        return promoted


def send_signup_mail(signup_id: int, event: str) -> bool:
    """The e-mail about one sign-up, in the member's language, with the invitation (METHOD:REQUEST) for a
    place and its cancellation (METHOD:CANCEL) after signing off."""
    signup = (
        Signup.objects.select_related(
            "user",
            "signup_list__planned_session__activity__plan",
            "signup_list__planned_session__activity__item",
            "signup_list__offer_session__item",
            "signup_list__organisation",
        )
        .filter(pk=signup_id)
        .first()
    )
    if signup is None:
        return False
    signup_list = signup.signup_list
    attachments = []
    if event in ("confirmed", "moved_up", "signed_off"):
        method = "CANCEL" if event == "signed_off" else "REQUEST"
        attachments.append(
            notification_services.Attachment(
                "uitnodiging.ics", feeds.invitation(signup, method=method), calendar_method=method
            )
        )
    page = reverse(
        "planner:signup_page", kwargs={"org": signup_list.organisation.slug, "list_id": signup_list.pk}
    )
    return notification_services.send(
        notification_services.Kind.SIGNUP,
        signup.user_id,
        template="planner/email/signup",
        context={
            "event": event,
            "signup_list": signup_list,
            "organisation": signup_list.organisation,
            "url": notification_services.absolute_url(page),
        },
        attachments=attachments,
    )
