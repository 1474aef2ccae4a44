"""Residents' feedback on the council's work ("inwoners in beeld").

Anonymity is a property of the schema:
- `FeedbackResponse` holds the scores of one response with its organisation and its quarter only: no time,
  no address, no user, a random UUID key (so neither an id sequence nor a creation time orders them).
- `FeedbackComment` holds an optional comment apart from the scores given with it, with the same columns,
  so a comment cannot be tied to its scores either.
The client's address is never stored: the rate limit keeps a keyed hash of it in the cache for an hour.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackSetting(models.Model):
    """Whether the organisation's public feedback form is open, and who last changed that."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    is_open = models.BooleanField(_("form open"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("residents' feedback setting")
        verbose_name_plural = _("residents' feedback settings")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {'open' if self.is_open else 'closed'}"


class FeedbackResponse(models.Model):
    """One resident's scores, with the quarter they were given in and optionally the meeting they are
    about; nothing that points at the resident."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("quarter"))
    meeting = models.ForeignKey(
        "agenda.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clear_decision = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    understandable = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    heard = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    trust = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)

    class Meta:
        verbose_name = _("residents' feedback response")
        verbose_name_plural = _("residents' feedback responses")
        indexes = [models.Index(fields=["organisation", "period_start"], name="citizen_response_period")]

    def __str__(self) -> str:
        return str(self.pk)


class FeedbackComment(models.Model):
    """An optional comment, stored apart from the scores given with it; only the griffie reads it, and
    only when the quarter has enough responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("quarter"))
    text = models.TextField(max_length=1000)

    class Meta:
        verbose_name = _("residents' feedback comment")
        verbose_name_plural = _("residents' feedback comments")
        indexes = [models.Index(fields=["organisation", "period_start"], name="citizen_comment_period")]

    def __str__(self) -> str:
        return str(self.pk)


class CouncilReaction(models.Model):
    """The council's public reaction to a quarter's results, written by the griffie."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("quarter"))
    text = models.TextField(_("reaction of the council"), max_length=3000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("council's reaction")
        verbose_name_plural = _("council's reactions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period_start"], name="one_reaction_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.period_start}"
