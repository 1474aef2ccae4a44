"""Metrics of the matching engine on labelled rows, with the definitions of the project's score_matching.py,
plus precision@3 of the recommendations and the confusion of instruments.

A prediction has the shape `toerusting match` prints: {"id", "procedural", "topics": [{"code", "score"}],
"instrument": {"code", "score"} | None, "items": [{"slug", ...}]}.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from toerusting.matching.corpus import LabelledRow
from toerusting.matching.ranking import CatalogueIndex, fits_body_type

Prediction = Mapping[str, Any]


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


def score(rows: Sequence[LabelledRow], predictions: Mapping[str, Prediction]) -> dict[str, Any]:
    """primary_topic, primary_topic_strict, topic_micro_f1, instrument, procedural recall and precision."""
    substantive = [r for r in rows if not r.procedural]
    hit = strict = instrument_ok = tp = fp = fn = 0
    for row in substantive:
        gold = list(row.topics)
        prediction = predictions.get(row.id, {})
        codes = [t["code"] for t in prediction.get("topics") or []]
        hit += bool(codes) and codes[0] in gold
        strict += bool(codes) and bool(gold) and codes[0] == gold[0]
        tp += len(set(codes) & set(gold))
        fp += len(set(codes) - set(gold))
        fn += len(set(gold) - set(codes))
        predicted = (prediction.get("instrument") or {}).get("code") or "none"
        instrument_ok += predicted == row.instrument
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    flagged = [bool(predictions.get(r.id, {}).get("procedural")) for r in rows]
    ptp = sum(f and r.procedural for f, r in zip(flagged, rows, strict=True))
    pfp = sum(f and not r.procedural for f, r in zip(flagged, rows, strict=True))
    pfn = sum(r.procedural and not f for f, r in zip(flagged, rows, strict=True))
    n = len(substantive)
    return {
        "rows": len(rows),
        "substantive": n,
        "primary_topic": _ratio(hit, n),
        "primary_topic_strict": _ratio(strict, n),
        "topic_micro_f1": round(f1, 3),
        "instrument": _ratio(instrument_ok, n),
        "procedural_recall": _ratio(ptp, ptp + pfn),
        "procedural_precision": _ratio(ptp, ptp + pfp),
    }


def precision_at_3(
    rows: Sequence[LabelledRow], predictions: Mapping[str, Prediction], index: CatalogueIndex
) -> dict[str, Any]:
    """Of the recommendations shown (at most 3 per row), the share that carries the row's first labelled
    topic or its labelled instrument and whose audience fits the row's body type; and how many substantive
    rows get at least one recommendation."""
    items = index.by_slug()
    shown = relevant = rows_with = 0
    substantive = [r for r in rows if not r.procedural]
    for row in rows:
        slugs = [i["slug"] for i in (predictions.get(row.id, {}).get("items") or [])][:3]
        if slugs and not row.procedural:
            rows_with += 1
        for slug in slugs:
            shown += 1
            item = items.get(slug)
            if item is None or row.procedural:
                continue
            carries = (row.topics and row.topics[0] in item.topics) or (
                row.instrument != "none" and row.instrument in item.instruments
            )
            relevant += bool(carries) and fits_body_type(item.audience, row.body_type)
    return {
        "precision_at_3": _ratio(relevant, shown),
        "recommendations_shown": shown,
        "rows_with_recommendations": _ratio(rows_with, len(substantive)),
    }


def instrument_confusion(
    rows: Sequence[LabelledRow], predictions: Mapping[str, Prediction]
) -> list[tuple[str, int, float | None, float | None, str]]:
    """Per labelled instrument: support, precision, recall and the most frequent wrong predictions."""
    pairs = [
        (r.instrument, (predictions.get(r.id, {}).get("instrument") or {}).get("code") or "none")
        for r in rows
        if not r.procedural
    ]
    support = Counter(gold for gold, _ in pairs)
    predicted = Counter(guess for _, guess in pairs)
    right = Counter(gold for gold, guess in pairs if gold == guess)
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for gold, guess in pairs:
        if gold != guess:
            wrong[gold][guess] += 1
    table = []
    for code in sorted(set(support) | set(predicted), key=lambda c: (-support[c], c)):
        confused = ", ".join(f"{guess} {n}" for guess, n in wrong[code].most_common(3))
        table.append(
            (
                code,
                support[code],
                _ratio(right[code], predicted[code]),
                _ratio(right[code], support[code]),
                confused,
            )
        )
    return table
