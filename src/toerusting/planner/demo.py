"""Loading a term plan with its onboarding programme from a YAML file (content/demo/planner/*.yaml).

Everything is read and checked first; problems name file:line: field. Then the plan is written, scheduled
and published in one transaction: when the scheduler finds a clash, nothing of the file is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import services
from toerusting.planner.models import (
    Activity,
    Audience,
    OnboardingStep,
    OnboardingTemplate,
    OwnerKind,
    ProgrammeFor,
    Region,
    StepTheme,
    TermPlan,
)
from toerusting.planner.rules import RuleKind
from toerusting.planner.timeframes import DAYPART_BY_CODE

LearningItem: Any = Activity._meta.get_field("item").related_model
Person: Any = Activity._meta.get_field("owner_person").related_model


@dataclass
class ActivityRecord:
    node: Node
    item: str
    title: str
    audience: str
    sessions: int
    minutes: int
    owner_kind: str
    person: str
    provider: str
    weekday: int | None
    daypart: str
    location: str
    rules: list[tuple[str, int | None]]


@dataclass
class StepRecord:
    theme: str
    title: str
    weeks: int
    item: str
    activity: str


@dataclass
class PlanFile:
    path: Path
    organisation: str
    term: str
    region: str
    max_per_month: int
    publish: bool
    location: str = ""
    periods: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    activities: list[ActivityRecord] = field(default_factory=list)
    # (role, for whom in the role, title, steps)
    onboarding: list[tuple[str, str, str, list[StepRecord]]] = field(default_factory=list)
    completed: list[tuple[str, list[str]]] = field(default_factory=list)


def read_plan_file(path: Path) -> PlanFile:
    root = load_yaml(path)
    r = Reader()
    r.check_keys(
        root,
        {
            "organisatie",
            "periode",
            "schoolvakanties",
            "maximaal_per_maand",
            "publiceren",
            "locatie",
            "blokkeren",
            "activiteiten",
            "inwerken",
            "afgerond",
        },
        "a plan file",
    )
    plan = PlanFile(
        path,
        r.key(root, "organisatie"),
        r.text(root, "periode"),
        r.choice(root, "schoolvakanties", set(Region.values), required=False),
        r.integer(root, "maximaal_per_maand", required=False, minimum=1) or 3,
        r.boolean(root, "publiceren", False),
        r.text(root, "locatie", required=False, max_length=200),
    )
    for node in r.nodes(root, "blokkeren", required=False):
        start, end = r.date(node, "van"), r.date(node, "tot_en_met")
        name = r.text(node, "naam", max_length=100)
        if start and end and end < start:
            r.problem(node, "tot_en_met", "is before 'van'")
        elif start and end:
            plan.periods.append((name, start, end))
    keys = {
        "item",
        "titel",
        "voor",
        "sessies",
        "minuten",
        "verantwoordelijk",
        "persoon",
        "aanbieder",
        "weekdag",
        "dagdeel",
        "locatie",
        "regels",
    }
    for node in r.nodes(root, "activiteiten"):
        r.check_keys(node, keys, "an activity")
        owner = r.choice(node, "verantwoordelijk", set(OwnerKind.values))
        person = r.text(node, "persoon", required=False)
        provider = r.text(node, "aanbieder", required=False, max_length=200)
        if owner in (OwnerKind.FRACTIEVOORZITTER, OwnerKind.LID) and not person:
            r.problem(node, "persoon", "is required when a group leader or member is responsible")
        if owner == OwnerKind.EXTERN and not provider:
            r.problem(node, "aanbieder", "is required when an external provider is responsible")
        rules: list[tuple[str, int | None]] = []
        for rule in r.nodes(node, "regels", required=False):
            kind = r.choice(rule, "regel", set(RuleKind.values))
            number = r.integer(rule, "n", required=False, minimum=1)
            if kind:
                rules.append((kind, number))
        weekday = r.integer(node, "weekdag", required=False)
        if weekday is not None and weekday > 5:
            r.problem(node, "weekdag", "must be 0 (Monday) to 5 (Saturday)")
        plan.activities.append(
            ActivityRecord(
                node,
                r.text(node, "item"),
                r.text(node, "titel", max_length=200),
                r.choice(node, "voor", set(Audience.values)),
                r.integer(node, "sessies", minimum=1) or 1,
                r.integer(node, "minuten", minimum=15) or 60,
                owner,
                person,
                provider,
                weekday,
                r.choice(node, "dagdeel", set(DAYPART_BY_CODE), required=False),
                r.text(node, "locatie", required=False, max_length=200),
                rules,
            )
        )
    activity_items = {a.item for a in plan.activities}
    for node in r.nodes(root, "inwerken", required=False):
        steps = []
        for step in r.nodes(node, "stappen"):
            activity = r.text(step, "activiteit", required=False)
            if activity and activity not in activity_items:
                r.problem(step, "activiteit", f"{activity!r} is not the item of an activity in this file")
            steps.append(
                StepRecord(
                    r.choice(step, "thema", set(StepTheme.values)),
                    r.text(step, "titel", max_length=200),
                    r.integer(step, "weken") or 0,
                    r.text(step, "item", required=False),
                    activity,
                )
            )
        programme_for = r.choice(node, "voor", set(ProgrammeFor.values), required=False) or ProgrammeFor.NEW
        plan.onboarding.append(
            (r.text(node, "rol"), programme_for, r.text(node, "titel", max_length=200), steps)
        )
    for node in r.nodes(root, "afgerond", required=False):
        titles = node.get("stappen") or []
        plan.completed.append((r.text(node, "account"), [str(t) for t in titles]))
    r.raise_if_any()
    return plan


def _problem(plan: PlanFile, node: Node | None, field_name: str, message: str) -> Problem:
    return Problem(plan.path, node.line_of(field_name) if node else 1, field_name, message)


@transaction.atomic
def load_plan(plan_file: PlanFile) -> tuple[TermPlan, int]:
    """Write, schedule and publish the plan; returns the plan and its number of sessions."""
    problems: list[Problem] = []
    organisation = organisation_selectors.organisation_by_slug(plan_file.organisation)
    if organisation is None:
        raise ContentError(
            [_problem(plan_file, None, "organisatie", f"no organisation {plan_file.organisation!r}")]
        )
    term = organisation.terms.filter(key=plan_file.term).first()
    if term is None:
        raise ContentError([_problem(plan_file, None, "periode", f"no council term {plan_file.term!r}")])
    slugs = {a.item for a in plan_file.activities} | {
        s.item for _r, _f, _t, steps in plan_file.onboarding for s in steps
    }
    items = {i.slug: i for i in LearningItem.objects.filter(slug__in=slugs)}
    keys = {a.person for a in plan_file.activities if a.person}
    people = {p.key: p for p in Person.objects.filter(key__in=keys)}
    for record in plan_file.activities:
        if record.item not in items:
            problems.append(
                _problem(
                    plan_file,
                    record.node,
                    "item",
                    f"no catalogue item {record.item!r} (load the catalogue first)",
                )
            )
        if record.person and record.person not in people:
            problems.append(_problem(plan_file, record.node, "persoon", f"no person {record.person!r}"))
    if problems:
        raise ContentError(problems)
    try:
        existing = TermPlan.objects.filter(organisation=organisation, term=term)
        existing.delete()
        plan = services.create_plan(organisation, term, school_region=plan_file.region)
    except services.PlanError as exc:
        raise ContentError([_problem(plan_file, None, "periode", str(exc))]) from exc
    services.update_settings(
        plan,
        school_region=plan_file.region,
        max_sessions_per_month=plan_file.max_per_month,
        usual_location=plan_file.location,
    )
    for name, start, end in plan_file.periods:
        services.add_blocked_period(plan, name, start, end)
    activities: dict[str, Activity] = {}
    for record in plan_file.activities:
        activity = services.add_activity(
            plan,
            items[record.item],
            title=record.title,
            audience=record.audience,
            sessions=record.sessions,
            duration_minutes=record.minutes,
            owner_kind=record.owner_kind,
            owner_person=people.get(record.person),
            owner_name=record.provider,
            preferred_weekday=record.weekday,
            preferred_daypart=record.daypart,
            location=record.location,
        )
        for kind, number in record.rules:
            services.add_rule(activity, kind, number)
        activities[record.item] = activity
    for role, programme_for, title, steps in plan_file.onboarding:
        template = OnboardingTemplate.objects.create(
            plan=plan, role=role, programme_for=programme_for, title=title
        )
        for order, step in enumerate(steps):
            OnboardingStep.objects.create(
                template=template,
                order=order,
                theme=step.theme,
                title=step.title,
                due_weeks=step.weeks,
                item=items.get(step.item),
                activity=activities.get(step.activity),
            )
    # Bounded by CP-SAT's deterministic time, so the demo gets the same plan on every machine; the wall-clock
    # limit only guards against a machine that is very busy (then the best plan found by then is used).
    outcome = services.schedule_plan(plan, seconds=60.0, work=10.0)
    if not outcome.ok:
        raise ContentError([_problem(plan_file, None, "activiteiten", " ".join(outcome.explanations))])
    if plan_file.publish:
        services.publish_plan(plan)
    users = get_user_model()
    for username, titles in plan_file.completed:
        user = users.objects.filter(username=username).first()
        if user is None:
            continue
        for done_step in OnboardingStep.objects.filter(template__plan=plan, title__in=titles):
            services.set_step_done(done_step, int(user.pk), True)
    return plan, len(outcome.placements)
