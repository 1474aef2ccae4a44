"""Reads of a member's own learning. Every function is about the requesting user only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from toerusting.learning.models import Answer, Progress, Reflection
from toerusting.organisations.selectors import user_id_of

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem, Option, Question
    from toerusting.organisations.selectors import AnyUser


@dataclass
class Step:
    number: int
    kind: str  # section | question | case | reflection
    title: str
    obj: Any = None


def module_steps(item: LearningItem) -> list[Step]:
    """The player's steps: the reading sections, each question, the case, and the reflection."""
    steps: list[Step] = []
    for section in item.sections.all():
        steps.append(Step(len(steps) + 1, "section", section.title, section))
    questions = list(item.questions.all())
    for index, question in enumerate(questions, start=1):
        title = _("Question %(number)s of %(total)s") % {"number": index, "total": len(questions)}
        steps.append(Step(len(steps) + 1, "question", title, question))
    case = getattr(item, "case", None)
    if case is not None:
        steps.append(Step(len(steps) + 1, "case", case.title, case))
    steps.append(Step(len(steps) + 1, "reflection", _("Reflection")))
    return steps


def progress_for_user(user: AnyUser, item: LearningItem) -> Progress | None:
    if not user.is_authenticated:
        return None
    return Progress.objects.filter(user_id=user_id_of(user), item=item).first()


def answers_for_user(user: AnyUser, item: LearningItem) -> dict[int, Answer]:
    """The user's answers to the questions of the item, by question id."""
    answers = Answer.objects.filter(user_id=user_id_of(user), question__item=item).select_related("option")
    return {answer.question_id: answer for answer in answers}


@dataclass
class QuestionResult:
    question: Question
    answer: Answer | None
    correct_option: Option | None


@dataclass
class Score:
    correct: int
    total: int
    results: list[QuestionResult]

    @property
    def unanswered(self) -> int:
        return sum(1 for result in self.results if result.answer is None)


def score_for_user(user: AnyUser, item: LearningItem, steps: list[Step] | None = None) -> Score:
    """The user's score on the module's questions, with the right answer to each (options are prefetched).
    Without `steps`, the questions are the module's own (the RIS tab shows no steps)."""
    answers = answers_for_user(user, item)
    questions = (
        [step.obj for step in steps if step.kind == "question"]
        if steps is not None
        else list(item.questions.all())
    )
    results = [
        QuestionResult(
            question,
            answers.get(question.pk),
            next((option for option in question.options.all() if option.is_correct), None),
        )
        for question in questions
    ]
    correct = sum(1 for r in results if r.answer is not None and r.answer.option.is_correct)
    return Score(correct, len(results), results)


def reflection_for_user(user: AnyUser, item: LearningItem) -> Reflection | None:
    return Reflection.objects.filter(user_id=user_id_of(user), item=item).first()


def reflections_of(user: AnyUser) -> QuerySet[Reflection]:
    """All of the member's own module reflections, newest first, with the item's title (for the journal)."""
    return (
        Reflection.objects.filter(user_id=user_id_of(user))
        .select_related("item")
        .only("pk", "text", "updated_at", "item__slug", "item__title")
        .order_by("-updated_at", "-pk")
    )


def my_progress(user: AnyUser) -> QuerySet[Progress]:
    """The user's progress on items still visible to them, most recent first."""
    return (
        Progress.objects.filter(user_id=user_id_of(user), item__is_published=True)
        .select_related("item")
        .order_by("-updated_at")
    )


def completed_item_ids_of(user_id: int) -> set[int]:
    """Ids of the items the user with this id has completed (for a checklist shown to the griffie too)."""
    return set(
        Progress.objects.filter(user_id=user_id, completed_at__isnull=False).values_list("item_id", flat=True)
    )


def completed_item_ids(user: AnyUser) -> set[int]:
    """Ids of the items the user has completed (to leave them out of recommendations)."""
    return set(
        Progress.objects.filter(user_id=user_id_of(user), completed_at__isnull=False).values_list(
            "item_id", flat=True
        )
    )


def users_who_completed(user_ids: set[int], since: dt.date | None = None) -> set[int]:
    """Which of these users completed at least one item (since the day, if given); one query, for reports
    that count and never name."""
    progress = Progress.objects.filter(user_id__in=sorted(user_ids), completed_at__isnull=False)
    if since is not None:
        progress = progress.filter(completed_at__date__gte=since)
    return set(progress.values_list("user_id", flat=True).distinct())
