"""The recommendations' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.recommendations.models import Curation


def export(user: Any) -> list[Section]:
    """The changes the member (as griffier) made to the recommendations."""
    return [
        section(
            "recommendations.curation",
            _("Changes you made to the recommendations"),
            (
                {
                    _("Item"): curation.item.title,
                    _("Action"): curation.get_action_display(),
                    _("Date"): curation.created_at,
                }
                for curation in Curation.objects.filter(created_by_id=user.pk).select_related("item")
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """A curation stays (it is the organisation's choice, not the member's data), without who made it."""
    curations = Curation.objects.filter(created_by_id=user.pk)
    if organisation is not None:
        curations = curations.filter(organisation=organisation)
    return {"recommendations.curation": curations.update(created_by=None)}
