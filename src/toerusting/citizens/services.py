"""Writes of the residents' feedback: a response (scores and an optional comment, apart), the form's
switch and the council's reaction per quarter."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from toerusting.citizens.models import CouncilReaction, FeedbackComment, FeedbackResponse, FeedbackSetting
from toerusting.citizens.periods import Quarter
from toerusting.citizens.questions import FIELDS, MIN_RESPONSES

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser


class FeedbackRefused(Exception):
    """The response is not stored; `reason` says why ("closed", "empty")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def set_form_open(user: AnyUser, organisation: Organisation, is_open: bool) -> FeedbackSetting:
    """Open or close the organisation's public feedback form; keeps who changed it and when."""
    setting, _created = FeedbackSetting.objects.update_or_create(
        organisation=organisation,
        defaults={"is_open": is_open, "changed_by_id": user.pk},
    )
    return setting


@transaction.atomic
def submit_feedback(
    organisation: Organisation,
    scores: dict[str, int | None],
    *,
    comment: str = "",
    meeting: Meeting | None = None,
    today: dt.date | None = None,
) -> None:
    """Store a resident's response: the scores with the quarter, the comment (if any) in its own row."""
    if not FeedbackSetting.objects.filter(organisation=organisation, is_open=True).exists():
        raise FeedbackRefused("closed")
    comment = comment.strip()
    if not any(scores.get(name) for name in FIELDS) and not comment:
        raise FeedbackRefused("empty")
    period_start = Quarter.of(today or timezone.localdate()).start
    FeedbackResponse.objects.create(
        organisation=organisation,
        period_start=period_start,
        meeting=meeting,
        **{name: scores.get(name) for name in FIELDS},
    )
    if comment:
        FeedbackComment.objects.create(organisation=organisation, period_start=period_start, text=comment)


class ReactionRefused(Exception):
    pass


def write_reaction(user: AnyUser, organisation: Organisation, quarter: Quarter, text: str) -> CouncilReaction:
    """The council's reaction to a quarter: only for a quarter whose results are shown (enough responses),
    so that the reaction never points at a few residents."""
    responses = FeedbackResponse.objects.filter(organisation=organisation, period_start=quarter.start).count()
    if responses < MIN_RESPONSES:
        raise ReactionRefused
    reaction, _created = CouncilReaction.objects.update_or_create(
        organisation=organisation,
        period_start=quarter.start,
        defaults={"text": text.strip(), "written_by_id": user.pk},
    )
    return reaction
