"""The demo intervision round, read from content/demo/intervision/*.yaml and loaded through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.intervision import services, slots, solver
from toerusting.intervision.models import Round
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import MEMBER_ROLES

if TYPE_CHECKING:
    from toerusting.organisations.models import Person


@dataclass
class DemoRound:
    path: Path
    organisation: str
    griffie: str
    title: str
    weeks_ahead: int
    availability: list[list[str]]
    wishes: list[str]


def read_demo_file(path: Path) -> DemoRound:
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(
        root, {"organisation", "griffie", "title", "weeks_ahead", "availability", "wishes"}, "the file"
    )
    availability = root.get("availability")
    if not isinstance(availability, list) or not availability:
        reader.problem(root, "availability", "expected a list of lists of parts of the week")
        availability = []
    for choice in availability:
        if not isinstance(choice, list) or not choice or set(choice) - set(slots.SLOTS):
            reader.problem(
                root, "availability", f"{choice!r}: parts of the week are one of {', '.join(slots.SLOTS)}"
            )
    wishes = root.get("wishes") or []
    if not isinstance(wishes, list) or not all(isinstance(w, str) for w in wishes):
        reader.problem(root, "wishes", "expected a list of texts")
        wishes = []
    demo = DemoRound(
        path,
        reader.text(root, "organisation"),
        reader.text(root, "griffie"),
        reader.text(root, "title", max_length=120),
        reader.integer(root, "weeks_ahead", minimum=1) or 3,
        availability,
        wishes,
    )
    reader.raise_if_any()
    return demo


def load_demo(demo: DemoRound) -> tuple[int, int]:
    """Sign up the organisation's current members, form and fix the groups; (participants, groups). A round
    with the same title is left as it is (loading twice changes nothing)."""
    organisation = organisation_selectors.organisation_by_slug(demo.organisation)
    if organisation is None:
        raise ContentError([Problem(demo.path, 1, "organisation", f"{demo.organisation!r} is not loaded")])
    griffie = organisation_selectors.user_by_username(demo.griffie)
    if griffie is None:
        raise ContentError([Problem(demo.path, 1, "griffie", f"no account {demo.griffie!r} (run load_demo)")])
    existing = Round.objects.filter(organisation=organisation, title=demo.title).first()
    if existing is not None:
        return existing.participations.count(), existing.groups.count()
    today = timezone.localdate()
    round_ = services.create_round(
        organisation,
        griffie,
        title=demo.title,
        councils=[],
        first_date=today + dt.timedelta(weeks=demo.weeks_ahead),
    )
    people: dict[int, Person] = {}
    for functie in organisation_selectors.functies_of_organisation(
        organisation, start=today, end=today + dt.timedelta(days=1), roles=MEMBER_ROLES
    ):
        people.setdefault(functie.person_id, functie.person)
    for index, person in enumerate(people.values()):
        wish = demo.wishes[index] if index < len(demo.wishes) else ""
        services.sign_up(
            round_,
            person,
            organisation,
            available=demo.availability[index % len(demo.availability)],
            wishes=wish,
        )
    outcome = services.form_groups(round_, griffie)
    if isinstance(outcome, solver.NoGrouping):
        raise ContentError([Problem(demo.path, 1, "availability", outcome.message)])
    services.freeze(round_, griffie)
    return len(people), len(outcome.groups)
