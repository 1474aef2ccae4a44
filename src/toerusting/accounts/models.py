"""User accounts. Who a user is in a council (person, roles) lives in the organisations app."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Linked to at most one Person (organisations.Person.user)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class LoginFailure(models.Model):
    """One failed login, kept for the rate-limit window only."""

    username = models.CharField(_("username"), max_length=150, db_index=True)
    client_address = models.CharField(_("client address"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} @ {self.client_address}"


class LoginSession(models.Model):
    """A session opened by logging in on the site, so that the member can see where they are logged in and
    end a session (a lost phone, a shared computer at the town hall). The key is the session's own key, used
    only to end it; it is never shown."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=64, unique=True)
    device = models.CharField(_("device"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("logged in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.device})"


class ResetRequest(models.Model):
    """One request for a password-reset link, kept for the rate-limit window only. The address is stored
    case-folded whether or not an account has it, so that the limit says nothing about who has an account."""

    email = models.CharField(_("e-mail address"), max_length=254, db_index=True)
    client_address = models.CharField(_("client address"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self) -> str:
        return f"{self.email} @ {self.client_address}"
