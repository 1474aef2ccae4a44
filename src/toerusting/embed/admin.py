from django.contrib import admin
from django.http import HttpRequest

from toerusting.embed.models import RisConnection, RisIdentity, TabSession


@admin.register(RisConnection)
class RisConnectionAdmin(admin.ModelAdmin[RisConnection]):
    list_display = ("name", "organisation", "issuer", "algorithm", "create_accounts", "is_active")
    list_filter = ("algorithm", "is_active", "organisation")


@admin.register(RisIdentity)
class RisIdentityAdmin(admin.ModelAdmin[RisIdentity]):
    list_display = ("connection", "subject", "user", "last_launch_at")
    search_fields = ("subject", "user__username")
    raw_id_fields = ("user",)


@admin.register(TabSession)
class TabSessionAdmin(admin.ModelAdmin[TabSession]):
    """Open tab sessions; an operator ends one by deleting it (the griffie on /o/<org>/ris-tabblad/)."""

    list_display = ("user", "connection", "created_at", "expires_at")
    list_filter = ("connection__organisation",)
    search_fields = ("user__username",)
    fields = ("user", "connection", "created_at", "expires_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TabSession | None = None) -> bool:
        return False
