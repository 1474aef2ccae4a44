"""The intervision methods and their facilitator scripts, read from content/intervision/methods.yaml.

Checked as a whole before use (every problem as `file:line: field: message`); read once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.intervision.models import Method


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


@dataclass(frozen=True)
class Step:
    minutes: int
    nl: str
    en: str

    @property
    def text(self) -> str:
        return self.nl if _dutch() else self.en


@dataclass(frozen=True)
class Script:
    key: str
    nl_name: str
    en_name: str
    nl_summary: str
    en_summary: str
    steps: tuple[Step, ...]

    @property
    def name(self) -> str:
        return self.nl_name if _dutch() else self.en_name

    @property
    def summary(self) -> str:
        return self.nl_summary if _dutch() else self.en_summary

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


def default_path() -> Path:
    return Path(settings.CONTENT_DIR) / "intervision" / "methods.yaml"


def read_methods(path: Path) -> dict[str, Script]:
    if not path.is_file():
        raise ContentError([Problem(path, 1, "(file)", "the methods file does not exist")])
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"methods"}, "the methods file")
    scripts: dict[str, Script] = {}
    for node in reader.nodes(root, "methods"):
        reader.check_keys(
            node, {"key", "nl_name", "en_name", "nl_summary", "en_summary", "steps"}, "a method"
        )
        key = reader.choice(node, "key", set(Method.values))
        steps = []
        for step in reader.nodes(node, "steps"):
            reader.check_keys(step, {"minutes", "nl", "en"}, "a step")
            minutes = reader.integer(step, "minutes", minimum=1) or 0
            steps.append(
                Step(
                    minutes, reader.text(step, "nl", max_length=600), reader.text(step, "en", max_length=600)
                )
            )
        if key in scripts:
            reader.problem(node, "key", f"method {key!r} is listed twice")
        scripts[key] = Script(
            key,
            reader.text(node, "nl_name", max_length=60),
            reader.text(node, "en_name", max_length=60),
            reader.text(node, "nl_summary", max_length=400),
            reader.text(node, "en_summary", max_length=400),
            tuple(steps),
        )
    missing = set(Method.values) - set(scripts)
    if missing:
        reader.problem(root, "methods", f"no script for {', '.join(sorted(missing))}")
    reader.raise_if_any()
    return scripts


@functools.cache
def scripts() -> dict[str, Script]:
    return read_methods(default_path())


# The methods in the order a group meets them: a light start, then deeper ones, a case from the catalogue.
ROTATION = (Method.INCIDENT, Method.RODDEL, Method.CASUS, Method.BALINT, Method.INCIDENT)
