"""E-mail notifications: a member's language and choices per kind of message, and what was sent.

The kinds are fixed here (`Kind`); every app sends through `services.send`. A kind that the law treats as
marketing-like (the weekly digest) is sent only after an opt-in; transactional messages (a confirmation of
a sign-up) are sent unless the member switched them off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SIGNUP = "inschrijving", _("Sign-ups: confirmations and waiting list")
    DIGEST = "weekoverzicht", _("Weekly digest: what to prepare for the coming meetings")
    REVIEW = "evaluatiemoment", _("Reminders of a review moment in my development plan")
    COLLEAGUE_TIP = "tip_van_collega", _("Items a colleague sent me")
    DEAD_LINK = "dode_link", _("Links in our council's own offer that stopped working (griffie)")
    BADGE = "badge", _("Badges I earned")


# Kinds sent only to members who chose them (opt-in); all others are sent unless switched off.
OPT_IN = frozenset({Kind.DIGEST})


class Preference(models.Model):
    """The language a member's e-mails are written in (Dutch unless English is chosen)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        _("language of e-mails"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Subscription(models.Model):
    """A member's explicit choice for one kind; without a row the kind's default applies (OPT_IN)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subscribed = models.BooleanField(_("receive"))
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("e-mail choice")
        verbose_name_plural = _("e-mail choices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}={self.subscribed}"


class Delivery(models.Model):
    """A message that was sent. With a key (the week of a digest) it is sent at most once per member."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], condition=~Q(key=""), name="one_delivery_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}:{self.key}"
