"""The reviewable knowledge of the matching engine, loaded from the data files beside this module.

data/thesaurus.tsv (abbreviations and synonyms), data/topics.tsv (topic words with weights),
data/topic_lexicon.tsv (the everyday words of each policy field, written apart from any labelled title),
data/instruments.tsv (ordered instrument rules), data/procedural.tsv (procedural items and headings) and
data/compound_parts.txt (words that make up Dutch compounds). Every error names the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toerusting.catalogue import selectors as catalogue
from toerusting.matching import text

DATA_DIR = Path(__file__).resolve().parent / "data"
_MACRO = re.compile(r"^@([A-Z]+)\s*=\s*(.+)$")
INSTRUMENT_COLUMNS = ("instrument", "pattern", "phrase", "topics")
PROCEDURAL_COLUMNS = ("pattern", "reason")


class DataError(ValueError):
    """A data file of the matching engine is wrong; the message starts with file:line."""


@dataclass(frozen=True)
class ThesaurusEntry:
    term: str  # as written in the file
    tokens: tuple[str, ...]  # folded tokens of the term
    case_tokens: tuple[str, ...] | None  # tokens as written, when the term must match in capitals
    expansion: str
    kind: str  # abbr | synonym | body


@dataclass(frozen=True)
class TopicTerm:
    topic: str
    weight: float
    term: str
    stems: tuple[str, ...]
    source: str = "topics.tsv"  # the data file it comes from


@dataclass(frozen=True)
class InstrumentRule:
    line: int
    instrument: str  # a code of taxonomy.INSTRUMENTS, or "none"
    pattern: re.Pattern[str]
    phrase: str
    topic_hints: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ProceduralRule:
    line: int
    pattern: re.Pattern[str]
    reason: str

    @property
    def takes_rest(self) -> bool:
        """The pattern ends in '.*': whatever follows the slot's name belongs to it."""
        return self.pattern.pattern.endswith(".*")


@dataclass(frozen=True)
class Rules:
    thesaurus: dict[tuple[str, ...], list[ThesaurusEntry]]
    max_term_tokens: int
    topic_terms: tuple[TopicTerm, ...]
    instrument_rules: tuple[InstrumentRule, ...]
    procedural_rules: tuple[ProceduralRule, ...]
    lexicon: frozenset[str]
    ignored: frozenset[str]  # words that say nothing about the topic: party names, forms of address
    # Topic terms by their first stem, with their place in topic_terms: so scoring looks only at the
    # terms that can start at a word, instead of trying every term at every word.
    terms_by_first_stem: dict[str, tuple[tuple[int, TopicTerm], ...]] = field(default_factory=dict)
    # (topic, term) -> the data file it comes from (topics.tsv or topic_lexicon.tsv), for the audit.
    term_sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[int, TopicTerm]]] = {}
        for number, term in enumerate(self.topic_terms):
            if term.stems:
                index.setdefault(term.stems[0], []).append((number, term))
        self.terms_by_first_stem.update({stem: tuple(terms) for stem, terms in index.items()})
        self.term_sources.update({(term.topic, term.term): term.source for term in self.topic_terms})


