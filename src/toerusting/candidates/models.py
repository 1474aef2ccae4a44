"""The candidates' track: the griffie's information evenings and the sign-ups of visitors without an
account. A sign-up holds a name, an e-mail address and an optional question; it counts for a place only
once the visitor confirmed it through the signed link sent to that address (double opt-in), and it is
deleted CANDIDATES_SIGNUP_RETENTION_DAYS after the evening (operations.tasks.retention_task). The griffie can
change an evening until it has ended, and call it off: a called-off evening keeps its row and its sign-ups
(the retention job deletes those as for any other evening), marked by `cancelled_at`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InfoEvening(models.Model):
    """An information evening of the griffie for people who consider standing for election."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # Set once when the griffie calls the evening off; never cleared (a called-off evening is not reopened).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("information evening")
        verbose_name_plural = _("information evenings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["organisation", "starts_at"], name="evening_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="evening_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="evening_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("not confirmed yet")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class EveningSignup(models.Model):
    """A visitor's sign-up for an evening, without an account. The key is random, so that the signed links
    in the e-mails name no sequence number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evening = models.ForeignKey(InfoEvening, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    question = models.TextField(_("question"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.PENDING
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The language of the page the visitor signed up on (a code of settings.LANGUAGES): later e-mails about
    # the evening are written in it. Empty for sign-ups stored before it was kept; those get Dutch.
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("sign-up for an information evening")
        verbose_name_plural = _("sign-ups for information evenings")
        constraints = [models.UniqueConstraint(fields=["evening", "email"], name="one_signup_per_address")]

    def __str__(self) -> str:
        return f"{self.evening_id}: {self.status}"
