"""Ranking catalogue items for an analysed agenda item, with a one-line Dutch reason per item.

The catalogue is read once into a CatalogueIndex (plain tuples, no database access while ranking), so that
ranking many agenda items costs no queries.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from toerusting.matching.analysis import Analysis

# Dutch phrases for "gaat over ...", per topic code.
TOPIC_PHRASES = {
    "financien": "de financiën en de planning & control",
    "belastingen": "lokale belastingen en heffingen",
    "ruimte": "ruimtelijke ordening en de Omgevingswet",
    "wonen": "wonen",
    "grondbeleid": "grondbeleid en vastgoed",
    "zorg": "de Wmo, zorg en welzijn",
    "jeugd": "jeugd en jeugdhulp",
    "werk_inkomen": "werk, inkomen en armoede",
    "onderwijs": "onderwijs",
    "gezondheid": "gezondheid en preventie",
    "veiligheid": "veiligheid en openbare orde",
    "asiel_integratie": "asiel, opvang en inburgering",
    "energie_klimaat": "energie en klimaat",
    "duurzaamheid": "duurzaamheid, natuur en klimaatadaptatie",
    "afval": "afval en grondstoffen",
    "milieu": "milieu, vergunningen en de omgevingsdienst",
    "mobiliteit": "verkeer en mobiliteit",
    "openbare_ruimte": "de openbare ruimte en het beheer daarvan",
    "economie": "economie, ondernemers en toerisme",
    "cultuur_sport": "cultuur, sport en recreatie",
    "regionale_samenwerking": "regionale samenwerking en verbonden partijen",
    "bestuur": "het bestuur en de raad zelf",
    "integriteit": "integriteit",
    "participatie": "participatie en inwonersinbreng",
    "dienstverlening": "dienstverlening, informatie en digitalisering",
    "weerbaarheid": "de weerbaarheid van bestuurders",
}

INSTRUMENT_WEIGHT = 0.7
TOPIC_WEIGHT = 1.0
MIN_SCORE = 0.25
DIVERSITY_PENALTY = 0.55  # multiplier for each chosen item on the same sub-subject


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

    @property
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

    def candidates(self, analysis: Analysis) -> list[IndexedItem]:
        """Items that share a topic or the instrument with the analysis, in catalogue order."""
        positions: set[int] = set()
        for topic in analysis.topics:
            positions.update(self.by_topic.get(topic.code, ()))
        if analysis.instrument is not None:
            positions.update(self.by_instrument.get(analysis.instrument.code, ()))
        return [self.items[position] for position in sorted(positions)]

    def by_slug(self) -> dict[str, IndexedItem]:
        return {item.slug: item for item in self.items}


@dataclass(frozen=True)
class Recommendation:
    slug: str
    score: float
    reason: str
    item_id: int = 0
    audience: tuple[str, ...] = ()


def _topic_fit(analysis: Analysis, item: IndexedItem) -> tuple[float, str | None]:
    best, best_code = 0.0, None
    for rank, topic in enumerate(analysis.topics):
        if topic.code not in item.topics:
            continue
        item_rank = item.topics.index(topic.code)
        fit = topic.score * (1.0 if rank == 0 else 0.6) * (1.0 if item_rank == 0 else 0.7)
        if fit > best:
            best, best_code = fit, topic.code
    return best, best_code


def reason(analysis: Analysis, item: IndexedItem, topic: str | None, instrument_fits: bool) -> str:
    """One line in Dutch that a raadslid understands."""
    bodies = f" ({', '.join(analysis.bodies[:2])})" if analysis.bodies else ""
    if instrument_fits and analysis.instrument is not None:
        about = (
            f" over {TOPIC_PHRASES[topic]}" if topic and "regeling" not in analysis.instrument.phrase else ""
        )
        return f"Dit agendapunt is {analysis.instrument.phrase}{about}{bodies}."
    if topic:
        return f"Dit agendapunt gaat over {TOPIC_PHRASES[topic]}{bodies}."
    return "Dit past bij het soort besluit dat op de agenda staat."


# What a reason is written from: the topic that fitted, and whether the instrument fitted.
Why = tuple[str | None, bool]


def rank(
    analysis: Analysis,
    index: CatalogueIndex,
    *,
    role: str | None = None,
    completed: Collection[str] = (),
    first_year: bool = False,
    organisation_id: int | None = None,
    limit: int = 5,
) -> list[Recommendation]:
    """The best catalogue items for the agenda item, diverse, each with a reason; none if procedural."""
    if analysis.procedural or limit <= 0:
        return []
    done = set(completed)
    candidates: list[tuple[float, IndexedItem, tuple[str | None, bool]]] = []
    for item in index.candidates(analysis):
        if item.slug in done or (
            item.organisation_id is not None and item.organisation_id != organisation_id
        ):
            continue
        topic_fit, topic = _topic_fit(analysis, item)
        instrument_fits = analysis.instrument is not None and analysis.instrument.code in item.instruments
        instrument_fit = analysis.instrument.score if instrument_fits and analysis.instrument else 0.0
        # An item on the same instrument but another subject helps less than one on both.
        score = TOPIC_WEIGHT * topic_fit + INSTRUMENT_WEIGHT * instrument_fit * (1.0 if topic_fit else 0.6)
        if score <= 0:
            continue
        if role and item.audience and role not in item.audience:
            score *= 0.5
        if item.duration_minutes <= 10:
            score += 0.08
        elif item.duration_minutes <= 30:
            score += 0.04
        if first_year:
            score += 0.1 if item.level == "starter" else -0.05
        score += 0.05 * math.log1p(item.endorsements)
        if organisation_id is not None and item.organisation_id == organisation_id:
            score += 0.1  # the griffie's own offer
        if score >= MIN_SCORE:
            candidates.append((score, item, (topic, instrument_fits)))
    # The reason is written only for the items that are chosen.
    return [
        Recommendation(
            item.slug, round(score, 3), reason(analysis, item, topic, instrument_fits), item.item_id
        )
        for score, item, (topic, instrument_fits) in _diverse(candidates, limit)
    ]


def _diverse(
    candidates: Iterable[tuple[float, IndexedItem, Why]], limit: int
) -> list[tuple[float, IndexedItem, Why]]:
    """Greedy choice: each pick lowers the score of the remaining items on the same sub-subject."""
    pool = sorted(candidates, key=lambda c: (-c[0], c[1].duration_minutes, c[1].slug))
    chosen: list[tuple[float, IndexedItem, Why]] = []
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
