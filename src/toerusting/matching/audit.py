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
from toerusting.matching.rules import _MACRO, DATA_DIR, Rules, _expand


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
    """One alternative of a group in a pattern line, or an optional group (which is then the alternative).
    `narrowed` holds the patterns of the lines it affects (for a macro, every place where a line uses it),
    with the group reduced to this alternative alone: a title that one of them fits is a title the
    alternative fires on."""

    file: str
    line: int
    text: str
    narrowed: tuple[re.Pattern[str], ...]


def _skip_class(pattern: str, at: int) -> int:
    """The position after a character class that starts at `at` ('[')."""
    at += 1
    at += pattern.startswith("^", at)
    at += pattern.startswith("]", at)  # a ']' first in the class is a character
    while pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at + 1


_QUANTIFIER = re.compile(r"\?(?!\?)|\*|\{\d*,?\d*\}")


@dataclass(frozen=True)
class Group:
    """A group of a regular expression as written: where it starts ('(') and ends (after ')'), the spans of
    its alternatives, and the quantifier behind it ('?', '*', '{0,2}' or '')."""

    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    quantifier: str


def groups(pattern: str) -> list[Group]:
    """The groups of a pattern, inner ones first; the pattern's own top-level alternatives come last as a
    group of the whole pattern. Lookarounds are skipped: they hold conditions, not alternatives."""
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
            if pattern.startswith("(?:", at):
                stack.append((at, [at + 3]))
            elif pattern.startswith("(?", at):
                stack.append((at, None))
            else:
                stack.append((at, [at + 1]))
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
                found.append(
                    Group(
                        start,
                        at + 1,
                        tuple(zip(separators, ends, strict=True)),
                        quantifier.group(0) if quantifier else "",
                    )
                )
        at += 1
    if len(top) > 1:
        ends = [separator - 1 for separator in top[1:]] + [len(pattern)]
        found.append(Group(0, len(pattern), tuple(zip(top, ends, strict=True)), ""))
    return found


def _required(quantifier: str) -> str:
    """A quantifier that no longer allows zero repetitions."""
    if quantifier == "?":
        return ""
    if quantifier == "*":
        return "+"
    return re.sub(r"^\{0?,", "{1,", quantifier)


def _narrowed(pattern: str, all_groups: list[Group], target: Group, span: tuple[int, int]) -> str:
    """The pattern that only fits where `span` (an alternative of `target`, or the whole of an optional
    group) takes part: in the target and in every group around it, the other alternatives are left out and a
    quantifier that allows zero repetitions asks for one."""
    edits: list[tuple[int, int, str]] = []
    for group in all_groups:
        if group is not target and not (group.start <= target.start and target.end <= group.end):
            continue
        inner = span if group is target else next(s for s in group.spans if s[0] <= target.start < s[1] + 1)
        body_start, close = group.spans[0][0], group.spans[-1][1]
        edits += [(body_start, inner[0], ""), (inner[1], close, "")]
        if group.quantifier:
            edits.append((group.end, group.end + len(group.quantifier), _required(group.quantifier)))
    for first, last, replacement in sorted(edits, reverse=True):
        pattern = pattern[:first] + replacement + pattern[last:]
    return pattern


def _narrowings(pattern: str) -> Iterator[tuple[str, str]]:
    """(alternative, the pattern narrowed to it) for every alternative of a group with more than one, and
    for every optional group as a whole."""
    all_groups = groups(pattern)
    for group in all_groups:
        if len(group.spans) > 1:
            for span in group.spans:
                yield pattern[span[0] : span[1]], _narrowed(pattern, all_groups, group, span)
        elif group.quantifier == "?":
            text = pattern[group.start : group.end + 1]
            yield text, _narrowed(pattern, all_groups, group, group.spans[0])


def _compiled(lines: list[str], column: int, skip: frozenset[str]) -> tuple[dict[int, str], dict[str, str]]:
    """Line number -> the expanded pattern of every rule line (header, comments and `skip` codes left out),
    and the expanded macros."""
    macros: dict[str, str] = {}
    expanded: dict[int, str] = {}
    header = True
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        macro = _MACRO.match(line)
        if macro:
            macros[macro.group(1)] = _expand(macro.group(2).strip(), macros, Path(), number)
            continue
        if header:
            header = False
            continue
        cells = line.split("\t")
        if cells[0] not in skip:
            expanded[number] = _expand(cells[column].strip(), macros, Path(), number)
    return expanded, macros


_PLACE = "\x00"  # where a macro stands in an expanded line


def _fill(pattern: str, place: int, narrowed: str, original: str) -> str:
    """The marked pattern with the macro narrowed in its `place`-th place and as written in the others."""
    pieces = pattern.split(_PLACE)
    return pieces[0] + "".join(
        (narrowed if at == place else original) + piece for at, piece in enumerate(pieces[1:])
    )


def alternatives(path: Path, column: int, skip: frozenset[str] = frozenset()) -> list[Alternative]:
    """Every alternative of the pattern lines (pattern in `column`) and macros of a data file. A macro's
    alternative is narrowed in one place at a time: "{MEETING}{DATE}{MEETING}" fires with it when either
    meeting fits it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    base, macros = _compiled(lines, column, skip)
    found: list[Alternative] = []
    for number, line in enumerate(lines, 1):
        macro = _MACRO.match(line)
        if macro:
            name = macro.group(1)
            marked, _ = _compiled(
                [*lines[: number - 1], f"@{name} = {_PLACE}", *lines[number:]], column, skip
            )
            for text, narrowed in _narrowings(macro.group(2).strip()):
                value = _expand(narrowed, macros, path, number)
                variants = [
                    _fill(pattern, place, value, macros[name])
                    for pattern in marked.values()
                    for place in range(pattern.count(_PLACE))
                ]
                found.append(Alternative(path.name, number, text, tuple(map(re.compile, variants))))
        elif number in base:
            cells = line.split("\t")
            head = "\t".join([*cells[:column], ""]) if column else ""
            tail = line[len(head) + len(cells[column]) :]
            for text, narrowed in _narrowings(cells[column].strip()):
                changed, _ = _compiled(
                    [*lines[: number - 1], head + narrowed + tail, *lines[number:]], column, skip
                )
                found.append(Alternative(path.name, number, text, (re.compile(changed[number]),)))
    return found


def alternative_usage(
    rows: Iterable[LabelledRow], rules_: Rules, data_dir: Path = DATA_DIR
) -> list[tuple[Alternative, set[str]]]:
    """Per alternative of procedural.tsv and instruments.tsv (rules of 'none' left out): the bodies whose
    corpus titles it fires on. A procedural alternative fires when its narrowed line fits a part of a title
    completely, an instrument alternative when its narrowed line is found in the text instruments.tsv
    reads."""
    parts: list[tuple[str, str]] = []
    texts: list[tuple[str, str]] = []
    for row in rows:
        cleaned = analysis_title(parse(row.title).rest or row.title)
        parts += [(row.body, part) for reading in analysis.procedural_readings(cleaned) for part in reading]
        texts.append((row.body, analysis.rule_evidence(cleaned, rules_).instrument_text))
    result: list[tuple[Alternative, set[str]]] = []
    for alternative in alternatives(data_dir / "procedural.tsv", 0):
        result.append(
            (alternative, {b for b, p in parts if any(x.fullmatch(p) for x in alternative.narrowed)})
        )
    for alternative in alternatives(data_dir / "instruments.tsv", 1, frozenset({"none"})):
        result.append((alternative, {b for b, t in texts if any(x.search(t) for x in alternative.narrowed)}))
    return result
