"""Reads of personal development, scoped to the owner: a scan, its answers and scores, the plan and the
360° results are read only for the member who owns them (404 for anyone else, the griffie included). A
shared summary is read by its owner and the chosen colleague; the griffie's overview gives counts, and
averages only over at least OVERVIEW_MIN_MEMBERS members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.development.content import CompetencyContent, scan_content
from toerusting.development.models import (
    Action,
    CompetencyScore,
    DevelopmentPlan,
    FeedbackAnswer,
    FeedbackRequest,
    Goal,
    Scan,
    ScanAnswer,
    Share,
)
from toerusting.development.services import FEEDBACK_MAX_INVITED, FEEDBACK_MIN_ANSWERED
from toerusting.organisations import permissions
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors as planner_selectors
from toerusting.recommendations import selectors as recommendation_selectors

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser
    from toerusting.recommendations.selectors import AnalysedAgendaItem

# The advice covers this many of the weakest competencies.
WEAKEST = 3
ITEMS_PER_COMPETENCY = 3
TRAININGS_PER_COMPETENCY = 2
AGENDA_ITEMS_PER_COMPETENCY = 3
AGENDA_DAYS = 28
# The griffie's overview shows averages of scores only over at least this many members (k-anonymity).
OVERVIEW_MIN_MEMBERS = 5


# --- The scan ------------------------------------------------------------------------------------------


def _owned_scans(user: AnyUser, organisation: Organisation) -> QuerySet[Scan]:
    return Scan.objects.filter(user_id=organisation_selectors.user_id_of(user), organisation=organisation)


def get_scan_for_user(user: AnyUser, organisation: Organisation, scan_id: int) -> Scan:
    """One of the user's own scans in this organisation; anyone else's is a 404."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return _owned_scans(user, organisation).get(pk=scan_id)
    except Scan.DoesNotExist as exc:
        raise Http404 from exc


def open_scan_for_user(user: AnyUser, organisation: Organisation) -> Scan | None:
    return _owned_scans(user, organisation).filter(finished_at=None).first()


def finished_scans_for_user(user: AnyUser, organisation: Organisation) -> list[Scan]:
    return list(_owned_scans(user, organisation).exclude(finished_at=None).order_by("-finished_at"))


def latest_finished_scan(user: AnyUser, organisation: Organisation) -> Scan | None:
    return _owned_scans(user, organisation).exclude(finished_at=None).order_by("-finished_at").first()


def answers_of(scan: Scan) -> dict[str, int]:
    return dict(ScanAnswer.objects.filter(scan=scan).values_list("statement", "value"))


@dataclass
class PageProgress:
    number: int
    competencies: tuple[CompetencyContent, ...]
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def progress_of(answers: dict[str, int]) -> list[PageProgress]:
    """Per page of the scan, how many of its statements have an answer."""
    pages = []
    for number, competencies in enumerate(scan_content().pages, start=1):
        keys = [s.key for c in competencies for s in c.statements]
        pages.append(PageProgress(number, competencies, sum(1 for k in keys if k in answers), len(keys)))
    return pages


# --- The profile ---------------------------------------------------------------------------------------


@dataclass
class ProfileRow:
    competency: CompetencyContent
    score: Decimal
    previous: Decimal | None = None
    feedback: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous

    @property
    def value(self) -> Decimal:
        return self.score


@dataclass
class FeedbackSummary:
    invited: int
    answered: int

    @property
    def shown(self) -> bool:
        return self.answered >= FEEDBACK_MIN_ANSWERED

    @property
    def can_invite(self) -> int:
        return max(FEEDBACK_MAX_INVITED - self.invited, 0)

    @property
    def needed(self) -> int:
        return max(FEEDBACK_MIN_ANSWERED - self.answered, 0)


@dataclass
class Profile:
    scan: Scan
    rows: list[ProfileRow]
    previous_scan: Scan | None
    feedback: FeedbackSummary

    @property
    def weakest(self) -> list[ProfileRow]:
        """The WEAKEST lowest scores; on a tie the order of the profile decides."""
        return sorted(self.rows, key=lambda row: row.score)[:WEAKEST]

    @property
    def strongest(self) -> list[ProfileRow]:
        return sorted(self.rows, key=lambda row: -row.score)[:WEAKEST]


