"""The operator sees who set up a second step (never the secret or the codes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from toerusting.twofactor import services
from toerusting.twofactor.models import EnrolmentDemand, TotpDevice


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin[TotpDevice]):
    actions = ["reset_second_step"]
    list_display = ("user", "created_at", "confirmed_at")
    search_fields = ("user__username",)
    fields = ("user", "created_at", "confirmed_at")
    readonly_fields = ("user", "created_at", "confirmed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A reset goes through the action below or the organisation's page: both record and notify.
        return False

    @admin.action(description=_("Reset the second login step (identity checked; recorded and e-mailed)"))
    def reset_second_step(self, request: HttpRequest, queryset: QuerySet[TotpDevice]) -> None:
        """For the operator: staff and operators, who belong to no organisation's page, and anyone else."""
        actor: Any = request.user
        if not actor.is_superuser:  # only the operator resets in the admin, not any staff account
            self.message_user(
                request, _("Only the operator resets a second login step here."), messages.ERROR
            )
            return
        count = 0
        for device in queryset.select_related("user"):
            if device.user_id == actor.pk:
                continue
            services.reset(actor, device.user, None, reason=str(_("reset by the operator in the admin")))
            count += 1
        self.message_user(
            request,
            ngettext(
                "The second login step of %(count)d account is reset.",
                "The second login step of %(count)d accounts is reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(EnrolmentDemand)
class EnrolmentDemandAdmin(admin.ModelAdmin[EnrolmentDemand]):
    list_display = ("user", "created_at")
    search_fields = ("user__username",)
