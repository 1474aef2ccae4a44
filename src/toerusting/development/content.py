"""The statements of the competency scan, read from content/development/competentiescan.yaml.

The file is checked as a whole before anything is used (every competency of the profile exactly once,
3 to 5 statements each, unique keys, known council instruments and topics); errors name
`file:line: field`. The scan stores answers by statement key, so a key never changes meaning: reword a
statement freely, but give a statement with another meaning a new key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.contentfiles import Node, Reader, load_yaml

MIN_STATEMENTS = 3
MAX_STATEMENTS = 5
COMPETENCIES_PER_PAGE = 3


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


@dataclass(frozen=True)
class Statement:
    key: str
    competency: str
    nl: str
    en: str
    example_nl: str
    example_en: str

    @property
    def text(self) -> str:
        return self.en if _english() else self.nl

    @property
    def example(self) -> str:
        return self.example_en if _english() else self.example_nl


@dataclass(frozen=True)
class CompetencyContent:
    code: str
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    instruments: tuple[str, ...]
    topics: tuple[str, ...]
    why_nl: str
    why_en: str
    statements: tuple[Statement, ...]

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_nl

    @property
    def description(self) -> str:
        return self.description_en if _english() else self.description_nl

    @property
    def agenda_why(self) -> str:
        return self.why_en if _english() else self.why_nl


@dataclass(frozen=True)
class ScanContent:
    competencies: tuple[CompetencyContent, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, CompetencyContent]:
        return {competency.code: competency for competency in self.competencies}

    @functools.cached_property
    def statements(self) -> dict[str, Statement]:
        return {s.key: s for c in self.competencies for s in c.statements}

    @property
    def pages(self) -> list[tuple[CompetencyContent, ...]]:
        """The scan's pages: a few competencies each, in the order of the file."""
        size = COMPETENCIES_PER_PAGE
        return [self.competencies[i : i + size] for i in range(0, len(self.competencies), size)]


def _codes(reader: Reader, node: Node, field: str, allowed: set[str]) -> tuple[str, ...]:
    value = node.get(field)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.problem(node, field, "expected a list of codes")
        return ()
    unknown = [v for v in value if v not in allowed]
    if unknown:
        reader.problem(node, field, f"unknown code(s): {', '.join(unknown)}")
    return tuple(v for v in value if v in allowed)


def read_scan_file(path: Path) -> ScanContent:
    """Read and check the scan's content file; ContentError lists every problem."""
    reader = Reader()
    root = load_yaml(path)
    reader.check_keys(root, {"competencies"}, "the file")
    terms = {term.code: term for term in catalogue_selectors.COMPETENCIES}
    instruments = {term.code for term in catalogue_selectors.INSTRUMENTS}
    topics = {term.code for term in catalogue_selectors.TOPICS}
    keys: set[str] = set()
    seen: set[str] = set()
    competencies: list[CompetencyContent] = []
    for node in reader.nodes(root, "competencies"):
        reader.check_keys(
            node, {"competency", "description", "description_en", "agenda", "statements"}, "a competency"
        )
        code = reader.choice(node, "competency", set(terms))
        if code and code in seen:
            reader.problem(node, "competency", f"{code!r} is listed twice")
        seen.add(code)
        agenda = reader.node(node.get("agenda"), node, "agenda") if "agenda" in node else None
        if agenda is None:
            if "agenda" not in node:
                reader.problem(node, "agenda", "is required")
            agenda_instruments: tuple[str, ...] = ()
            agenda_topics: tuple[str, ...] = ()
            why_nl = why_en = ""
        else:
            reader.check_keys(agenda, {"instruments", "topics", "why", "why_en"}, "agenda")
            agenda_instruments = _codes(reader, agenda, "instruments", instruments)
            agenda_topics = _codes(reader, agenda, "topics", topics)
            if not agenda_instruments and not agenda_topics:
                reader.problem(agenda, "instruments", "give at least one council instrument or topic")
            why_nl = reader.text(agenda, "why")
            why_en = reader.text(agenda, "why_en")
        statements: list[Statement] = []
        statement_nodes = reader.nodes(node, "statements")
        if statement_nodes and not MIN_STATEMENTS <= len(statement_nodes) <= MAX_STATEMENTS:
            reader.problem(
                node,
                "statements",
                f"has {len(statement_nodes)} statements; give {MIN_STATEMENTS} to {MAX_STATEMENTS}",
            )
        for entry in statement_nodes:
            reader.check_keys(entry, {"key", "text", "text_en", "example", "example_en"}, "a statement")
            key = reader.key(entry, "key")
            if key and key in keys:
                reader.problem(entry, "key", f"{key!r} is used twice")
            keys.add(key)
            statements.append(
                Statement(
                    key=key,
                    competency=code,
                    nl=reader.text(entry, "text", max_length=200),
                    en=reader.text(entry, "text_en", max_length=200),
                    example_nl=reader.text(entry, "example", max_length=300),
                    example_en=reader.text(entry, "example_en", max_length=300),
                )
            )
        term = terms.get(code)
        competencies.append(
            CompetencyContent(
                code=code,
                name_nl=term.nl if term else "",
                name_en=term.en if term else "",
                description_nl=reader.text(node, "description", max_length=300),
                description_en=reader.text(node, "description_en", max_length=300),
                instruments=agenda_instruments,
                topics=agenda_topics,
                why_nl=why_nl,
                why_en=why_en,
                statements=tuple(statements),
            )
        )
    missing = [code for code in terms if code not in seen]
    if missing and not reader.problems:
        reader.problem(root, "competencies", f"missing competencies of the profile: {', '.join(missing)}")
    reader.raise_if_any()
    order = list(terms)
    return ScanContent(tuple(sorted(competencies, key=lambda c: order.index(c.code))))


def scan_file() -> Path:
    return Path(settings.CONTENT_DIR) / "development" / "competentiescan.yaml"


@functools.cache
def scan_content() -> ScanContent:
    """The scan's statements, read once per process."""
    return read_scan_file(scan_file())
