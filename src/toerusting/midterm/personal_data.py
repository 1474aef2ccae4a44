"""The mid-term reflection's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase").

Answers hold no member (only a one-way marker that cannot be joined back), so the only link to a member is
the griffie who opened a reflection."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.midterm.models import MidtermReflection
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the mid-term reflections the member opened."""
    return [
        section(
            "midterm.midtermreflection",
            _("Mid-term reflections you opened"),
            (
                {_("Title"): r.title, _("Open from"): r.opens_on, _("Open until"): r.closes_on}
                for r in MidtermReflection.objects.filter(created_by_id=user.pk).order_by("opens_on")
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": the reflection stays (it is the council's), without the member."""
    reflections = MidtermReflection.objects.filter(created_by_id=user.pk)
    if organisation is not None:
        reflections = reflections.filter(organisation=organisation)
    return {"midterm.midtermreflection": reflections.update(created_by=None)}
