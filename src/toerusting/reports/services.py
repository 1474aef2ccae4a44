"""Writes of the reports app: an organisation's choice to take part in the national monitor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toerusting.reports.models import MonitorOptIn

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser


def set_monitor_opt_in(user: AnyUser | None, organisation: Organisation, takes_part: bool) -> MonitorOptIn:
    """Record the griffie's choice, with who made it and when (None: the demo loader, as the system)."""
    name = ""
    if user is not None and user.is_authenticated:
        name = str(getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", ""))
    choice, _created = MonitorOptIn.objects.update_or_create(
        organisation=organisation,
        defaults={
            "takes_part": takes_part,
            "changed_by_id": user.pk if user is not None and user.is_authenticated else None,
            "changed_by_name": name,
        },
    )
    return choice
