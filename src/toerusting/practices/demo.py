"""The demo of good practices: published and submitted practices of the demo organisations, one adopted
into Lindenwaard's term plan. Read from content/demo/practices/*.yaml, written through the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.urls import reverse

from toerusting.budgets import services as budget_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import services as planner_services
from toerusting.practices import services
from toerusting.practices.models import Practice, Status

STATUSES = {Status.PUBLISHED.value, Status.SUBMITTED.value}


@dataclass
class DemoPractice:
    line: int
    organisation: str
    author: str
    status: str
    title: str
    what: str
    why: str
    how: str
    cost: Decimal | None
    results: str
    contact: str
    topics: list[str]
    items: list[str]
    adopted_by: list[tuple[str, str]]  # (organisation, username)


@dataclass
class DemoPractices:
    path: Path
    practices: list[DemoPractice]


def _strings(reader: Reader, node: Node, field: str) -> list[str]:
    value = node.get(field) or []
    if not isinstance(value, list):
        reader.problem(node, field, "expected a list")
        return []
    return [str(v) for v in value]


def read_demo_file(path: Path) -> DemoPractices:
    reader = Reader()
    root = load_yaml(path)
    reader.check_keys(root, {"practices"}, "the file")
    topics = {code for code, _label in catalogue_selectors.topic_choices()}
    practices = []
    for node in reader.nodes(root, "practices"):
        reader.check_keys(
            node,
            {"organisation", "author", "status", "title", "what", "why", "how", "cost", "results", "contact"}
            | {"topics", "items", "adopted_by"},
            "a practice",
        )
        cost = None
        if node.get("cost"):
            try:
                cost = budget_services.parse_amount(str(node.get("cost")), allow_zero=True)
            except budget_services.BudgetError as exc:
                reader.problem(node, "cost", str(exc))
        codes = _strings(reader, node, "topics")
        for code in codes:
            if code not in topics:
                reader.problem(node, "topics", f"{code!r} is not a topic of the catalogue")
        practices.append(
            DemoPractice(
                line=node.line,
                organisation=reader.key(node, "organisation"),
                author=reader.text(node, "author", required=False),
                status=reader.choice(node, "status", STATUSES),
                title=reader.text(node, "title", max_length=200),
                what=reader.text(node, "what"),
                why=reader.text(node, "why"),
                how=reader.text(node, "how"),
                cost=cost,
                results=reader.text(node, "results"),
                contact=reader.text(node, "contact"),
                topics=codes,
                items=_strings(reader, node, "items"),
                adopted_by=[
                    (reader.key(adopter, "organisation"), reader.text(adopter, "by"))
                    for adopter in reader.nodes(node, "adopted_by", required=False)
                ],
            )
        )
    reader.raise_if_any()
    return DemoPractices(path, practices)


@transaction.atomic
def load_demo(demo: DemoPractices) -> int:
    """Write the demo practices again (earlier ones with the same title and organisation are replaced).
    Returns the number of practices written."""
    operator = None
    problems: list[Problem] = []
    written = 0
    for entry in demo.practices:
        organisation = organisation_selectors.organisation_by_slug(entry.organisation)
        if organisation is None:
            problems.append(
                Problem(demo.path, entry.line, "organisation", f"no organisation {entry.organisation!r}")
            )
            continue
        items = list(catalogue_selectors.national_items().filter(slug__in=entry.items))
        missing = set(entry.items) - {item.slug for item in items}
        if missing:
            problems.append(
                Problem(demo.path, entry.line, "items", f"not in the catalogue: {', '.join(sorted(missing))}")
            )
            continue
        author = organisation_selectors.user_by_username(entry.author) if entry.author else None
        if operator is None:
            operator = organisation_selectors.user_by_username("beheer")
        for earlier in Practice.objects.filter(organisation=organisation, title=entry.title):
            planner_services.delete_adopted_activities(
                reverse("practices:detail", kwargs={"practice_id": earlier.pk})
            )
            earlier.delete()
        text = services.PracticeText(
            title=entry.title,
            what=entry.what,
            why=entry.why,
            how=entry.how,
            results=entry.results,
            contact_email=entry.contact,
            cost=entry.cost,
            topics=entry.topics,
            items=items,
        )
        practice = services.create_practice(organisation, author, text)
        practice = services.submit_practice(practice, author)
        if entry.status == Status.PUBLISHED:
            practice = services.publish_practice(practice, operator)
        for slug, username in entry.adopted_by:
            adopter = organisation_selectors.organisation_by_slug(slug)
            if adopter is None:
                problems.append(Problem(demo.path, entry.line, "adopted_by", f"no organisation {slug!r}"))
                continue
            services.adopt_practice(
                practice, adopter, organisation_selectors.user_by_username(username), items[0]
            )
        written += 1
    if problems:
        raise ContentError(problems)
    return written
