"""The persoonlijk opleidingsbudget: a budget rule per organisation, year and role, a member's claims on it,
and an append-only audit trail of every change.

Amounts are exact: DecimalField with two decimals, Decimal in code, never floats. A member's budget for a
year is the highest amount among the rules for the roles they hold that year (a raadslid who is also
fractievoorzitter gets one budget, not two). The griffie decides; see services.py for the state machine.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toerusting.appendonly import AppendOnlyModel

MAX_DIGITS = 9  # up to 9,999,999.99
CENT = Decimal("0.01")


class BudgetRule(models.Model):
    """The amount a member in a role may spend on (non-party-political) training in one calendar year, as
    set locally (verordening rechtspositie or a raad decision)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=30)
    amount = models.DecimalField(
        _("amount per member"),
        max_digits=MAX_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    basis = models.CharField(
        _("basis"),
        max_length=200,
        blank=True,
        help_text=_("Where the amount is set, for example the article of the local verordening."),
    )

    class Meta:
        verbose_name = _("budget rule")
        verbose_name_plural = _("budget rules")
        ordering = ["organisation", "-year", "role"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "role"], name="budget_rule_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_rule_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.role}: {self.amount}"


class ClaimStatus(models.TextChoices):
    PENDING = "aangevraagd", _("requested")
    APPROVED = "goedgekeurd", _("approved")
    REFUSED = "afgewezen", _("refused")
    PAID = "betaald", _("paid")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class Claim(models.Model):
    """A member's request to pay a course, training or conference from their budget."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    item = models.ForeignKey(
        "catalogue.LearningItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue item"),
    )
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    course_date = models.DateField(_("date of the course"))
    amount = models.DecimalField(
        _("cost"),
        max_digits=MAX_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )
    explanation = models.TextField(_("why this helps you in your work"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    decision_note = models.TextField(_("reason"), blank=True)
    over_budget = models.BooleanField(_("approved above the remaining budget"), default=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget request")
        verbose_name_plural = _("budget requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.course} ({self.amount})"

    @property
    def is_open(self) -> bool:
        return self.status == ClaimStatus.PENDING


class AuditAction(models.TextChoices):
    REQUESTED = "aangevraagd", _("requested")
    APPROVED = "goedgekeurd", _("approved")
    REFUSED = "afgewezen", _("refused")
    PAID = "betaald", _("marked as paid")
    WITHDRAWN = "ingetrokken", _("withdrawn")
    RULE_SET = "regel", _("budget rule set")


class AuditEntry(AppendOnlyModel):
    """One change: who, when, what, and the amount before and after. Never changed or deleted."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="audit")
    rule = models.ForeignKey(
        BudgetRule, on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    old_status = models.CharField(_("old status"), max_length=20, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, blank=True)
    old_amount = models.DecimalField(
        _("old amount"), max_digits=MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    new_amount = models.DecimalField(
        _("new amount"), max_digits=MAX_DIGITS, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action}"
