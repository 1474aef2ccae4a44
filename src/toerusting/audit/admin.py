"""The operator reads the whole trail (also the events of no organisation) in the admin; nobody changes it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "organisation", "actor_name", "action", "target")
    list_filter = ("action", "organisation")
    search_fields = ("actor_name", "target")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
