"""A RIS connected to an organisation, the RIS users we know, used launch tokens and tab sessions.

A RIS vendor signs a short-lived launch token (JWT) with the connection's key. We check it, map the RIS
user to a member, and give the tab a short-lived session key that travels in the tab's own URLs, so the
tab works when the browser blocks third-party cookies.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from toerusting.encryption import EncryptedTextField

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _origin_problem(origin: Any) -> str | None:
    """Why this is not an origin a RIS may frame the tab from, or None when it is one."""
    if not isinstance(origin, str) or not origin.strip():
        return str(_("an origin is a text such as https://ris.example.nl"))
    if "*" in origin:
        return str(_("wildcards (*) are not allowed: name each origin"))
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return str(_("not a valid origin"))
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"https", "http"} or not host:
        return str(_("use scheme and host, for example https://ris.example.nl"))
    if parts.username is not None or parts.password is not None:
        return str(_("no user name or password in an origin"))
    if parts.path not in {"", "/"} or parts.query or parts.fragment or origin.endswith("/"):
        return str(_("only scheme, host and port: no path, query or trailing slash"))
    if port is not None and not 0 < port < 65536:
        return str(_("not a valid port"))
    if parts.scheme == "http":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host in LOOPBACK_HOSTS
        if not loopback:
            return str(_("use https (http only for localhost)"))
    return None


def validate_frame_origins(value: Any) -> None:
    """A list of origins (scheme + host [+ port]); https, except for loopback addresses; no wildcards."""
    if not isinstance(value, list):
        raise ValidationError(_('Give a list of origins, for example ["https://ris.example.nl"].'))
    problems = [f"{origin!r}: {problem}" for origin in value if (problem := _origin_problem(origin))]
    if problems:
        raise ValidationError(
            _("Origins that may frame the tab: %(problems)s."), params={"problems": "; ".join(problems)}
        )


class SigningAlgorithm(models.TextChoices):
    HS256 = "HS256", _("HS256 (shared secret)")
    RS256 = "RS256", _("RS256 (RSA public key)")
    ES256 = "ES256", _("ES256 (EC public key)")


class RisConnection(models.Model):
    """A council information system that may launch and frame the tab for one organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="ris_connections",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example iBabs or Notubiz."))
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        unique=True,
        help_text=_("The iss claim of its launch tokens, for example https://lindenwaard.ris.example."),
    )
    algorithm = models.CharField(_("signing algorithm"), max_length=5, choices=SigningAlgorithm.choices)
    # The key is stored encrypted and never shown again (docs/security.md). A second key, `next_key`, is
    # accepted too while a vendor switches to it (rotation without downtime); promoting it retires the old.
    key = EncryptedTextField(
        _("verification key"),
        help_text=_(
            "The shared secret (HS256, at least 32 characters) or the PEM public key (RS256, ES256)."
        ),
    )
    key_id = models.CharField(
        _("key id (kid)"),
        max_length=100,
        blank=True,
        help_text=_("The kid in the header of tokens signed with this key, if the RIS sends one."),
    )
    key_changed_at = models.DateTimeField(_("key last changed"), null=True, blank=True)
    next_key = EncryptedTextField(
        _("next verification key"),
        blank=True,
        help_text=_("Accepted next to the current key while the RIS switches to it."),
    )
    next_key_id = models.CharField(_("key id (kid) of the next key"), max_length=100, blank=True)
    next_key_added_at = models.DateTimeField(_("next key added"), null=True, blank=True)
    frame_origins = models.JSONField(
        _("origins that may frame the tab"),
        default=list,
        validators=[validate_frame_origins],
        help_text=_(
            'For example ["https://lindenwaard.ris.example"]: scheme, host and port only; https, except for '
            "localhost; no wildcards."
        ),
    )
    agenda_source = models.CharField(
        _("agenda source"),
        max_length=30,
        blank=True,
        help_text=_("Which agenda source holds this RIS's meeting ids (for example notubiz or push)."),
    )
    create_accounts = models.BooleanField(
        _("create accounts on first launch"),
        default=False,
        help_text=_("Create a member for an unknown RIS user whose role and fractie the token names."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("RIS connection")
        verbose_name_plural = _("RIS connections")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class RisIdentity(models.Model):
    """A RIS user id mapped to one of our users."""

    connection = models.ForeignKey(RisConnection, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(_("RIS user id"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ris_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_launch_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("RIS identity")
        verbose_name_plural = _("RIS identities")
        constraints = [models.UniqueConstraint(fields=["connection", "subject"], name="ris_identity_unique")]

    def __str__(self) -> str:
        return f"{self.connection.name}:{self.subject}"


class UsedLaunchToken(models.Model):
    """The unique id (jti) of every accepted launch token, kept until it expires, against replay."""

    connection = models.ForeignKey(RisConnection, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=200)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "jti"], name="launch_token_once")]

    def __str__(self) -> str:
        return self.jti


class TabSession(models.Model):
    """A short-lived session of the tab; its key travels in the tab's URLs and in a partitioned cookie.

    It is bound to the user, the RIS connection and the browser that launched it (a digest of its
    User-Agent); it ends at `expires_at`, on logout, when the account is disabled, or when the griffie
    ends it.
    """

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(RisConnection, on_delete=models.CASCADE, related_name="sessions")
    user_agent_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.connection_id}"
