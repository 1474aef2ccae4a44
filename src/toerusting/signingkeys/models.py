"""Toerusting's own signing keys (LTI tool messages, Open Badges, ...), per purpose and organisation.

The private key is stored encrypted (toerusting.encryption) and never shown. Rotation without downtime: the
new key signs at once; the previous one stays published (JWKS) and accepted for an overlap period, so that
what was signed with it, and verifiers that cached the old key set, keep working. After the overlap the
previous key is retired: its private half is erased, its public half stays so that long-lived signatures
(a badge) can still be verified.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toerusting.encryption import EncryptedTextField


class KeyAlgorithm(models.TextChoices):
    RS256 = "RS256", "RS256 (RSA 2048)"
    ES256 = "ES256", "ES256 (P-256)"
    EDDSA = "EdDSA", "EdDSA (Ed25519)"


class KeyState(models.TextChoices):
    ACTIVE = "active", _("active: signs")
    PREVIOUS = "previous", _("previous: still accepted during the overlap")
    RETIRED = "retired", _("retired: only verifies what it signed")


class SigningKey(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty for a key of Toerusting itself."),
    )
    purpose = models.CharField(_("purpose"), max_length=30)
    kid = models.CharField(_("key id"), max_length=64, unique=True)
    algorithm = models.CharField(_("algorithm"), max_length=5, choices=KeyAlgorithm.choices)
    private_key = EncryptedTextField(_("private key (encrypted)"), blank=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    state = models.CharField(_("state"), max_length=10, choices=KeyState.choices, default=KeyState.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retire_after = models.DateTimeField(_("accepted until"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["purpose", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose"],
                condition=Q(state="active", organisation__isnull=False),
                name="signingkey_one_active_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["purpose"],
                condition=Q(state="active", organisation__isnull=True),
                name="signingkey_one_active_of_toerusting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.kid} ({self.get_state_display()})"
