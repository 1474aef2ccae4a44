"""Learning traces of one member. Private: only the member sees their answers and reflections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Progress(models.Model):
    """Where a member is with one item: started, at which step, completed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress")
    item = models.ForeignKey("catalogue.LearningItem", on_delete=models.CASCADE, related_name="progress")
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="one_progress_per_item")]
        indexes = [models.Index(fields=["user", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.item_id} (step {self.current_step})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    """The member's latest answer to a question of a micro-module."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("catalogue.Question", on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey("catalogue.Option", on_delete=models.CASCADE, related_name="+")
    is_correct = models.BooleanField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.question_id} → {self.option_id}"


class Reflection(models.Model):
    """A private note of the member on an item; nobody else can read it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections")
    item = models.ForeignKey("catalogue.LearningItem", on_delete=models.CASCADE, related_name="reflections")
    text = models.TextField(_("reflection"), max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="one_reflection_per_item")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.item_id}"
