"""The pulse's questions and its window; no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.agreement import Statement

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting

# Group figures are shown only when at least this many members answered (never per person).
MIN_RESPONSES = 5
# The pulse is open from the start of the meeting until this many days after it.
OPEN_DAYS = 14


PulseQuestion = Statement


QUESTIONS = (
    PulseQuestion(
        "information", _("We decided on the basis of the right information."), _("Right information")
    ),
    PulseQuestion("debate", _("The debate helped us to reach a better decision."), _("Debate helped")),
    PulseQuestion("residents", _("The voice of residents was heard."), _("Residents heard")),
    PulseQuestion("tone", _("The tone of the meeting was respectful."), _("Respectful tone")),
)
FIELDS = tuple(question.field for question in QUESTIONS)


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime
    closes_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def window_of(meeting: Meeting) -> Window:
    """Open from the meeting's start until the end of the 14th day after it (Europe/Amsterdam)."""
    local_start = timezone.localtime(meeting.start)
    last_day = local_start.date() + dt.timedelta(days=OPEN_DAYS + 1)
    closes_at = timezone.make_aware(dt.datetime.combine(last_day, dt.time.min))
    return Window(meeting.start, closes_at)


def is_open(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    return not meeting.is_cancelled and window_of(meeting).is_open(now or timezone.now())
