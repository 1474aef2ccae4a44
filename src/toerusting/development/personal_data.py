"""The development app's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.development.models import DevelopmentPlan, FeedbackRequest, Goal, Scan, Share
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """Competency scans with their scores, feedback asked of the member, shares, and development plans."""
    scans = (
        Scan.objects.filter(user_id=user.pk)
        .select_related("organisation")
        .prefetch_related("scores", "answers")
    )
    goals = (
        Goal.objects.filter(plan__user_id=user.pk)
        .select_related("plan__organisation")
        .prefetch_related("actions")
    )
    return [
        section(
            "development.scan",
            _("Competency scans"),
            (
                {
                    _("Organisation"): scan.organisation.name,
                    _("Started"): scan.started_at,
                    _("Finished"): scan.finished_at,
                    _("Answers"): {answer.statement: answer.value for answer in scan.answers.all()},
                    _("Scores"): {score.competency: score.score for score in scan.scores.all()},
                }
                for scan in scans
            ),
        ),
        section(
            "development.feedbackrequest",
            _("Feedback colleagues asked of you"),
            (
                {_("Asked on"): request.created_at, _("Answered"): request.answered}
                for request in FeedbackRequest.objects.filter(invitee_id=user.pk)
            ),
        ),
        section(
            "development.share",
            _("Scans shared"),
            (
                {
                    _("From"): share.owner.get_full_name() or share.owner.get_username(),
                    _("With"): share.recipient.get_full_name() or share.recipient.get_username(),
                    _("Since"): share.created_at,
                    _("Stopped"): share.stopped_at,
                }
                for share in Share.objects.filter(
                    Q(owner_id=user.pk) | Q(recipient_id=user.pk)
                ).select_related("owner", "recipient")
            ),
        ),
        section(
            "development.developmentplan",
            _("Development plans"),
            (
                {
                    _("Organisation"): goal.plan.organisation.name,
                    _("Review moment"): goal.plan.review_date,
                    _("Goal"): goal.text,
                    _("Actions"): [
                        {
                            _("What you will do"): action.title,
                            _("When"): action.due_date,
                            _("Done"): action.done,
                            _("Evidence"): action.evidence,
                            _("Reflection"): action.reflection,
                        }
                        for action in goal.actions.all()
                    ],
                }
                for goal in goals
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """Everything goes: scans (with answers, scores and the feedback on them), feedback requests to the
    member, shares and development plans. Group overviews count the scans that exist."""
    scans = Scan.objects.filter(user_id=user.pk)
    requests = FeedbackRequest.objects.filter(invitee_id=user.pk)
    shares = Share.objects.filter(Q(owner_id=user.pk) | Q(recipient_id=user.pk))
    plans = DevelopmentPlan.objects.filter(user_id=user.pk)
    if organisation is not None:
        scans = scans.filter(organisation=organisation)
        requests = requests.filter(scan__organisation=organisation)
        shares = shares.filter(organisation=organisation)
        plans = plans.filter(organisation=organisation)
    return {
        "development.feedbackrequest": requests.delete()[0],
        "development.share": shares.delete()[0],
        "development.scan": scans.delete()[0],
        "development.developmentplan": plans.delete()[0],
    }
