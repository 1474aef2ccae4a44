"""Open badges' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase"): the badges the
member earned, with their choices. Erasing removes the awards; the verification page then says that the
issuer no longer knows the badge. A badge definition is the council's and stays."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.badges.models import Award
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data"."""
    return [
        section(
            "badges.award",
            _("Badges you earned"),
            (
                {
                    _("Badge"): a.definition.name,
                    _("Organisation"): a.definition.organisation.name,
                    _("Awarded"): a.awarded_at,
                    _("Shared on a public page"): a.is_public,
                    _("Name in the badge"): a.include_name,
                    _("Revoked"): a.revoked_at,
                    _("Reason"): a.revoked_reason,
                    _("Signed credential (VC-JWT)"): a.credential,
                }
                for a in Award.objects.filter(user_id=user.pk)
                .select_related("definition__organisation")
                .order_by("awarded_at", "pk")
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the member's badges; within an organisation, only its badges."""
    awards = Award.objects.filter(user_id=user.pk)
    if organisation is not None:
        awards = awards.filter(definition__organisation=organisation)
    deleted, _rows = awards.delete()
    return {"badges.award": deleted}
