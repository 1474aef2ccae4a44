"""{% tab_rows tab heading_level %} and {% learning_items row %}: the agenda rows with what helps to prepare
each (recommendations.rendering), for the RIS tab, Voorbereiden and the meeting page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import rendering

register = template.Library()


@register.simple_tag
def tab_rows(tab: Any, heading_level: int = 3) -> SafeString:
    return rendering.tab_rows(tab.rows, heading_level)


@register.simple_tag(takes_context=True)
def learning_items(context: template.Context, row: Any, curate: bool = False) -> SafeString:
    return rendering.learning_items(row, context.flatten() if curate else None)
