"""The link check run: find the external links of the published catalogue items, check each under the
rules of checker.Checker, and store what it found (one transaction per item: the network is never read
inside a transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.linkcheck import selectors
from toerusting.linkcheck.checker import Checker, Outcome, host_of
from toerusting.linkcheck.models import FAILING, HostPause, Link, Source
from toerusting.notifications import services as notification_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import GRIFFIE_ROLES

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem

URL_MAX = 2000


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def _external(href: str) -> bool:
    """A link that leaves the site: it names a scheme (http:, https:, mailto: ...) or starts with //.
    Links within Toerusting (/catalogus/...) and anchors (#...) are not external."""
    if href.startswith("//"):
        return True
    head = href.split("/", 1)[0]
    return ":" in head and not href.startswith("#")


def links_of(item: LearningItem) -> list[tuple[str, Source]]:
    """The external links of an item, each once: its web address, the links in its text and the web
    addresses of its sessions (where sessions have one)."""
    found: dict[str, Source] = {}
    if item.url:
        found[item.url.strip()] = Source.ITEM_URL
    parser = _Anchors()
    parser.feed(item.body_html or "")
    parser.close()
    for href in parser.hrefs:
        href = f"https:{href}" if href.startswith("//") else href
        if _external(href):
            found.setdefault(href, Source.BODY)
    for session in item.sessions.all():
        session_url = str(getattr(session, "url", "") or "").strip()
        if session_url:
            found.setdefault(session_url, Source.SESSION)
    return [(url[:URL_MAX], source) for url, source in found.items()]


def _sync(item: LearningItem) -> list[Link]:
    """The item's stored links, made to match its current links (new ones added, gone ones removed)."""
    wanted = dict(links_of(item))
    with transaction.atomic():
        Link.objects.filter(item=item).exclude(url__in=list(wanted)).delete()
        stored = {link.url: link for link in Link.objects.filter(item=item)}
        for url, source in wanted.items():
            if url not in stored:
                stored[url] = Link.objects.create(item=item, url=url, host=host_of(url)[:255], source=source)
    return [stored[url] for url in wanted]


def _apply(link: Link, outcome: Outcome, now: dt.datetime) -> None:
    """Store one outcome. A failure starts (or continues) the streak; anything else but a skip ends it."""
    if outcome.skipped:
        link.error = outcome.error  # nothing is known about the link itself: status and streak stay
        link.save(update_fields=["error"])
        return
    link.status = outcome.status
    link.http_status = outcome.http_status
    link.error = outcome.error[:300]
    link.last_checked_at = now
    if outcome.status in FAILING:
        link.first_failed_at = link.first_failed_at or now
    else:
        link.first_failed_at = None
    link.save(update_fields=["status", "http_status", "error", "last_checked_at", "first_failed_at"])


def _is_dead(link: Link, when: dt.datetime | None) -> bool:
    return (
        when is not None
        and link.status in FAILING
        and link.first_failed_at is not None
        and link.first_failed_at <= selectors.dead_since(when)
    )


def new_checker(now: dt.datetime) -> Checker:
    """A checker with the settings' limits and our User-Agent, for one run."""
    return Checker(
        user_agent=f"Toerusting-linkcontrole/1.0 (+{settings.SITE_URL})",
        connect_timeout=settings.LINK_CHECK_CONNECT_TIMEOUT_SECONDS,
        total_timeout=settings.LINK_CHECK_TOTAL_TIMEOUT_SECONDS,
        host_interval=settings.LINK_CHECK_HOST_INTERVAL_SECONDS,
        retry_after_max=settings.LINK_CHECK_RETRY_AFTER_MAX_SECONDS,
        allow_private=settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES,
        now=now,
    )


@dataclass
class RunSummary:
    items: int = 0
    links: int = 0
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    newly_dead: int = 0
    skipped: int = 0
    mails: int = 0


def tell_the_provider(item: LearningItem, dead: list[Link], now: dt.datetime) -> int:
    """Ask the provider to fix links that just became dead: for an organisation's own item, an e-mail to
    its griffie (once per item and day); the number sent. National items are the operator's, who sees them
    in the report of all failing links."""
    organisation = item.organisation
    if organisation is None:
        return 0
    url = notification_services.absolute_url(reverse("linkcheck:own", kwargs={"org": organisation.slug}))
    sent = 0
    for row in organisation_selectors.user_ids_with_roles(organisation, GRIFFIE_ROLES):
        sent += notification_services.send(
            notification_services.Kind.DEAD_LINK,
            row["person__user_id"],
            template="linkcheck/email/dead_links",
            context={"item": item, "links": dead, "url": url, "organisation": organisation},
            key=f"dode-links:{item.pk}:{now.date().isoformat()}",
        )
    return sent


class UnknownItem(ValueError):
    pass


def check_links(
    *, slug: str | None = None, now: dt.datetime | None = None, checker: Checker | None = None
) -> RunSummary:
    """Check the links of every published item (or of the item with this key) and store the outcomes."""
    now = now or timezone.now()
    checker = checker or new_checker(now)
    items = catalogue_selectors.published_items()
    if slug is not None:
        items = items.filter(slug=slug)
        if not items.exists():
            raise UnknownItem(f"--item {slug}: there is no published catalogue item with this key.")
    else:
        # Links of items that are withdrawn or gone are no longer checked or reported.
        Link.objects.exclude(item__in=catalogue_selectors.published_items()).delete()
    HostPause.objects.filter(until__lte=now).delete()
    checker.paused.update(dict(HostPause.objects.values_list("host", "until")))
    summary = RunSummary()
    for item in items:
        summary.items += 1
        allowed = selectors.allowed_hosts(item)
        links = _sync(item)
        outcomes = [(link, checker.check(link.url, allowed)) for link in links]
        newly_dead: list[Link] = []
        with transaction.atomic():
            for link, outcome in outcomes:
                was_dead = _is_dead(link, link.last_checked_at)  # as the previous check left it
                _apply(link, outcome, now)
                is_dead = _is_dead(link, now)
                summary.links += 1
                if is_dead and not was_dead:
                    summary.newly_dead += 1
                    newly_dead.append(link)
                if outcome.skipped:
                    summary.skipped += 1
                else:
                    summary.by_status[str(outcome.status)] = summary.by_status.get(str(outcome.status), 0) + 1
        if newly_dead:
            summary.mails += tell_the_provider(item, newly_dead, now)
    with transaction.atomic():
        for host, until in checker.paused.items():
            HostPause.objects.update_or_create(host=host[:255], defaults={"until": until})
    summary.requests = checker.requests
    return summary
