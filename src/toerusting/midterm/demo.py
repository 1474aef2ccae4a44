"""The demo mid-term reflection, read from content/demo/midterm/*.yaml and loaded through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.midterm import selectors, services
from toerusting.midterm.models import MidtermReflection
from toerusting.midterm.questions import questions
from toerusting.organisations import selectors as organisation_selectors


@dataclass
class DemoReflection:
    path: Path
    organisation: str
    griffie: str
    title: str
    days_ago: int
    days_open: int
    activity: str
    answers: dict[str, str]


def read_demo_file(path: Path) -> DemoReflection:
    root = load_yaml(path)
    reader = Reader()
    fields = {"organisation", "griffie", "title", "days_ago", "days_open", "activity", "answers"}
    reader.check_keys(root, fields, "the file")
    count = len(questions())
    answers = root.get("answers")
    if isinstance(answers, Node):
        answers = answers.data
    if not isinstance(answers, dict) or not answers:
        reader.problem(root, "answers", "expected member: digits")
        answers = {}
    for username, digits in answers.items():
        if not isinstance(digits, str) or len(digits) != count or set(digits) - set("012345"):
            reader.problem(root, "answers", f"{username}: expected {count} digits 0-5, one per statement")
    demo = DemoReflection(
        path,
        reader.text(root, "organisation"),
        reader.text(root, "griffie"),
        reader.text(root, "title", max_length=120),
        reader.integer(root, "days_ago") or 0,
        reader.integer(root, "days_open", minimum=1) or 21,
        reader.text(root, "activity", required=False),
        {str(k): str(v) for k, v in answers.items()},
    )
    reader.raise_if_any()
    return demo


def load_demo(demo: DemoReflection) -> int:
    """Open the reflection (once) and store the members' answers (each once); returns the answers added."""
    organisation = organisation_selectors.organisation_by_slug(demo.organisation)
    if organisation is None:
        raise ContentError([Problem(demo.path, 1, "organisation", f"{demo.organisation!r} is not loaded")])
    griffie = organisation_selectors.user_by_username(demo.griffie)
    if griffie is None:
        raise ContentError([Problem(demo.path, 1, "griffie", f"no account {demo.griffie!r} (run load_demo)")])
    reflection = MidtermReflection.objects.filter(organisation=organisation, title=demo.title).first()
    if reflection is None:
        today = timezone.localdate()
        activity = next(
            (a for a in selectors.activities_for_choice(organisation) if a.title == demo.activity), None
        )
        reflection = services.open_reflection(
            organisation,
            griffie,
            title=demo.title,
            opens_on=today - dt.timedelta(days=demo.days_ago),
            closes_on=today - dt.timedelta(days=demo.days_ago) + dt.timedelta(days=demo.days_open),
            activity_id=activity.pk if activity is not None else None,
        )
    keys = [q.key for q in questions()]
    added = 0
    for username, digits in demo.answers.items():
        user = organisation_selectors.user_by_username(username)
        if user is None:
            raise ContentError([Problem(demo.path, 1, "answers", f"no account {username!r} (run load_demo)")])
        if selectors.has_answered(user, reflection):
            continue
        scores: dict[str, int | None] = {key: int(d) or None for key, d in zip(keys, digits, strict=True)}
        try:
            services.answer(
                user,
                reflection,
                scores,
                today=max(reflection.opens_on, min(timezone.localdate(), reflection.closes_on)),
            )
        except services.MidtermError as exc:
            raise ContentError([Problem(demo.path, 1, "answers", f"{username}: {exc}")]) from exc
        added += 1
    return added
