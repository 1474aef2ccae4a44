"""The matching engine's public API, for the agenda sync and the evaluation command.

    analysis = analyse(title, description, meeting=name)  # text analysis: once, at sync time
    recommend(analysis, role="raadslid", limit=3)    # ranking over the in-memory catalogue index

`Analysis.explain()` says in Dutch which words and rules led to each decision.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from toerusting.matching import ahead, ranking, reasons, selectors
from toerusting.matching import analysis as _analysis
from toerusting.matching.analysis import Analysis, InstrumentDecision, TopicScore
from toerusting.matching.ranking import CatalogueIndex, RankedItem

__all__ = [
    "Analysis",
    "CatalogueIndex",
    "InstrumentDecision",
    "RankedItem",
    "TopicScore",
    "analyse",
    "analyse_ahead",
    "as_json",
    "catalogue_changed",
    "catalogue_index",
    "recommend",
    "render_reason",
    "reset_catalogue_index",
]


def analyse(title: str, description: str = "", *, body_type: str = "", meeting: str = "") -> Analysis:
    """`meeting`: the name of the meeting the item is on ("Vragenuur", "Commissie Ruimte"), as context."""
    return _analysis.analyse(title, description, body_type=body_type, meeting=meeting)


def analyse_ahead(requests: Sequence[tuple[str, str, str, str]]) -> int:
    """Have (title, description, body type, meeting name) analysed ahead in a worker process, for a sync
    that is about to analyse them (see matching.ahead); returns how many were sent."""
    return ahead.submit(requests)


def recommend(
    analysis: Analysis,
    *,
    role: str | None = None,
    completed: Collection[str] = (),
    first_year: bool = False,
    organisation_id: int | None = None,
    body_type: str = "",
    limit: int = 3,
    index: CatalogueIndex | None = None,
) -> list[RankedItem]:
    """The best catalogue items for an analysed agenda item (none for procedural items)."""
    return ranking.rank(
        analysis,
        index if index is not None else selectors.catalogue_index(),
        role=role,
        completed=completed,
        first_year=first_year,
        organisation_id=organisation_id,
        body_type=body_type,
        limit=limit,
    )


def render_reason(data: dict[str, Any]) -> str:
    """A stored recommendation's reason (RankedItem.why.as_data()) in the active language."""
    return reasons.render(reasons.Why.from_data(data))


def catalogue_index() -> CatalogueIndex:
    """The in-memory catalogue index of this process (built from the database on first use)."""
    return selectors.catalogue_index()


def reset_catalogue_index() -> None:
    """Forget the in-memory catalogue index of this process."""
    selectors.reset_catalogue_index()


def catalogue_changed() -> None:
    """Hook for "catalogue_changed": the catalogue index of every process is rebuilt on its next use."""
    selectors.catalogue_changed()


def as_json(row_id: str, analysis: Analysis, items: list[RankedItem]) -> dict[str, object]:
    """The evaluation shape of `toerusting match`."""
    return {
        "id": row_id,
        "procedural": analysis.procedural,
        "topics": [{"code": t.code, "score": t.score} for t in analysis.topics],
        "instrument": (
            {"code": analysis.instrument.code, "score": analysis.instrument.score}
            if analysis.instrument
            else None
        ),
        "items": [{"slug": r.slug, "score": r.score, "reason": r.reason} for r in items[:5]],
    }
