"""Dates in the active language, the way people write them: "8 februari 2027", "ma 4 mei", "4 May".

Django's "M" gives "Mei" (a capital in Dutch) and has no lower-case form that suits English too, so short
dates are formatted per language here. Everything goes through Django's date filter, so month and day names
come from Django's translations and datetimes are shown in the current time zone. Load with
{% load dates %}.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language

register = template.Library()

# Per language: a day without the year ("ma 4 mei"), and that day with the time.
SHORT_DAY = {"nl": "D j b", "en": "D j M"}
LONG_DATE = "j F Y"


def _short_day() -> str:
    return SHORT_DAY.get((get_language() or "nl")[:2], SHORT_DAY["en"])


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A day without the year: "ma 4 mei" (nl), "Mon 4 May" (en)."""
    return date_filter(value, _short_day()) if value else ""


@register.filter
def day_time(value: dt.datetime | None) -> str:
    """A day and time without the year: "ma 4 mei, 19:30"."""
    return date_filter(value, f"{_short_day()}, H:i") if value else ""


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    """A full date: "8 februari 2027" (nl), "8 February 2027" (en)."""
    return date_filter(value, LONG_DATE) if value else ""


@register.filter
def long_date_time(value: dt.datetime | None) -> str:
    """A full date with the time: "8 februari 2027, 19:30"."""
    return date_filter(value, f"{LONG_DATE}, H:i") if value else ""