def _previous_scan(scan: Scan) -> Scan | None:
    assert scan.finished_at is not None
    return (
        Scan.objects.filter(
            user_id=scan.user_id, organisation_id=scan.organisation_id, finished_at__lt=scan.finished_at
        )
        .order_by("-finished_at")
        .first()
    )


def _feedback_averages(scan: Scan) -> dict[str, Decimal]:
    """Colleagues' answers pooled per competency (never per colleague). A colleague may skip a statement
    ("cannot judge"), so a competency's average is shown only when its answers must come from at least
    FEEDBACK_MIN_ANSWERED colleagues: more answers than FEEDBACK_MIN_ANSWERED - 1 colleagues can give to its
    statements. Rounded to halves, so that the step from three to four colleagues does not give away the
    fourth colleague's exact answers by difference."""
    statements = scan_content().statements
    per_competency: dict[str, int] = {}
    for each in statements.values():
        per_competency[each.competency] = per_competency.get(each.competency, 0) + 1
    totals: dict[str, list[int]] = {}
    for key, value in FeedbackAnswer.objects.filter(scan=scan).values_list("statement", "value"):
        statement = statements.get(key)
        if statement is not None:
            totals.setdefault(statement.competency, []).append(value)
    return {
        code: _to_half(Decimal(sum(values)) / Decimal(len(values)))
        for code, values in totals.items()
        if len(values) > (FEEDBACK_MIN_ANSWERED - 1) * per_competency.get(code, 0)
    }


