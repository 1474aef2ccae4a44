"""The reports' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase"): who took the
organisation into the national monitor or out of it. The choice is the organisation's and stays; the link to
the member and their name go."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.reports.models import MonitorOptIn


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the member's choices about the national monitor."""
    return [
        section(
            "reports.monitoroptin",
            _("National monitor: chosen by you"),
            (
                {
                    _("Organisation"): choice.organisation.name,
                    _("Takes part"): choice.takes_part,
                    _("Changed"): choice.changed_at,
                }
                for choice in MonitorOptIn.objects.filter(changed_by_id=user.pk).select_related(
                    "organisation"
                )
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the choice stays, without the member; within an organisation, only its
    own."""
    choices = MonitorOptIn.objects.filter(changed_by_id=user.pk)
    if organisation is not None:
        choices = choices.filter(organisation=organisation)
    return {"reports.monitoroptin": choices.update(changed_by=None, changed_by_name="")}
