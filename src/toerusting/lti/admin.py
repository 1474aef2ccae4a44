from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from toerusting.lti import services
from toerusting.lti.models import PlatformRegistration


@admin.register(PlatformRegistration)
class PlatformRegistrationAdmin(admin.ModelAdmin[PlatformRegistration]):
    """The operator's view of every organisation's platforms; changes go through the service (audited,
    with the RIS connection behind the registration)."""

    list_display = ("name", "organisation", "issuer", "client_id", "is_active")
    list_filter = ("is_active", "organisation")
    search_fields = ("name", "issuer", "client_id")
    fields = (
        "organisation",
        "name",
        "issuer",
        "client_id",
        "deployment_ids",
        "auth_login_url",
        "token_url",
        "jwks_url",
        "member_role",
        "is_active",
    )

    def save_model(self, request: HttpRequest, obj: PlatformRegistration, form: Any, change: bool) -> None:
        connection = obj.connection if change else None
        services.save_registration(
            obj,
            actor=request.user,
            frame_origins=list(connection.frame_origins) if connection is not None else [],
            agenda_source=str(connection.agenda_source) if connection is not None else "",
        )
