"""The questions of the residents' feedback form and the minimum group size; no database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# Figures and comments of a quarter are shown only from this many responses on (k-anonymity).
MIN_RESPONSES = 10
MAX_COMMENT_LENGTH = 1000


@dataclass(frozen=True)
class Question:
    field: str
    text: StrOrPromise
    short: StrOrPromise


QUESTIONS = (
    Question(
        "clear_decision", _("It was clear to me what the council decided."), _("Clear what was decided")
    ),
    Question("understandable", _("I could follow the debate."), _("Debate understandable")),
    Question("heard", _("I felt that residents were heard."), _("Residents heard")),
    Question("trust", _("I trust that the council weighs the interests of residents."), _("Trust")),
)
FIELDS = tuple(question.field for question in QUESTIONS)

SCALE = (
    (1, _("strongly disagree")),
    (2, _("disagree")),
    (3, _("neutral")),
    (4, _("agree")),
    (5, _("strongly agree")),
)
