"""The accounts' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext as _

from toerusting.accounts.models import LoginSession, User
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the account itself and the sessions opened by logging in."""
    account = User.objects.get(pk=user.pk)
    return [
        section(
            "accounts.user",
            _("Account"),
            [
                {
                    _("Username"): account.username,
                    _("Name"): account.get_full_name(),
                    _("E-mail address"): account.email,
                    _("Account created"): account.date_joined,
                    _("Last login"): account.last_login,
                }
            ],
        ),
        section(
            "accounts.loginsession",
            _("Login sessions"),
            (
                {_("Logged in at"): login_session.created_at, _("Device"): login_session.device}
                for login_session in LoginSession.objects.filter(user_id=user.pk)
            ),
        ),
        section(
            "admin.logentry",
            _("Changes in the administration"),
            (
                {
                    _("Time"): entry.action_time,
                    _("On"): entry.object_repr,
                    _("Change"): entry.get_change_message(),
                }
                for entry in LogEntry.objects.filter(user_id=user.pk).order_by("action_time")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the login sessions go (the account itself is deleted last, by the
    privacy app). Nothing of an account belongs to one organisation."""
    if organisation is not None:
        return {}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = list(LoginSession.objects.filter(user_id=user.pk))
    for login_session in sessions:
        store(session_key=login_session.session_key).delete()
    LoginSession.objects.filter(user_id=user.pk).delete()
    # The administration's own log of an operator's changes goes with the operator's account.
    return {
        "accounts.loginsession": len(sessions),
        "admin.logentry": LogEntry.objects.filter(user_id=user.pk).delete()[0],
    }
