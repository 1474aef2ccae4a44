"""The analysis of one agenda item: procedural or not, ranked topics and the instrument, each explained.

Trained classifiers decide (model.py, over the features of features.py); the reviewable rules of data/
(procedural patterns, instrument rules, topic word lists, thesaurus) are features they read, and the words
that weighed most are kept as the explanation.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from toerusting.dutch import TITLE_MAX_LENGTH
from toerusting.matching import features, text
from toerusting.matching import model as model_
from toerusting.matching import parse as parsing
from toerusting.matching.features import RuleEvidence
from toerusting.matching.rules import InstrumentRule, ProceduralRule, Rules, ThesaurusEntry, TopicTerm, rules

TITLE_WEIGHT = 1.0
EXPANSION_WEIGHT = 0.8  # words an abbreviation in the title stands for
MAX_TOPICS = 3
# Decision thresholds on the classifiers' probabilities: the procedural ones compared in grouped
# cross-validation on the corpus (bench/eval_matching.py), the others set by hand; never on the
# evaluation set.
PROCEDURAL_THRESHOLD = 0.5
# No procedural pattern fits: the classifier must be surer, because hiding a real item from a member costs
# more than a recommendation beside an "Opening" that the engine did not recognise. Since the classifier
# also learns from each pattern's rows without the pattern (training._without_rule), it is bolder on titles
# no pattern fits; in 12-group cross-validation on 2,963 rows: 0.7 gave recall 0.951 at precision 0.985,
# 0.8 0.943 at 0.990, 0.85 0.942 at 0.992, 0.9 0.935 at 0.995 (before, with 0.7: 0.927 at 0.996). On
# 3,550 rows, after the patterns for minutes of any body, incoming and outgoing documents and announcements
# from anyone: 0.85 gave 0.932 / 0.934 / 0.938 at 0.994 / 0.993 / 0.993 in 10 / 12 / 15 groups, 0.8 0.940 /
# 0.942 / 0.941 at 0.991 / 0.992 / 0.992 (and on the held-out set 0.854 against 0.829, with no more
# items taken for procedural wrongly), 0.75 0.945 at 0.989 in 12 groups.
PROCEDURAL_THRESHOLD_WITHOUT_RULE = 0.8
# Below this topic probability the engine says it is unsure and recommends nothing on the topic: the point
# below which the first topic is more often wrong than right, in 12-group cross-validation on the corpus
# (3,295 rows, with the naive Bayes share of training.NB_TOPICS): first topic right at probability
# 0.50-0.55 for 33 of 81 items, 0.55-0.60 33 of 70, 0.60-0.65 34 of 66, 0.65-0.70 56 of 92. Without that
# share the probabilities were flatter and 0.55 was the point (earlier: precision@3 0.885 at 92.9% of
# substantive items with a recommendation at 0.45, 0.895 at 90.9% at 0.55).
TOPIC_CONFIDENCE = 0.60
SECONDARY_SHARE = 0.35  # a further topic needs this share of the first topic's probability
SECONDARY_MIN = 0.12
EVIDENCE_SHOWN = 3
MIN_CONTRIBUTION = 0.05
DESCRIPTION_WORDS = 30
# " en " joins two parts ("Opening en mededelingen"), but not inside a name ("college van B en W",
# "burgemeester en wethouders", "dijkgraaf en heemraden"), between two numbers ("notulen 3 en 4 juli"),
# after a dropped compound part ("besluiten- en actielijst" is one list) or in a pair of incoming and
# outgoing documents ("ingekomen en uitgaande stukken", "ingekomen/verzonden brieven": one list too).
_SEGMENT_SPLIT = re.compile(
    r"\s*(?:[,;+|]|/(?!\s*(?:uitgaande|verzonden)\b)|\s-\s"
    r"|(?:(?<!\d)(?<!-)\sen\s|(?<!-)\sen\s(?!\d))(?!w\b|wethouders\b|heemraden\b|uitgaande\b|verzonden\b)|\s&\s)\s*"
)

# The phrase of a reason per instrument ("Dit agendapunt is <phrase>."), when no rule of
# instruments.tsv matched the title and the classifier decided on other evidence.
INSTRUMENT_PHRASES = {
    "zienswijze": "een zienswijze van de raad",
    "wensen_bedenkingen": "wensen en bedenkingen bij een voorgenomen besluit",
    "motie": "een motie",
    "amendement": "een amendement",
    "initiatiefvoorstel": "een initiatiefvoorstel",
    "interpellatie": "een interpellatie",
    "vragen": "vragen aan het college",
    "geheimhouding": "een besluit over geheimhouding",
    "benoeming": "een benoeming of installatie",
    "verordening": "een verordening",
    "pc_document": "een planning & control-document",
    "krediet": "een kredietaanvraag",
    "ruimtelijk_besluit": "een ruimtelijk besluit",
    "beleidskader": "een beleidskader",
    "onderzoek": "een onderzoek of rekenkamerrapport",
    "informatie": "ter informatie aan de raad",
    "petitie": "een petitie of burgerinitiatief",
    "bezwaar": "een beslissing op bezwaar",
}


@dataclass(frozen=True)
class TopicScore:
    code: str
    score: float  # the classifier's probability, 0..1
    evidence: tuple[str, ...]  # what weighed most for this topic, readable
    words: tuple[str, ...] = ()  # words of the title that weighed most for it ("rioolheffing")


@dataclass(frozen=True)
class InstrumentDecision:
    code: str
    score: float
    phrase: str  # "een zienswijze op de begroting van een gemeenschappelijke regeling"
    rule: str  # "instruments.tsv:12", or "model" when no rule matched
    evidence: str  # the words the rule matched, or what weighed most


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
    procedural_score: float = 0.0
    confident: bool = True  # the first topic is likely enough to recommend on

    @property
    def primary_topic(self) -> str | None:
        return self.topics[0].code if self.topics else None

    def explain(self) -> list[str]:
        """The decisions in plain Dutch, one line each."""
        lines: list[str] = []
        if self.procedural:
            lines.append(f"Procedureel agendapunt: {self.procedural_reason}.")
        lines.extend(f"Afkorting of synoniem: {expansion}" for expansion in self.expansions)
        lines.extend(
            f"Onderwerp {t.code} ({t.score:.2f}): {', '.join(t.evidence) or 'samenhang van woorden'}"
            for t in self.topics
        )
        if self.topics and not self.confident:
            lines.append("Onderwerp onzeker: geen aanbeveling op onderwerp.")
        if self.instrument:
            lines.append(
                f"Instrument {self.instrument.code} ({self.instrument.score:.2f}): "
                f"'{self.instrument.evidence}' ({self.instrument.rule})"
            )
        return lines


def _is_upper(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _expansions(raw: list[str], all_caps: bool, rules_: Rules) -> list[tuple[int, ThesaurusEntry]]:
    """The thesaurus entries in the title, each with the position of its first token, in title order."""
    folded = [text.fold_word(token) for token in raw]
    found: list[tuple[int, ThesaurusEntry]] = []
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
                found.append((i, entry))
                step = size
            if step > 1 or (size == 1 and found and found[-1][1].tokens == tuple(folded[i : i + 1])):
                break
        i += step
    return found


def _distinct(hits: Iterable[tuple[int, ThesaurusEntry]]) -> list[ThesaurusEntry]:
    return list(dict.fromkeys(entry for _at, entry in hits))


# Names of a document's form that contain the name of a body ("raads|brief"): their parts are no subject.
# fmt: off
_DOCUMENT_WORDS = frozenset({
    "raadsvoorstel", "statenvoorstel", "collegevoorstel", "raadsbesluit", "statenbesluit", "collegebesluit",
    "raadsbrief", "statenbrief", "collegebrief", "raadsinformatiebrief", "raadsmemo", "raadsvragen",
})
# fmt: on


# Words that, in front of a title, say in what form and by whom the item comes ("Raadsbrief ...", "Voorstel
# college ...", "Voordracht van Gedeputeerde Staten tot ...", "Statenbesluit ..."): not its subject.
# fmt: off
_FRAME_WORDS = _DOCUMENT_WORDS | frozenset({
    "voorstel", "bestuursvoorstel", "besluit", "ontwerpbesluit", "voordracht", "brief", "informatiebrief",
    "memo", "mededeling", "rib", "college", "raad", "gedeputeerde", "staten", "gs", "burgemeester",
    "wethouders", "b&w", "dagelijks", "algemeen", "db", "ab", "van", "het", "de", "aan", "tot", "en", "door",
})
# fmt: on


def _positions(words: list[str], rules_: Rules) -> list[frozenset[str]]:
    return [
        text.stems_with_parts(word, rules_.lexicon)
        for word in words
        if word not in text.STOPWORDS and word not in rules_.ignored and word not in _DOCUMENT_WORDS
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


# A slot's clock time ("Pauze - 20:20", "19.00 - 19.15 uur Sprekersplein"); not a date such as 16.06.2005.
_CLOCK = re.compile(
    r"(?<![\d.])\d{1,2}[.:][0-5]\d(?:\s*uur)?(?:\s*[-\u2013]\s*\d{1,2}[.:][0-5]\d(?:\s*uur)?)?(?![.:]?\d)"
)
# A remark in brackets behind or inside a slot: "Sluiting (streven naar een eindtijd van 22.00 uur)",
# "Vragenhalfuur (zie art. 40 Reglement van orde)", "Parafenbesluitenlijst DB (ter tafel)".
_REMARK = re.compile(r"\s*\([^()]*\)")


_DATE_ONLY = re.compile(
    rf"(?:\d{{1,2}}(?:\s*(?:en|t/m)\s*\d{{1,2}})*\s+)?(?:{parsing.MONTH_WORDS})(?:\s+\d{{4}})?|\d{{4}}"
)


def procedural_parts(cleaned_title: str, *, without_remarks: bool = False) -> list[str]:
    """The parts of a title that must each be procedural ("Opening, mededelingen en vaststelling agenda"),
    folded, without clock times, quotes and brackets (with `without_remarks`, without what the brackets
    hold)."""
    folded = text.fold(cleaned_title).strip().rstrip(".!: ")
    folded = _CLOCK.sub(" ", folded)
    if without_remarks:
        folded = _REMARK.sub(" ", folded)
    folded = re.sub(r"[\"'()]", "", folded)
    folded = re.sub(r"\s*:\s*", " ", folded)
    parts = [re.sub(r"\s+", " ", part.strip(" .:-\u2013")) for part in _SEGMENT_SPLIT.split(folded)]
    parts = [part for part in parts if part]
    # A part that is only a date continues the one before it ("Verslagen van de vergaderingen van 14 maart
    # en 16 maart 2006", "Besluitenlijsten 12/19 december 2017"): it names no subject of its own.
    dated = [part for part in parts if not _DATE_ONLY.fullmatch(part)]
    return dated if dated else parts


def procedural_rule(part: str, rules_: Rules) -> ProceduralRule | None:
    """The rule that covers a part: the first that fits, unless a later one that fits also takes the rest of
    the title ("Verslag van de vergadering van 24 juni, inclusief de toezeggingen")."""
    fitting = [rule for rule in rules_.procedural_rules if rule.pattern.fullmatch(part)]
    return next((rule for rule in fitting if rule.takes_rest), fitting[0] if fitting else None)


def procedural_readings(cleaned_title: str) -> list[list[str]]:
    """The ways to split a title into parts, in the order they are tried: as written, then without the
    remarks (only when it has one; otherwise both are the same)."""
    readings = [procedural_parts(cleaned_title)]
    if _REMARK.search(cleaned_title):
        readings.append(procedural_parts(cleaned_title, without_remarks=True))
    return readings


def procedural_rules_for(cleaned_title: str, rules_: Rules) -> list[ProceduralRule] | None:
    """The procedural rules that cover every part of a title, or None when a part is not procedural. A rule
    whose pattern ends in '.*' takes the rest of the title ("Opening door de voorzitter, de heer Bor"). A
    remark in brackets is tried without it when the title is not procedural with it."""
    for parts in procedural_readings(cleaned_title):
        found: list[ProceduralRule] = []
        for part in parts:
            rule = procedural_rule(part, rules_)
            if rule is None:
                break
            found.append(rule)
            if rule.takes_rest:
                return found
        else:
            if found:
                return found
    return None


def is_procedural(cleaned_title: str, rules_: Rules | None = None) -> tuple[bool, str]:
    found = procedural_rules_for(cleaned_title, rules_ or rules())
    if not found:
        return False, ""
    return True, ", ".join(dict.fromkeys(rule.reason for rule in found))


def instrument_hits(
    title_text: str, instrument_rules: tuple[InstrumentRule, ...]
) -> tuple[tuple[str, int, str, str], ...]:
    """Every instrument rule that matches, in rule order, up to the first 'none' rule that matches."""
    hits: list[tuple[str, int, str, str]] = []
    for rule in instrument_rules:
        match = rule.pattern.search(title_text)
        if match:
            if rule.instrument == "none":
                break
            hits.append((rule.instrument, rule.line, rule.phrase, match.group(0).strip()))
    return tuple(hits)


# "Brief van het college inzake de bibliotheek", "Motie PvdA over de regenbooggemeente": what comes before
# such a word says who brings the item and in what form, what comes after it is the subject.
_SUBJECT_MARKERS = frozenset({"inzake", "betreffende", "aangaande", "over"})


def subject_start(words: list[str]) -> int:
    """The position of the first word of the subject: after the first subject marker ("inzake", "over")
    that has words on both sides, else 0. The topic word lists read the title from there, so that the frame
    ("Voorstel van het college", "Vragen van raadslid De Vries") does not count as the topic
    "bestuur"; the classifiers still read every word."""
    for at, word in enumerate(words):
        if word in _SUBJECT_MARKERS and 0 < at < len(words) - 1:
            return at + 1
    return 0


def frame_end(words: list[str]) -> int:
    """The number of words in front that only say the item's form and who brings it, when words follow."""
    at = 0
    while at < len(words) and words[at] in _FRAME_WORDS:
        at += 1
    while at and words[at - 1] in text.STOPWORDS:  # "Voorstel van het college": the frame ends on a noun
        at -= 1
    return at if 0 < at < len(words) and any(w not in text.STOPWORDS for w in words[:at]) else 0