def _to_half(value: Decimal) -> Decimal:
    return ((value * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2).quantize(Decimal("0.1"))


def feedback_summary(scan: Scan) -> FeedbackSummary:
    counts = FeedbackRequest.objects.filter(scan=scan).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    return FeedbackSummary(counts["invited"], counts["answered"])


def profile_of(scan: Scan, *, with_feedback: bool = True) -> Profile:
    """A finished scan's scores per competency, with the previous scan's and (once at least
    FEEDBACK_MIN_ANSWERED colleagues answered) the colleagues' averages. At most five queries."""
    content = scan_content()
    scores = dict(CompetencyScore.objects.filter(scan=scan).values_list("competency", "score"))
    previous_scan = _previous_scan(scan)
    previous = (
        dict(CompetencyScore.objects.filter(scan=previous_scan).values_list("competency", "score"))
        if previous_scan
        else {}
    )
    summary = feedback_summary(scan) if with_feedback else FeedbackSummary(0, 0)
    feedback = _feedback_averages(scan) if summary.shown else {}
    rows = [
        ProfileRow(
            competency, scores[competency.code], previous.get(competency.code), feedback.get(competency.code)
        )
        for competency in content.competencies
        if competency.code in scores
    ]
    return Profile(scan, rows, previous_scan, summary)


# --- Advice --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingDate:
    title: str
    starts_at: dt.datetime
    location: str
    url: str
    item_id: int | None


@dataclass
class AdvicePart:
    competency: CompetencyContent
    score: Decimal
    items: list[LearningItem] = field(default_factory=list)
    trainings: list[TrainingDate] = field(default_factory=list)
    agenda_items: list[AnalysedAgendaItem] = field(default_factory=list)


@dataclass
class Advice:
    parts: list[AdvicePart]
    agenda_days: int = AGENDA_DAYS


def advice_for(user: AnyUser, organisation: Organisation, profile: Profile) -> Advice:
    """For the weakest competencies: catalogue items tagged with the competency, dated trainings still to
    come (the term plan's sessions and the griffie's own sessions), and the organisation's agenda items of
    the coming weeks whose council instrument or main topic the competency's mapping in the content file
    names. A fixed number of queries, whatever the number of items, sessions or agenda items."""
    parts = [AdvicePart(row.competency, row.score) for row in profile.weakest]
    codes = [part.competency.code for part in parts]
    items = catalogue_selectors.items_for_competencies(user, codes, ITEMS_PER_COMPETENCY)
    dates: list[tuple[set[str], TrainingDate]] = []
    for planned in planner_selectors.upcoming_sessions_for_competencies(organisation, codes):
        item = planned.activity.item
        url = reverse("planner:session", kwargs={"org": organisation.slug, "planned_id": planned.pk})
        dates.append(
            (
                {c.code for c in item.competencies.all()},
                TrainingDate(
                    planned.activity.title, planned.starts_at, planned.activity.location, url, item.pk
                ),
            )
        )
    for session in catalogue_selectors.upcoming_item_sessions(user, codes):
        url = reverse("catalogue:item", kwargs={"slug": session.item.slug})
        dates.append(
            (
                {c.code for c in session.item.competencies.all()},
                TrainingDate(session.item.title, session.starts_at, session.location, url, session.item.pk),
            )
        )
    dates.sort(key=lambda pair: pair[1].starts_at)
    agenda = recommendation_selectors.upcoming_analysed_items(user, organisation, AGENDA_DAYS)
    for part in parts:
        part.items = items.get(part.competency.code, [])
        trainings: list[TrainingDate] = []
        for codes_of, date in dates:
            # The first date of each item: a term plan's activity and its catalogue item are one training.
            if part.competency.code in codes_of and all(t.item_id != date.item_id for t in trainings):
                trainings.append(date)
        part.trainings = trainings[:TRAININGS_PER_COMPETENCY]
        instruments, topics = set(part.competency.instruments), set(part.competency.topics)
        part.agenda_items = [
            found
            for found in agenda
            if found.instrument in instruments or (found.topics and found.topics[0] in topics)
        ][:AGENDA_ITEMS_PER_COMPETENCY]
    return Advice(parts)


# --- 360° feedback -------------------------------------------------------------------------------------


def invitations_for_user(user: AnyUser, organisation: Organisation) -> list[FeedbackRequest]:
    """Colleagues' requests for feedback the user has not answered yet, with whose scan it is."""
    return list(
        FeedbackRequest.objects.filter(
            invitee_id=organisation_selectors.user_id_of(user),
            scan__organisation=organisation,
            answered=False,
        )
        .select_related("scan__user__person")
        .order_by("created_at")
    )


def get_request_for_invitee(user: AnyUser, organisation: Organisation, request_id: int) -> FeedbackRequest:
    """A request for feedback, for the colleague who was asked only (the member who asked gets a 404)."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return FeedbackRequest.objects.select_related("scan__user__person").get(
            pk=request_id, invitee_id=organisation_selectors.user_id_of(user), scan__organisation=organisation
        )
    except FeedbackRequest.DoesNotExist as exc:
        raise Http404 from exc


def invited_of(scan: Scan) -> list[FeedbackRequest]:
    """Who was asked (not who answered: the answers stay anonymous)."""
    return list(
        FeedbackRequest.objects.filter(scan=scan).select_related("invitee__person").order_by("created_at")
    )


def display_name(user: AnyUser) -> str:
    person = getattr(user, "person", None)
    return str(person.full_name) if person is not None else user.get_username()


# --- Sharing -------------------------------------------------------------------------------------------


def shares_of_owner(user: AnyUser, organisation: Organisation) -> list[Share]:
    return list(
        Share.objects.filter(
            owner_id=organisation_selectors.user_id_of(user), organisation=organisation, stopped_at=None
        )
        .select_related("recipient__person")
        .order_by("created_at")
    )


def shares_with_user(user: AnyUser, organisation: Organisation) -> list[Share]:
    return list(
        Share.objects.filter(
            recipient_id=organisation_selectors.user_id_of(user), organisation=organisation, stopped_at=None
        )
        .select_related("owner__person")
        .order_by("created_at")
    )


def get_share_for_user(
    user: AnyUser, organisation: Organisation, share_id: int, *, owner_only: bool = False
) -> Share:
    """A share that has not stopped, for its owner or (unless owner_only) the colleague it is shared with."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    user_id = organisation_selectors.user_id_of(user)
    who = Q(owner_id=user_id) if owner_only else Q(owner_id=user_id) | Q(recipient_id=user_id)
    try:
        return Share.objects.select_related("owner__person", "recipient__person").get(
            who, pk=share_id, organisation=organisation, stopped_at=None
        )
    except Share.DoesNotExist as exc:
        raise Http404 from exc


def shared_profile(share: Share) -> Profile | None:
    """What a shared summary shows: the scores of the owner's latest finished scan and the change since
    the scan before; no answers, no 360° results."""
    scan = (
        Scan.objects.filter(user_id=share.owner_id, organisation_id=share.organisation_id)
        .exclude(finished_at=None)
        .order_by("-finished_at")
        .first()
    )
    return profile_of(scan, with_feedback=False) if scan is not None else None


# --- The plan ------------------------------------------------------------------------------------------


def get_plan_for_user(user: AnyUser, organisation: Organisation) -> DevelopmentPlan | None:
    """The user's own plan with its goals and their actions (and learning items): three queries."""
    return (
        DevelopmentPlan.objects.filter(
            user_id=organisation_selectors.user_id_of(user), organisation=organisation
        )
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("actions", queryset=Action.objects.select_related("item"))
                ),
            )
        )
        .first()
    )


