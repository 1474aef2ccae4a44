from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from toerusting.embed import services
from toerusting.embed.models import RisConnection, RisIdentity, TabSession
from toerusting.embed.services import key_state


class RisConnectionForm(forms.ModelForm[RisConnection]):
    """The keys are write-only: the form shows whether one is set, and a field to enter a new one."""

    new_key = forms.CharField(
        label=_("New verification key"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_(
            "Replaces the current key at once: tokens signed with the old key are refused. To switch "
            "without downtime, enter the new key as the next key instead."
        ),
    )
    new_key_id = forms.CharField(label=_("Key id (kid) of the new key"), required=False, max_length=100)
    new_next_key = forms.CharField(
        label=_("New next key"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_(
            "Accepted next to the current key while the RIS switches. Promote it with the action "
            "“Promote the next key” once the RIS signs with it."
        ),
    )
    new_next_key_id = forms.CharField(label=_("Key id (kid) of the next key"), required=False, max_length=100)

    class Meta:
        model = RisConnection
        fields = (
            "organisation",
            "name",
            "issuer",
            "algorithm",
            "frame_origins",
            "agenda_source",
            "create_accounts",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        algorithm = str(data.get("algorithm") or "")
        if self.instance.pk is None and not data.get("new_key"):
            self.add_error("new_key", _("A new connection needs its verification key."))
        for field in ("new_key", "new_next_key"):
            value = str(data.get(field) or "")
            if value and algorithm:
                problem = services.key_problem(algorithm, value)
                if problem:
                    self.add_error(field, problem)
        return data


@admin.register(RisConnection)
class RisConnectionAdmin(admin.ModelAdmin[RisConnection]):
    form = RisConnectionForm
    list_display = (
        "name",
        "organisation",
        "issuer",
        "algorithm",
        "current_key",
        "next_key_state",
        "is_active",
    )
    list_filter = ("algorithm", "is_active", "organisation")
    readonly_fields = ("current_key", "next_key_state")
    actions = ["promote_next_key", "discard_next_key"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    "name",
                    "issuer",
                    "algorithm",
                    "frame_origins",
                    "agenda_source",
                    "create_accounts",
                    "is_active",
                )
            },
        ),
        (_("Current key"), {"fields": ("current_key", "new_key", "new_key_id")}),
        (
            _("Next key (rotation without downtime)"),
            {"fields": ("next_key_state", "new_next_key", "new_next_key_id")},
        ),
    )

    @admin.display(description=_("verification key"))
    def current_key(self, obj: RisConnection) -> str:
        state = key_state(obj.key_changed_at, bool(obj.key))
        return f"{state} · kid {obj.key_id}" if obj.key and obj.key_id else state

    @admin.display(description=_("next key"))
    def next_key_state(self, obj: RisConnection) -> str:
        state = key_state(obj.next_key_added_at, bool(obj.next_key))
        return f"{state} · kid {obj.next_key_id}" if obj.next_key and obj.next_key_id else state

    def save_model(self, request: HttpRequest, obj: RisConnection, form: Any, change: bool) -> None:
        data = form.cleaned_data
        new_key = str(data.get("new_key") or "")
        if not change:
            # A new connection: its first key (checked by the form), recorded below as a key change.
            obj.key = new_key
            obj.key_id = str(data.get("new_key_id") or "")
        super().save_model(request, obj, form, change)
        if new_key:
            services.replace_key(request.user, obj, new_key, str(data.get("new_key_id") or ""))
        if data.get("new_next_key"):
            try:
                services.add_next_key(
                    request.user, obj, str(data["new_next_key"]), str(data.get("new_next_key_id") or "")
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)

    @admin.action(description=_("Promote the next key (the old key is retired)"))
    def promote_next_key(self, request: HttpRequest, queryset: QuerySet[RisConnection]) -> None:
        for connection in queryset.select_related("organisation"):
            try:
                services.promote_next_key(request.user, connection)
            except ValidationError as exc:
                self.message_user(request, f"{connection}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(name)s: the next key is now the current key.") % {"name": connection},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Discard the next key"))
    def discard_next_key(self, request: HttpRequest, queryset: QuerySet[RisConnection]) -> None:
        for connection in queryset.select_related("organisation"):
            services.discard_next_key(request.user, connection)
        self.message_user(request, _("The next key is no longer accepted."), messages.SUCCESS)


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
