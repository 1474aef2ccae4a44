"""The questions of the mid-term reflection, read from content/midterm/questions.yaml; their themes are the
themes of the reflection questions' library (content/reflections/questions.yaml)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.reflections import selectors as reflection_selectors

MIN_QUESTIONS, MAX_QUESTIONS = 20, 30


@dataclass(frozen=True)
class Question:
    key: str
    theme: str
    nl: str
    en: str

    @property
    def text(self) -> str:
        return self.nl if (get_language() or "nl").startswith("nl") else self.en


def default_path() -> Path:
    return Path(settings.CONTENT_DIR) / "midterm" / "questions.yaml"


def read_questions(path: Path, themes: set[str]) -> list[Question]:
    if not path.is_file():
        raise ContentError([Problem(path, 1, "(file)", "the questions file does not exist")])
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"questions"}, "the questions file")
    result: list[Question] = []
    seen: set[str] = set()
    nodes = reader.nodes(root, "questions")
    for node in nodes:
        reader.check_keys(node, {"key", "theme", "nl", "en"}, "a question")
        key = reader.key(node, "key")
        theme = reader.choice(node, "theme", themes)
        nl, en = reader.text(node, "nl", max_length=300), reader.text(node, "en", max_length=300)
        if key in seen:
            reader.problem(node, "key", f"question {key!r} is listed twice")
        seen.add(key)
        result.append(Question(key, theme, nl, en))
    if not MIN_QUESTIONS <= len(nodes) <= MAX_QUESTIONS:
        reader.problem(
            root, "questions", f"{len(nodes)} questions; there must be {MIN_QUESTIONS} to {MAX_QUESTIONS}"
        )
    reader.raise_if_any()
    return result


@functools.cache
def questions() -> list[Question]:
    return read_questions(default_path(), set(reflection_selectors.theme_names()))
