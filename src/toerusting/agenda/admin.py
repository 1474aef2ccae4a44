from django.contrib import admin
from django.http import HttpRequest

from toerusting.agenda.models import AgendaItem, AgendaSource, Document, Meeting, PushToken, SourceGremium


class AgendaItemInline(admin.TabularInline[AgendaItem, Meeting]):
    model = AgendaItem
    fields = ("position", "number", "title", "original_title", "is_heading", "parent")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("name", "organisation", "start", "status", "source", "source_id")
    list_filter = ("organisation", "source", "status", "meeting_type")
    search_fields = ("name", "source_id")
    date_hierarchy = "start"
    inlines = [AgendaItemInline]
    readonly_fields = ("content_hash", "created_at", "updated_at")


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin[AgendaItem]):
    list_display = ("title", "number", "meeting", "is_heading")
    search_fields = ("title", "original_title", "source_id")
    list_select_related = ("meeting",)
    raw_id_fields = ("meeting", "parent")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("title", "meeting", "mime_type")
    search_fields = ("title", "source_id")
    raw_id_fields = ("meeting", "agenda_item")


@admin.register(AgendaSource)
class AgendaSourceAdmin(admin.ModelAdmin[AgendaSource]):
    list_display = ("organisation", "kind", "base_url", "active", "last_synced_at", "last_summary")
    list_filter = ("kind", "active")
    readonly_fields = ("last_synced_at", "last_summary")


@admin.register(SourceGremium)
class SourceGremiumAdmin(admin.ModelAdmin[SourceGremium]):
    """The griffie names a source's gremium once (`name`); a sync only changes `name_at_source`."""

    list_display = ("source_id", "source", "organisation", "name", "name_at_source")
    list_filter = ("organisation", "source")
    list_editable = ("name",)
    search_fields = ("source_id", "name", "name_at_source")
    fields = ("organisation", "source", "source_id", "name_at_source", "name")
    readonly_fields = ("organisation", "source", "source_id", "name_at_source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by a sync, when a source first names the gremium


@admin.register(PushToken)
class PushTokenAdmin(admin.ModelAdmin[PushToken]):
    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
    fields = ("organisation", "name", "prefix", "token_hash", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued with `toerusting agenda_token`, which shows the token once
