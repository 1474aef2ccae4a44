"""Reflection in the council's rhythm: a meeting's question, an anonymous pulse after it, a private journal.

Anonymity of the pulse is a property of the schema, not of the code that reads it:
- `PulseResponse` (the scores) and `PulseComment` (the optional comments) have no user, no time and no date,
  and a random UUID as primary key, so neither an id sequence nor a creation time orders them.
- `PulseMarker` records that somebody answered a meeting's pulse: an HMAC of member and meeting, one-way, with
  a random UUID key and no time, meeting or other column shared with the answers. Nothing joins a marker to a
  response or a comment.
Scores and comments are separate tables, so a comment cannot be tied to the scores given with it either.

The journal (`JournalEntry`) is private: its text is stored encrypted with a key per member (see crypto.py);
the model is never registered in the admin.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class MeetingQuestion(models.Model):
    """The reflection question (wezensvraag) for the start of a meeting: one of the library or the
    griffie's own words."""

    meeting = models.OneToOneField(
        "agenda.Meeting",
        on_delete=models.CASCADE,
        related_name="reflection_question",
        verbose_name=_("meeting"),
    )
    library_key = models.CharField(_("question from the library"), max_length=80, blank=True)
    own_text = models.TextField(_("own question"), max_length=500, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflection question of a meeting")
        verbose_name_plural = _("reflection questions of meetings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(library_key="") & ~models.Q(own_text=""))
                | (~models.Q(library_key="") & models.Q(own_text="")),
                name="question_from_library_or_own",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.library_key or self.own_text[:40]}"


class PulseResponse(models.Model):
    """One member's scores for a meeting, without the member: no user, no time or date (which an access
    log line of the same day could otherwise tie to the member), a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey("agenda.Meeting", on_delete=models.CASCADE, related_name="+")
    information = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    debate = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    residents = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    tone = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)

    class Meta:
        verbose_name = _("pulse response")
        verbose_name_plural = _("pulse responses")
        indexes = [models.Index(fields=["meeting"], name="pulse_response_meeting")]

    def __str__(self) -> str:
        return str(self.pk)


class PulseComment(models.Model):
    """An optional comment of the pulse, stored apart from the scores given with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey("agenda.Meeting", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=1000)

    class Meta:
        verbose_name = _("pulse comment")
        verbose_name_plural = _("pulse comments")
        indexes = [models.Index(fields=["meeting"], name="pulse_comment_meeting")]

    def __str__(self) -> str:
        return str(self.pk)


class PulseMarker(models.Model):
    """That a member answered a meeting's pulse: HMAC(member id, meeting id) with a key derived from the
    server secret. One-way, and it shares no column with the answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    marker = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("pulse marker")
        verbose_name_plural = _("pulse markers")

    def __str__(self) -> str:
        return str(self.pk)


class JournalKind(models.TextChoices):
    FREE = "free", _("free entry")
    MEETING = "meeting", _("about a meeting")
    PULSE = "pulse", _("pulse comment")


class JournalEntry(models.Model):
    """An entry of a member's private journal. `ciphertext` is AES-GCM with the member's own key; the
    plaintext exists only in memory while the member reads, searches or exports."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(max_length=20, choices=JournalKind.choices, default=JournalKind.FREE)
    meeting = models.ForeignKey(
        "agenda.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["user", "created_at"], name="journal_user_created")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.pk}"
