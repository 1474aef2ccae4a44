"""LTI 1.3 platforms (a RIS or a learning platform) registered per organisation, and the short-lived state
of their launches.

A registration names the platform (issuer, client id, deployments, its OIDC authorisation and token URLs,
its key set). Behind each registration stands a RIS connection of the embed app: LTI launches map to
members and open tab sessions exactly as the signed launch of the RIS tab does.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_deployment_ids(value: object) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one deployment id."))
    for deployment in value:
        if not isinstance(deployment, str) or not 0 < len(deployment) <= 255:
            raise ValidationError(
                _("A deployment id is text of 1 to 255 characters: %(value)r."), params={"value": deployment}
            )


class MemberRoleDefault(models.TextChoices):
    NONE = "", _("none: link existing members only")
    RAADSLID = "raadslid", _("raadslid")
    BURGERLID = "burgerlid", _("burgerlid (commissielid)")
    STATENLID = "statenlid", _("Statenlid")
    AB_LID = "ab_lid", _("member of the general board (waterschap)")


class PlatformRegistration(models.Model):
    """An LTI 1.3 platform that may launch Toerusting for one organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="lti_registrations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example the name of the RIS."))
    issuer = models.URLField(_("issuer"), max_length=300, help_text=_("The platform's iss claim."))
    client_id = models.CharField(
        _("client id"), max_length=200, help_text=_("The id the platform gave Toerusting (aud claim).")
    )
    deployment_ids = models.JSONField(
        _("deployment ids"),
        default=list,
        validators=[validate_deployment_ids],
        help_text=_("The deployment ids of this platform that may launch Toerusting."),
    )
    auth_login_url = models.URLField(
        _("authorisation URL"), max_length=500, help_text=_("The platform's OIDC authorisation endpoint.")
    )
    token_url = models.URLField(
        _("token URL"),
        max_length=500,
        blank=True,
        help_text=_("The platform's OAuth 2 token endpoint (for services; not needed for launches)."),
    )
    jwks_url = models.URLField(
        _("key set URL"), max_length=500, help_text=_("Where the platform publishes its public keys (JWKS).")
    )
    member_role = models.CharField(
        _("role for new accounts"),
        max_length=20,
        blank=True,
        choices=MemberRoleDefault.choices,
        help_text=_(
            "When set, a learner the platform names who has no account yet gets a member account with "
            "this role (unless the launch names another member role)."
        ),
    )
    connection = models.OneToOneField(
        "embed.RisConnection", on_delete=models.PROTECT, related_name="+", editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_registration_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class LaunchState(models.Model):
    """One login initiation: the state and nonce we sent to the platform, used at most once."""

    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64)
    registration = models.ForeignKey(PlatformRegistration, on_delete=models.CASCADE, related_name="+")
    user_agent_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.state


class UsedNonce(models.Model):
    """Every nonce of an accepted id_token, kept until it expires: the same message is taken only once."""

    registration = models.ForeignKey(PlatformRegistration, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "nonce"], name="lti_nonce_once")]

    def __str__(self) -> str:
        return self.nonce


class DeepLinkRequest(models.Model):
    """A deep-linking request of a platform, waiting while its user picks a meeting or agenda item."""

    key = models.CharField(max_length=64, unique=True)
    registration = models.ForeignKey(PlatformRegistration, on_delete=models.CASCADE, related_name="+")
    deployment_id = models.CharField(max_length=255)
    return_url = models.URLField(max_length=1000)
    data = models.TextField(blank=True)
    multiple = models.BooleanField(default=False)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
