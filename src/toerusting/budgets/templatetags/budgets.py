"""Template filters of the training budget: amounts in euros, exactly (Decimal, never float)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from toerusting.budgets.ledger import format_euro

register = template.Library()


@register.filter
def euro(value: Decimal | None) -> str:
    """1234.5 -> '1.234,50' in Dutch, '1,234.50' in English; '' for no amount."""
    if value is None:
        return ""
    amount = Decimal(value)
    if (get_language() or "nl").startswith("nl"):
        return format_euro(amount)
    return f"{amount.quantize(Decimal('0.01')):,}"


@register.filter
def bar_width(percent: int, full: int = 300) -> int:
    """The width in SVG units of a bar for a percentage (0-100) of a bar of `full` units."""
    return int(max(0, min(int(percent), 100)) * full / 100)


BAR_ROW = 32


@register.filter
def bar_y(index: int) -> int:
    """The top of the bar of row `index` in a chart."""
    return int(index) * BAR_ROW + 4


@register.filter
def bar_height(rows: int) -> int:
    """The height of a chart with this many rows."""
    return max(int(rows), 1) * BAR_ROW + 8


@register.filter
def share_width(value: int, most: int, full: int = 300) -> int:
    """The width of a bar for `value` when the longest bar (`most`) is `full` units."""
    if not most:
        return 0
    return int(int(value) * full / int(most))
