"""Open badges: what a council awards (a badge definition, an Achievement in Open Badges 3.0 terms) and who
earned it (an award, with its signed credential and the member's choices about sharing)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Design(models.TextChoices):
    """The built-in images (static/badges/designs/<value>.svg)."""

    SCHILD = "schild", _("Shield")
    STER = "ster", _("Star")
    ZEGEL = "zegel", _("Seal")
    LINT = "lint", _("Ribbon")


class Rule(models.TextChoices):
    TRAINING = "training", _("Present at a training of the term plan")
    MODULES = "modules", _("Completed a set of catalogue items")


class BadgeDefinition(models.Model):
    """A badge an organisation awards, and the rule that earns it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=1000)
    criteria = models.TextField(_("criteria in words"), max_length=1000)
    design = models.CharField(_("image"), max_length=20, choices=Design.choices, default=Design.SCHILD)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    activity = models.ForeignKey(
        "planner.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training of the term plan"),
    )
    items = models.ManyToManyField(
        "catalogue.LearningItem", blank=True, related_name="+", verbose_name=_("catalogue items")
    )
    is_active = models.BooleanField(_("awarded now"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


def new_salt() -> str:
    return secrets.token_hex(16)


class Award(models.Model):
    """A badge earned by a member, with the credential signed when it was awarded (or last re-issued)."""

    definition = models.ForeignKey(BadgeDefinition, on_delete=models.CASCADE, related_name="awards")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    awarded_at = models.DateTimeField(_("awarded"))
    # The salt of the hashed e-mail address in the credential (Open Badges' IdentityObject).
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    include_name = models.BooleanField(_("show my name in the badge"), default=False)
    is_public = models.BooleanField(_("share on a public page"), default=False)
    credential = models.TextField(_("signed credential (VC-JWT)"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The award's bit in its issuer's revocation list (W3C Bitstring Status List): the issuing organisation
    # and a random position, unique per organisation. Empty for awards signed before the list existed.
    status_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("awarded badge")
        verbose_name_plural = _("awarded badges")
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "user"], name="one_award_per_badge"),
            models.UniqueConstraint(
                fields=["status_organisation", "status_index"], name="one_award_per_status_bit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id}:{self.user_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
