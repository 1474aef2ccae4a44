"""Learning providers' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase"): the
providers whose offer the member maintains, and the items they sent for moderation or decided on. The
provider's offer stays; only the link to the member goes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.personaldata import Section, section
from toerusting.providers.models import ModerationRequest, ProviderStaff


def export(user: Any) -> list[Section]:
    return [
        section(
            "providers.providerstaff",
            _("Learning providers whose offer you maintain"),
            (
                {_("Provider"): s.provider.name, _("Since"): s.created_at}
                for s in ProviderStaff.objects.filter(user_id=user.pk).select_related("provider")
            ),
        ),
        section(
            "providers.moderationrequest",
            _("Providers' items you sent for moderation or decided on"),
            (
                {
                    _("Title"): r.item.title,
                    _("Provider"): r.item.provider.name,
                    _("Status"): r.get_status_display(),
                    _("Sent by you"): r.submitted_by_id == user.pk,
                    _("Decided by you"): r.decided_by_id == user.pk,
                }
                for r in ModerationRequest.objects.filter(
                    Q(submitted_by_id=user.pk) | Q(decided_by_id=user.pk)
                )
                .select_related("item__provider")
                .order_by("submitted_at")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """Provider roles belong to no council: they go only when everything is erased."""
    if organisation is not None:
        return {}
    return {
        "providers.providerstaff": ProviderStaff.objects.filter(user_id=user.pk).delete()[0],
        "providers.moderationrequest": ModerationRequest.objects.filter(submitted_by_id=user.pk).update(
            submitted_by=None
        )
        + ModerationRequest.objects.filter(decided_by_id=user.pk).update(decided_by=None),
    }
