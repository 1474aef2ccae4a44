"""The operator's view of the organisations' identity providers: the client secret is entered, never shown;
every save is recorded in the organisation's audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.oidc import services
from toerusting.oidc.forms import ProviderForm
from toerusting.oidc.models import OidcIdentity, OidcProvider


class AdminProviderForm(ProviderForm):
    class Meta(ProviderForm.Meta):
        fields = ["organisation", *ProviderForm.Meta.fields]


class IdentityInline(admin.TabularInline[OidcIdentity, OidcProvider]):
    """Employee numbers linked to accounts beforehand (when accounts are matched on an employee number)."""

    model = OidcIdentity
    extra = 0
    raw_id_fields = ("user",)
    fields = ("subject", "user", "created_at", "last_login_at")
    readonly_fields = ("created_at", "last_login_at")


@admin.register(OidcProvider)
class OidcProviderAdmin(admin.ModelAdmin[OidcProvider]):
    form = AdminProviderForm
    list_display = ("organisation", "issuer", "client_id", "match_on", "provider_enforces_mfa", "enabled")
    list_filter = ("enabled", "match_on")
    inlines = [IdentityInline]

    def save_model(self, request: HttpRequest, obj: OidcProvider, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.changed_fields() or not change:
            services.record_change(request.user, obj, form.changed_fields(), created=not change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        added, changed, deleted = (
            len(formset.new_objects),
            len(formset.changed_objects),
            len(formset.deleted_objects),
        )
        if added or changed or deleted:
            services.record_identity_links(
                request.user, form.instance, added=added, changed=changed, deleted=deleted
            )
