"""Writes of personal development: the scan and its answers, 360° feedback, sharing, the development plan.

Every function gets objects the caller has already read through the owner-scoped selectors (the view
checks who may act); each checks its own business rules and writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.development.content import scan_content
from toerusting.development.models import (
    SCALE_MAX,
    SCALE_MIN,
    Action,
    ActionKind,
    CompetencyScore,
    DevelopmentPlan,
    FeedbackAnswer,
    FeedbackRequest,
    Goal,
    Scan,
    ScanAnswer,
    Share,
)
from toerusting.notifications import services as notification_services

if TYPE_CHECKING:
    from toerusting.accounts.models import User
    from toerusting.catalogue.models import LearningItem
    from toerusting.development.selectors import Advice
    from toerusting.organisations.models import Organisation

# At most this many colleagues per scan are asked for 360° feedback; their answers are shown only once at
# least FEEDBACK_MIN_ANSWERED have answered, and only as averages.
FEEDBACK_MAX_INVITED = 6
FEEDBACK_MIN_ANSWERED = 3
# A drafted plan is looked at again after this many days.
REVIEW_AFTER_DAYS = 90


class DevelopmentError(Exception):
    """A rule of the scan or the plan was broken; the message says which, in the reader's language."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- The scan ------------------------------------------------------------------------------------------


def start_scan(user: User, organisation: Organisation) -> Scan:
    """The member's open scan in this organisation, or a new one (a scan can be done again any time)."""
    with transaction.atomic():
        scan = (
            Scan.objects.select_for_update()
            .filter(user=user, organisation=organisation, finished_at=None)
            .first()
        )
        return scan or Scan.objects.create(user=user, organisation=organisation)


def _check_values(answers: dict[str, int]) -> None:
    statements = scan_content().statements
    for key, value in answers.items():
        if key not in statements:
            raise DevelopmentError(_("Unknown statement: %(key)s.") % {"key": key}, key)
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise DevelopmentError(
                _("Choose a number from %(low)s to %(high)s.") % {"low": SCALE_MIN, "high": SCALE_MAX}, key
            )


def save_answers(scan: Scan, answers: dict[str, int]) -> None:
    """Keep the member's answers to some statements (one page); earlier answers are replaced."""
    if scan.is_finished:
        raise DevelopmentError(_("This scan is finished; start a new scan to answer again."))
    _check_values(answers)
    with transaction.atomic():
        existing = {a.statement: a for a in ScanAnswer.objects.filter(scan=scan, statement__in=list(answers))}
        changed = []
        for key, value in answers.items():
            answer = existing.get(key)
            if answer is None:
                ScanAnswer.objects.create(scan=scan, statement=key, value=value)
            elif answer.value != value:
                answer.value = value
                changed.append(answer)
        ScanAnswer.objects.bulk_update(changed, ["value"])


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def finish_scan(scan: Scan, *, at: dt.datetime | None = None) -> Scan:
    """Close the scan and keep a score per competency (the mean of its statements, 1 to 5). Every
    statement must have an answer; the error names the first competency that lacks one. `at`: when it was
    finished, for the demo's earlier scans (now otherwise)."""
    if scan.is_finished:
        return scan
    content = scan_content()
    with transaction.atomic():
        answers = dict(ScanAnswer.objects.filter(scan=scan).values_list("statement", "value"))
        for competency in content.competencies:
            if any(statement.key not in answers for statement in competency.statements):
                raise DevelopmentError(
                    _("Answer every statement of “%(competency)s” first.") % {"competency": competency.name},
                    competency.code,
                )
        CompetencyScore.objects.bulk_create(
            CompetencyScore(
                scan=scan,
                competency=competency.code,
                score=_mean([answers[statement.key] for statement in competency.statements]),
            )
            for competency in content.competencies
        )
        scan.finished_at = at or timezone.now()
        scan.save(update_fields=["finished_at"])
    return scan


# --- 360° feedback -------------------------------------------------------------------------------------


