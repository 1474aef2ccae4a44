"""Reads of the training budget, scoped to what the requesting user may see.

A member sees only their own ledger and requests; the griffie (Capability.DECIDE_BUDGET) sees all of the
organisation. Another organisation's request, or another member's, is a 404 (we do not say it exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.budgets import ledger
from toerusting.budgets.ledger import Ledger, budget_roles, format_euro, ledger_for, totals
from toerusting.budgets.models import AuditEntry, BudgetRule, Claim, ClaimStatus
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation, Person
    from toerusting.organisations.selectors import AnyUser

__all__ = [
    "K_ANONYMITY",
    "Ledger",
    "budget_roles",
    "format_euro",
    "ledger_for",
    "totals",
]

K_ANONYMITY = 5


def current_year() -> int:
    return timezone.localdate().year


def get_claim_for_user(user: AnyUser, organisation: Organisation, claim_id: int) -> Claim:
    """A request of this organisation that the user may see: their own, or any for the griffie."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    claims = Claim.objects.filter(organisation=organisation).select_related("person", "item", "organisation")
    if not can(user, organisation, Capability.DECIDE_BUDGET):
        claims = claims.filter(person__user_id=organisation_selectors.user_id_of(user))
    try:
        return claims.get(pk=claim_id)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc


def claims_of(organisation: Organisation, person: Person) -> QuerySet[Claim]:
    """A member's own requests, newest first (the person comes from person_for_user)."""
    return Claim.objects.filter(organisation=organisation, person=person).select_related("item")


def claims_for_griffie(organisation: Organisation, year: int, status: str = "") -> QuerySet[Claim]:
    """All requests of a year (open ones first), for a view that required Capability.DECIDE_BUDGET."""
    claims = Claim.objects.filter(organisation=organisation, year=year).select_related("person", "item")
    if status:
        claims = claims.filter(status=status)
    waiting_first = Case(
        When(status=ClaimStatus.PENDING, then=Value(0)),
        When(status=ClaimStatus.APPROVED, then=Value(1)),
        default=Value(2),
    )
    return claims.order_by(waiting_first, "-created_at", "-pk")


def open_claim_count(organisation: Organisation) -> int:
    return Claim.objects.filter(organisation=organisation, status=ClaimStatus.PENDING).count()


def audit_of(claim: Claim) -> QuerySet[AuditEntry]:
    return claim.audit.all().order_by("at", "pk")


def rules_of(organisation: Organisation, year: int) -> dict[str, BudgetRule]:
    return {rule.role: rule for rule in BudgetRule.objects.filter(organisation=organisation, year=year)}


def rule_audit(organisation: Organisation, limit: int = 20) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation, rule__isnull=False).order_by("-at", "-pk")[
        :limit
    ]


def years_of(organisation: Organisation) -> list[int]:
    """Years with a rule or a request, and the current year, newest first."""
    years = set(BudgetRule.objects.filter(organisation=organisation).values_list("year", flat=True))
    years |= set(Claim.objects.filter(organisation=organisation).values_list("year", flat=True))
    years.add(current_year())
    return sorted(years, reverse=True)


def ledgers_for_griffie(organisation: Organisation, year: int) -> list[Ledger]:
    """Every member's ledger for the year (for a view that required Capability.DECIDE_BUDGET)."""
    return ledger.ledgers_for_organisation(organisation, year)


# --- Overview: budget use per fractie and per role, in groups of at least K_ANONYMITY members ----------


@dataclass
class UseGroup:
    label: str
    members: int = 0
    budget: Decimal = ledger.ZERO
    approved: Decimal = ledger.ZERO
    spent: Decimal = ledger.ZERO
    small: bool = False  # a group of groups below K_ANONYMITY

    @property
    def used(self) -> Decimal:
        return self.approved + self.spent

    @property
    def used_percent(self) -> int:
        if self.budget <= 0:
            return 0
        return int(min(self.used * 100 / self.budget, Decimal(100)))


@dataclass
class UseOverview:
    groups: list[UseGroup]
    hidden_members: int = 0  # members in a remainder group that is itself below K_ANONYMITY
    total: UseGroup | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _grouped(keyed: dict[str, UseGroup], remainder_label: str) -> UseOverview:
    shown = [g for g in keyed.values() if g.members >= K_ANONYMITY]
    small = [g for g in keyed.values() if g.members < K_ANONYMITY]
    rest = UseGroup(remainder_label, small=True)
    for group in small:
        rest.members += group.members
        rest.budget += group.budget
        rest.approved += group.approved
        rest.spent += group.spent
    shown.sort(key=lambda g: (-g.members, g.label))
    overview = UseOverview(shown)
    if rest.members >= K_ANONYMITY:
        overview.groups.append(rest)
    elif rest.members:
        # Too few people even together: not shown, and no total (it would reveal them by subtraction).
        overview.hidden_members = rest.members
    if not overview.hidden_members and overview.groups:
        total = UseGroup(_("Total"))
        for group in overview.groups:
            total.members += group.members
            total.budget += group.budget
            total.approved += group.approved
            total.spent += group.spent
        overview.total = total
    return overview


def _add(group: UseGroup, account: Ledger) -> None:
    group.members += 1
    group.budget += account.budget
    group.approved += account.approved
    group.spent += account.spent


def use_by_fractie(ledgers: list[Ledger]) -> UseOverview:
    """Budget use per fractie; fracties with fewer than K_ANONYMITY members together as 'smaller
    fracties' (members without a fractie, such as some burgerleden' functies, count there too)."""
    keyed: dict[str, UseGroup] = {}
    for account in ledgers:
        if account.fractie is not None:
            key, label = f"f{account.fractie.pk}", account.fractie.name
        else:
            key, label = "-", _("without a fractie")
        _add(keyed.setdefault(key, UseGroup(label)), account)
    return _grouped(keyed, _("smaller fracties (fewer than %(k)s members each)") % {"k": K_ANONYMITY})


def use_by_role(organisation: Organisation, ledgers: list[Ledger]) -> UseOverview:
    """Budget use per role (each member once, under their first budget role); roles with fewer than
    K_ANONYMITY members together as 'other roles'."""
    labels = dict(organisation_selectors.role_choices())
    order = budget_roles(organisation)
    keyed: dict[str, UseGroup] = {}
    for account in ledgers:
        role = next((r for r in order if r in account.roles), "")
        _add(keyed.setdefault(role, UseGroup(str(labels.get(role, _("no role this year"))))), account)
    return _grouped(keyed, _("other roles (fewer than %(k)s members each)") % {"k": K_ANONYMITY})


def role_label(role: str) -> str:
    return str(dict(organisation_selectors.role_choices()).get(role, role))
