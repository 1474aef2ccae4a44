"""Writes on a member's learning: start, answer, reflect, complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from toerusting import hooks, versions
from toerusting.learning.models import Answer, Progress, Reflection
from toerusting.organisations.selectors import user_id_of

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem, Option
    from toerusting.organisations.selectors import AnyUser


def start(user: AnyUser, item: LearningItem) -> Progress:
    progress, _created = Progress.objects.get_or_create(user_id=user_id_of(user), item=item)
    return progress


def move_to(user: AnyUser, item: LearningItem, step: int) -> Progress:
    """Remember the step the member is on, so the module resumes there."""
    progress = start(user, item)
    if progress.current_step != step:
        progress.current_step = step
        progress.save(update_fields=["current_step", "updated_at"])
    return progress


@transaction.atomic
def answer(user: AnyUser, option: Option) -> Answer:
    """Store the member's answer to the option's question (a new answer replaces the old one)."""
    start(user, option.question.item)
    stored, _created = Answer.objects.update_or_create(
        user_id=user_id_of(user),
        question=option.question,
        defaults={"option": option, "is_correct": option.is_correct},
    )
    return stored


def reflect(user: AnyUser, item: LearningItem, text: str) -> Reflection | None:
    """Save (or with empty text, delete) the member's private reflection on the item."""
    text = text.strip()
    if not text:
        Reflection.objects.filter(user_id=user_id_of(user), item=item).delete()
        return None
    reflection, _created = Reflection.objects.update_or_create(
        user_id=user_id_of(user), item=item, defaults={"text": text[:4000]}
    )
    return reflection


def delete_reflection(user: AnyUser, reflection_id: int) -> bool:
    """Delete one of the member's own reflections; another member's id deletes nothing."""
    deleted, _rows = Reflection.objects.filter(user_id=user_id_of(user), pk=reflection_id).delete()
    return bool(deleted)


def delete_all_reflections(user: AnyUser) -> int:
    deleted, _rows = Reflection.objects.filter(user_id=user_id_of(user)).delete()
    return deleted


def complete(user: AnyUser, item: LearningItem) -> Progress:
    progress = start(user, item)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
        versions.bump("user", progress.user_id)
        # Apps above (the open badges) react to a completed item; they never undo the completion.
        hooks.run("learning_completed", progress.user_id, item)
    return progress


def reopen(user: AnyUser, item: LearningItem) -> Progress:
    progress = start(user, item)
    progress.completed_at = None
    progress.current_step = 1
    progress.save(update_fields=["completed_at", "current_step", "updated_at"])
    versions.bump("user", progress.user_id)
    return progress