def _rows(path: Path, columns: tuple[str, ...], macros: dict[str, str]) -> list[tuple[int, list[str]]]:
    """Data rows (line number, cells) of a TSV file with a header; '#' comments and '@' macros skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8: {exc}") from exc
    return rows_of(lines, path, columns, macros)


def rows_of(
    lines: list[str], path: Path, columns: tuple[str, ...], macros: dict[str, str]
) -> list[tuple[int, list[str]]]:
    """The data rows of a data file's lines (also lines edited in memory, as the audit does); the macros
    it defines are added to `macros`, expanded."""
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        macro = _MACRO.match(line)
        if macro:
            macros[macro.group(1)] = _expand(macro.group(2).strip(), macros, path, number)
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells[: len(columns)]) != columns:
                raise DataError(
                    f"{path}:{number}: header must be {' | '.join(columns)}, not {' | '.join(cells)}"
                )
            header_seen = True
            continue
        required = len([c for c in columns if not c.startswith("topics")])
        if len(cells) < required or any(not cell.strip() for cell in cells[:required]):
            raise DataError(f"{path}:{number}: expected {required} tab-separated columns: {line!r}")
        rows.append((number, cells))
    if not header_seen:
        raise DataError(f"{path}: no header line")
    return rows


def _expand(pattern: str, macros: dict[str, str], path: Path, number: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise DataError(f"{path}:{number}: unknown macro {{{name}}}")
        return macros[name]

    return re.sub(r"\{([A-Z]+)\}", replace, pattern)


def _compile(pattern: str, path: Path, number: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataError(f"{path}:{number}: bad regular expression: {exc}") from exc


def load_thesaurus(path: Path) -> dict[tuple[str, ...], list[ThesaurusEntry]]:
    entries: dict[tuple[str, ...], list[ThesaurusEntry]] = {}
    for number, cells in _rows(path, ("term", "expansion", "kind"), {}):
        term, expansion, kind = (cell.strip() for cell in cells[:3])
        if kind not in {"abbr", "synonym", "body"}:
            raise DataError(f"{path}:{number}: kind must be abbr, synonym or body, not {kind!r}")
        raw_tokens = tuple(text.raw_tokens(term))
        tokens = tuple(text.fold(token) for token in raw_tokens)
        if not tokens:
            raise DataError(f"{path}:{number}: empty term")
        in_capitals = any(sum(c.isupper() for c in token) >= 2 for token in raw_tokens)
        entry = ThesaurusEntry(term, tokens, raw_tokens if in_capitals else None, expansion, kind)
        entries.setdefault(tokens, []).append(entry)
    return entries


def load_topic_terms(path: Path, listed: tuple[TopicTerm, ...] = ()) -> tuple[TopicTerm, ...]:
    """Topic words of one file; a term that `listed` (an earlier file) already has for the topic is
    left out, a term listed twice in the same file is an error."""
    known = {t.code for t in catalogue.TOPICS}
    terms: list[TopicTerm] = []
    seen: set[tuple[str, str]] = set()
    earlier = {(term.topic, " ".join(term.stems)) for term in listed}
    for number, cells in _rows(path, ("topic", "weight", "term"), {}):
        topic, weight, term = (cell.strip() for cell in cells[:3])
        if topic not in known:
            raise DataError(f"{path}:{number}: unknown topic code {topic!r}")
        try:
            value = float(weight)
        except ValueError as exc:
            raise DataError(f"{path}:{number}: weight must be a number, not {weight!r}") from exc
        stems = tuple(text.stem(token) for token in text.tokens(term))
        if not stems:
            raise DataError(f"{path}:{number}: empty term")
        if (topic, " ".join(stems)) in seen:
            raise DataError(f"{path}:{number}: {term!r} is already listed for {topic} (same stems)")
        seen.add((topic, " ".join(stems)))
        if (topic, " ".join(stems)) not in earlier:
            terms.append(TopicTerm(topic, value, term, stems, path.name))
    return tuple(terms)


def load_instrument_rules(path: Path) -> tuple[InstrumentRule, ...]:
    known = {t.code for t in catalogue.INSTRUMENTS} | {"none"}
    topics = {t.code for t in catalogue.TOPICS}
    macros: dict[str, str] = {}
    rules: list[InstrumentRule] = []
    for number, cells in _rows(path, INSTRUMENT_COLUMNS, macros):
        code, pattern, phrase = (cell.strip() for cell in cells[:3])
        if code not in known:
            raise DataError(f"{path}:{number}: unknown instrument code {code!r}")
        hints: list[tuple[str, float]] = []
        hint_cell = cells[3].strip() if len(cells) > 3 else ""
        for hint in filter(None, (h.strip() for h in hint_cell.split(","))):
            topic, _, weight = hint.partition(":")
            if topic not in topics:
                raise DataError(f"{path}:{number}: unknown topic code {topic!r} in topic hints")
            try:
                hints.append((topic, float(weight or "1")))
            except ValueError as exc:
                raise DataError(f"{path}:{number}: bad weight in topic hint {hint!r}") from exc
        compiled = _compile(_expand(pattern, macros, path, number), path, number)
        rules.append(InstrumentRule(number, code, compiled, phrase, tuple(hints)))
    return tuple(rules)


def load_procedural_rules(path: Path) -> tuple[ProceduralRule, ...]:
    macros: dict[str, str] = {}
    rules: list[ProceduralRule] = []
    for number, cells in _rows(path, PROCEDURAL_COLUMNS, macros):
        pattern, reason = cells[0].strip(), cells[1].strip()
        rules.append(
            ProceduralRule(number, _compile(_expand(pattern, macros, path, number), path, number), reason)
        )
    return tuple(rules)


def load_lexicon(path: Path, topic_terms: tuple[TopicTerm, ...]) -> frozenset[str]:
    words = {
        text.fold(line.strip())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for term in topic_terms:
        words.update(text.tokens(term.term))
    return frozenset(word for word in words if len(word) >= 3)


def load_rules(data_dir: Path = DATA_DIR) -> Rules:
    thesaurus = load_thesaurus(data_dir / "thesaurus.tsv")
    listed = load_topic_terms(data_dir / "topics.tsv")
    topic_terms = listed + load_topic_terms(data_dir / "topic_lexicon.tsv", listed)
    return Rules(
        thesaurus=thesaurus,
        max_term_tokens=max(len(key) for key in thesaurus),
        topic_terms=topic_terms,
        instrument_rules=load_instrument_rules(data_dir / "instruments.tsv"),
        procedural_rules=load_procedural_rules(data_dir / "procedural.tsv"),
        lexicon=load_lexicon(data_dir / "compound_parts.txt", topic_terms),
        ignored=load_words(data_dir / "ignored_words.txt"),
    )


def load_words(path: Path) -> frozenset[str]:
    """One folded word a line; '#' comments."""
    return frozenset(
        text.fold(line.strip())
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules from the data files, loaded once per process."""
    return load_rules()
