"""Reads of the link check: which hosts an item's links may be requested on, the links of a set of items
(the griffie's and, later, a provider's report), the failing links (the operator's report) and the dead links
of one item (the notice on its page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from toerusting.linkcheck.checker import host_of
from toerusting.linkcheck.models import FAILING, Link
from toerusting.providers import selectors as provider_selectors

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem


def allowed_hosts(item: LearningItem) -> set[str]:
    """The hosts the item's links may be requested on: the host of the item's own web address and, for an
    item of a learning provider, the host of the provider's website; each with and without "www.". Empty when
    there is neither: then none of the item's links is requested."""
    hosts = set(provider_selectors.website_hosts(item.slug))
    host = host_of(item.url) if item.url else ""
    if host:
        hosts.add(host)
    return {variant for h in hosts for variant in (h.removeprefix("www."), f"www.{h.removeprefix('www.')}")}


def dead_since(now: dt.datetime | None = None) -> dt.datetime:
    """A link that has failed since before this moment is dead."""
    return (now or timezone.now()) - dt.timedelta(days=settings.LINK_CHECK_DEAD_AFTER_DAYS)


def _dead_condition(now: dt.datetime | None) -> Q:
    return Q(status__in=FAILING, first_failed_at__isnull=False, first_failed_at__lte=dead_since(now))


def _dead(now: dt.datetime | None) -> Case:
    return Case(
        When(_dead_condition(now), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _with_dead(links: QuerySet[Link], now: dt.datetime | None) -> QuerySet[Link]:
    return links.annotate(is_dead=_dead(now))


def links_for_items(items: QuerySet[LearningItem], now: dt.datetime | None = None) -> QuerySet[Link]:
    """Every stored link of these items (a report of an organisation's or a provider's offer), each with
    `is_dead`, by item title and address. The caller decides which items the reader may see."""
    return (
        _with_dead(Link.objects.filter(item__in=items), now)
        .select_related("item")
        .order_by("item__title", "url")
    )


def failing_links(now: dt.datetime | None = None) -> QuerySet[Link]:
    """The links of published items whose last check failed, with `is_dead`: dead ones first, the longest
    failing first (the operator's report)."""
    return (
        _with_dead(Link.objects.filter(status__in=FAILING, item__is_published=True), now)
        .select_related("item", "item__organisation")
        .order_by(_dead(now).desc(), "first_failed_at", "item__title", "url")
    )


def dead_links_for_item(item: LearningItem, now: dt.datetime | None = None) -> list[Link]:
    """The item's links that have been dead for the whole period (for the notice on the item's page)."""
    return list(Link.objects.filter(_dead_condition(now), item=item).order_by("url"))


@dataclass(frozen=True)
class Counts:
    ok: int
    failing: int
    dead: int
    not_checked: int


def counts(links: QuerySet[Link], now: dt.datetime | None = None) -> Counts:
    """How many of these links work, fail, are dead and were not checked."""
    cutoff = dead_since(now)
    rows = [
        (status, status in FAILING and since is not None and since <= cutoff)
        for status, since in links.values_list("status", "first_failed_at")
    ]
    return Counts(
        ok=sum(1 for status, _dead in rows if status == "ok"),
        failing=sum(1 for status, _dead in rows if status in FAILING),
        dead=sum(1 for _status, dead in rows if dead),
        not_checked=sum(1 for status, _dead in rows if status not in FAILING and status != "ok"),
    )
