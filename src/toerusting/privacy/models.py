"""A member's request to delete their account, and the retention period an organisation set."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletionRequest(models.Model):
    """The member asked to delete their account; on `due_at` the task worker deletes it, unless the member
    logged in before that (which cancels the request)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    due_at = models.DateTimeField(_("deleted at"), db_index=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.due_at:%Y-%m-%d}"


class RetentionPeriod(models.Model):
    """How many months after a member's last functie in the organisation ends their learning data there is
    anonymised (settings.RETENTION_DEFAULT_MONTHS when the griffie set nothing)."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    months = models.PositiveSmallIntegerField(
        _("months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.months}"
