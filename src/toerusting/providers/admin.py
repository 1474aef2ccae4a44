from django.contrib import admin

from toerusting.providers.models import Provider, ProviderStaff


class StaffInline(admin.TabularInline[ProviderStaff, Provider]):
    model = ProviderStaff
    extra = 1
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    """The operator makes a provider and gives accounts its staff role; the offer itself is the
    provider's (its own pages) and the moderation queue's."""

    list_display = ["name", "slug", "feed_url", "feed_read_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["feed_read_at", "feed_report"]
    inlines = [StaffInline]
