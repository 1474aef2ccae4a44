"""The training budget's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.appendonly import anonymisation
from toerusting.budgets.models import AuditEntry, Claim
from toerusting.personaldata import Section, section

# The name that replaces an erased member's name in the budget's trail.
ANONYMOUS_NAME = "(verwijderd)"


def export(user: Any) -> list[Section]:
    """The member's budget requests and what they did in the budget's trail."""
    claims = (
        Claim.objects.filter(person__user_id=user.pk).select_related("organisation").order_by("created_at")
    )
    return [
        section(
            "budgets.claim",
            _("Training budget requests"),
            (
                {
                    _("Organisation"): claim.organisation.name,
                    _("Course"): claim.course,
                    _("Provider"): claim.provider,
                    _("Date of the course"): claim.course_date,
                    _("Cost"): claim.amount,
                    _("Why"): claim.explanation,
                    _("Status"): claim.get_status_display(),
                    _("Reason"): claim.decision_note,
                }
                for claim in claims
            ),
        ),
        section(
            "budgets.auditentry",
            _("Training budget: what you did"),
            (
                {_("When"): entry.at, _("What"): entry.get_action_display(), _("Note"): entry.note}
                for entry in AuditEntry.objects.filter(actor_id=user.pk).order_by("at", "pk")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The financial administration keeps budget requests and the budget's trail (amounts, dates, decisions)
    for the legal retention period: they are anonymised, not deleted. The request keeps its (then nameless)
    person; the member's explanation goes; in the trail, who did it becomes an anonymous mark."""
    claims = Claim.objects.filter(person__user_id=user.pk)
    entries = AuditEntry.objects.filter(actor_id=user.pk)
    if organisation is not None:
        claims = claims.filter(organisation=organisation)
        entries = entries.filter(organisation=organisation)
    with anonymisation():
        changed_entries = entries.update(actor=None, actor_name=ANONYMOUS_NAME)
    return {
        "budgets.claim": claims.exclude(explanation="").update(explanation=""),
        "budgets.auditentry": changed_entries,
    }
