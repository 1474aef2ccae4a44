"""The demo training budget (content/demo/budgets/*.yaml): read and check every file first, then write
through the services in one transaction, so that a wrong file writes nothing. Running it again changes
the rules to the file's amounts and adds only requests that are not there yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from toerusting.budgets import services
from toerusting.budgets.models import Claim, ClaimStatus
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors

STATUSES = {str(value) for value in ClaimStatus.values}


@dataclass
class RuleRecord:
    node: Node
    year: int
    role: str
    amount: Decimal
    basis: str


@dataclass
class ClaimRecord:
    node: Node
    person: str
    course: str
    provider: str
    date: dt.date
    amount: Decimal
    explanation: str
    status: str
    reason: str


@dataclass
class BudgetFile:
    path: Path
    organisation: str
    griffie: str
    rules: list[RuleRecord]
    claims: list[ClaimRecord]


def _amount(reader: Reader, node: Node, field: str, *, allow_zero: bool = False) -> Decimal:
    text = reader.text(node, field)
    if not text:
        return Decimal("0.00")
    try:
        return services.parse_amount(text, allow_zero=allow_zero)
    except services.BudgetError as exc:
        reader.problem(node, field, str(exc))
        return Decimal("0.00")


def read_budget_file(path: Path) -> BudgetFile:
    root = load_yaml(path)
    r = Reader()
    r.check_keys(root, {"organisatie", "griffie", "regels", "aanvragen"}, "the file")
    rules = []
    for node in r.nodes(root, "regels"):
        r.check_keys(node, {"jaar", "rol", "bedrag", "basis"}, "a rule")
        year = r.integer(node, "jaar", minimum=2000) or 0
        rules.append(
            RuleRecord(
                node,
                year,
                r.text(node, "rol"),
                _amount(r, node, "bedrag", allow_zero=True),
                r.text(node, "basis", required=False, max_length=200),
            )
        )
    claims = []
    for node in r.nodes(root, "aanvragen", required=False):
        r.check_keys(
            node,
            {"persoon", "cursus", "aanbieder", "datum", "bedrag", "toelichting", "status", "reden"},
            "a request",
        )
        status = r.choice(node, "status", STATUSES)
        reason = r.text(node, "reden", required=status == ClaimStatus.REFUSED)
        claims.append(
            ClaimRecord(
                node,
                r.key(node, "persoon"),
                r.text(node, "cursus", max_length=200),
                r.text(node, "aanbieder", max_length=200),
                r.date(node, "datum") or dt.date(2000, 1, 1),
                _amount(r, node, "bedrag"),
                r.text(node, "toelichting", required=False),
                status,
                reason,
            )
        )
    organisation = r.key(root, "organisatie")
    griffie = r.text(root, "griffie")
    r.raise_if_any()
    return BudgetFile(path, organisation, griffie, rules, claims)


@transaction.atomic
def load_budget(budget: BudgetFile) -> tuple[int, int]:
    """Write a checked file: the rules, then the requests with their decisions (through the services, so
    that each has its audit trail). Returns (rules, new requests)."""
    problems: list[Problem] = []
    organisation = organisation_selectors.organisation_by_slug(budget.organisation)
    if organisation is None:
        raise ContentError(
            [
                Problem(
                    budget.path,
                    1,
                    "organisatie",
                    f"no organisation {budget.organisation!r}; run load_demo first",
                )
            ]
        )
    griffie = organisation_selectors.user_by_username(budget.griffie)
    if griffie is None:
        raise ContentError(
            [Problem(budget.path, 1, "griffie", f"no account {budget.griffie!r}; run load_demo first")]
        )
    people = organisation_selectors.people_by_key({c.person for c in budget.claims})
    for record in budget.claims:
        if record.person not in people:
            problems.append(
                Problem(
                    record.node.path,
                    record.node.line_of("persoon"),
                    "persoon",
                    f"no person {record.person!r}",
                )
            )
    if problems:
        raise ContentError(problems)
    for rule in budget.rules:
        try:
            services.set_rule(organisation, rule.year, rule.role, rule.amount, griffie, rule.basis)
        except services.BudgetError as exc:
            raise ContentError([Problem(rule.node.path, rule.node.line_of("rol"), "rol", str(exc))]) from exc
    added = 0
    for record in budget.claims:
        person = people[record.person]
        if Claim.objects.filter(
            organisation=organisation, person=person, course=record.course, course_date=record.date
        ).exists():
            continue
        try:
            claim = services.request_claim(
                organisation,
                person,
                person.user or griffie,
                services.ClaimData(
                    record.course, record.provider, record.date, record.amount, record.explanation
                ),
            )
            if record.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
                claim = services.approve_claim(claim, griffie)
            if record.status == ClaimStatus.PAID:
                services.mark_paid(claim, griffie)
            elif record.status == ClaimStatus.REFUSED:
                services.refuse_claim(claim, griffie, record.reason)
            elif record.status == ClaimStatus.WITHDRAWN:
                services.withdraw_claim(claim, person.user or griffie)
        except services.BudgetError as exc:
            raise ContentError(
                [Problem(record.node.path, record.node.line_of("bedrag"), exc.field or "status", str(exc))]
            ) from exc
        added += 1
    return len(budget.rules), added
