"""Ranking catalogue items for an analysed agenda item, with a one-line Dutch reason per item.

The catalogue is read once into a CatalogueIndex (plain tuples, no database access while ranking), so that
ranking many agenda items costs no queries.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from toerusting.catalogue.selectors import AUDIENCE_BY_BODY_TYPE
from toerusting.matching.analysis import Analysis
from toerusting.matching.reasons import Why, render_dutch

_T = TypeVar("_T")

# Weights and thresholds compared in 12-group cross-validation on the corpus (precision@3 and the share of
# substantive items that get a recommendation), never on the evaluation set. An item on the agenda item's
# instrument weighs more than one on its topic: the instrument is the surer decision (a motie, a benoeming,
# a zienswijze are told apart by their form). Instrument weight 0.7 with MIN_SCORE 0.3 and a topic
# confidence of 0.35 gave 0.832 at 95% of items with a recommendation; 1.3, 0.4 and 0.45 give 0.872 at 92%;
# stricter settings buy little more precision for many items left without one (0.5/0.4: 0.880 at 90%).
# Those figures are of an earlier corpus; the topic confidence is now 0.60 (see analysis.TOPIC_CONFIDENCE).
INSTRUMENT_WEIGHT = 1.3
TOPIC_WEIGHT = 1.0
MIN_SCORE = 0.4
MIN_INSTRUMENT_SCORE = 0.5
DIVERSITY_PENALTY = 0.55  # multiplier for each chosen item on the same sub-subject
# Beside a strong match a weak one is mostly wrong: an item scoring below this share of the best candidate
# is not shown. Items that fit both the topic and the instrument were relevant 0.96 of the time in 12-group
# cross-validation on 2,963 rows, items that fit one of them 0.87-0.89; with 0.6, precision@3 rose from
# 0.898 to 0.902 (0.7: 0.903), and every item that had a recommendation still has one.
RELATIVE_MIN_SCORE = 0.6


@dataclass(frozen=True)
class IndexedItem:
    slug: str
    title: str
    kind: str
    topics: tuple[str, ...]  # ranked, main topic first
    instruments: frozenset[str]
    audience: frozenset[str]
    level: str
    duration_minutes: int
    endorsements: int
    organisation_id: int | None
    item_id: int = 0  # the catalogue row, so that stored recommendations need no lookup by slug

    @cached_property
    def subject(self) -> tuple[str, str]:
        """What the item is about, coarsely: two items with the same subject say much the same."""
        return (
            self.topics[0] if self.topics else "",
            min(self.instruments) if self.instruments else self.kind,
        )


@dataclass(frozen=True)
class CatalogueIndex:
    items: tuple[IndexedItem, ...]
    # Positions in `items` per topic and per instrument: only items that share one of them can score.
    by_topic: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    by_instrument: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        topics: dict[str, list[int]] = {}
        instruments: dict[str, list[int]] = {}
        for position, item in enumerate(self.items):
            for code in item.topics:
                topics.setdefault(code, []).append(position)
            for code in item.instruments:
                instruments.setdefault(code, []).append(position)
        self.by_topic.update({code: tuple(found) for code, found in topics.items()})
        self.by_instrument.update({code: tuple(found) for code, found in instruments.items()})

    def candidates(self, topic: str | None, instrument: str | None) -> list[IndexedItem]:
        """Items that carry the topic or the instrument, in catalogue order."""
        positions: set[int] = set()
        if topic:
            positions.update(self.by_topic.get(topic, ()))
        if instrument:
            positions.update(self.by_instrument.get(instrument, ()))
        return [self.items[position] for position in sorted(positions)]

    def by_slug(self) -> dict[str, IndexedItem]:
        return {item.slug: item for item in self.items}


@dataclass(frozen=True)
class RankedItem:
    slug: str
    score: float
    reason: str  # in Dutch; pages render `why` in the reader's language
    item_id: int = 0
    audience: tuple[str, ...] = ()  # the item's audience roles; empty: everyone
    why: Why = field(default_factory=Why)


def fits_body_type(audience: Collection[str], body_type: str) -> bool:
    """An item for everyone fits every organisation; otherwise one of its roles must exist there."""
    if not audience or not body_type:
        return True
    return bool(AUDIENCE_BY_BODY_TYPE.get(body_type, frozenset()).intersection(audience))


def rank(
    analysis: Analysis,
    index: CatalogueIndex,
    *,
    role: str | None = None,
    completed: Collection[str] = (),
    first_year: bool = False,
    organisation_id: int | None = None,
    body_type: str = "",
    limit: int = 3,
) -> list[RankedItem]:
    """The best catalogue items for the agenda item, each with a reason; none if procedural.

    An item qualifies only when it carries the agenda item's first topic (and the engine is sure of that
    topic) or its instrument, and when its audience exists in the organisation (body type) and, if a role
    is given, includes that role. Better none than a wrong one: below MIN_SCORE nothing is recommended, and
    beside a strong match nothing below RELATIVE_MIN_SCORE of it.
    """
    if analysis.procedural or limit <= 0:
        return []
    topic = analysis.primary_topic if analysis.confident else None
    instrument = (
        analysis.instrument.code
        if analysis.instrument is not None and analysis.instrument.score >= MIN_INSTRUMENT_SCORE
        else None
    )
    if topic is None and instrument is None:
        return []
    topic_score = analysis.topics[0].score if topic else 0.0
    words = analysis.topics[0].words if topic else ()
    done = set(completed)
    candidates: list[tuple[float, IndexedItem, tuple[bool, bool]]] = []
    for item in index.candidates(topic, instrument):
        if item.slug in done or (
            item.organisation_id is not None and item.organisation_id != organisation_id
        ):
            continue
        if not fits_body_type(item.audience, body_type) or (
            role and item.audience and role not in item.audience
        ):
            continue
        topic_fits = topic is not None and topic in item.topics
        instrument_fits = instrument is not None and instrument in item.instruments
        score = 0.0
        if topic_fits:
            score += TOPIC_WEIGHT * topic_score * (1.0 if item.topics[0] == topic else 0.7)
        if instrument_fits and analysis.instrument is not None:
            # An item on the instrument alone helps less than one on the subject as well.
            score += INSTRUMENT_WEIGHT * analysis.instrument.score * (1.0 if topic_fits else 0.6)
        if score < MIN_SCORE:
            continue
        if item.duration_minutes <= 10:
            score += 0.08
        elif item.duration_minutes <= 30:
            score += 0.04
        if first_year:
            score += 0.1 if item.level == "starter" else -0.05
        score += 0.05 * math.log1p(item.endorsements)
        if organisation_id is not None and item.organisation_id == organisation_id:
            score += 0.1  # the griffie's own offer
        candidates.append((score, item, (topic_fits, instrument_fits)))
    if candidates:
        best = max(score for score, _item, _fits in candidates)
        candidates = [c for c in candidates if c[0] >= RELATIVE_MIN_SCORE * best]
    chosen = []
    for score, item, (topic_fits, instrument_fits) in _diverse(candidates, limit):
        # The reason only for what is shown: most candidates are not.
        why = Why(
            topic=topic if topic_fits and topic else "",
            instrument=instrument if instrument_fits and instrument else "",
            words=words if topic_fits else (),
            bodies=analysis.bodies[:2],
        )
        chosen.append(
            RankedItem(
                item.slug, round(score, 3), render_dutch(why), item.item_id, tuple(sorted(item.audience)), why
            )
        )
    return chosen


def _diverse(
    candidates: Iterable[tuple[float, IndexedItem, _T]], limit: int
) -> list[tuple[float, IndexedItem, _T]]:
    """Greedy choice: each pick lowers the score of the remaining items on the same sub-subject."""
    pool = sorted(candidates, key=lambda c: (-c[0], c[1].duration_minutes, c[1].slug))
    chosen: list[tuple[float, IndexedItem, _T]] = []
    subjects: dict[tuple[str, str], int] = {}
    while pool and len(chosen) < limit:
        adjusted = [
            (score * DIVERSITY_PENALTY ** subjects.get(item.subject, 0), item, why)
            for score, item, why in pool
        ]
        best = min(adjusted, key=lambda c: (-c[0], c[1].duration_minutes, c[1].slug))
        score, item, why = best
        chosen.append((score, item, why))
        subjects[item.subject] = subjects.get(item.subject, 0) + 1
        pool = [c for c in pool if c[1].slug != item.slug]
    return chosen
