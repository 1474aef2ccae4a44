"""Which rows of the data files the labelled corpus actually uses, and by how many bodies.

A rule, word or abbreviation that only one title needs is a rule for that title, not knowledge of council
language. `usage` lists, per data row, the bodies whose corpus titles it fires on; the tests use it to keep
rules written for single rows (in particular rows of the evaluation set) out of the data files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from toerusting.dutch import analysis_title
from toerusting.matching import analysis
from toerusting.matching.corpus import LabelledRow
from toerusting.matching.parse import parse
from toerusting.matching.rules import Rules


def _procedural_lines(cleaned: str, rules_: Rules) -> set[str]:
    found: set[str] = set()
    for parts in analysis.procedural_readings(cleaned):
        for part in parts:
            rule = analysis.procedural_rule(part, rules_)
            if rule is not None:
                found.add(f"procedural.tsv:{rule.line}")
    return found


def fired(title: str, rules_: Rules) -> set[str]:
    """The data rows that fire on one title: procedural.tsv:N, instruments.tsv:N, topics.tsv:<topic>:<term>,
    thesaurus.tsv:<term>."""
    parsed = parse(title)
    cleaned = analysis_title(parsed.rest or title)
    evidence = analysis.rule_evidence(cleaned, rules_)
    keys = _procedural_lines(cleaned, rules_)
    keys.update(f"instruments.tsv:{line}" for _code, line, _phrase, _words in evidence.instruments)
    for topic, (_points, words) in evidence.topics.items():
        sources = (rules_.term_sources.get((topic, word), "topics.tsv") for word in words)
        keys.update(f"{source}:{topic}:{word}" for source, word in zip(sources, words, strict=True))
    keys.update(f"thesaurus.tsv:{expansion.partition(':')[0]}" for expansion in evidence.expansions)
    return keys


def usage(rows: Iterable[LabelledRow], rules_: Rules) -> dict[str, set[str]]:
    """Per data row that fires at least once: the bodies whose titles it fires on."""
    bodies: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for key in fired(row.title, rules_):
            bodies[key].add(row.body)
    return dict(bodies)


def all_rows(rules_: Rules) -> set[str]:
    """Every data row, in the keys `fired` uses (instrument 'none' rules and macros left out)."""
    keys = {f"procedural.tsv:{rule.line}" for rule in rules_.procedural_rules}
    keys.update(
        f"instruments.tsv:{rule.line}" for rule in rules_.instrument_rules if rule.instrument != "none"
    )
    keys.update(f"{term.source}:{term.topic}:{term.term}" for term in rules_.topic_terms)
    keys.update(f"thesaurus.tsv:{entry.term}" for entries in rules_.thesaurus.values() for entry in entries)
    return keys
