"""An LTI platform registration of a tenant, made through the service (with its RIS connection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toerusting.lti import services
from toerusting.lti.models import PlatformRegistration

if TYPE_CHECKING:
    from tests.conftest import Tenant
    from tests.lti_platform import Platform


def register(
    tenant: Tenant,
    *,
    issuer: str,
    client_id: str = "toerusting-tool",
    deployment_ids: list[str] | None = None,
    auth_login_url: str = "",
    jwks_url: str = "",
    member_role: str = "",
    frame_origins: list[str] | None = None,
) -> PlatformRegistration:
    registration = PlatformRegistration(
        organisation=tenant.organisation,
        name=f"Test-RIS {tenant.organisation.name}",
        issuer=issuer,
        client_id=client_id,
        deployment_ids=deployment_ids or ["deployment-1"],
        auth_login_url=auth_login_url or f"{issuer}/auth",
        jwks_url=jwks_url or f"{issuer}/jwks",
        member_role=member_role,
    )
    return services.save_registration(
        registration, actor=None, frame_origins=frame_origins or [], agenda_source="push"
    )


def register_platform(tenant: Tenant, platform: Platform, **kwargs: object) -> PlatformRegistration:
    return register(
        tenant,
        issuer=platform.issuer,
        client_id=platform.client_id,
        deployment_ids=[platform.deployment_id],
        auth_login_url=platform.auth_url,
        jwks_url=platform.jwks_url,
        **kwargs,  # type: ignore[arg-type]
    )


def registration_of(tenant: Tenant) -> PlatformRegistration:
    """The tenant's registration for the isolation matrix, made on first use."""
    issuer = f"https://lms.{tenant.organisation.slug}.example"
    found = PlatformRegistration.objects.filter(issuer=issuer).first()
    return found if found is not None else register(tenant, issuer=issuer)
