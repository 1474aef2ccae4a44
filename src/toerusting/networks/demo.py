"""The demo of learning networks: two networks with members from several demo organisations, events with
sign-ups and a few messages. Read from content/demo/networks/*.yaml, written through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.contentfiles import ContentError, Node, Problem, Reader, load_yaml
from toerusting.networks import services
from toerusting.networks.models import EventSignup, JoinPolicy, Network
from toerusting.organisations import selectors as organisation_selectors


@dataclass
class DemoMember:
    user: str
    show: str
    motivation: str = ""


@dataclass
class DemoEvent:
    title: str
    description: str
    days_ahead: int
    start: dt.time
    end: dt.time
    location: str
    capacity: int
    signups: list[str]
    posts: list[tuple[str, str]]


@dataclass
class DemoNetwork:
    line: int
    name: str
    purpose: str
    how_to_join: str
    join_policy: str
    coordinator: str
    members: list[DemoMember]
    requests: list[DemoMember]
    shared: list[str]
    events: list[DemoEvent] = field(default_factory=list)


def _time(reader: Reader, node: Node, name: str) -> dt.time:
    text = reader.text(node, name)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        reader.problem(node, name, "give a time as HH:MM")
        return dt.time(0, 0)


def _list(reader: Reader, node: Node, name: str) -> list[Any]:
    value = node.get(name) or []
    if not isinstance(value, list):
        reader.problem(node, name, "expected a list")
        return []
    return list(value)


def _members(reader: Reader, node: Node, name: str) -> list[DemoMember]:
    members = []
    for entry in reader.nodes(node, name, required=False):
        reader.check_keys(entry, {"user", "show", "motivation"}, "a member")
        members.append(
            DemoMember(
                reader.text(entry, "user"),
                reader.text(entry, "show", required=False),
                reader.text(entry, "motivation", required=False),
            )
        )
    return members


def read_demo_file(path: Path) -> list[DemoNetwork]:
    reader = Reader()
    root = load_yaml(path)
    reader.check_keys(root, {"networks"}, "the file")
    networks = []
    for node in reader.nodes(root, "networks"):
        reader.check_keys(
            node,
            {"name", "purpose", "how_to_join", "join_policy", "coordinator", "members", "requests"}
            | {"shared", "events"},
            "a network",
        )
        events = []
        for entry in reader.nodes(node, "events", required=False):
            reader.check_keys(
                entry,
                {
                    "title",
                    "description",
                    "days_ahead",
                    "start",
                    "end",
                    "location",
                    "capacity",
                    "signups",
                    "posts",
                },
                "an event",
            )
            posts = []
            for post in reader.nodes(entry, "posts", required=False):
                reader.check_keys(post, {"author", "text"}, "a message")
                posts.append((reader.text(post, "author"), reader.text(post, "text")))
            days = entry.get("days_ahead")
            if not isinstance(days, int):
                reader.problem(entry, "days_ahead", "give a whole number of days (negative: in the past)")
                days = 0
            events.append(
                DemoEvent(
                    title=reader.text(entry, "title"),
                    description=reader.text(entry, "description", required=False),
                    days_ahead=days,
                    start=_time(reader, entry, "start"),
                    end=_time(reader, entry, "end"),
                    location=reader.text(entry, "location"),
                    capacity=reader.integer(entry, "capacity", minimum=1) or 1,
                    signups=[str(v) for v in _list(reader, entry, "signups")],
                    posts=posts,
                )
            )
        networks.append(
            DemoNetwork(
                line=node.line,
                name=reader.text(node, "name"),
                purpose=reader.text(node, "purpose"),
                how_to_join=reader.text(node, "how_to_join"),
                join_policy=reader.choice(node, "join_policy", {p.value for p in JoinPolicy}),
                coordinator=reader.text(node, "coordinator"),
                members=_members(reader, node, "members"),
                requests=_members(reader, node, "requests"),
                shared=[str(v) for v in _list(reader, node, "shared")],
                events=events,
            )
        )
    reader.raise_if_any()
    return networks


@transaction.atomic
def load_demo(path: Path, networks: list[DemoNetwork]) -> int:
    """Write the demo networks again (a network with the same name is replaced). Returns how many."""
    problems: list[Problem] = []

    def user(username: str, where: str, line: int) -> Any:
        found = organisation_selectors.user_by_username(username)
        if found is None:
            problems.append(Problem(path, line, where, f"no account {username!r}; run load_demo first"))
        return found

    now = timezone.now()
    zone = timezone.get_current_timezone()
    for demo in networks:
        coordinator = user(demo.coordinator, "coordinator", demo.line)
        if coordinator is None:
            continue
        Network.objects.filter(name=demo.name).delete()
        network = services.create_network(
            demo.name, demo.purpose, demo.how_to_join, demo.join_policy, coordinator
        )
        for member in demo.members + demo.requests:
            account = user(member.user, "members", demo.line)
            if account is None:
                continue
            shown = organisation_selectors.organisation_by_slug(member.show) if member.show else None
            membership = services.join(network, account, organisation=shown, motivation=member.motivation)
            if member in demo.members and membership.status != "lid":
                services.decide(membership, approve=True)
            elif member in demo.members and membership.organisation_id != (shown.pk if shown else None):
                membership.organisation = shown
                membership.save(update_fields=["organisation"])
        for slug in demo.shared:
            item = catalogue_selectors.national_items().filter(slug=slug).first()
            if item is None:
                problems.append(Problem(path, demo.line, "shared", f"{slug!r} is not in the catalogue"))
                continue
            services.share_item(network, coordinator, item)
        for entry in demo.events:
            day = now.astimezone(zone).date() + dt.timedelta(days=entry.days_ahead)
            event = services.add_event(
                network,
                title=entry.title,
                description=entry.description,
                starts_at=dt.datetime.combine(day, entry.start, tzinfo=zone),
                ends_at=dt.datetime.combine(day, entry.end, tzinfo=zone),
                location=entry.location,
                capacity=entry.capacity,
            )
            for username in entry.signups:
                account = user(username, "signups", demo.line)
                if account is not None:
                    # Written directly: sign-up for a past event is closed through the service.
                    EventSignup.objects.get_or_create(event=event, user=account)
            for author, text in entry.posts:
                account = user(author, "posts", demo.line)
                if account is not None:
                    services.write_post(event, account, text)
    if problems:
        raise ContentError(problems)
    return len(networks)
