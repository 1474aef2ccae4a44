"""Learning networks' part of Mijn gegevens (the hooks "personal_data" and "personal_data_erase").

A network belongs to no organisation, so the retention rule of one organisation leaves it alone; a deletion
on request removes the member's memberships, sign-ups, messages and reports. A coordinator cannot be erased
while they coordinate a network (the link is protected): the operator names another coordinator first, and
until then the deletion stops whole (privacy.services.ErasureIncomplete)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from toerusting.networks.models import EventSignup, Membership, Network, Post, PostReport, SharedItem
from toerusting.personaldata import Section, section


def export(user: Any) -> list[Section]:
    """The hook "personal_data"."""
    return [
        section(
            "networks.network",
            _("Learning networks you coordinate"),
            ({_("Network"): n.name} for n in Network.objects.filter(coordinator_id=user.pk).order_by("name")),
        ),
        section(
            "networks.membership",
            _("Learning networks: your memberships"),
            (
                {
                    _("Network"): m.network.name,
                    _("Status"): m.get_status_display(),
                    _("Council shown"): m.organisation.name if m.organisation is not None else "",
                    _("Why you want to join"): m.motivation,
                    _("Requested"): m.requested_at,
                }
                for m in Membership.objects.filter(user_id=user.pk).select_related("network", "organisation")
            ),
        ),
        section(
            "networks.eventsignup",
            _("Learning networks: meetings you signed up for"),
            (
                {_("Meeting"): s.event.title, _("Start"): s.event.starts_at, _("Signed up"): s.created_at}
                for s in EventSignup.objects.filter(user_id=user.pk).select_related("event")
            ),
        ),
        section(
            "networks.post",
            _("Learning networks: your messages"),
            (
                {_("Meeting"): p.event.title, _("Written"): p.created_at, _("Text"): p.body}
                for p in Post.objects.filter(author_id=user.pk).select_related("event").order_by("created_at")
            ),
        ),
        section(
            "networks.postreport",
            _("Learning networks: messages you reported"),
            (
                {_("Reported"): r.created_at, _("Reason"): r.reason}
                for r in PostReport.objects.filter(reporter_id=user.pk).order_by("created_at")
            ),
        ),
        section(
            "networks.shareditem",
            _("Learning networks: items you shared"),
            (
                {_("Network"): i.network.name, _("Item"): i.item.title, _("Why it is useful"): i.note}
                for i in SharedItem.objects.filter(added_by_id=user.pk).select_related("network", "item")
            ),
        ),
    ]


def erase(user: Any, organisation: Any = None, *, anonymous: Any = None) -> dict[str, int]:
    """The hook "personal_data_erase": nothing for one organisation (a network is nobody's organisation);
    on deletion the member's own rows go, and what they did to others' rows loses its link to them."""
    if organisation is not None:
        return {}
    return {
        "networks.postreport": PostReport.objects.filter(reporter_id=user.pk).delete()[0],
        "networks.post": Post.objects.filter(author_id=user.pk).delete()[0]
        + Post.objects.filter(hidden_by_id=user.pk).update(hidden_by=None),
        "networks.eventsignup": EventSignup.objects.filter(user_id=user.pk).delete()[0],
        "networks.membership": Membership.objects.filter(user_id=user.pk).delete()[0],
        "networks.shareditem": SharedItem.objects.filter(added_by_id=user.pk).update(added_by=None),
    }
