"""The learning app's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.learning.models import Answer, Progress, Reflection
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """Progress in modules, the answers given and the reflections written on a module."""
    return [
        section(
            "learning.progress",
            _("Progress in modules"),
            (
                {
                    _("Module"): progress.item.title,
                    _("Started"): progress.started_at,
                    _("Last activity"): progress.updated_at,
                    _("Completed"): progress.completed_at,
                }
                for progress in Progress.objects.filter(user_id=user.pk).select_related("item")
            ),
        ),
        section(
            "learning.answer",
            _("Answers to questions in modules"),
            (
                {
                    _("Question"): answer.question.prompt,
                    _("Your answer"): answer.option.text,
                    _("Correct"): answer.is_correct,
                    _("Date"): answer.answered_at,
                }
                for answer in Answer.objects.filter(user_id=user.pk).select_related("question", "option")
            ),
        ),
        section(
            "learning.reflection",
            _("Reflections on modules"),
            (
                {
                    _("Module"): reflection.item.title,
                    _("Reflection"): reflection.text,
                    _("Date"): reflection.updated_at,
                }
                for reflection in Reflection.objects.filter(user_id=user.pk).select_related("item")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """Reflections (free text) go. Progress and answers stay, moved to an anonymous account, so that the
    count of members who completed a module and the share of right answers per question stay true. A module
    belongs to no organisation: the retention rule of one organisation leaves it alone."""
    if organisation is not None:
        return {}
    moved_progress = moved_answers = 0
    if anonymous is not None:
        moved_progress = Progress.objects.filter(user_id=user.pk).update(user=anonymous)
        moved_answers = Answer.objects.filter(user_id=user.pk).update(user=anonymous)
    return {
        "learning.reflection": Reflection.objects.filter(user_id=user.pk).delete()[0],
        "learning.progress": moved_progress + Progress.objects.filter(user_id=user.pk).delete()[0],
        "learning.answer": moved_answers + Answer.objects.filter(user_id=user.pk).delete()[0],
    }
