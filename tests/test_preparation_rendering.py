"""The rows of agenda items with their learning items (recommendations.rendering), as the RIS tab,
Voorbereiden and the meeting page show them: escaped, translated, and in each of their states."""

from __future__ import annotations

import pytest
from django.utils import translation

from toerusting.agenda.models import AgendaItem
from toerusting.catalogue.models import LearningItem
from toerusting.recommendations import rendering
from toerusting.recommendations.models import AgendaItemAnalysis
from toerusting.recommendations.services import ItemPreparation, Suggestion


def _item(**fields: object) -> LearningItem:
    defaults = {"pk": 7, "slug": "begroting-lezen", "title": "De begroting lezen", "duration_minutes": 1}
    return LearningItem(**{**defaults, **fields})


def _row(
    number: str = "4", title: str = "Begroting 2027", analysis: AgendaItemAnalysis | None = None
) -> ItemPreparation:
    return ItemPreparation(AgendaItem(pk=11, number=number, title=title), analysis)


def test_titles_reasons_and_links_are_escaped() -> None:
    row = _row(title="<script>alert(1)</script>")
    row.shown = [Suggestion(_item(title='"><img src=x>'), "<b>reden</b>", link='/x/?a=1&b="2"')]
    html = rendering.tab_rows([row], 2)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    assert "&lt;b&gt;reden&lt;/b&gt;" in html
    assert '<h2 class="utrecht-heading-3">4. &lt;script&gt;' in html


@pytest.mark.parametrize(
    ("language", "one", "many", "done"),
    [("nl", "(1 minuut)", "(12 minuten)", ">gedaan<"), ("en", "(1 minute)", "(12 minutes)", ">done<")],
)
def test_minutes_and_badges_in_the_readers_language(language: str, one: str, many: str, done: str) -> None:
    row = _row(number="4.")
    row.shown = [
        Suggestion(_item(), "", pinned=True),
        Suggestion(_item(pk=8, slug="b", title="B", duration_minutes=12), "Past hierbij", completed=True),
    ]
    with translation.override(language):
        html = rendering.tab_rows([row])
    assert one in html and many in html and done in html
    assert "4. Begroting" in html and "4.. " not in html  # a number ending in a full stop keeps one
    assert html.count("toerusting-reason") == 1  # a pin says why by its badge, not by a reason


def test_rows_without_items_say_why_and_grouped_rows_point_back() -> None:
    first, second = _row(number="6a"), _row(number="6b")
    second.agenda_item.pk = 12
    first.shown = [Suggestion(_item(), "Past bij dit punt")]
    first.group_label = "6a\u20136b"
    second.same_as = first
    procedural = _row(number="1", analysis=AgendaItemAnalysis(procedural=True))
    nothing = _row(number="9")
    with translation.override("nl"):
        html = rendering.tab_rows([first, second, procedural, nothing])
    assert "Voor 6a\u20136b:" in html
    assert 'href="#punt-11"' in html  # 6b points to 6a, which shows the items
    assert "Een procedureel punt: niets voor te bereiden." in html
    assert "Er past nog geen leeritem bij dit agendapunt." in html
