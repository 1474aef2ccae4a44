"""The questions of the residents' feedback form and the minimum group size; no database."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from toerusting.agreement import Statement

# Figures and comments of a quarter are shown only from this many responses on (k-anonymity).
MIN_RESPONSES = 10
MAX_COMMENT_LENGTH = 1000


Question = Statement


QUESTIONS = (
    Question(
        "clear_decision", _("It was clear to me what the council decided."), _("Clear what was decided")
    ),
    Question("understandable", _("I could follow the debate."), _("Debate understandable")),
    Question("heard", _("I felt that residents were heard."), _("Residents heard")),
    Question("trust", _("I trust that the council weighs the interests of residents."), _("Trust")),
)
FIELDS = tuple(question.field for question in QUESTIONS)
