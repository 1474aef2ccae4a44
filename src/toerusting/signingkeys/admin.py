from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from toerusting.signingkeys import services
from toerusting.signingkeys.models import KeyState, SigningKey


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin[SigningKey]):
    """Keys are made and rotated, never typed in or shown: the private half is not a field here."""

    list_display = ["purpose", "organisation", "kid", "algorithm", "state", "created_at", "retire_after"]
    list_filter = ["purpose", "state", "algorithm"]
    fields = ("purpose", "organisation", "kid", "algorithm", "state", "public_jwk", "created_at")
    readonly_fields = fields
    actions = ["rotate_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Rotate: make a new signing key; the old one stays accepted for the overlap"))
    def rotate_selected(self, request: HttpRequest, queryset: QuerySet[SigningKey]) -> None:
        done = set()
        for key in queryset.filter(state=KeyState.ACTIVE):
            if (key.purpose, key.organisation_id) in done:
                continue
            services.rotate(key.purpose, key.organisation, actor=request.user)
            done.add((key.purpose, key.organisation_id))
        self.message_user(request, _("%(count)d key(s) rotated.") % {"count": len(done)}, messages.SUCCESS)
