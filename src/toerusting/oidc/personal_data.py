"""The identity provider's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.oidc.models import OidcIdentity
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """Under which id the organisation's identity provider knows the member."""
    return [
        section(
            "oidc.oidcidentity",
            _("Links with your organisation's login"),
            (
                {
                    _("Identity provider"): identity.provider.issuer,
                    _("Your id there"): identity.subject,
                    _("Linked on"): identity.created_at,
                    _("Last login"): identity.last_login_at,
                }
                for identity in OidcIdentity.objects.filter(user_id=user.pk).select_related("provider")
            ),
        )
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The links with the provider go (within an organisation: only that organisation's provider)."""
    identities = OidcIdentity.objects.filter(user_id=user.pk)
    if organisation is not None:
        identities = identities.filter(provider__organisation=organisation)
    return {"oidc.oidcidentity": identities.delete()[0]}
