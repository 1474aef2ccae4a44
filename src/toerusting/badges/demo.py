"""The demo of open badges: badges of the demo organisations, read from content/demo/badges/*.yaml and
written through the services; a demo member who completes the items earns the badge through the learning
services and the hook, as on the site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from toerusting.badges import services
from toerusting.badges.models import BadgeDefinition, Design, Rule
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.learning import services as learning_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors as planner_selectors


@dataclass
class DemoBadge:
    line: int
    organisation: str
    name: str
    description: str
    criteria: str
    design: str
    rule: str
    items: list[str]
    training: str
    completed_by: list[str]


@dataclass
class DemoBadges:
    path: Path
    badges: list[DemoBadge]


def read_demo_file(path: Path) -> DemoBadges:
    reader = Reader()
    root = load_yaml(path)
    reader.check_keys(root, {"badges"}, "the file")
    badges = []
    for node in reader.nodes(root, "badges"):
        reader.check_keys(
            node,
            {"organisation", "name", "description", "criteria", "design", "rule", "items", "training"}
            | {"completed_by"},
            "a badge",
        )
        lists = {}
        for field in ("items", "completed_by"):
            value = node.get(field) or []
            if not isinstance(value, list):
                reader.problem(node, field, "expected a list")
                value = []
            lists[field] = [str(v) for v in value]
        badges.append(
            DemoBadge(
                line=node.line,
                organisation=reader.key(node, "organisation"),
                name=reader.text(node, "name", max_length=120),
                description=reader.text(node, "description", max_length=1000),
                criteria=reader.text(node, "criteria", max_length=1000),
                design=reader.choice(node, "design", set(Design.values)),
                rule=reader.choice(node, "rule", set(Rule.values)),
                items=lists["items"],
                training=reader.text(node, "training", required=False),
                completed_by=lists["completed_by"],
            )
        )
    reader.raise_if_any()
    return DemoBadges(path, badges)


@transaction.atomic
def load_demo(demo: DemoBadges) -> tuple[int, int]:
    """Write the demo badges again (an earlier badge with the same name and organisation is replaced) and
    let the listed demo members complete the items. Returns (badges written, badges awarded)."""
    problems: list[Problem] = []
    written = awarded = 0
    for entry in demo.badges:
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
        activity = None
        if entry.rule == Rule.TRAINING:
            activity = next(
                (a for a in planner_selectors.activities_of(organisation) if a.item.slug == entry.training),
                None,
            )
            if activity is None:
                problems.append(
                    Problem(
                        demo.path,
                        entry.line,
                        "training",
                        f"no activity with item {entry.training!r} in the term plan of {entry.organisation}"
                        " (run load_demo_planner first)",
                    )
                )
                continue
        griffier = organisation_selectors.user_by_username(f"griffier-{entry.organisation}") or (
            organisation_selectors.user_by_username("griffier")
        )
        BadgeDefinition.objects.filter(organisation=organisation, name=entry.name).delete()
        text = services.BadgeText(
            name=entry.name,
            description=entry.description,
            criteria=entry.criteria,
            design=entry.design,
            rule=entry.rule,
            activity=activity,
            items=items,
        )
        definition = services.create_definition(organisation, griffier, text)
        written += 1
        for username in entry.completed_by:
            member = organisation_selectors.user_by_username(username)
            if member is None:
                problems.append(Problem(demo.path, entry.line, "completed_by", f"no account {username!r}"))
                continue
            for item in items:
                learning_services.complete(member, item)  # awards the badge through the hook
            services.award_earned(member.pk)  # a second run: the items were completed before
            awarded += definition.awards.filter(user_id=member.pk).count()
    if problems:
        raise ContentError(problems)
    return written, awarded
