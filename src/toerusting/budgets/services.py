"""Writes of the training budget: budget rules, requests and their decisions, each with an audit entry.

The state machine of a request:

    requested --approve--> approved --pay--> paid
        |  \\--refuse---> refused
        \\----withdraw--> withdrawn (by the member only)

Paid, refused and withdrawn are final. Every transition locks the request's row (select_for_update) and
checks its status again inside the transaction, so that two clicks cannot pay a request twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.budgets import ledger
from toerusting.budgets.models import (
    CENT,
    AuditAction,
    AuditEntry,
    BudgetRule,
    Claim,
    ClaimStatus,
)
from toerusting.organisations import services as organisation_services

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation, Person
    from toerusting.organisations.selectors import AnyUser

MAX_AMOUNT = Decimal("9999999.99")


class BudgetError(Exception):
    """A request or decision that is not allowed; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Points only between groups of three digits: Dutch thousands (1.250 or 12.500.000), never cents.
THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def parse_amount(value: str | Decimal, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """An amount in euros from a form or a file: positive (or zero where allowed), at most two decimals.
    Accepts 1.250,50 and 1.250 (Dutch) and 1250.50 and 1250,50. Never goes through float."""
    if isinstance(value, Decimal):
        amount = value
    else:
        text = value.strip().replace("€", "").replace(" ", "")
        if "," in text or THOUSANDS.fullmatch(text):
            # Dutch: a comma for cents and points between thousands ("1.250" is twelve hundred and fifty).
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise BudgetError(_("Write the amount in euros, for example 125,50."), field) from exc
    if not amount.is_finite():
        raise BudgetError(_("Write the amount in euros, for example 125,50."), field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise BudgetError(_("The amount must be more than zero."), field)
    if amount != amount.quantize(CENT):
        raise BudgetError(_("Use at most two decimals (cents)."), field)
    if amount > MAX_AMOUNT:
        raise BudgetError(_("This amount is too large."), field)
    return amount.quantize(CENT)


def _actor_name(user: AnyUser) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.full_name)
    return str(getattr(user, "username", "") or _("system"))


def _audit(
    organisation: Organisation,
    actor: AnyUser | None,
    action: str,
    *,
    claim: Claim | None = None,
    rule: BudgetRule | None = None,
    old_status: str = "",
    new_status: str = "",
    old_amount: Decimal | None = None,
    new_amount: Decimal | None = None,
    note: str = "",
) -> AuditEntry:
    user: Any = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        organisation=organisation,
        claim=claim,
        rule=rule,
        actor=user,
        actor_name=_actor_name(user) if user is not None else _("system"),
        action=action,
        old_status=old_status,
        new_status=new_status,
        old_amount=old_amount,
        new_amount=new_amount,
        note=note,
    )


@transaction.atomic
def set_rule(
    organisation: Organisation,
    year: int,
    role: str,
    amount: Decimal | str,
    actor: AnyUser | None,
    basis: str = "",
) -> BudgetRule:
    """Set (or change) the budget of a role for a year; the old and new amount go into the audit trail."""
    value = parse_amount(amount, allow_zero=True)
    if role not in ledger.budget_roles(organisation):
        raise BudgetError(_("This role has no training budget in this organisation."), "role")
    if not 2000 <= year <= 2100:
        raise BudgetError(_("Choose a year between 2000 and 2100."), "year")
    rule = (
        BudgetRule.objects.select_for_update().filter(organisation=organisation, year=year, role=role).first()
    )
    old = rule.amount if rule is not None else None
    if rule is None:
        rule = BudgetRule.objects.create(
            organisation=organisation, year=year, role=role, amount=value, basis=basis
        )
    else:
        rule.amount = value
        rule.basis = basis
        rule.save(update_fields=["amount", "basis"])
    if old != value:
        _audit(
            organisation,
            actor,
            AuditAction.RULE_SET,
            rule=rule,
            old_amount=old,
            new_amount=value,
            note=f"{year} {role}",
        )
    return rule


@dataclass(frozen=True)
class ClaimData:
    course: str
    provider: str
    course_date: dt.date
    amount: Decimal
    explanation: str = ""
    item: LearningItem | None = None


