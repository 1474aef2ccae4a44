"""Features of an agenda-item title for the classifiers: structure, words, word parts and rule evidence.

The same function serves training (`training.py`) and analysis at sync time (`analysis.py`), so the model
always sees what it was trained on. Feature names are short strings with a prefix that says their kind:

    s:<stem>          a word's Dutch stem, and the stems of its compound parts
    b:<stem>_<stem>   two neighbouring stems
    c:<n-gram>        character 4-grams of longer words (so unseen compounds share evidence)
    f:<stem>          the first word of the title (after item number and code), f2: the first two
    p:<name>          the title's structure (number, code kind, document kind, reference, date, length)
    r:<name>          evidence of the reviewable rules in data/ (procedural pattern, instrument rule,
                      topic word list); the rules inform the classifier, they do not decide
    i:<code>@<line>   the instrument rule that fired first, line 0 for a code such as "M12" (value 0: not
                      a model input; it tells training and analysis which rule's measured reliability applies)
    t:<body type>     gemeente, provincie or waterschap, when known
    m:<stem>          a word of the meeting's name ("Vragenuur", "Informatieavond", "Commissie Ruimte"), when
                      known: the same title means something else on a question hour than on a council vote
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import lru_cache

from toerusting.dutch import analysis_title
from toerusting.matching import parse as parsing
from toerusting.matching import text
from toerusting.matching.rules import InstrumentRule, Rules

# Character 4-grams of words of six letters or more, at half a word's weight; shorter words are covered by
# their stem. In 12-group cross-validation on the corpus, from seven letters: primary topic 0.856 -> 0.860,
# instrument 0.789 -> 0.791, procedural precision 0.990 -> 0.992 at the same recall; five letters, 3- or
# 5-grams and weights 0.3 or 0.8 scored no better.
CHAR_NGRAM = 4
MIN_NGRAM_WORD = 6
NGRAM_WEIGHT = 0.5


@dataclass(frozen=True)
class RuleEvidence:
    """What the rules of data/ say about a title; kept so the analysis can explain itself."""

    procedural: bool
    procedural_reason: str
    instruments: tuple[tuple[str, int, str, str], ...]  # (code, line, phrase, matched words), in rule order
    topics: dict[str, tuple[float, tuple[str, ...]]]  # topic -> (points, evidence words)
    expansions: tuple[str, ...]  # "GGD: gemeentelijke gezondheidsdienst"
    bodies: tuple[str, ...]  # bodies named in the title, as written
    instrument_text: str = ""  # what instruments.tsv reads: the folded title | its abbreviations spelled out


@dataclass(frozen=True)
class Extracted:
    parsed: parsing.ParsedTitle
    cleaned: str
    evidence: RuleEvidence
    features: dict[str, float]
    words: dict[str, str]  # stem -> the word of the title it came from (for explanations)


def _ngrams(word: str) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + CHAR_NGRAM] for i in range(len(padded) - CHAR_NGRAM + 1)]


# The meeting's words weigh as much as a title's word; 0.5 and 2.0 scored lower in 12-group cross-validation.
MEETING_WEIGHT = 1.0
AUTHOR_WINDOW = 5  # words from the start in which a party or a form of address names who brings the item
AUTHOR_OVER_WINDOW = 8


MONTHS = frozenset(parsing.MONTH_WORDS.split("|"))

# A code in front of or behind the title ("M140.", "A2023-013", "(MV4-2)") says the instrument as plainly as
# the word would: it counts as the first instrument rule that fits, on line CODE_LINE (no phrase of its own),
# with its own measured reliability ("motie@0").
CODE_LINE = 0
CODE_INSTRUMENTS = frozenset({"motie", "amendement", "vragen", "informatie"})
# The meeting's name says the instrument when the title says none ("Schriftelijke vragen (art. 39)",
# "Gemeenteraad (vragenuur)" above a bare subject): the instrument rules read the name, and when the first
# that fits is one of MEETING_INSTRUMENTS it counts as a rule on line MEETING_LINE, with its own measured
# reliability ("vragen@-1"). Only questions: with every instrument, procedural recall and precision@3 fell.
MEETING_LINE = -1
MEETING_INSTRUMENTS = frozenset({"vragen"})


def meeting_stems(meeting: str, rules_: Rules) -> tuple[str, ...]:
    """The stems of the meeting's name that mean something: no dates, numbers or small words, so that
    "Raadsvergadering 2 december" and "Raadsvergadering 9 december" give the same context."""
    return _meeting_stems(meeting, rules_.lexicon)


@lru_cache(maxsize=4096)  # every item of a meeting has the same name: its words are stemmed once
def _meeting_stems(meeting: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    found: set[str] = set()
    for word in text.raw_tokens(meeting):
        folded = text.fold_word(word)
        meaningful = len(folded) > 2 and folded not in text.STOPWORDS and folded not in MONTHS
        if meaningful and not any(ch.isdigit() for ch in folded):
            found.update(text.stems_with_parts(folded, lexicon))
    return tuple(sorted(found))


@lru_cache(maxsize=4096)  # every item of a meeting has the same name
def _meeting_instrument(
    meeting: str, instrument_rules: tuple[InstrumentRule, ...]
) -> tuple[str, int, str, str] | None:
    from toerusting.matching.analysis import instrument_hits

    folded = " ".join(text.fold_word(word) for word in text.raw_tokens(meeting))
    hits = instrument_hits(folded, instrument_rules)
    if not hits or hits[0][0] not in MEETING_INSTRUMENTS:
        return None
    code, _line, phrase, words = hits[0]
    return (code, MEETING_LINE, phrase, words)


def extract(title: str, rules_: Rules, *, body_type: str = "", meeting: str = "") -> Extracted:
    """The features of one title (linear in its length)."""
    # Imported here: analysis imports this module for the model's input.
    from toerusting.matching.analysis import rule_evidence, subject_start

    parsed = parsing.parse(title)
    cleaned = analysis_title(parsed.rest or title)
    evidence = rule_evidence(cleaned, rules_)
    kind = parsed.code_kind
    if kind in CODE_INSTRUMENTS and not (evidence.instruments and evidence.instruments[0][0] == kind):
        by_code = (kind, CODE_LINE, "", parsed.code)
        evidence = replace(evidence, instruments=(by_code, *evidence.instruments))
    if not evidence.instruments and not evidence.procedural and meeting:
        by_meeting = _meeting_instrument(meeting, rules_.instrument_rules)
        if by_meeting is not None:
            evidence = replace(evidence, instruments=(by_meeting,))
    features: dict[str, float] = {}

    words = [text.fold_word(token) for token in text.raw_tokens(parsing.strip_references(cleaned))]
    content = [w for w in words if w not in text.STOPWORDS and w not in rules_.ignored and not w.isdigit()]
    stems: list[str] = []
    words_by_stem: dict[str, str] = {}
    for word in content:
        stem = text.stem(word)
        stems.append(stem)
        words_by_stem.setdefault(stem, word)
        for part_stem in text.stems_with_parts(word, rules_.lexicon):
            features[f"s:{part_stem}"] = 1.0
            words_by_stem.setdefault(part_stem, word)
        if len(word) >= MIN_NGRAM_WORD:
            for gram in _ngrams(word):
                features[f"c:{gram}"] = NGRAM_WEIGHT
    for left, right in itertools.pairwise(stems):
        features[f"b:{left}_{right}"] = 1.0
    for expansion in evidence.expansions:
        for token in text.tokens(expansion.partition(":")[2]):
            features.setdefault(f"s:{text.stem(token)}", 0.8)
    if words:
        features[f"f:{text.stem(words[0])}"] = 1.0
        if len(words) > 1:
            features[f"f2:{text.stem(words[0])}_{text.stem(words[1])}"] = 1.0

    if parsed.number:
        features["p:numbered"] = 1.0
    if parsed.code:
        features[f"p:code_{parsed.code_kind or 'unknown'}"] = 1.0
    if parsed.doc_kind:
        features[f"p:kind_{parsed.doc_kind}"] = 1.0
    if parsed.has_reference:
        features["p:reference"] = 1.0
    if parsed.has_date:
        features["p:date"] = 1.0
    if parsed.has_time:
        features["p:time"] = 1.0
    if parsed.compound:
        features["p:compound"] = 1.0
    if subject_start(words):  # "... inzake X", "... over X": a subject is named
        features["p:subject"] = 1.0
    size = len(content)
    features[f"p:len_{min(size, 6)}"] = 1.0
    # Who brings the item: a party or a member named near the start ("CDA (de Wit) over ...", "De heer
    # Knorren (CDA) over ...", "Vraag van D66 ..."): questions and motions of members are written so.
    if any(word in rules_.ignored for word in words[:AUTHOR_WINDOW]):
        features["p:author"] = 1.0
        if "over" in words[:AUTHOR_OVER_WINDOW]:
            features["p:author_over"] = 1.0

    if evidence.procedural:
        features["r:procedural"] = 1.0
    for position, (code, line, _phrase, _words) in enumerate(evidence.instruments):
        features.setdefault(f"r:inst_{code}", 1.0 if position == 0 else 0.5)
        if position == 0:
            features[f"i:{code}@{line}"] = 0.0  # which rule fired first; for the rule's reliability only
    if evidence.topics:
        ranked = sorted(evidence.topics.items(), key=lambda kv: -kv[1][0])
        top = ranked[0][1][0]
        for position, (code, (points, _topic_words)) in enumerate(ranked[:4]):
            features[f"r:topic_{code}"] = round(min(points, 6.0) / 3.0, 3)
            if position == 0 and (len(ranked) == 1 or ranked[1][1][0] < top):
                features[f"r:topfirst_{code}"] = 1.0
    if body_type:
        features[f"t:{body_type}"] = 1.0
    for stem in meeting_stems(meeting, rules_):
        features[f"m:{stem}"] = MEETING_WEIGHT
    return Extracted(parsed, cleaned, evidence, features, words_by_stem)
