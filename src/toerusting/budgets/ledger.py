"""The ledger arithmetic: a member's budget, requests, approved, spent and remaining amounts for a year.

    budget     the highest rule amount among the roles the member held at any time in the year (the whole
               amount, not pro rata: a member who leaves in March keeps the year's budget)
    requested  requests that wait for a decision
    approved   approved, not yet paid
    spent      paid
    remaining  budget - approved - spent            (what is not committed)
    available  remaining - requested                (what a new request may still ask)

All figures are Decimal with two decimals. The whole organisation's ledgers cost three queries whatever
the number of members (functies, rules, claim sums).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

from toerusting.budgets.models import BudgetRule, Claim, ClaimStatus
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import MEMBER_ROLES

if TYPE_CHECKING:
    from toerusting.organisations.models import Fractie, Organisation, Person

ZERO = Decimal("0.00")


def budget_roles(organisation: Organisation) -> list[str]:
    """The roles that can have a training budget in this kind of organisation (members of the council
    and its committees), in a fixed order."""
    roles = organisation_selectors.roles_for_kind()[str(organisation.kind)]
    order = ["raadslid", "statenlid", "ab_lid", "fractievoorzitter", "burgerlid"]
    return [role for role in order if role in roles and role in MEMBER_ROLES]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


@dataclass
class Ledger:
    person: Person | None
    year: int
    budget: Decimal = ZERO
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    spent: Decimal = ZERO
    roles: list[str] = field(default_factory=list)
    fractie: Fractie | None = None

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.approved - self.spent

    @property
    def available(self) -> Decimal:
        return self.remaining - self.requested

    @property
    def used_percent(self) -> int:
        """Approved plus spent as a whole percentage of the budget (for a bar; 0 without a budget)."""
        if self.budget <= 0:
            return 0
        share = (self.approved + self.spent) * 100 / self.budget
        return int(min(share, Decimal(100)))


def add_claim_sum(account: Ledger, status: str, total: Decimal) -> None:
    if status == ClaimStatus.PENDING:
        account.requested += total
    elif status == ClaimStatus.APPROVED:
        account.approved += total
    elif status == ClaimStatus.PAID:
        account.spent += total


def ledgers_for_organisation(organisation: Organisation, year: int) -> list[Ledger]:
    """One ledger per member who held a budget role in the year, sorted by name. Three queries."""
    start, end = year_bounds(year)
    roles = set(budget_roles(organisation))
    ledgers: dict[int, Ledger] = {}
    for functie in organisation_selectors.functies_of_organisation(
        organisation, start=start, end=end, roles=roles
    ):
        account = ledgers.setdefault(functie.person_id, Ledger(functie.person, year))
        if functie.role not in account.roles:
            account.roles.append(functie.role)
        if functie.fractie is not None:
            account.fractie = functie.fractie  # the latest fractie of the year (ordered by start date)
    amounts = rule_amounts(organisation, year)
    for account in ledgers.values():
        account.budget = max((amounts.get(role, ZERO) for role in account.roles), default=ZERO)
    sums = (
        Claim.objects.filter(organisation=organisation, year=year)
        .values("person_id", "status")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = list(sums)
    missing = {row["person_id"] for row in rows} - set(ledgers)
    if missing:
        # Claims of someone without a budget role this year (a functie that was ended and removed) still
        # count in the totals: one more query, only then.
        for claim in Claim.objects.filter(
            organisation=organisation, year=year, person_id__in=missing
        ).select_related("person"):
            ledgers.setdefault(claim.person_id, Ledger(claim.person, year))
    for row in rows:
        add_claim_sum(ledgers[row["person_id"]], row["status"], row["total"])
    return sorted(
        ledgers.values(),
        key=lambda a: (a.person.family_name, a.person.given_name, a.person.pk) if a.person else ("", "", 0),
    )


def rule_amounts(organisation: Organisation, year: int) -> dict[str, Decimal]:
    return dict(BudgetRule.objects.filter(organisation=organisation, year=year).values_list("role", "amount"))


def ledger_for(organisation: Organisation, person: Person, year: int) -> Ledger:
    """One member's ledger for a year (three queries)."""
    start, end = year_bounds(year)
    account = Ledger(person, year)
    for functie in organisation_selectors.functies_of_organisation(
        organisation, start=start, end=end, roles=set(budget_roles(organisation))
    ).filter(person=person):
        if functie.role not in account.roles:
            account.roles.append(functie.role)
        if functie.fractie is not None:
            account.fractie = functie.fractie
    amounts = rule_amounts(organisation, year)
    account.budget = max((amounts.get(role, ZERO) for role in account.roles), default=ZERO)
    sums = (
        Claim.objects.filter(organisation=organisation, person=person, year=year)
        .values("status")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in sums:
        add_claim_sum(account, row["status"], row["total"])
    return account


def totals(ledgers: list[Ledger]) -> Ledger:
    """The sum of a list of ledgers (the year is taken from the first one)."""
    total = Ledger(None, ledgers[0].year if ledgers else 0)
    for account in ledgers:
        total.budget += account.budget
        total.requested += account.requested
        total.approved += account.approved
        total.spent += account.spent
    return total


def format_euro(amount: Decimal, *, dutch: bool = True) -> str:
    """1234.5 -> '1.234,50' (Dutch) or '1234.50'. Exact: formats the Decimal, never a float."""
    value = amount.quantize(Decimal("0.01"))
    if not dutch:
        return f"{value:f}"
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{'.'.join(groups)},{cents or '00'}"
