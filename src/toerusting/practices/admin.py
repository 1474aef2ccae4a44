"""Django admin for good practices, for platform operators; moderation itself is on the library's pages."""

from django.contrib import admin

from toerusting.practices.models import Adoption, PeerContact, Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin[Practice]):
    list_display = ("title", "organisation", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "created_by", "moderated_by", "items")


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin[Adoption]):
    list_display = ("practice", "organisation", "created_at")
    raw_id_fields = ("practice", "organisation", "adopted_by")


@admin.register(PeerContact)
class PeerContactAdmin(admin.ModelAdmin[PeerContact]):
    list_display = ("organisation", "email")
    raw_id_fields = ("organisation",)
