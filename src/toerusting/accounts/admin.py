from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from toerusting.accounts.models import LoginFailure, User

admin.site.register(User, UserAdmin)
admin.site.site_header = _("Toerusting administration")
admin.site.site_title = _("Toerusting administration")
admin.site.index_title = _("Manage the platform")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin[LoginFailure]):
    list_display = ("username", "client_address", "created_at")
    search_fields = ("username", "client_address")
    readonly_fields = ("username", "client_address", "created_at")
