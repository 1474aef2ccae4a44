from django.contrib import admin

from toerusting.embed.models import RisConnection, RisIdentity


@admin.register(RisConnection)
class RisConnectionAdmin(admin.ModelAdmin[RisConnection]):
    list_display = ("name", "organisation", "issuer", "algorithm", "create_accounts", "is_active")
    list_filter = ("algorithm", "is_active", "organisation")


@admin.register(RisIdentity)
class RisIdentityAdmin(admin.ModelAdmin[RisIdentity]):
    list_display = ("connection", "subject", "user", "last_launch_at")
    search_fields = ("subject", "user__username")
    raw_id_fields = ("user",)
