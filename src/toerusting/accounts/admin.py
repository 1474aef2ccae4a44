from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services
from toerusting.accounts.models import LoginFailure, User


@admin.register(User)
class ToerustingUserAdmin(UserAdmin[User]):
    actions = ["deactivate"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            services.account_deactivated(obj)

    @admin.action(description=_("Disable the selected accounts and end their sessions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            services.account_deactivated(user)


admin.site.site_header = _("Toerusting administration")
admin.site.site_title = _("Toerusting administration")
admin.site.index_title = _("Manage the platform")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin[LoginFailure]):
    list_display = ("username", "client_address", "created_at")
    search_fields = ("username", "client_address")
    readonly_fields = ("username", "client_address", "created_at")
