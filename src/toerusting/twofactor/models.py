"""Second factors of local accounts: an authenticator app (TOTP, RFC 6238) and one-time recovery codes.

The TOTP secret is stored encrypted (AES-GCM with a key derived from SECRET_KEY, the user's id as
authenticated data); a recovery code only as a keyed hash. See docs/adr/0004-two-factor.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TotpDevice(models.Model):
    """The authenticator app of one user. Unconfirmed (no `confirmed_at`) while the user enrols: it counts
    only once a first code proved that the app has the secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="totp_device",
        verbose_name=_("user"),
    )
    secret = models.BinaryField(_("secret (encrypted)"))
    # The last time step whose code was accepted: a code of that step or an earlier one is refused (replay).
    last_step = models.BigIntegerField(_("last time step used"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """One recovery code, usable once, kept only as a keyed hash (the code itself is shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recovery_codes",
        verbose_name=_("user"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="twofactor_code_once")]

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"


class EnrolmentDemand(models.Model):
    """The user must set up the second factor again at the next login: their factor was reset by the
    griffie or the operator (also for a member, for whom the second factor is otherwise optional)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_demand",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending set-up of the second step")
        verbose_name_plural = _("pending set-ups of the second step")

    def __str__(self) -> str:
        return str(self.user)


class Passkey(models.Model):
    """A security key or passkey (WebAuthn) of one user: used instead of a code of the app at the second
    step. Only the credential's id and public key are stored; the private key never leaves the device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="passkeys",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=60)
    # base64url of the credential id the authenticator chose (at most 1023 bytes).
    credential_id = models.CharField(_("credential id"), max_length=1400, unique=True)
    public_key = models.BinaryField(_("public key (COSE)"))
    sign_count = models.BigIntegerField(_("use counter"), default=0)
    transports = models.JSONField(_("transports"), default=list, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    # The use counter went back: the key may have been copied. It is refused until removed and added again.
    clone_warning_at = models.DateTimeField(_("possible copy noticed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
