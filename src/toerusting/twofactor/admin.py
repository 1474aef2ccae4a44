"""The operator sees who set up a second step (never the secret or the codes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.twofactor.models import EnrolmentDemand, TotpDevice


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin[TotpDevice]):
    list_display = ("user", "created_at", "confirmed_at")
    search_fields = ("user__username",)
    fields = ("user", "created_at", "confirmed_at")
    readonly_fields = ("user", "created_at", "confirmed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A reset goes through the organisation's page, which checks, records and notifies.
        return False


@admin.register(EnrolmentDemand)
class EnrolmentDemandAdmin(admin.ModelAdmin[EnrolmentDemand]):
    list_display = ("user", "created_at")
    search_fields = ("user__username",)
