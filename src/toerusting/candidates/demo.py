"""The demo information evenings, from content/demo/candidates/*.yaml, written through the services:
evenings counted from today, each with sign-ups of invented visitors (confirmed or not yet). Loading again
adds nothing to an evening that exists (same organisation and title)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from toerusting.candidates import services
from toerusting.candidates.models import InfoEvening
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors


@dataclass
class DemoSignup:
    name: str
    email: str
    question: str
    confirmed: bool


@dataclass
class DemoEvening:
    title: str
    days_ahead: int
    start: dt.time
    end: dt.time
    place: str
    capacity: int
    description: str
    signups: list[DemoSignup] = field(default_factory=list)


@dataclass
class DemoFile:
    path: Path
    organisation: str
    griffie: str
    evenings: list[DemoEvening] = field(default_factory=list)


@dataclass
class DemoSummary:
    evenings: int = 0
    signups: int = 0


def _time(reader: Reader, node: Node, name: str) -> dt.time:
    text = reader.text(node, name)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        if text:
            reader.problem(node, name, f"{text!r} is not a time such as 19:30")
        return dt.time(0, 0)


def read_demo_file(path: Path) -> DemoFile:
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"organisation", "griffie", "evenings"}, "the file")
    demo = DemoFile(path, reader.text(root, "organisation"), reader.text(root, "griffie"))
    for node in reader.nodes(root, "evenings"):
        reader.check_keys(
            node,
            {"title", "days_ahead", "start", "end", "place", "capacity", "description", "signups"},
            "an evening",
        )
        start, end = _time(reader, node, "start"), _time(reader, node, "end")
        if end <= start:
            reader.problem(node, "end", "the evening must end after it starts")
        evening = DemoEvening(
            reader.text(node, "title", max_length=200),
            reader.integer(node, "days_ahead", minimum=1) or 1,
            start,
            end,
            reader.text(node, "place", max_length=300),
            reader.integer(node, "capacity", minimum=1) or 1,
            reader.text(node, "description", required=False, max_length=2000).strip(),
        )
        for signup in reader.nodes(node, "signups", required=False):
            reader.check_keys(signup, {"name", "email", "question", "confirmed"}, "a sign-up")
            evening.signups.append(
                DemoSignup(
                    reader.text(signup, "name", max_length=200),
                    reader.text(signup, "email", max_length=254),
                    reader.text(signup, "question", required=False, max_length=1000),
                    reader.boolean(signup, "confirmed"),
                )
            )
        if sum(s.confirmed for s in evening.signups) > evening.capacity:
            reader.problem(node, "signups", "more confirmed sign-ups than places")
        demo.evenings.append(evening)
    reader.raise_if_any()
    return demo


@transaction.atomic
def load_demo(demo: DemoFile, today: dt.date | None = None) -> DemoSummary:
    today = today or timezone.localdate()
    organisation = organisation_selectors.organisation_by_slug(demo.organisation)
    if organisation is None:
        raise ContentError([Problem(demo.path, 1, "organisation", f"{demo.organisation!r} is not loaded")])
    griffie = organisation_selectors.user_by_username(demo.griffie)
    if griffie is None:
        raise ContentError([Problem(demo.path, 1, "griffie", f"no account {demo.griffie!r} (run load_demo)")])
    summary = DemoSummary()
    zone = timezone.get_current_timezone()
    for item in demo.evenings:
        if InfoEvening.objects.filter(organisation=organisation, title=item.title).exists():
            continue  # loaded before
        day = today + dt.timedelta(days=item.days_ahead)
        evening = services.create_evening(
            griffie,
            organisation,
            services.EveningData(
                title=item.title,
                starts_at=dt.datetime.combine(day, item.start, tzinfo=zone),
                ends_at=dt.datetime.combine(day, item.end, tzinfo=zone),
                place=item.place,
                capacity=item.capacity,
                description=item.description,
            ),
        )
        summary.evenings += 1
        for person in item.signups:
            signup = services.request_signup(
                evening, name=person.name, email=person.email, question=person.question, send=False
            )
            if person.confirmed:
                services.confirm(signup)
            summary.signups += 1
    return summary
