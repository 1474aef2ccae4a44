"""What the matching engine concluded for each agenda item, stored so that pages never analyse text.

The analysis and the ranked recommendations are replaced whenever the item is synced again or the catalogue
changes. The griffie's curation (pin or hide an item) is kept apart, keyed to the meeting or agenda item,
so it survives re-sync and re-matching.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgendaItemAnalysis(models.Model):
    agenda_item = models.OneToOneField("agenda.AgendaItem", on_delete=models.CASCADE, related_name="analysis")
    procedural = models.BooleanField(_("procedural"), default=False)
    topics = models.JSONField(_("topics"), default=list)  # [{"code": str, "score": float}], main topic first
    instrument = models.CharField(_("council instrument"), max_length=40, blank=True)
    instrument_score = models.FloatField(default=0.0)
    explanation = models.JSONField(default=dict)
    analysed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda item analysis")
        verbose_name_plural = _("agenda item analyses")

    def __str__(self) -> str:
        return f"{self.agenda_item_id}: {self.instrument or '-'}"


class AgendaItemMatch(models.Model):
    """A learning item the matching engine found for an agenda item, stored at sync time with its rank and
    reason. (Not to be confused with a colleague sending an item, catalogue.ColleagueTip, nor with the
    engine's in-memory result, matching.RankedItem.)"""

    # No index of its own: the unique (agenda_item, item) constraint's index leads with it.
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    item = models.ForeignKey("catalogue.LearningItem", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reason = models.CharField(max_length=300)  # in Dutch; pages render reason_data in the reader's language
    reason_data = models.JSONField(default=dict)  # matching.reasons.Why.as_data()
    # The item's audience roles, copied at matching time so pages can put items for the member's own
    # roles first without another query.
    audience = models.JSONField(default=list)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "item"], name="match_once_per_agenda_item")
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item_id} → {self.item_id} ({self.rank})"


class CurationAction(models.TextChoices):
    PIN = "pin", _("recommended by the griffie")
    HIDE = "hide", _("hidden by the griffie")


class Curation(models.Model):
    """The griffie pins a catalogue item to a meeting or agenda item, or hides a recommendation."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        "agenda.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="curations"
    )
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem", on_delete=models.CASCADE, null=True, blank=True, related_name="curations"
    )
    item = models.ForeignKey("catalogue.LearningItem", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=4, choices=CurationAction.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("curation")
        verbose_name_plural = _("curations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting__isnull=False) & Q(agenda_item__isnull=True))
                | (Q(meeting__isnull=True) & Q(agenda_item__isnull=False)),
                name="curation_on_meeting_or_item",
            ),
            models.UniqueConstraint(fields=["meeting", "item"], name="curation_once_per_meeting"),
            models.UniqueConstraint(fields=["agenda_item", "item"], name="curation_once_per_agenda_item"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"
