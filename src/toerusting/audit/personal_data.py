"""The audit trail's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.appendonly import anonymisation
from toerusting.audit.models import AuditEvent
from toerusting.personaldata import Section, section

# The name that replaces an erased member's name in the trail.
ANONYMOUS_NAME = "(verwijderd)"
# The keys of an event's details that name the member the event was about (a user id).
SUBJECT_KEYS = ("user_id", "member")


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the events of the audit trail the member did."""
    events = AuditEvent.objects.filter(actor_id=user.pk).select_related("organisation").order_by("at", "pk")
    return [
        section(
            "audit.auditevent",
            _("Audit trail: what you did"),
            (
                {
                    _("Time"): event.at,
                    _("Organisation"): event.organisation.name if event.organisation else "",
                    _("Action"): event.get_action_display(),
                    _("On"): event.target,
                }
                for event in events
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any | None = None) -> dict[str, int]:
    """The hook "personal_data_erase": the trail keeps what happened and when, but no longer who did it
    (the link and the name are replaced by an anonymous mark), and a failed login no longer names the
    account it was for; within an organisation, only its events."""
    events = AuditEvent.objects.filter(actor_id=user.pk)
    # A failed login names the account it was for as text (no actor: nobody was logged in).
    failed = AuditEvent.objects.filter(actor__isnull=True, actor_name=user.get_username())
    if organisation is not None:
        events = events.filter(organisation=organisation)
        failed = failed.filter(organisation=organisation)
    # Events about the member done by someone else (a reset of their second login step, a sign-up by the
    # griffie on their behalf, their RIS tab sessions ended) keep what happened, not whom it was about.
    about = AuditEvent.objects.filter(Q(details__user_id=user.pk) | Q(details__member=user.pk))
    if organisation is not None:
        about = about.filter(organisation=organisation)
    with anonymisation():
        changed = events.update(actor=None, actor_name=ANONYMOUS_NAME)
        changed += failed.update(actor_name=ANONYMOUS_NAME)
        for event in about:
            details = {k: v for k, v in event.details.items() if k not in SUBJECT_KEYS}
            named = "user_id" in event.details  # these events carry the member's name as their target
            changed += AuditEvent.objects.filter(pk=event.pk).update(
                details=details, target=ANONYMOUS_NAME if named else event.target
            )
    return {"audit.auditevent": changed}
