"""The catalogue's part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from toerusting.catalogue.models import ColleagueTip, Endorsement
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data": the member's endorsements and the tips sent and received."""
    tips = (
        ColleagueTip.objects.filter(Q(sender_id=user.pk) | Q(recipient_id=user.pk))
        .select_related("item", "sender", "recipient")
        .order_by("created_at")
    )
    return [
        section(
            "catalogue.endorsement",
            gettext("Recommendations to colleagues"),
            (
                {
                    gettext("Item"): endorsement.item.title,
                    gettext("Note"): endorsement.note,
                    gettext("Show my name"): endorsement.show_name,
                    gettext("Date"): endorsement.created_at,
                }
                for endorsement in Endorsement.objects.filter(user_id=user.pk).select_related("item")
            ),
        ),
        section(
            "catalogue.colleaguetip",
            gettext("Tips from and to colleagues"),
            (
                {
                    gettext("Item"): tip.item.title,
                    gettext("From"): tip.sender.get_full_name() or tip.sender.get_username(),
                    gettext("To"): tip.recipient.get_full_name() or tip.recipient.get_username(),
                    gettext("Message"): tip.message,
                    gettext("Date"): tip.created_at,
                }
                for tip in tips
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": tips from and to the member go; an endorsement stays as an anonymous
    one (no note, no name) so that an item keeps its count of colleagues who recommend it. Within an
    organisation only its tips: endorsements belong to the catalogue as a whole."""
    tips = ColleagueTip.objects.filter(Q(sender_id=user.pk) | Q(recipient_id=user.pk))
    if organisation is not None:
        return {"catalogue.colleaguetip": tips.filter(organisation=organisation).delete()[0]}
    moved = 0
    if anonymous is not None:
        moved = Endorsement.objects.filter(user_id=user.pk).update(user=anonymous, note="", show_name=False)
    Endorsement.objects.filter(user_id=user.pk).delete()
    return {"catalogue.colleaguetip": tips.delete()[0], "catalogue.endorsement": moved}
