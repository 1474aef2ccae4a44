"""Reads of the audit trail: an organisation's events, newest first, for its griffie and the operator."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from toerusting.audit.models import Action, AuditEvent

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

ACTIONS = Action


def events_of(
    organisation: Organisation,
    *,
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's events (never another's), filtered; one query however many are read."""
    events = AuditEvent.objects.filter(organisation=organisation)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__date__gte=since)
    if until is not None:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-pk")
