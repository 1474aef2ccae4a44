"""Django admin for the training budget, for platform operators; griffies use the budget pages. The audit
trail is read-only here as everywhere."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.budgets.models import AuditEntry, BudgetRule, Claim


@admin.register(BudgetRule)
class BudgetRuleAdmin(admin.ModelAdmin[BudgetRule]):
    list_display = ("organisation", "year", "role", "amount", "basis")
    list_filter = ("organisation", "year", "role")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    list_display = ("organisation", "person", "year", "course", "amount", "status")
    list_filter = ("organisation", "year", "status")
    # Decisions go through the services (with their audit entries), never through the admin.
    readonly_fields = ("status", "amount", "over_budget", "decision_note", "decided_at", "paid_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ("at", "organisation", "claim", "actor_name", "action", "old_amount", "new_amount")
    list_filter = ("organisation", "action")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