def get_goal_for_user(user: AnyUser, organisation: Organisation, goal_id: int) -> Goal:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return Goal.objects.select_related("plan").get(
            pk=goal_id, plan__user_id=organisation_selectors.user_id_of(user), plan__organisation=organisation
        )
    except Goal.DoesNotExist as exc:
        raise Http404 from exc


def get_action_for_user(user: AnyUser, organisation: Organisation, action_id: int) -> Action:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return Action.objects.select_related("goal__plan", "item").get(
            pk=action_id,
            goal__plan__user_id=organisation_selectors.user_id_of(user),
            goal__plan__organisation=organisation,
        )
    except Action.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class NextInPlan:
    """For the home page: the member's next open actions and the review moment."""

    actions: list[Action]
    open_count: int
    review_date: dt.date | None

    @property
    def review_due(self) -> bool:
        return self.review_date is not None and self.review_date <= timezone.localdate()


NEXT_SHOWN = 2


def next_in_plan(user: AnyUser, organisation: Organisation) -> NextInPlan | None:
    """The next open actions of the member's plan (dated ones first), or None without a plan. Two queries."""
    if not user.is_authenticated:
        return None
    plan = DevelopmentPlan.objects.filter(user_id=user.pk, organisation=organisation).first()
    if plan is None:
        return None
    open_actions = list(
        Action.objects.filter(goal__plan=plan, done=False)
        .select_related("item")
        .order_by("due_date", "created_at", "pk")
    )
    dated = [a for a in open_actions if a.due_date is not None]
    undated = [a for a in open_actions if a.due_date is None]
    return NextInPlan((dated + undated)[:NEXT_SHOWN], len(open_actions), plan.review_date)


# --- The griffie's overview ----------------------------------------------------------------------------


@dataclass
class OverviewRow:
    competency: CompetencyContent
    average: Decimal

    @property
    def value(self) -> Decimal:
        return self.average


@dataclass
class Participation:
    since: dt.date | None
    members: int
    members_with_scan: int
    scans: int
    rows: list[OverviewRow]

    @property
    def aggregates_shown(self) -> bool:
        return self.members_with_scan >= OVERVIEW_MIN_MEMBERS

    @property
    def members_without_scan(self) -> int:
        return max(self.members - self.members_with_scan, 0)

    @property
    def min_members(self) -> int:
        return OVERVIEW_MIN_MEMBERS


def participation(user: AnyUser, organisation: Organisation) -> Participation:
    """How many members finished a scan this term (counts only), and the average score per competency over
    each member's latest scan of the term when at least OVERVIEW_MIN_MEMBERS members did one. Five queries,
    whatever the number of members or scans."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    term = organisation_selectors.current_term(organisation)
    since = term.installation_date if term is not None else None
    member_ids = organisation_selectors.user_ids_with_roles(organisation, permissions.MEMBER_ROLES)
    members = member_ids.count()
    scans = Scan.objects.filter(organisation=organisation, user_id__in=member_ids).exclude(finished_at=None)
    if since is not None:
        scans = scans.filter(finished_at__date__gte=since)
    counts = scans.aggregate(scans=Count("pk"), members=Count("user_id", distinct=True))
    rows: list[OverviewRow] = []
    if counts["members"] >= OVERVIEW_MIN_MEMBERS:
        latest = scans.values("user_id").annotate(last=Max("pk")).values("last")
        averages = dict(
            CompetencyScore.objects.filter(scan_id__in=latest)
            .values("competency")
            .annotate(average=Avg("score"))
            .values_list("competency", "average")
        )
        rows = [
            OverviewRow(competency, Decimal(averages[competency.code]).quantize(Decimal("0.01")))
            for competency in scan_content().competencies
            if averages.get(competency.code) is not None
        ]
    return Participation(since, members, counts["members"], counts["scans"], rows)