def invite_colleagues(scan: Scan, invitees: list[User]) -> list[FeedbackRequest]:
    """Ask colleagues (of the scan's organisation, resolved by the caller) for feedback on the finished
    scan; at most FEEDBACK_MAX_INVITED per scan, never the member themselves, nobody twice."""
    if not scan.is_finished:
        raise DevelopmentError(_("Finish the scan before you ask colleagues for feedback."), "colleagues")
    with transaction.atomic():
        Scan.objects.select_for_update().get(pk=scan.pk)
        already = set(FeedbackRequest.objects.filter(scan=scan).values_list("invitee_id", flat=True))
        new = [u for u in dict.fromkeys(invitees) if u.pk not in already and u.pk != scan.user_id]
        if not new:
            raise DevelopmentError(_("These colleagues have been asked already."), "colleagues")
        if len(already) + len(new) > FEEDBACK_MAX_INVITED:
            raise DevelopmentError(
                _("You can ask at most %(max)s colleagues; %(left)s more can be asked.")
                % {"max": FEEDBACK_MAX_INVITED, "left": FEEDBACK_MAX_INVITED - len(already)},
                "colleagues",
            )
        return [FeedbackRequest.objects.create(scan=scan, invitee=u) for u in new]


def answer_feedback(request: FeedbackRequest, answers: dict[str, int | None]) -> None:
    """Keep a colleague's answers (None: cannot judge) without a link to the colleague, once."""
    given = {key: value for key, value in answers.items() if value is not None}
    _check_values(given)
    if not given:
        raise DevelopmentError(_("Answer at least one statement."))
    with transaction.atomic():
        locked = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
        if locked.answered:
            raise DevelopmentError(_("You have already given your feedback."))
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(scan_id=locked.scan_id, statement=key, value=value) for key, value in given.items()
        )
        locked.answered = True
        locked.save(update_fields=["answered"])
    request.answered = True


# --- Sharing -------------------------------------------------------------------------------------------


def share_summary(owner: User, organisation: Organisation, recipient: User) -> Share:
    """Let one colleague see the summary of the owner's latest finished scan, until the owner stops it."""
    if recipient.pk == owner.pk:
        raise DevelopmentError(_("Choose someone else than yourself."), "recipient")
    with transaction.atomic():
        existing = Share.objects.filter(
            owner=owner, organisation=organisation, recipient=recipient, stopped_at=None
        ).first()
        return existing or Share.objects.create(owner=owner, organisation=organisation, recipient=recipient)


def stop_sharing(share: Share) -> None:
    if share.stopped_at is None:
        share.stopped_at = timezone.now()
        share.save(update_fields=["stopped_at"])


# --- The personal development plan ---------------------------------------------------------------------


def plan_for(user: User, organisation: Organisation) -> DevelopmentPlan:
    """The member's plan in this organisation, made when it does not exist yet."""
    plan, _created = DevelopmentPlan.objects.get_or_create(user=user, organisation=organisation)
    return plan


def _competency(code: str) -> str:
    if code not in scan_content().by_code:
        raise DevelopmentError(_("Choose a competency of the list."), "competency")
    return code


def set_review_date(plan: DevelopmentPlan, review_date: dt.date | None) -> None:
    plan.review_date = review_date
    plan.save(update_fields=["review_date", "updated_at"])


def add_goal(plan: DevelopmentPlan, competency: str, text: str) -> Goal:
    goal = Goal.objects.create(plan=plan, competency=_competency(competency), text=text.strip())
    plan.save(update_fields=["updated_at"])
    return goal


def update_goal(goal: Goal, competency: str, text: str) -> None:
    goal.competency = _competency(competency)
    goal.text = text.strip()
    goal.save(update_fields=["competency", "text"])


def delete_goal(goal: Goal) -> None:
    goal.delete()


def add_action(
    goal: Goal,
    *,
    kind: str,
    title: str,
    item: LearningItem | None = None,
    due_date: dt.date | None = None,
) -> Action:
    if kind not in ActionKind.values:
        raise DevelopmentError(_("Choose a kind of action of the list."), "kind")
    return Action.objects.create(goal=goal, kind=kind, title=title.strip(), item=item, due_date=due_date)


