"""Which rows of the data files the labelled corpus actually uses, and by how many bodies.

A rule, word or abbreviation that only one title needs is a rule for that title, not knowledge of council
language. `usage` lists, per data row, the bodies whose corpus titles it fires on; the tests use it to keep
rules written for single rows (in particular rows of the evaluation set) out of the data files.
`alternative_usage` does the same for every alternative inside the patterns of procedural.tsv and
instruments.tsv: a line can fire in many bodies while one of its words serves one title only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toerusting.dutch import analysis_title
from toerusting.matching import analysis
from toerusting.matching.corpus import LabelledRow
from toerusting.matching.parse import parse
from toerusting.matching.rules import (
    _MACRO,
    DATA_DIR,
    INSTRUMENT_COLUMNS,
    PROCEDURAL_COLUMNS,
    Rules,
    _expand,
    rows_of,
)


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


@dataclass(frozen=True)
class Alternative:
    """One alternative of a group in a pattern line or macro, or an optional group (which is then the
    alternative), at `span` in the pattern as written. `narrowed` holds the patterns of the lines it affects
    (for a macro, one per place where a line uses it), reduced so that they only fit where the alternative
    takes part; the group named "alt" holds what it fits."""

    file: str
    line: int
    written: str  # the line's pattern (or the macro's value) as written
    span: tuple[int, int]
    narrowed: tuple[re.Pattern[str], ...]

    @property
    def text(self) -> str:
        return self.written[self.span[0] : self.span[1]]


def _skip_class(pattern: str, at: int) -> int:
    """The position after a character class that starts at `at` ('[')."""
    at += 1
    at += pattern.startswith("^", at)
    at += pattern.startswith("]", at)  # a ']' first in the class is a character
    while pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at + 1


_QUANTIFIER = re.compile(r"(?:\?|\*|\+|\{\d*,?\d*\})\??")


@dataclass(frozen=True)
class Group:
    """A group of a regular expression as written: where it starts ('(') and ends (after ')'), the spans of
    its alternatives, and the quantifier behind it ('?', '*', '{0,2}' or ''). `top` marks the pattern's own
    top-level alternatives, which have no brackets."""

    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    quantifier: str
    top: bool = False


def groups(pattern: str) -> list[Group]:
    """The groups of a pattern, inner ones first, and the pattern's own top-level alternatives last. A
    lookaround and the groups inside it are skipped: they hold conditions, not alternatives."""
    found: list[Group] = []
    stack: list[tuple[int, list[int] | None]] = []
    top = [0]
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if char == "[":
            at = _skip_class(pattern, at)
            continue
        if char == "(":
            condition = any(separators is None for _start, separators in stack)
            if condition or (pattern.startswith("(?", at) and not pattern.startswith("(?:", at)):
                stack.append((at, None))
            else:
                stack.append((at, [at + (3 if pattern.startswith("(?:", at) else 1)]))
        elif char == "|":
            if not stack:
                top.append(at + 1)
            elif (separators := stack[-1][1]) is not None:
                separators.append(at + 1)
        elif char == ")":
            start, separators = stack.pop()
            if separators is not None:
                ends = [separator - 1 for separator in separators[1:]] + [at]
                quantifier = _QUANTIFIER.match(pattern, at + 1)
                spans = tuple(zip(separators, ends, strict=True))
                found.append(Group(start, at + 1, spans, quantifier.group(0) if quantifier else ""))
        at += 1
    if len(top) > 1:
        ends = [separator - 1 for separator in top[1:]] + [len(pattern)]
        found.append(Group(0, len(pattern), tuple(zip(top, ends, strict=True)), "", top=True))
    return found


def _repeats(quantifier: str) -> bool:
    return bool(quantifier) and not re.fullmatch(r"\??|\{0?,?1\}\??|\?\?", quantifier)


def _in_place(pattern: str, group: Group, inner: str) -> tuple[int, int, str]:
    """The group (with its quantifier) as a text that must go through `inner` (one of its alternatives,
    already narrowed): once when it may occur at most once, among any repetitions of itself when it
    repeats."""
    if group.top:
        return 0, len(pattern), inner
    body = pattern[group.spans[0][0] : group.spans[-1][1]]
    text = f"(?:{body})*{inner}(?:{body})*" if _repeats(group.quantifier) else inner
    return group.start, group.end + len(group.quantifier), text


def _wrapped(pattern: str, all_groups: list[Group], start: int, end: int, text: str) -> str:
    """The pattern with pattern[start:end] replaced by `text`, and every group around it reduced to the
    alternative that holds it, so that a fit of the result goes through `text`."""
    around = [g for g in all_groups if any(a <= start and end <= b for a, b in g.spans)]
    for group in sorted(around, key=lambda g: (g.top, g.end - g.start)):
        first, last = next((a, b) for a, b in group.spans if a <= start and end <= b)
        start, end, text = _in_place(pattern, group, f"(?:{pattern[first:start]}{text}{pattern[end:last]})")
    return pattern[:start] + text + pattern[end:]


def _narrowings(pattern: str) -> Iterator[tuple[tuple[int, int], str]]:
    """(span, the pattern narrowed to it) for every alternative of a group with more than one, and for
    every optional group as a whole; what the alternative fits is the group "alt"."""
    all_groups = groups(pattern)
    for group in all_groups:
        if len(group.spans) > 1:
            chosen = [(span, f"(?P<alt>{pattern[span[0] : span[1]]})") for span in group.spans]
        elif group.quantifier in ("?", "??", "{0,1}"):
            span = (group.start, group.end + len(group.quantifier))
            chosen = [(span, f"(?P<alt>{pattern[group.spans[0][0] : group.spans[0][1]]})")]
        else:
            continue
        for span, inner in chosen:
            start, end, text = _in_place(pattern, group, inner)
            yield span, _wrapped(pattern, [g for g in all_groups if g is not group], start, end, text)


def _compiled(
    lines: list[str], path: Path, columns: tuple[str, ...], skip: frozenset[str]
) -> tuple[dict[int, str], dict[str, str]]:
    """Line number -> the expanded pattern of every rule line (rules of the `skip` codes left out), and the
    expanded macros."""
    macros: dict[str, str] = {}
    column = columns.index("pattern")
    rows = rows_of(lines, path, columns, macros)
    expanded = {
        n: _expand(cells[column].strip(), macros, path, n) for n, cells in rows if cells[0] not in skip
    }
    return expanded, macros


_PLACE = "\x00"  # where a macro stands in an expanded line
_CHOSEN = "\x01"  # the one place where it is narrowed


def _macro_places(line: str, narrowed: str, original: str) -> Iterator[str]:
    """A line that uses a macro in several places (marked `_PLACE`), once per place: narrowed there, the
    groups around that place reduced to it, and the macro as written in the other places."""
    all_groups = groups(line)
    for at in [i for i, char in enumerate(line) if char == _PLACE]:
        marked = _wrapped(line, all_groups, at, at + 1, _CHOSEN)
        yield marked.replace(_PLACE, f"(?:{original})").replace(_CHOSEN, f"(?:{narrowed})")


def alternatives(
    path: Path, columns: tuple[str, ...], skip: frozenset[str] = frozenset()
) -> list[Alternative]:
    """Every alternative of the pattern lines and macros of a data file with these columns."""
    lines = path.read_text(encoding="utf-8").splitlines()
    base, macros = _compiled(lines, path, columns, skip)
    found: list[Alternative] = []
    for number, line in enumerate(lines, 1):
        macro = _MACRO.match(line)
        if macro:
            name, written = macro.group(1), macro.group(2).strip()
            marked, _ = _compiled(
                [*lines[: number - 1], f"@{name} = {_PLACE}", *lines[number:]], path, columns, skip
            )
            for span, narrowed in _narrowings(written):
                value = _expand(narrowed, macros, path, number)
                patterns = [p for m in marked.values() for p in _macro_places(m, value, macros[name])]
                found.append(Alternative(path.name, number, written, span, tuple(map(re.compile, patterns))))
        elif number in base:
            written = line.split("\t")[columns.index("pattern")].strip()
            for span, narrowed in _narrowings(written):
                pattern = re.compile(_expand(narrowed, macros, path, number))
                found.append(Alternative(path.name, number, written, span, (pattern,)))
    return found


def _words_at(text: str, match: re.Match[str]) -> set[str]:
    """The words of `text` that what the group "alt" fits touches ("eren" in "inventariseren")."""
    first, last = match.span("alt")
    return {
        word.group(0)
        for word in re.finditer(r"[^\W\d_]+", text)
        if word.start() < max(last, first + 1) and word.end() > first
    }


def alternative_usage(
    rows: Iterable[LabelledRow], rules_: Rules, data_dir: Path = DATA_DIR
) -> list[tuple[Alternative, dict[str, set[str]]]]:
    """Per alternative of procedural.tsv and instruments.tsv (rules of 'none' left out): the bodies whose
    corpus titles it fires on, each with the title words it fits. A procedural alternative fires when its
    narrowed line fits a part of a title completely, an instrument alternative when its narrowed line is
    found in the text instruments.tsv reads (whether an earlier rule took the title first or not)."""
    parts: list[tuple[str, str]] = []
    texts: list[tuple[str, str]] = []
    for row in rows:
        cleaned = analysis_title(parse(row.title).rest or row.title)
        parts += [(row.body, part) for reading in analysis.procedural_readings(cleaned) for part in reading]
        texts.append((row.body, analysis.rule_evidence(cleaned, rules_).instrument_text))
    result: list[tuple[Alternative, dict[str, set[str]]]] = []
    checks = [
        (alternatives(data_dir / "procedural.tsv", PROCEDURAL_COLUMNS), parts, "fullmatch"),
        (
            alternatives(data_dir / "instruments.tsv", INSTRUMENT_COLUMNS, frozenset({"none"})),
            texts,
            "search",
        ),
    ]
    for found, titles, how in checks:
        for alternative in found:
            bodies: dict[str, set[str]] = defaultdict(set)
            for body, title in titles:
                for pattern in alternative.narrowed:
                    match = getattr(pattern, how)(title)
                    if match:
                        bodies[body] |= _words_at(title, match)
            result.append((alternative, dict(bodies)))
    return result
