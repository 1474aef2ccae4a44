"""Reads of learning networks. Everyone with an account sees a network's name, purpose and how to join;
everything else (members, events, messages, the shared list) only its active members, through
`get_member_network`. Another organisation's membership of the reader plays no part: a network belongs to
no organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.networks.models import (
    Event,
    EventSignup,
    Membership,
    MembershipStatus,
    Network,
    Post,
    PostReport,
    SharedItem,
)
from toerusting.organisations.selectors import user_id_of

if TYPE_CHECKING:
    from toerusting.organisations.selectors import AnyUser


def networks_for(user: AnyUser) -> list[Network]:
    """Every network, each with `my_status` (the reader's membership status, or '')."""
    mine = dict(Membership.objects.filter(user_id=user_id_of(user)).values_list("network_id", "status"))
    networks = list(Network.objects.order_by("name", "pk"))
    for network in networks:
        network.my_status = mine.get(network.pk, "")  # type: ignore[attr-defined]
    return networks


def get_network(network_id: int) -> Network:
    """The public face of a network (name, purpose, how to join): for anyone with an account."""
    try:
        return Network.objects.get(pk=network_id)
    except Network.DoesNotExist as exc:
        raise Http404 from exc


def membership_of(user: AnyUser, network: Network) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network=network, user_id=user_id_of(user)).first()


def get_member_network(user: AnyUser, network_id: int) -> Network:
    """A network of which the user is an active member (404 otherwise: a guessed URL shows nothing)."""
    if not user.is_authenticated:
        raise Http404
    network = (
        Network.objects.filter(
            pk=network_id,
            memberships__user_id=user_id_of(user),
            memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("coordinator")
        .first()
    )
    if network is None:
        raise Http404
    return network


def require_coordinator(user: AnyUser, network: Network) -> None:
    """403 unless the user coordinates the network (call after get_member_network)."""
    if network.coordinator_id != user_id_of(user):
        raise PermissionDenied(_("Only the coordinator of the network can do this."))


def get_event(network: Network, event_id: int) -> Event:
    """An event of this network (404 for another network's event)."""
    try:
        return Event.objects.get(network=network, pk=event_id)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def get_post(network: Network, post_id: int) -> Post:
    try:
        return Post.objects.select_related("event").get(event__network=network, pk=post_id)
    except Post.DoesNotExist as exc:
        raise Http404 from exc


def get_pending_membership(network: Network, membership_id: int) -> Membership:
    try:
        return Membership.objects.get(network=network, pk=membership_id)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


def _with_event_data(queryset: QuerySet[Event], user: AnyUser) -> QuerySet[Event]:
    return queryset.annotate(
        taken=Count("signups", distinct=True),
        mine=Exists(EventSignup.objects.filter(event_id=OuterRef("pk"), user_id=user_id_of(user))),
    )


@dataclass
class NetworkPage:
    network: Network
    upcoming: list[Event]
    past: list[Event]
    shared: list[SharedItem]
    member_count: int
    pending_count: int
    open_reports: int


def network_page(user: AnyUser, network: Network) -> NetworkPage:
    """What a member sees on the network's page, in a constant number of queries."""
    now = timezone.now()
    events = list(_with_event_data(Event.objects.filter(network=network), user).order_by("starts_at", "pk"))
    counts = dict(
        Membership.objects.filter(network=network)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    open_reports = 0
    if network.coordinator_id == user_id_of(user):
        open_reports = PostReport.objects.filter(
            post__event__network=network, post__hidden_at__isnull=True
        ).count()
    return NetworkPage(
        network=network,
        upcoming=[e for e in events if e.ends_at >= now],
        past=[e for e in events if e.ends_at < now][::-1],
        shared=list(
            SharedItem.objects.filter(network=network).select_related("item").order_by("item__title")
        ),
        member_count=counts.get(MembershipStatus.ACTIVE, 0),
        pending_count=counts.get(MembershipStatus.PENDING, 0),
        open_reports=open_reports,
    )


def members_of(network: Network) -> list[Membership]:
    """Active members first, then requests; with the council each member chose to show (never a party)."""
    return list(
        Membership.objects.filter(network=network)
        .select_related("user", "organisation")
        .order_by("-status", "user__last_name", "user__first_name", "user__username")
    )


@dataclass
class EventPage:
    event: Event
    posts: list[Any]  # Post with report_count
    my_reports: set[int]


def event_page(user: AnyUser, network: Network, event_id: int) -> EventPage:
    """An event with its places and its thread. Hidden messages keep their place but not their text for
    members; the coordinator sees the text and the number of reports."""
    try:
        event = _with_event_data(Event.objects.filter(network=network, pk=event_id), user).get()
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    posts = list(
        Post.objects.filter(event=event)
        .select_related("author")
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "pk")
    )
    mine = set(
        PostReport.objects.filter(post__event=event, reporter_id=user_id_of(user)).values_list(
            "post_id", flat=True
        )
    )
    return EventPage(event, posts, mine)


def reports_of(network: Network) -> list[PostReport]:
    """Reports on messages of the network, newest first, for the coordinator."""
    return list(
        PostReport.objects.filter(post__event__network=network)
        .select_related("post", "post__event", "post__author", "reporter")
        .order_by("-created_at", "-pk")
    )


def member_networks(user: AnyUser) -> QuerySet[Network]:
    """The networks the user is an active member of (for the home page)."""
    return Network.objects.filter(
        memberships__user_id=user_id_of(user), memberships__status=MembershipStatus.ACTIVE
    )
