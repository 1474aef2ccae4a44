"""Report figures as data: a horizontal bar chart and the table with the same figures, for the shared
partial `charts/report.html` (an SVG image with a title and a one-sentence summary, then the table as the
accessible source, then a CSV link). Every number is text already, formatted for the active language, so
that the template's number formatting never reaches the SVG's coordinates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The label column, the bar track and room for the value after the bar, in SVG units.
LABEL_WIDTH = 250
TRACK_WIDTH = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 20


def number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A figure for a cell or a bar, in the active language's notation; a dash for none."""
    if value is None:
        return "\u2013"
    return str(number_format(value, decimals))


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as shown, or "too few" when the group is too small to show
    width: str  # "0" when there is no value
    y: int

    @property
    def text_y(self) -> int:
        return self.y + 15

    @property
    def text_x(self) -> str:
        return f"{LABEL_WIDTH + float(self.width) + 6:.1f}"


@dataclass(frozen=True)
class Report:
    """One report: its key (for the CSV address), title, a one-sentence summary, bars and a table."""

    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[list[str]]
    bars: list[Bar] = field(default_factory=list)
    empty: str = ""  # shown instead of chart and table when there is nothing to show

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def track_width(self) -> int:
        return TRACK_WIDTH

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def is_empty(self) -> bool:
        return not self.rows


def bars(values: Sequence[tuple[str, float | None, str]], maximum: float) -> list[Bar]:
    """Bars for (label, value or None, text) rows on a scale from 0 to maximum."""
    found = []
    for index, (label, value, text) in enumerate(values):
        share = 0.0 if value is None or maximum <= 0 else max(0.0, min(1.0, value / maximum))
        found.append(Bar(label[:40], text, f"{TRACK_WIDTH * share:.1f}", index * ROW_HEIGHT))
    return found


def too_few() -> str:
    """The text of a cell whose group is too small to show."""
    return _("too few")
