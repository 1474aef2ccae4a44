"""The e-mail notifications' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.notifications.models import Delivery, Kind, Preference, Subscription
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data": language, choices per kind of mail, and the record of mails sent."""
    preference = Preference.objects.filter(user_id=user.pk).first()
    return [
        section(
            "notifications.preference",
            _("E-mail language"),
            [{_("Language"): preference.get_language_display()}] if preference is not None else [],
        ),
        section(
            "notifications.subscription",
            _("E-mail choices"),
            (
                {_("Kind of e-mail"): Kind(choice.kind).label, _("Receive"): choice.subscribed}
                for choice in Subscription.objects.filter(user_id=user.pk)
            ),
        ),
        section(
            "notifications.delivery",
            _("E-mails sent to you"),
            (
                {_("Sent"): delivery.sent_at, _("Subject"): delivery.subject}
                for delivery in Delivery.objects.filter(user_id=user.pk).order_by("sent_at")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": language, choices and the record of mails sent all go; none of it
    belongs to one organisation."""
    if organisation is not None:
        return {}
    return {
        "notifications.preference": Preference.objects.filter(user_id=user.pk).delete()[0],
        "notifications.subscription": Subscription.objects.filter(user_id=user.pk).delete()[0],
        "notifications.delivery": Delivery.objects.filter(user_id=user.pk).delete()[0],
    }
