"""The library of reflection questions, read from content/reflections/questions.yaml.

The file is checked as a whole before it is used: every problem is reported as `file:line: field: message`
(toerusting.contentfiles). The library is read once per process; it is text in the repository, not data in
the database, so a meeting keeps only the key of the question chosen.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml

MAX_QUESTION_LENGTH = 300


@dataclass(frozen=True)
class Theme:
    key: str
    nl: str
    en: str

    @property
    def name(self) -> str:
        return self.nl if (get_language() or "nl").startswith("nl") else self.en


@dataclass(frozen=True)
class LibraryQuestion:
    key: str
    theme: Theme
    nl: str
    en: str

    @property
    def text(self) -> str:
        """The question in the reader's language."""
        return self.nl if (get_language() or "nl").startswith("nl") else self.en


@dataclass(frozen=True)
class Library:
    themes: list[Theme]
    questions: list[LibraryQuestion]

    def get(self, key: str) -> LibraryQuestion | None:
        return next((q for q in self.questions if q.key == key), None)

    def by_theme(self) -> list[tuple[Theme, list[LibraryQuestion]]]:
        return [(theme, [q for q in self.questions if q.theme == theme]) for theme in self.themes]


def default_path() -> Path:
    return Path(settings.CONTENT_DIR) / "reflections" / "questions.yaml"


def read_library(path: Path) -> Library:
    """Read and check a questions file; ContentError lists every problem, located."""
    if not path.is_file():
        raise ContentError([Problem(path, 1, "(file)", "the questions file does not exist")])
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"themes", "questions"}, "the questions file")
    themes: dict[str, Theme] = {}
    for node in reader.nodes(root, "themes"):
        reader.check_keys(node, {"key", "nl", "en"}, "a theme")
        key = reader.key(node, "key")
        theme = Theme(key, reader.text(node, "nl", max_length=80), reader.text(node, "en", max_length=80))
        if key in themes:
            reader.problem(node, "key", f"theme {key!r} is listed twice")
        elif key:
            themes[key] = theme
    questions: list[LibraryQuestion] = []
    seen: set[str] = set()
    for node in reader.nodes(root, "questions"):
        reader.check_keys(node, {"key", "theme", "nl", "en"}, "a question")
        key = reader.key(node, "key")
        theme_key = reader.choice(node, "theme", set(themes)) if themes else reader.text(node, "theme")
        nl = reader.text(node, "nl", max_length=MAX_QUESTION_LENGTH)
        en = reader.text(node, "en", max_length=MAX_QUESTION_LENGTH)
        if key in seen:
            reader.problem(node, "key", f"question {key!r} is listed twice")
        seen.add(key)
        if key and theme_key in themes:
            questions.append(LibraryQuestion(key, themes[theme_key], nl, en))
    reader.raise_if_any()
    return Library(list(themes.values()), questions)


@functools.cache
def library() -> Library:
    return read_library(default_path())
