"""The demo residents' feedback of an organisation, from content/demo/citizens/*.yaml, written through the
services: responses and comments per quarter (counted back from today), the council's reaction and the
form's switch. Loading again adds nothing to a quarter that already has responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from toerusting.citizens import services
from toerusting.citizens.models import FeedbackResponse
from toerusting.citizens.periods import Quarter
from toerusting.citizens.questions import FIELDS, MIN_RESPONSES
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors


@dataclass
class DemoQuarter:
    quarters_ago: int
    responses: list[dict[str, int | None]]
    comments: list[str]
    reaction: str


@dataclass
class DemoFile:
    path: Path
    organisation: str
    griffie: str
    form_open: bool
    quarters: list[DemoQuarter] = field(default_factory=list)


@dataclass
class DemoSummary:
    responses: int = 0
    comments: int = 0
    reactions: int = 0


def _scores(reader: Reader, node: Node, value: object, index: int) -> dict[str, int | None]:
    text = str(value)
    if len(text) != len(FIELDS) or any(ch not in "12345-" for ch in text):
        reader.problem(
            node,
            "responses",
            f"response {index + 1}: {text!r} is not {len(FIELDS)} scores from 1 to 5 (or - for no answer)",
        )
        return {}
    return {name: (None if ch == "-" else int(ch)) for name, ch in zip(FIELDS, text, strict=True)}


def read_demo_file(path: Path) -> DemoFile:
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"organisation", "griffie", "form_open", "quarters"}, "the file")
    demo = DemoFile(
        path,
        reader.text(root, "organisation"),
        reader.text(root, "griffie"),
        reader.boolean(root, "form_open"),
    )
    for node in reader.nodes(root, "quarters"):
        reader.check_keys(node, {"quarters_ago", "responses", "comments", "reaction"}, "a quarter")
        ago = reader.integer(node, "quarters_ago", minimum=0) or 0
        values = node.get("responses") or []
        if not isinstance(values, list):
            reader.problem(node, "responses", "expected a list of responses")
            values = []
        responses = [_scores(reader, node, value, index) for index, value in enumerate(values)]
        comments = node.get("comments") or []
        if not isinstance(comments, list) or not all(isinstance(c, str) for c in comments):
            reader.problem(node, "comments", "expected a list of texts")
            comments = []
        reaction = reader.text(node, "reaction", required=False)
        if reaction and len(responses) < MIN_RESPONSES:
            reader.problem(node, "reaction", f"a reaction needs at least {MIN_RESPONSES} responses")
        demo.quarters.append(DemoQuarter(ago, responses, list(comments), reaction.strip()))
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
    services.set_form_open(griffie, organisation, True)
    summary = DemoSummary()
    for demo_quarter in demo.quarters:
        quarter = Quarter.of(today)
        for _step in range(demo_quarter.quarters_ago):
            quarter = quarter.previous()
        day = min(today, quarter.start + dt.timedelta(days=20))
        if FeedbackResponse.objects.filter(organisation=organisation, period_start=quarter.start).exists():
            continue  # loaded before
        for index, scores in enumerate(demo_quarter.responses):
            comment = demo_quarter.comments[index] if index < len(demo_quarter.comments) else ""
            services.submit_feedback(organisation, scores, comment=comment, today=day)
            summary.responses += 1
            summary.comments += bool(comment)
        if demo_quarter.reaction:
            services.write_reaction(griffie, organisation, quarter, demo_quarter.reaction)
            summary.reactions += 1
    services.set_form_open(griffie, organisation, demo.form_open)
    return summary
