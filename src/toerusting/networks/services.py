"""Writes of learning networks: joining and leaving, the coordinator's decisions, events and sign-up, the
shared list, messages, hiding and reporting. Every refusal a member can cause is a NetworkError with a
plain message; nothing is half-written."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.networks.models import (
    Event,
    EventSignup,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Network,
    Post,
    PostReport,
    SharedItem,
)
from toerusting.organisations.selectors import user_id_of

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

MAX_POST_LENGTH = 4000


class NetworkError(Exception):
    """An action a member asked for that cannot be done; the message says why."""


@transaction.atomic
def create_network(
    name: str, purpose: str, how_to_join: str, join_policy: str, coordinator: AnyUser
) -> Network:
    """A new network; its coordinator is its first member."""
    network = Network.objects.create(
        name=name,
        purpose=purpose,
        how_to_join=how_to_join,
        join_policy=join_policy,
        coordinator_id=user_id_of(coordinator),
    )
    ensure_coordinator_is_member(network)
    return network


def ensure_coordinator_is_member(network: Network) -> None:
    """The coordinator is always an active member (also after the operator names a new one)."""
    Membership.objects.update_or_create(
        network=network,
        user_id=network.coordinator_id,
        defaults={"status": MembershipStatus.ACTIVE, "decided_at": timezone.now()},
    )


@transaction.atomic
def join(
    network: Network, user: AnyUser, *, organisation: Organisation | None = None, motivation: str = ""
) -> Membership:
    """Join an open network at once, or ask the coordinator of a network that approves requests. Asking
    again changes nothing."""
    existing = (
        Membership.objects.select_for_update().filter(network=network, user_id=user_id_of(user)).first()
    )
    if existing is not None:
        return existing
    status = MembershipStatus.ACTIVE if network.join_policy == JoinPolicy.OPEN else MembershipStatus.PENDING
    return Membership.objects.create(
        network=network,
        user_id=user_id_of(user),
        organisation=organisation,
        motivation=motivation.strip()[:500],
        status=status,
        decided_at=timezone.now() if status == MembershipStatus.ACTIVE else None,
    )


@transaction.atomic
def leave(network: Network, user: AnyUser) -> None:
    """Leave the network: the membership and the sign-ups for coming events go; messages stay."""
    if network.coordinator_id == user_id_of(user):
        raise NetworkError(
            _("The coordinator cannot leave the network; ask the operator to name another one.")
        )
    Membership.objects.filter(network=network, user_id=user_id_of(user)).delete()
    EventSignup.objects.filter(
        event__network=network, event__starts_at__gte=timezone.now(), user_id=user_id_of(user)
    ).delete()


@transaction.atomic
def decide(membership: Membership, approve: bool) -> Membership | None:
    """The coordinator approves a request (the person becomes a member) or refuses it (it is removed)."""
    if membership.status != MembershipStatus.PENDING:
        raise NetworkError(_("This request has already been decided."))
    if not approve:
        membership.delete()
        return None
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    return membership


def add_event(
    network: Network,
    *,
    title: str,
    description: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    capacity: int,
) -> Event:
    if ends_at <= starts_at:
        raise NetworkError(_("The end must be after the start."))
    return Event.objects.create(
        network=network,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        capacity=capacity,
    )


@transaction.atomic
def sign_up(event: Event, user: AnyUser, *, now: dt.datetime | None = None) -> EventSignup:
    """A place at the event, while there is one. Signing up twice keeps the one place."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = EventSignup.objects.filter(event=event, user_id=user_id_of(user)).first()
    if existing is not None:
        return existing
    if event.starts_at <= (now or timezone.now()):
        raise NetworkError(_("This event has started or is over; signing up is closed."))
    if EventSignup.objects.filter(event=event).count() >= event.capacity:
        raise NetworkError(_("This event is full."))
    try:
        with transaction.atomic():
            return EventSignup.objects.create(event=event, user_id=user_id_of(user))
    except IntegrityError:
        return EventSignup.objects.get(event=event, user_id=user_id_of(user))


def sign_off(event: Event, user: AnyUser) -> None:
    EventSignup.objects.filter(event=event, user_id=user_id_of(user)).delete()


def write_post(event: Event, user: AnyUser, body: str) -> Post:
    """A plain-text message in the event's thread. Markup is not interpreted: it shows as typed."""
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise NetworkError(_("Write a message first."))
    if len(text) > MAX_POST_LENGTH:
        raise NetworkError(
            _("A message has at most %(max)d characters; this one has %(length)d.")
            % {"max": MAX_POST_LENGTH, "length": len(text)}
        )
    return Post.objects.create(event=event, author_id=user_id_of(user), body=text)


def hide_post(post: Post, coordinator: AnyUser) -> Post:
    """The coordinator hides a message: members no longer see its text; the coordinator still does."""
    if post.hidden_at is None:
        post.hidden_at = timezone.now()
        post.hidden_by_id = user_id_of(coordinator)
        post.save(update_fields=["hidden_at", "hidden_by"])
    return post


def show_post(post: Post) -> Post:
    """The coordinator shows a hidden message again."""
    post.hidden_at = None
    post.hidden_by = None
    post.save(update_fields=["hidden_at", "hidden_by"])
    return post


def report_post(post: Post, user: AnyUser, reason: str) -> PostReport:
    """A member reports a message to the coordinator; reporting again replaces the reason."""
    reason = reason.strip()
    if not reason:
        raise NetworkError(_("Say why you report this message."))
    report, _created = PostReport.objects.update_or_create(
        post=post, reporter_id=user_id_of(user), defaults={"reason": reason[:500]}
    )
    return report


def share_item(network: Network, user: AnyUser, item: LearningItem, note: str = "") -> SharedItem:
    """Put a catalogue item on the network's shared list (once)."""
    shared, _created = SharedItem.objects.get_or_create(
        network=network, item=item, defaults={"added_by_id": user_id_of(user), "note": note.strip()[:300]}
    )
    return shared
