"""The RIS tab's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.embed.models import RisIdentity, TabSession
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """Which RIS knows the member under which id, and the open sessions of the RIS tab."""
    return [
        section(
            "embed.risidentity",
            _("Links with your RIS"),
            (
                {
                    _("RIS"): identity.connection.name,
                    _("RIS user id"): identity.subject,
                    _("Linked on"): identity.created_at,
                    _("Last opened"): identity.last_launch_at,
                }
                for identity in RisIdentity.objects.filter(user_id=user.pk).select_related("connection")
            ),
        ),
        section(
            "embed.tabsession",
            _("Sessions of the RIS tab"),
            (
                {_("Started"): tab.created_at, _("Ends"): tab.expires_at}
                for tab in TabSession.objects.filter(user_id=user.pk)
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The links with the RIS and the tab's sessions go (within an organisation: its RIS connections)."""
    identities = RisIdentity.objects.filter(user_id=user.pk)
    sessions = TabSession.objects.filter(user_id=user.pk)
    if organisation is not None:
        identities = identities.filter(connection__organisation=organisation)
        sessions = sessions.filter(connection__organisation=organisation)
    return {"embed.tabsession": sessions.delete()[0], "embed.risidentity": identities.delete()[0]}
