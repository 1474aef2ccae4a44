"""The demo reflection data of an organisation, from content/demo/reflections/*.yaml, written through the
services: questions for the next council meetings and pulses on the last meetings, answered by demo
members. Loading again adds nothing: a member who answered a pulse cannot answer it again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from toerusting.agenda import selectors as agenda_selectors
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors
from toerusting.reflections import pulse, services
from toerusting.reflections.library import library


@dataclass
class DemoPulse:
    scores: dict[str, list[int | None]]
    comments: list[str]

    @property
    def answers(self) -> int:
        return max((len(values) for values in self.scores.values()), default=0)


@dataclass
class DemoFile:
    path: Path
    organisation: str
    members: list[str]
    griffie: str
    gremium_kinds: list[str]
    questions: list[tuple[str, str]]  # (library key, own text)
    pulses: list[DemoPulse] = field(default_factory=list)


@dataclass
class DemoSummary:
    questions: int = 0
    answers: int = 0
    meetings: int = 0


def read_demo_file(path: Path) -> DemoFile:
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(
        root, {"organisation", "griffie", "members", "gremium_kinds", "questions", "pulses"}, "the file"
    )
    organisation = reader.text(root, "organisation")
    members = _strings(reader, root, "members")
    griffie = reader.text(root, "griffie")
    kinds = _strings(reader, root, "gremium_kinds")
    questions = []
    for node in reader.nodes(root, "questions"):
        reader.check_keys(node, {"key", "own"}, "a question")
        key, own = reader.text(node, "key", required=False), reader.text(node, "own", required=False)
        if bool(key) == bool(own):
            reader.problem(node, "key", "give either key (a question of the library) or own (own words)")
        elif key and library().get(key) is None:
            reader.problem(node, "key", f"{key!r} is not a question of the library")
        questions.append((key, own))
    pulses = []
    for node in reader.nodes(root, "pulses"):
        reader.check_keys(node, {*pulse.FIELDS, "comments"}, "a pulse")
        scores: dict[str, list[int | None]] = {}
        for name in pulse.FIELDS:
            values = node.get(name) or []
            if not isinstance(values, list) or any(
                v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5)
                for v in values
            ):
                reader.problem(node, name, "expected a list of answers from 1 to 5 (or ~ for no answer)")
                values = []
            if len(values) > len(members):
                reader.problem(node, name, f"more answers than members ({len(members)})")
            scores[name] = list(values)
        pulses.append(DemoPulse(scores, _strings(reader, node, "comments", required=False)))
    reader.raise_if_any()
    return DemoFile(path, organisation, members, griffie, kinds, questions, pulses)


def _strings(reader: Reader, node: Node, name: str, *, required: bool = True) -> list[str]:
    values = node.get(name)
    if values is None:
        if required:
            reader.problem(node, name, "is required")
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        reader.problem(node, name, "expected a list of texts")
        return []
    return list(values)


def load_demo(demo: DemoFile, now: dt.datetime | None = None) -> DemoSummary:
    now = now or timezone.now()
    organisation = organisation_selectors.organisation_by_slug(demo.organisation)
    if organisation is None:
        raise ContentError([Problem(demo.path, 1, "organisation", f"{demo.organisation!r} is not loaded")])
    accounts = get_user_model().objects.filter(is_active=True)
    users = []
    for username in [demo.griffie, *demo.members]:
        user = accounts.filter(username=username).first()
        if user is None:
            raise ContentError([Problem(demo.path, 1, "members", f"no account {username!r} (run load_demo)")])
        users.append(user)
    setter, users = users[0], users[1:]
    meetings = agenda_selectors.meetings_in_organisation(organisation).exclude(status="geannuleerd")
    upcoming = list(
        meetings.filter(start__gte=now, gremium__kind="raad").order_by("start")[: len(demo.questions)]
    )
    summary = DemoSummary()
    for meeting, (key, own) in zip(upcoming, demo.questions, strict=False):
        services.set_question(setter, meeting, library_key=key, own_text=own)
        summary.questions += 1
    past = list(
        meetings.filter(start__lt=now, gremium__kind__in=demo.gremium_kinds).order_by("-start")[
            : len(demo.pulses)
        ]
    )
    past.reverse()
    for meeting, demo_pulse in zip(past, demo.pulses[-len(past) :] if past else [], strict=False):
        summary.meetings += 1
        answered_at = min(meeting.start + dt.timedelta(days=1), now)
        for index in range(demo_pulse.answers):
            scores = {
                name: (values[index] if index < len(values) else None)
                for name, values in demo_pulse.scores.items()
            }
            comment = demo_pulse.comments[index] if index < len(demo_pulse.comments) else ""
            try:
                services.answer_pulse(users[index], meeting, scores, comment=comment, now=answered_at)
            except services.PulseRefused:
                continue  # answered in an earlier load
            summary.answers += 1
    return summary
