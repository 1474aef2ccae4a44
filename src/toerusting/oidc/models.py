"""An organisation's own identity provider (OpenID Connect) and the links between its accounts and ours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from toerusting.encryption import EncryptedTextField


class MatchOn(models.TextChoices):
    EMAIL = "email", _("the verified e-mail address")
    CLAIM = "claim", _("an employee number, linked to an account beforehand")


class OidcProvider(models.Model):
    """One organisation's identity provider. The client secret is stored encrypted and never shown again."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    enabled = models.BooleanField(_("enabled"), default=False)
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_("The provider's issuer URL, exactly as in its discovery document."),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = EncryptedTextField(_("client secret (encrypted)"), blank=True)
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    match_on = models.CharField(
        _("match accounts on"), max_length=10, choices=MatchOn.choices, default=MatchOn.EMAIL
    )
    identity_claim = models.CharField(
        _("claim with the employee number"),
        max_length=100,
        blank=True,
        help_text=_("Only when accounts are matched on an employee number, for example employee_id."),
    )
    require_email_verified = models.BooleanField(
        _("require a verified e-mail address"),
        default=True,
        help_text=_("Refuse a login when the provider does not say the e-mail address is verified."),
    )
    create_accounts = models.BooleanField(
        _("create accounts for new members"),
        default=False,
        help_text=_("Only for a member role named in the role claim; never for the griffie or other roles."),
    )
    role_claim = models.CharField(
        _("claim with the role"), max_length=100, blank=True, default="toerusting_role"
    )
    provider_enforces_mfa = models.BooleanField(
        _("the provider asks for a second step itself"),
        default=False,
        help_text=_(
            "Tick only when the provider always asks for a second factor (multi-factor authentication) "
            "for these accounts. Then Toerusting does not ask for its own code after this login."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("identity provider of an organisation")
        verbose_name_plural = _("identity providers of organisations")

    def __str__(self) -> str:
        return f"{self.issuer} ({self.client_id})"

    @property
    def scope_list(self) -> list[str]:
        scopes = self.scopes.split()
        return scopes if "openid" in scopes else ["openid", *scopes]


class OidcIdentity(models.Model):
    """Which account a provider's subject (or employee number) stands for. Made at the first login matched on
    the verified e-mail address, or beforehand by the operator for employee numbers."""

    provider = models.ForeignKey(OidcProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(_("subject or employee number"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("linked on"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("link with the identity provider")
        verbose_name_plural = _("links with the identity provider")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="oidc_identity_unique")]

    def __str__(self) -> str:
        return self.subject