def rule_evidence(cleaned: str, rules_: Rules) -> RuleEvidence:
    """What the data files say about a cleaned title: features for the classifiers, and explanations."""
    procedural, procedural_reason = is_procedural(cleaned, rules_)
    raw = text.raw_tokens(cleaned)
    hits = _expansions(raw, _is_upper(cleaned), rules_)
    entries = _distinct(hits)
    title_words = [text.fold_word(token) for token in raw]
    start = subject_start(title_words) or frame_end(title_words)
    # The topic evidence takes the abbreviations that start in the subject.
    topic_entries = _distinct(hit for hit in hits if hit[0] >= start) if start else entries
    segments: list[tuple[list[frozenset[str]], float]] = [
        (_positions(title_words[start:], rules_), TITLE_WEIGHT)
    ]
    segments += [(_positions(text.tokens(e.expansion), rules_), EXPANSION_WEIGHT) for e in topic_entries]
    scored = _score_topics(segments, rules_)
    title_text = " ".join(title_words) + " | " + " ".join(e.expansion for e in entries)
    named = [e for e in entries if e.kind == "body"]
    named.sort(key=lambda e: e.case_tokens is None)
    return RuleEvidence(
        procedural=procedural,
        procedural_reason=procedural_reason,
        instruments=instrument_hits(title_text, rules_.instrument_rules),
        topics={code: (points, tuple(evidence)) for code, (points, evidence, _first) in scored.items()},
        expansions=tuple(f"{e.term}: {e.expansion}" for e in entries),
        bodies=tuple(dict.fromkeys(e.term for e in named)),
        instrument_text=title_text,
    )


