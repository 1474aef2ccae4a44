"""Writes on the audit trail: record an event; the retention service removes events past their time.

Apps above this one call `record(...)` from the view or service where the privileged action happens; the
accounts and organisations apps, below it, announce theirs with the hook "audited" (settings.HOOKS), which
calls `record_from_hook`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from toerusting.accounts import services as account_services
from toerusting.appendonly import retention
from toerusting.audit.models import Action, AuditEvent
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

__all__ = ["Action", "delete_expired_events", "record", "record_from_hook"]


def _name(user: AnyUser | None) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else str(user.get_username())


def record(
    actor: AnyUser | None,
    organisation: Organisation | None,
    action: Action | str,
    target: str = "",
    **details: Any,
) -> AuditEvent:
    """Add one event. `details` holds plain values (ids, counts, old and new values), never secrets."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor_id=user.pk if user is not None else None,
        actor_name=_name(user) or str(details.pop("username", ""))[:200],
        action=str(action),
        target=str(target)[:300],
        details={key: value for key, value in details.items() if value is not None},
    )


def record_from_hook(
    actor: AnyUser | None,
    action: str,
    *,
    organisation: Organisation | None = None,
    target: str = "",
    **details: Any,
) -> None:
    """The hook "audited": an account event (login, password) is recorded for every organisation where the
    user has a current functie, so each griffie sees it in its own trail (once without an organisation when
    there is none); an organisation's event for that organisation."""
    if organisation is not None:
        record(actor, organisation, action, target, **details)
        return
    account = actor
    if account is None and details.get("username"):
        account = account_services.find_user_by_username(str(details["username"]))
        if account is None:
            # A name that is no account is often a password typed in the wrong field: not kept.
            details["username"] = ""
    # An operator belongs to no organisation in particular: their account events are the operator's trail.
    organisations = (
        list(organisation_selectors.organisations_for_user(account))
        if account is not None
        and getattr(account, "is_authenticated", False)
        and not getattr(account, "is_superuser", False)
        else []
    )
    targets: list[Organisation | None] = [*organisations] or [None]
    for each in targets:
        record(actor, each, action, target, **details)


@transaction.atomic
def delete_expired_events(now: dt.datetime | None = None) -> int:
    """Retention: events older than AUDIT_RETENTION_DAYS leave the trail (the only deletion there is)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with retention():
        deleted, _counts = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
