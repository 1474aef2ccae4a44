"""Reads of the organisations' identity providers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from toerusting.oidc.models import OidcProvider

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def enabled_provider(organisation_slug: str) -> OidcProvider | None:
    """The organisation's identity provider, when it is switched on."""
    return (
        OidcProvider.objects.select_related("organisation")
        .filter(organisation__slug=organisation_slug, enabled=True)
        .first()
    )


def provider_of(organisation: Organisation) -> OidcProvider | None:
    return OidcProvider.objects.filter(organisation=organisation).first()


def login_alternatives() -> list[tuple[str, str]]:
    """The hook "login_alternatives": (organisation name, login URL) of every provider switched on."""
    return [
        (provider.organisation.name, reverse("oidc:start", kwargs={"org": provider.organisation.slug}))
        for provider in OidcProvider.objects.select_related("organisation")
        .filter(enabled=True)
        .order_by("organisation__name")
    ]
