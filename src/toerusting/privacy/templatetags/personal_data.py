"""Shows a value of Mijn gegevens readably: yes or no, dates in words, lists and nested records as lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _date(text: str) -> str | None:
    try:
        if len(text) == 10:
            return str(formats.date_format(dt.date.fromisoformat(text), "j F Y"))
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return str(formats.date_format(moment, "j F Y, H:i"))


@register.filter
def readable(value: Any) -> SafeString | str:
    if value is None or value == "":
        return "\u2013"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return format_html(
            '<ul class="utrecht-unordered-list">{}</ul>',
            format_html_join("", "<li>{}: {}</li>", ((key, readable(item)) for key, item in value.items())),
        )
    if isinstance(value, list):
        if not value:
            return "\u2013"
        return format_html(
            '<ul class="utrecht-unordered-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((readable(item),) for item in value)),
        )
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        return _date(value) or value
    return str(value)
