"""The parts of the week a member can offer for intervision: a weekday and a part of the day. No database."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

WEEKDAYS: tuple[tuple[str, StrOrPromise], ...] = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
)
PARTS: tuple[tuple[str, StrOrPromise], ...] = (
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
)
# Local start and end of a meeting in each part of the day (a meeting takes two and a half hours).
TIMES: dict[str, tuple[dt.time, dt.time]] = {
    "morning": (dt.time(9, 30), dt.time(12, 0)),
    "afternoon": (dt.time(14, 0), dt.time(16, 30)),
    "evening": (dt.time(19, 30), dt.time(22, 0)),
}

SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day, _day in WEEKDAYS for part, _part in PARTS)


def label(slot: str) -> str:
    """'tue-evening' as 'Tuesday evening' in the reader's language."""
    day, _sep, part = slot.partition("-")
    days, parts = dict(WEEKDAYS), dict(PARTS)
    if day not in days or part not in parts:
        return slot
    return f"{days[day]} {parts[part]}"


def choices() -> list[tuple[str, str]]:
    return [(slot, label(slot)) for slot in SLOTS]


def weekday_of(slot: str) -> int:
    """0 for Monday."""
    return [day for day, _label in WEEKDAYS].index(slot.partition("-")[0])


def times_of(slot: str) -> tuple[dt.time, dt.time]:
    return TIMES[slot.partition("-")[2]]
