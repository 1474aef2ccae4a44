"""Reading content files (YAML) so that every error can name its file, line and field.

Content and demo data live as text files under content/. Loaders turn them into records; this module gives
them mappings that remember the line of every key, and one error type that says where the problem is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentError(Exception):
    """One or more problems in content files; nothing of the load has been written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Node:
    """A YAML mapping with the line number of each key, for located error messages."""

    def __init__(self, path: Path, line: int, data: dict[str, Any], lines: dict[str, int]) -> None:
        self.path = path
        self.line = line
        self.data = data
        self.lines = lines

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds Node objects and keeps dates as strings for our own parsing."""

    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in data:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return Node(Path(loader.name), node.start_mark.line + 1 + loader.line_offset, data, lines)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text so that "2026-13-01" gives our message with a line, not a bare ValueError.
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def load_yaml(path: Path) -> Node:
    """Parse one YAML file whose top level is a mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(path, 1, "(file)", f"not UTF-8 text: {exc}")]) from exc
    return load_yaml_text(text, path)


def load_yaml_text(text: str, path: Path, line_offset: int = 0) -> Node:
    """Parse YAML text that comes from the given file, starting after line_offset lines of it."""
    loader = _LineLoader(text)
    loader.name = str(path)
    loader.line_offset = line_offset
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 + line_offset if exc.problem_mark else 1 + line_offset
        raise ContentError([Problem(path, line, "(syntax)", str(exc.problem))]) from exc
    finally:
        loader.dispose()
    if not isinstance(document, Node):
        raise ContentError(
            [Problem(path, 1 + line_offset, "(file)", "expected key: value lines (a YAML mapping)")]
        )
    return document


class Reader:
    """Collects problems while fields are read from nodes, so one pass reports them all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, node: Node, field: str, message: str) -> None:
        self.problems.append(Problem(node.path, node.line_of(field), field, message))

    def check_keys(self, node: Node, allowed: set[str], where: str) -> None:
        for key in node.data:
            if key not in allowed:
                self.problem(node, key, f"unknown field in {where} (allowed: {', '.join(sorted(allowed))})")

    def node(self, value: Any, parent: Node, field: str) -> Node | None:
        if isinstance(value, Node):
            return value
        self.problem(parent, field, "expected a mapping (key: value lines)")
        return None

    def nodes(self, parent: Node, field: str, *, required: bool = True) -> list[Node]:
        value = parent.get(field)
        if value is None:
            if required:
                self.problem(parent, field, "is required")
            return []
        if not isinstance(value, list):
            self.problem(parent, field, "expected a list")
            return []
        result = []
        for entry in value:
            node = self.node(entry, parent, field)
            if node is not None:
                result.append(node)
        return result

    def text(self, node: Node, field: str, *, required: bool = True, max_length: int = 0) -> str:
        value = node.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(node, field, "is required")
            return ""
        if not isinstance(value, str | int):
            self.problem(node, field, "expected text")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.problem(node, field, f"is longer than {max_length} characters")
        return text

    def key(self, node: Node, field: str) -> str:
        value = self.text(node, field)
        if value and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
            self.problem(node, field, f"{value!r} is not a key (lowercase letters, digits, hyphens)")
        return value

    def choice(self, node: Node, field: str, choices: set[str], *, required: bool = True) -> str:
        value = self.text(node, field, required=required)
        if value and value not in choices:
            self.problem(node, field, f"{value!r} is not one of: {', '.join(sorted(choices))}")
            return ""
        return value

    def integer(self, node: Node, field: str, *, required: bool = True, minimum: int = 0) -> int | None:
        value = node.get(field)
        if value is None:
            if required:
                self.problem(node, field, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node, field, f"{value!r} is not a whole number")
            return None
        if value < minimum:
            self.problem(node, field, f"must be at least {minimum}")
            return None
        return value

    def boolean(self, node: Node, field: str, default: bool = False) -> bool:
        value = node.get(field, default)
        if not isinstance(value, bool):
            self.problem(node, field, f"{value!r} is not true or false")
            return default
        return value

    def date(self, node: Node, field: str, *, required: bool = True) -> dt.date | None:
        value = node.get(field)
        if value is None:
            if required:
                self.problem(node, field, "is required")
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(node, field, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)