@transaction.atomic
def request_claim(organisation: Organisation, person: Person, actor: AnyUser, data: ClaimData) -> Claim:
    """A member asks to pay a course from their budget. The amount must fit in what is still free (the
    remaining budget minus requests that wait for a decision)."""
    amount = parse_amount(data.amount)
    if data.item is not None and not data.item.non_partisan:
        raise BudgetError(
            _("Party-political training is paid by the party, not from the council's budget."), "item"
        )
    if not data.course.strip():
        raise BudgetError(_("Name the course or training."), "course")
    if not data.provider.strip():
        raise BudgetError(_("Name the provider."), "provider")
    year = data.course_date.year
    # Lock the member (a row that exists also before their first request) so that two requests at once,
    # or a request and an approval, cannot both fit in the same free budget.
    organisation_services.lock_person(person)
    account = ledger.ledger_for(organisation, person, year)
    if account.budget <= 0:
        raise BudgetError(
            _("You have no training budget for %(year)s in this organisation.") % {"year": year},
            "course_date",
        )
    if amount > account.available:
        raise BudgetError(
            _("This is more than your free budget for %(year)s (€ %(free)s).")
            % {"year": year, "free": ledger.format_euro(account.available)},
            "amount",
        )
    claim = Claim.objects.create(
        organisation=organisation,
        person=person,
        year=year,
        item=data.item,
        course=data.course.strip(),
        provider=data.provider.strip(),
        course_date=data.course_date,
        amount=amount,
        explanation=data.explanation.strip(),
    )
    _audit(
        organisation,
        actor,
        AuditAction.REQUESTED,
        claim=claim,
        new_status=ClaimStatus.PENDING,
        new_amount=amount,
    )
    return claim


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


@transaction.atomic
def withdraw_claim(claim: Claim, actor: AnyUser) -> Claim:
    """The member takes back a request that waits for a decision."""
    claim = _locked(claim)
    if claim.status != ClaimStatus.PENDING:
        raise BudgetError(_("Only a request that waits for a decision can be withdrawn."))
    claim.status = ClaimStatus.WITHDRAWN
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    _audit(
        claim.organisation,
        actor,
        AuditAction.WITHDRAWN,
        claim=claim,
        old_status=ClaimStatus.PENDING,
        new_status=ClaimStatus.WITHDRAWN,
        old_amount=claim.amount,
        new_amount=claim.amount,
    )
    return claim


@transaction.atomic
def approve_claim(
    claim: Claim,
    actor: AnyUser,
    amount: Decimal | str | None = None,
    override_reason: str = "",
) -> Claim:
    """The griffie approves a request, for the requested amount or a lower or higher one. Above the
    remaining budget only with a reason (the override is kept on the request and in the trail)."""
    # The member first (as a request does), then the claim: two approvals of one member's requests at once
    # see each other's outcome in the remaining budget.
    organisation_services.lock_person(claim.person)
    claim = _locked(claim)
    if claim.status != ClaimStatus.PENDING:
        raise BudgetError(_("Only a request that waits for a decision can be approved."))
    new_amount = claim.amount if amount in (None, "") else parse_amount(amount)
    account = ledger.ledger_for(claim.organisation, claim.person, claim.year)
    over = new_amount > account.remaining
    if over and not override_reason.strip():
        raise BudgetError(
            _("This is more than the remaining budget (€ %(remaining)s). Give a reason to approve it anyway.")
            % {"remaining": ledger.format_euro(account.remaining)},
            "override_reason",
        )
    old_amount = claim.amount
    claim.status = ClaimStatus.APPROVED
    claim.amount = new_amount
    claim.over_budget = over
    claim.decision_note = override_reason.strip() if over else ""
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "amount", "over_budget", "decision_note", "decided_at"])
    _audit(
        claim.organisation,
        actor,
        AuditAction.APPROVED,
        claim=claim,
        old_status=ClaimStatus.PENDING,
        new_status=ClaimStatus.APPROVED,
        old_amount=old_amount,
        new_amount=new_amount,
        note=claim.decision_note,
    )
    return claim


@transaction.atomic
def refuse_claim(claim: Claim, actor: AnyUser, reason: str) -> Claim:
    """The griffie refuses a request; the member sees the reason."""
    if not reason.strip():
        raise BudgetError(_("Give the member a reason for the refusal."), "reason")
    claim = _locked(claim)
    if claim.status != ClaimStatus.PENDING:
        raise BudgetError(_("Only a request that waits for a decision can be refused."))
    claim.status = ClaimStatus.REFUSED
    claim.decision_note = reason.strip()
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decision_note", "decided_at"])
    _audit(
        claim.organisation,
        actor,
        AuditAction.REFUSED,
        claim=claim,
        old_status=ClaimStatus.PENDING,
        new_status=ClaimStatus.REFUSED,
        old_amount=claim.amount,
        new_amount=claim.amount,
        note=claim.decision_note,
    )
    return claim


@transaction.atomic
def mark_paid(claim: Claim, actor: AnyUser) -> Claim:
    """The financial administration paid the approved amount. Only once."""
    claim = _locked(claim)
    if claim.status == ClaimStatus.PAID:
        raise BudgetError(_("This request is already paid."))
    if claim.status != ClaimStatus.APPROVED:
        raise BudgetError(_("Only an approved request can be paid."))
    claim.status = ClaimStatus.PAID
    claim.paid_at = timezone.now()
    claim.save(update_fields=["status", "paid_at"])
    _audit(
        claim.organisation,
        actor,
        AuditAction.PAID,
        claim=claim,
        old_status=ClaimStatus.APPROVED,
        new_status=ClaimStatus.PAID,
        old_amount=claim.amount,
        new_amount=claim.amount,
    )
    return claim
