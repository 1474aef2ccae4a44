"""The analysis of one agenda item: procedural or not, ranked topics and the instrument, each explained."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toerusting.matching import text
from toerusting.matching.rules import Rules, ThesaurusEntry, TopicTerm, rules

TITLE_WEIGHT = 1.0
EXPANSION_WEIGHT = 0.8  # words an abbreviation in the title stands for
DESCRIPTION_WEIGHT = 0.35
MIN_TOPIC_SCORE = 1.5  # raw points a topic needs to be listed at all
SECONDARY_SHARE = 0.4  # a further topic needs this share of the first topic's points
MAX_TOPICS = 4
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;/+|]|\s-\s|\sen\s|\s&\s)\s*")


@dataclass(frozen=True)
class TopicScore:
    code: str
    score: float  # 0..1
    evidence: tuple[str, ...]  # the words (and their topic weight) that led to the topic


@dataclass(frozen=True)
class InstrumentDecision:
    code: str
    score: float
    phrase: str  # "een zienswijze op de begroting van een gemeenschappelijke regeling"
    rule: str  # "instruments.tsv:12"
    evidence: str  # the words the rule matched


@dataclass(frozen=True)
class Analysis:
    title: str
    cleaned_title: str
    procedural: bool
    procedural_reason: str
    topics: tuple[TopicScore, ...]
    instrument: InstrumentDecision | None
    expansions: tuple[str, ...] = ()  # "GGD: gemeentelijke gezondheidsdienst ..."
    bodies: tuple[str, ...] = field(default=())  # bodies named in the title, as written: ("GGD",)

    @property
    def primary_topic(self) -> str | None:
        return self.topics[0].code if self.topics else None

    def explain(self) -> list[str]:
        """The decisions in plain Dutch, one line each."""
        lines: list[str] = []
        if self.procedural:
            lines.append(f"Procedureel agendapunt: {self.procedural_reason}.")
        lines.extend(f"Afkorting of synoniem: {expansion}" for expansion in self.expansions)
        lines.extend(f"Onderwerp {t.code} ({t.score:.2f}): {', '.join(t.evidence)}" for t in self.topics)
        if self.instrument:
            lines.append(
                f"Instrument {self.instrument.code}: '{self.instrument.evidence}' ({self.instrument.rule})"
            )
        return lines


def _is_upper(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _expansions(raw: list[str], all_caps: bool, rules_: Rules) -> list[ThesaurusEntry]:
    folded = [text.fold(token) for token in raw]
    found: list[ThesaurusEntry] = []
    i = 0
    while i < len(folded):
        step = 1
        for size in range(min(rules_.max_term_tokens, len(folded) - i), 0, -1):
            for entry in rules_.thesaurus.get(tuple(folded[i : i + size]), []):
                if (
                    entry.case_tokens is not None
                    and not all_caps
                    and tuple(raw[i : i + size]) != entry.case_tokens
                ):
                    continue
                found.append(entry)
                step = size
            if step > 1 or (size == 1 and found and found[-1].tokens == tuple(folded[i : i + 1])):
                break
        i += step
    return list(dict.fromkeys(found))


def _positions(words: list[str], rules_: Rules) -> list[frozenset[str]]:
    return [
        text.stems_with_parts(word, rules_.lexicon)
        for word in words
        if word not in text.STOPWORDS and word not in rules_.ignored
    ]


def _score_topics(
    segments: list[tuple[list[frozenset[str]], float]], rules_: Rules
) -> dict[str, tuple[float, list[str], int]]:
    """Per topic: points, evidence, and the position of its first hit (earlier wins a tie)."""
    best: dict[tuple[str, str], tuple[float, int]] = {}
    offset = 0
    for positions, weight in segments:
        # The first start of every term that occurs in this segment, found through the first-stem index.
        first_start: dict[int, tuple[TopicTerm, int]] = {}
        for start, stems_here in enumerate(positions):
            for stem in stems_here:
                for number, term in rules_.terms_by_first_stem.get(stem, ()):
                    size = len(term.stems)
                    if number in first_start or start + size > len(positions):
                        continue
                    if all(term.stems[k] in positions[start + k] for k in range(1, size)):
                        first_start[number] = (term, start)
        for number in sorted(first_start):  # the order of topic_terms, as before
            term, start = first_start[number]
            key = (term.topic, term.term)
            points = term.weight * weight
            if key not in best or best[key][0] < points:
                best[key] = (points, offset + start)
        offset += len(positions) + 100
    topics: dict[str, tuple[float, list[str], int]] = {}
    for (topic, words), (points, position) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        total, evidence, first = topics.get(topic, (0.0, [], 10**9))
        topics[topic] = (total + points, [*evidence, words], min(first, position))
    return topics


def is_procedural(cleaned_title: str, rules_: Rules | None = None) -> tuple[bool, str]:
    rules_ = rules_ or rules()
    folded = text.fold(cleaned_title).strip().rstrip(".!: ")
    folded = re.sub(r"[\"'()]", "", folded)
    folded = re.sub(r"\s*:\s*", " ", folded)
    parts = [part.strip(" .:") for part in _SEGMENT_SPLIT.split(folded)]
    parts = [re.sub(r"\s+", " ", part) for part in parts if part]
    if not parts:
        return False, ""
    reasons: list[str] = []
    for part in parts:
        for rule in rules_.procedural_rules:
            if rule.pattern.fullmatch(part):
                reasons.append(rule.reason)
                break
        else:
            return False, ""
    return True, ", ".join(dict.fromkeys(reasons))


def _instrument(title_text: str, description_text: str, rules_: Rules) -> InstrumentDecision | None:
    for source, score in ((title_text, 0.9), (description_text, 0.5)):
        if not source:
            continue
        for rule in rules_.instrument_rules:
            match = rule.pattern.search(source)
            if match:
                if rule.instrument == "none":
                    return None
                return InstrumentDecision(
                    rule.instrument,
                    score,
                    rule.phrase,
                    f"instruments.tsv:{rule.line}",
                    match.group(0).strip(),
                )
        if source is title_text and description_text:
            # Only the description's opening words say what kind of item it is.
            continue
    return None


def analyse(title: str, description: str = "") -> Analysis:
    """Analyse an agenda item: is it procedural, which topics (most important first), which instrument."""
    rules_ = rules()
    cleaned = text.clean_title(title)
    procedural, procedural_reason = is_procedural(cleaned, rules_)
    raw = text.raw_tokens(cleaned)
    entries = _expansions(raw, _is_upper(cleaned), rules_)
    description_raw = text.raw_tokens(description)
    description_entries = _expansions(description_raw, False, rules_) if description else []

    title_words = [text.fold(token) for token in raw]
    segments: list[tuple[list[frozenset[str]], float]] = [(_positions(title_words, rules_), TITLE_WEIGHT)]
    segments += [(_positions(text.tokens(e.expansion), rules_), EXPANSION_WEIGHT) for e in entries]
    if description:
        segments.append((_positions([text.fold(t) for t in description_raw], rules_), DESCRIPTION_WEIGHT))
        segments += [
            (_positions(text.tokens(e.expansion), rules_), DESCRIPTION_WEIGHT) for e in description_entries
        ]
    scored = _score_topics(segments, rules_)

    title_text = " ".join(title_words) + " | " + " ".join(e.expansion for e in entries)
    description_text = ""
    if description:
        opening = " ".join(text.fold(t) for t in description_raw[:40])
        description_text = opening + " | " + " ".join(e.expansion for e in description_entries)
    instrument = None if procedural else _instrument(title_text, description_text, rules_)
    if procedural:
        scored = {}
    if instrument is not None:
        rule = next(r for r in rules_.instrument_rules if f"instruments.tsv:{r.line}" == instrument.rule)
        for topic, weight in rule.topic_hints:
            total, evidence, first = scored.get(topic, (0.0, [], 10**8))
            scored[topic] = (total + weight, [*evidence, f"instrument {instrument.code}"], first)

    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[1][2], kv[0]))
    topics: list[TopicScore] = []
    if ranked and ranked[0][1][0] >= MIN_TOPIC_SCORE:
        top = ranked[0][1][0]
        for code, (points, evidence, _first) in ranked[:MAX_TOPICS]:
            if points < max(MIN_TOPIC_SCORE, SECONDARY_SHARE * top):
                break
            topics.append(TopicScore(code, round(points / (points + 2.0), 3), tuple(evidence)))
    # Bodies the reason may name: abbreviations in capitals (GGD, OFGV) before words (omgevingsdienst).
    named = [e for e in entries if e.kind == "body"]
    named.sort(key=lambda e: e.case_tokens is None)
    bodies = tuple(dict.fromkeys(e.term for e in named))
    return Analysis(
        title=title,
        cleaned_title=cleaned,
        procedural=procedural,
        procedural_reason=procedural_reason,
        topics=tuple(topics),
        instrument=instrument,
        expansions=tuple(f"{e.term}: {e.expansion}" for e in [*entries, *description_entries]),
        bodies=bodies,
    )