def _readable(name: str, words: dict[str, str]) -> str | None:
    """A feature as a reader understands it, or None for features that explain nothing on their own."""
    kind, _, value = name.partition(":")
    if kind == "s":
        return f"'{words.get(value, value)}'"
    if kind == "b":
        left, _, right = value.partition("_")
        return f"'{words.get(left, left)} {words.get(right, right)}'"
    if kind in {"f", "f2"}:
        return f"begint met '{' '.join(words.get(v, v) for v in value.split('_'))}'"
    if kind == "r" and value.startswith("topic_"):
        return f"woordenlijst {value.removeprefix('topic_')}"
    if kind == "r" and value.startswith("inst_"):
        return f"regel {value.removeprefix('inst_')}"
    if kind == "r" and value == "procedural":
        return "patroon van een procedureel punt"
    if kind == "p" and value.startswith("code_"):
        return f"code voor {value.removeprefix('code_')}"
    if kind == "p" and value.startswith("kind_"):
        return f"soort stuk {value.removeprefix('kind_')}"
    return None


def _evidence(
    linear: model_.LinearModel,
    output: int,
    encoded: tuple[list[int], list[float], list[str]],
    words: dict[str, str],
    *,
    kinds: tuple[str, ...] = ("s", "b", "f", "f2", "r", "p"),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What weighed most for one output, readable, and the title words among it."""
    rows, values, names = encoded
    contributions = linear.contributions(rows, values, output)
    order = sorted(range(len(names)), key=lambda i: -contributions[i])
    found: list[str] = []
    title_words: list[str] = []
    for i in order:
        if contributions[i] <= MIN_CONTRIBUTION or len(found) == EVIDENCE_SHOWN:
            break
        kind, _, value = names[i].partition(":")
        if kind not in kinds:
            continue
        readable = _readable(names[i], words)
        if readable and readable not in found:
            found.append(readable)
            if kind == "s" and words.get(value, value) not in title_words:
                title_words.append(words.get(value, value))
    return tuple(found), tuple(title_words)


def _mixed(classifier: Any, rule: Any, weight: float) -> Any:
    """The classifier's probability with the rules' say mixed in (the same for scalars and vectors)."""
    return (1.0 - weight) * classifier + weight * rule


def _topics(
    model: model_.Model,
    encoded: tuple[list[int], list[float], list[str]],
    words: dict[str, str],
    evidence: RuleEvidence,
) -> tuple[tuple[TopicScore, ...], float]:
    rows, values, _names = encoded
    probabilities = model.topics.probabilities(rows, values)
    known = [
        (model.topics.classes.index(code), points)
        for code, (points, _w) in evidence.topics.items()
        if code in model.topics.classes
    ]
    total = sum(points for _i, points in known)
    if total > 0:
        prior = np.zeros(len(model.topics.classes))
        for output, points in known:
            prior[output] = points / total
        probabilities = _mixed(probabilities, prior, model.mix.get("topics", 0.0))
    order = np.argsort(-probabilities, kind="stable")
    top = float(probabilities[order[0]])
    chosen: list[TopicScore] = []
    for output in order[:MAX_TOPICS]:
        share = float(probabilities[output])
        if chosen and share < max(SECONDARY_MIN, SECONDARY_SHARE * top):
            break
        code = model.topics.classes[output]
        readable, title_words = _evidence(model.topics, int(output), encoded, words, kinds=("s", "b", "r"))
        # A reason names the title's words for the topic: those of the topic's word list when it has any
        # (rioolheffing), else what the classifier weighed ("vaststellen" says nothing to a reader).
        found = evidence.topics.get(code, (0.0, ()))[1]
        listed = [w for w in found if not any(w != other and w in other for other in found)]  # "rioolheffing"
        chosen.append(TopicScore(code, round(share, 3), readable, tuple(listed) or title_words))
    return tuple(chosen), top


# Agenda items repeat: every meeting has its "Opening", "Vaststellen van de agenda", "Vragenuur" and
# "Lijst van ingekomen stukken", and a re-sync reads the same titles again. An analysis is a pure function of
# the text, the body type, the model and the rules, so the latest ones are kept (bounded) per process.
ANALYSIS_CACHE_SIZE = 4096
CacheKey = tuple[str, str, str, tuple[str, ...]]
_cache: OrderedDict[CacheKey, Analysis] = OrderedDict()
_cache_owner: tuple[object, object] | None = None
_cache_lock = threading.Lock()
cache_hits = 0  # read by bench/sync.py
# Analyses being computed ahead in another process (ahead.py), by cache key: the future of a batch and the
# analysis's place in it. A miss on a key found here waits for that batch instead of analysing again.
_ahead: dict[CacheKey, tuple[Future[list[Analysis]], int]] = {}
AHEAD_KEPT = 8192
AHEAD_WAIT = 60.0  # seconds a batch may take (one is a few hundred titles: well under a second)
on_ahead_failure: Callable[[BaseException], None] | None = None  # set by ahead.py: stop sending batches
ahead_used = 0  # read by bench/sync.py


def cache_key(title: str, description: str, body_type: str, meeting: str) -> CacheKey:
    """Only the meeting's meaningful words count: the same title on the next Raadsvergadering is the same
    analysis, whatever the date in the meeting's name."""
    return (title, description, body_type, features.meeting_stems(meeting, rules()))


def analyse(
    title: str,
    description: str = "",
    *,
    body_type: str = "",
    meeting: str = "",
    model: model_.Model | None = None,
) -> Analysis:
    """Analyse an agenda item: is it procedural, which topics (most probable first), which instrument.

    The classifiers read the title; the description helps only when the title alone leaves the topic unsure.
    With the current model (no `model` given), recent results are reused for the same text, body type and
    meaningful words of the meeting's name.
    """
    global _cache_owner, cache_hits
    if model is not None:
        return _analyse(title, description, body_type, meeting, model)
    model = model_.current()
    owner = (model, rules())
    key = cache_key(title, description, body_type, meeting)
    with _cache_lock:
        if _cache_owner is not None and (_cache_owner[0] is not owner[0] or _cache_owner[1] is not owner[1]):
            _cache.clear()  # a new model or new rules: nothing kept is valid
            _ahead.clear()  # computed with the old ones
        _cache_owner = owner
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            cache_hits += 1
            return found
        pending = _ahead.pop(key, None)
    result = _from_ahead(pending) if pending is not None else None
    if result is None:
        result = _analyse(title, description, body_type, meeting, model)
    with _cache_lock:
        _cache[key] = result
        if len(_cache) > ANALYSIS_CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _from_ahead(pending: tuple[Future[list[Analysis]], int]) -> Analysis | None:
    """The analysis computed ahead, waiting for its batch if need be; None if the batch failed (the
    caller then analyses here, so a broken worker costs speed, never a result)."""
    global ahead_used
    future, position = pending
    try:
        found = future.result(timeout=AHEAD_WAIT)[position]
    except Exception as exc:  # whatever broke or stalled the other process, the analysis is done here
        with _cache_lock:
            _ahead.clear()  # every other batch of that worker would fail or wait as long
        if on_ahead_failure is not None:
            on_ahead_failure(exc)
        return None
    ahead_used += 1
    return found


def expect(key: CacheKey, future: Future[list[Analysis]], position: int) -> None:
    """Register an analysis that another process is computing (see ahead.py)."""
    with _cache_lock:
        if key not in _cache:
            _ahead[key] = (future, position)
        while len(_ahead) > AHEAD_KEPT:  # announced but never asked for (a meeting that failed)
            del _ahead[next(iter(_ahead))]


def known(key: CacheKey) -> bool:
    """In the cache, or being computed ahead."""
    with _cache_lock:
        return key in _cache or key in _ahead


def _rule_name(line: int) -> str:
    if line == features.CODE_LINE:
        return "code"
    return "meeting" if line == features.MEETING_LINE else f"instruments.tsv:{line}"


def _analyse(title: str, description: str, body_type: str, meeting: str, model: model_.Model) -> Analysis:
    rules_ = rules()
    extracted = features.extract(title[:TITLE_MAX_LENGTH], rules_, body_type=body_type, meeting=meeting)
    encoded = model.encode(extracted.features)
    rows, values, _names = encoded
    words = extracted.words
    evidence = extracted.evidence
    procedural_score = float(model.procedural.probabilities(rows, values)[0])
    if evidence.procedural:  # a procedural pattern can only make the item more likely procedural
        procedural_score = _mixed(procedural_score, 1.0, model.mix.get("procedural", 0.0))
    procedural = procedural_score >= (
        PROCEDURAL_THRESHOLD if evidence.procedural else PROCEDURAL_THRESHOLD_WITHOUT_RULE
    )
    if procedural:
        reason = evidence.procedural_reason or "een onderdeel van de vergaderorde"
        return Analysis(
            title=title,
            cleaned_title=extracted.cleaned,
            procedural=True,
            procedural_reason=reason,
            topics=(),
            instrument=None,
            expansions=evidence.expansions,
            bodies=evidence.bodies,
            procedural_score=round(procedural_score, 3),
        )
    instrument_probabilities = model.instrument.probabilities(rows, values)
    if evidence.instruments and evidence.instruments[0][0] in model.instrument.classes:
        # The first rule that fits weighs as much as it proved reliable on the training rows.
        first_code, first_line = evidence.instruments[0][:2]
        reliability = model.instrument_rules.get(f"{first_code}@{first_line}", 0.5)
        prior = np.zeros(len(model.instrument.classes))
        prior[model.instrument.classes.index(first_code)] = 1.0
        instrument_probabilities = _mixed(
            instrument_probabilities,
            prior,
            model.instrument_mix(first_code, by_code=first_line == features.CODE_LINE) * reliability,
        )
    best = int(np.argmax(instrument_probabilities))
    code = model.instrument.classes[best]
    instrument = None
    if code != "none":
        rule = next((hit for hit in evidence.instruments if hit[0] == code), None)
        instrument = InstrumentDecision(
            code=code,
            score=round(float(instrument_probabilities[best]), 3),
            phrase=(rule[2] if rule else "") or INSTRUMENT_PHRASES.get(code, code),
            rule=_rule_name(rule[1]) if rule else "model",
            evidence=rule[3] if rule else ", ".join(_evidence(model.instrument, best, encoded, words)[0]),
        )
    topics, confidence = _topics(model, encoded, words, evidence)
    if confidence < TOPIC_CONFIDENCE and description.strip():
        opening = " ".join(text.raw_tokens(description[:TITLE_MAX_LENGTH])[:DESCRIPTION_WORDS])
        wider = features.extract(
            f"{title[:TITLE_MAX_LENGTH]} {opening}", rules_, body_type=body_type, meeting=meeting
        )
        wider_topics, wider_confidence = _topics(
            model, model.encode(wider.features), wider.words, wider.evidence
        )
        if wider_confidence > confidence:
            topics, confidence = wider_topics, wider_confidence
    return Analysis(
        title=title,
        cleaned_title=extracted.cleaned,
        procedural=False,
        procedural_reason="",
        topics=topics,
        instrument=instrument,
        expansions=evidence.expansions,
        bodies=evidence.bodies,
        procedural_score=round(procedural_score, 3),
        confident=confidence >= TOPIC_CONFIDENCE,
    )