def update_action(
    action: Action,
    *,
    kind: str,
    title: str,
    due_date: dt.date | None,
    done: bool,
    evidence: str,
    reflection: str,
) -> None:
    if kind not in ActionKind.values:
        raise DevelopmentError(_("Choose a kind of action of the list."), "kind")
    action.kind = kind
    action.title = title.strip()
    action.due_date = due_date
    action.done = done
    action.evidence = evidence.strip()
    action.reflection = reflection.strip()
    action.save()


def delete_action(action: Action) -> None:
    action.delete()


def draft_plan(user: User, organisation: Organisation, advice: Advice) -> tuple[DevelopmentPlan, int]:
    """Draft goals and actions from the scan's advice, in one step: per advised competency that has no goal
    yet a goal with a learning item, a dated training and practice in a real meeting, where the advice has
    them. Returns the plan and the number of goals added."""
    with transaction.atomic():
        plan = plan_for(user, organisation)
        has_goal = set(plan.goals.values_list("competency", flat=True))
        added = 0
        for part in advice.parts:
            code = part.competency.code
            if code in has_goal:
                continue
            goal = Goal.objects.create(
                plan=plan,
                competency=code,
                text=_("Become stronger in %(competency)s") % {"competency": part.competency.name.lower()},
            )
            added += 1
            if part.items:
                item = part.items[0]
                Action.objects.create(goal=goal, kind=ActionKind.CATALOGUE, title=item.title, item=item)
            if part.trainings:
                training = part.trainings[0]
                Action.objects.create(
                    goal=goal,
                    kind=ActionKind.TRAINING,
                    title=training.title,
                    item_id=training.item_id,
                    due_date=timezone.localdate(training.starts_at),
                )
            if part.agenda_items:
                found = part.agenda_items[0].agenda_item
                Action.objects.create(
                    goal=goal,
                    kind=ActionKind.PRACTICE,
                    title=_("Practise at “%(item)s” in %(meeting)s")
                    % {"item": found.title[:200], "meeting": found.meeting.name[:80]},
                    due_date=timezone.localdate(found.meeting.start),
                )
            else:
                Action.objects.create(
                    goal=goal,
                    kind=ActionKind.PRACTICE,
                    title=_(
                        "Practise this in a meeting of the council or a committee and note what went well"
                    ),
                )
        if plan.review_date is None:
            plan.review_date = timezone.localdate() + dt.timedelta(days=REVIEW_AFTER_DAYS)
        plan.save(update_fields=["review_date", "updated_at"])
    return plan, added


def forget_member(users: list[User], organisation: Organisation) -> None:
    """Delete everything of personal development of these users in the organisation: scans (with their
    answers, scores and 360° feedback), shares they made and their plans. For the demo loader, which
    writes its members again."""
    with transaction.atomic():
        Scan.objects.filter(user__in=users, organisation=organisation).delete()
        Share.objects.filter(owner__in=users, organisation=organisation).delete()
        DevelopmentPlan.objects.filter(user__in=users, organisation=organisation).delete()


# --- Reminders of a review moment ------------------------------------------------------------------------

# A member hears of the review moment of their plan this many days before it (once per review date).
REVIEW_REMINDER_DAYS = 7


def send_review_reminders(today: dt.date | None = None) -> int:
    """E-mail each member whose plan has its review moment in the coming REVIEW_REMINDER_DAYS days (the
    periodic job `review_reminders`). Once per plan and review date: the key names both, so running it again,
    or on two workers, sends nothing more; a new review date is a new reminder. Returns how many were sent."""
    today = today or timezone.localdate()
    plans = (
        DevelopmentPlan.objects.filter(
            review_date__gte=today, review_date__lte=today + dt.timedelta(days=REVIEW_REMINDER_DAYS)
        )
        .select_related("organisation")
        .prefetch_related("goals")
        .order_by("pk")
    )
    sent = 0
    for plan in plans:
        goals = list(plan.goals.all())
        path = reverse("development:plan", kwargs={"org": plan.organisation.slug})
        if notification_services.send_review_reminder(
            plan.user_id,
            goal=goals[0].text if goals else "",
            review_on=plan.review_date,
            url=notification_services.absolute_url(path),
            key=f"review:{plan.pk}:{plan.review_date.isoformat() if plan.review_date else ''}",
        ):
            sent += 1
    return sent
