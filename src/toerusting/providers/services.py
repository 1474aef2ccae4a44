"""Writes of learning providers: their items (form and feed), moderation by the operator, feed reading.

An item's data is a plain dict (see feeds.check): what the form or the feed gave. The catalogue item is
written only with data that may be published: a first publication and a change of audience or price wait
for the operator (ModerationRequest); every other change is published at once. Until the operator approves,
the catalogue keeps the last approved version (or shows nothing for a new item).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from toerusting.audit import services as audit_services
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.catalogue import services as catalogue_services
from toerusting.providers import feeds
from toerusting.providers.fetch import FetchError, fetch
from toerusting.providers.models import (
    FeedFormat,
    ModerationRequest,
    ModerationStatus,
    Provider,
    ProviderItem,
    ProviderStaff,
)

FORM_SOURCE = "form"


class Outcome:
    PUBLISHED = "published"
    PENDING = "pending"
    UNCHANGED = "unchanged"


@dataclass
class ImportReport:
    published: int = 0
    pending: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    problems: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "pending": self.pending,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "problems": self.problems[:100],
            "error": self.error,
        }


def create_provider(slug: str, name: str, *, website: str = "", description: str = "") -> Provider:
    provider, _created = Provider.objects.update_or_create(
        slug=slug, defaults={"name": name, "website": website, "description": description}
    )
    return provider


def add_staff(provider: Provider, user: Any) -> ProviderStaff:
    staff, _created = ProviderStaff.objects.get_or_create(provider=provider, user_id=user.pk)
    return staff


def moderation_reasons(item: ProviderItem, data: dict[str, Any]) -> list[str]:
    """Why this data waits for the operator: new, audience or price ([] when it may be published)."""
    approved = item.approved_data
    if approved is None:
        return ["new"]
    reasons = []
    if sorted(approved.get("audience", [])) != sorted(data.get("audience", [])):
        reasons.append("audience")
    if Decimal(str(approved.get("cost_eur", "0"))) != Decimal(str(data.get("cost_eur", "0"))):
        reasons.append("price")
    return reasons


def _item_data(data: dict[str, Any]) -> catalogue_services.ProviderItemData:
    return catalogue_services.ProviderItemData(
        title=data["title"],
        summary=data["summary"],
        kind=data["kind"],
        description=data["description"],
        topics=list(data["topics"]),
        instruments=list(data["instruments"]),
        competencies=list(data["competencies"]),
        audience=list(data["audience"]),
        rubric=data["rubric"],
        level=data["level"],
        duration_minutes=int(data["duration_minutes"]),
        format=data["format"],
        non_partisan=bool(data["non_partisan"]),
        cost_eur=Decimal(str(data["cost_eur"])),
        url=data.get("url", ""),
        sessions=[
            catalogue_services.ProviderSessionData(
                starts_at=dt.datetime.fromisoformat(s["starts_at"]),
                ends_at=dt.datetime.fromisoformat(s["ends_at"]),
                location=s["location"],
                places=s.get("places"),
            )
            for s in data.get("sessions", [])
        ],
    )


def _publish(item: ProviderItem, data: dict[str, Any], now: dt.datetime) -> None:
    catalogue_services.save_provider_item(
        item.slug, _item_data(data), offered_by=item.provider.name, source_url=item.source_url, checked_at=now
    )
    item.approved_data = data
    item.withdrawn_at = None
    item.save(update_fields=["approved_data", "withdrawn_at"])
    ModerationRequest.objects.filter(item=item, status=ModerationStatus.PENDING).update(
        status=ModerationStatus.SUPERSEDED
    )


def _new_slug(provider: Provider, title: str) -> str:
    base = slugify(f"{provider.slug}-{title}")[:90].strip("-") or provider.slug
    slug, counter = base, 2
    while ProviderItem.objects.filter(slug=slug).exists() or catalogue_selectors.slug_exists(slug):
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def submit(
    provider: Provider,
    key: str,
    data: dict[str, Any],
    *,
    source_url: str,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> str:
    """Take in one item's data (checked already): publish it, send it to moderation, or only note the check
    when nothing changed. Returns an Outcome."""
    now = now or timezone.now()
    item = ProviderItem.objects.select_for_update().filter(provider=provider, key=key).first()
    if item is None:
        item = ProviderItem(provider=provider, key=key, slug=_new_slug(provider, data["title"]))
    elif item.data == data and item.withdrawn_at is None and item.source_url == source_url:
        item.received_at = now
        item.save(update_fields=["received_at"])
        if item.approved_data == data:
            catalogue_services.mark_provider_item_checked(item.slug, source_url=source_url, checked_at=now)
        return Outcome.UNCHANGED
    item.provider = provider
    item.title = data["title"][:200]
    item.data = data
    item.source_url = source_url
    item.received_at = now
    item.save()
    reasons = moderation_reasons(item, data)
    if not reasons:
        _publish(item, data, now)
        audit_services.record(
            actor,
            None,
            audit_services.Action.PROVIDER_OFFER,
            item.title,
            provider=provider.slug,
            outcome="published",
            source=source_url,
        )
        return Outcome.PUBLISHED
    ModerationRequest.objects.filter(item=item, status=ModerationStatus.PENDING).update(
        status=ModerationStatus.SUPERSEDED
    )
    ModerationRequest.objects.create(
        item=item, data=data, reasons=reasons, submitted_by_id=getattr(actor, "pk", None)
    )
    audit_services.record(
        actor,
        None,
        audit_services.Action.PROVIDER_OFFER,
        item.title,
        provider=provider.slug,
        outcome="moderation",
        reasons=reasons,
        source=source_url,
    )
    return Outcome.PENDING


@transaction.atomic
def approve(request_id: int, operator: Any) -> ModerationRequest:
    """The operator approves: the data is published in the catalogue."""
    request = (
        ModerationRequest.objects.select_for_update()
        .select_related("item__provider")
        .get(pk=request_id, status=ModerationStatus.PENDING)
    )
    _publish(request.item, request.data, timezone.now())
    request.status = ModerationStatus.APPROVED
    request.decided_by_id = operator.pk
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_services.record(
        operator,
        None,
        audit_services.Action.MODERATION,
        request.item.title,
        provider=request.item.provider.slug,
        decision="approved",
        reasons=request.reasons,
    )
    return request


@transaction.atomic
def reject(request_id: int, operator: Any, reason: str) -> ModerationRequest:
    """The operator rejects, with a reason for the provider; the catalogue keeps what it showed."""
    request = (
        ModerationRequest.objects.select_for_update()
        .select_related("item__provider")
        .get(pk=request_id, status=ModerationStatus.PENDING)
    )
    request.status = ModerationStatus.REJECTED
    request.decided_by_id = operator.pk
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()[:2000]
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_services.record(
        operator,
        None,
        audit_services.Action.MODERATION,
        request.item.title,
        provider=request.item.provider.slug,
        decision="rejected",
        reason=request.decision_reason,
    )
    return request


def save_form_item(
    provider: Provider, data: dict[str, Any], *, actor: Any, item: ProviderItem | None = None
) -> tuple[ProviderItem, str]:
    """An item filled in through the form (new, or an edit of the provider's own item)."""
    if item is not None and item.provider_id != provider.pk:
        raise PermissionError("the item belongs to another provider")
    key = item.key if item is not None else f"form:{_new_slug(provider, data['title'])}"
    outcome = submit(provider, key, data, source_url=FORM_SOURCE, actor=actor)
    return ProviderItem.objects.get(provider=provider, key=key), outcome


@transaction.atomic
def withdraw(item: ProviderItem, *, actor: Any = None, now: dt.datetime | None = None) -> bool:
    """The provider no longer offers the item: unpublished and marked withdrawn, never deleted."""
    if item.withdrawn_at is not None:
        return False
    now = now or timezone.now()
    item.withdrawn_at = now
    item.save(update_fields=["withdrawn_at"])
    ModerationRequest.objects.filter(item=item, status=ModerationStatus.PENDING).update(
        status=ModerationStatus.SUPERSEDED
    )
    catalogue_services.withdraw_provider_item(item.slug, withdrawn_at=now)
    audit_services.record(
        actor,
        None,
        audit_services.Action.PROVIDER_OFFER,
        item.title,
        provider=item.provider.slug,
        outcome="withdrawn",
    )
    return True


def import_feed(
    provider: Provider, content: bytes, *, feed_format: str, source_url: str, actor: Any = None
) -> ImportReport:
    """Read a feed and take in each item on its own (a bad item is reported and left as it was); items of
    earlier feeds that are no longer in it are withdrawn. A feed that cannot be read changes nothing."""
    report = ImportReport()
    try:
        items = feeds.READERS[feed_format](content)
    except feeds.FeedError as exc:
        report.error = str(exc)
        return report
    now = timezone.now()
    keys = {item.key for item in items}
    if len(keys) < len(items):
        seen: set[str] = set()
        for item in items:
            if item.key in seen:
                item.problems.append(f"{item.key}: identifier: occurs more than once in the feed")
            seen.add(item.key)
    for item in items:
        if item.problems:
            report.problems.extend(item.problems)
            continue
        outcome = submit(provider, item.key, item.data, source_url=source_url, actor=actor, now=now)
        setattr(report, outcome, getattr(report, outcome) + 1)
    gone = (
        ProviderItem.objects.filter(provider=provider, withdrawn_at__isnull=True)
        .exclude(source_url=FORM_SOURCE)
        .exclude(key__in=keys)
    )
    for stale in gone:
        report.withdrawn += int(withdraw(stale, actor=actor, now=now))
    return report


def read_feed(provider: Provider, *, actor: Any = None, content: bytes | None = None) -> ImportReport:
    """Fetch the provider's feed (or take the given content, for `import_offer --file`) and import it;
    the report is kept on the provider for its page."""
    if content is None:
        if not provider.feed_url:
            report = ImportReport(error="no feed address is set")
            _keep_report(provider, report)
            return report
        try:
            content = fetch(provider.feed_url)
        except FetchError as exc:
            report = ImportReport(error=str(exc))
            _keep_report(provider, report)
            return report
    report = import_feed(
        provider,
        content,
        feed_format=provider.feed_format,
        source_url=provider.feed_url or "file",
        actor=actor,
    )
    _keep_report(provider, report)
    return report


def _keep_report(provider: Provider, report: ImportReport) -> None:
    provider.feed_read_at = timezone.now()
    provider.feed_report = report.as_dict()
    provider.save(update_fields=["feed_read_at", "feed_report"])


def save_feed_settings(provider: Provider, *, feed_url: str, feed_format: str, actor: Any) -> None:
    provider.feed_url = feed_url
    provider.feed_format = FeedFormat(feed_format)
    provider.save(update_fields=["feed_url", "feed_format"])
    audit_services.record(
        actor,
        None,
        audit_services.Action.PROVIDER_OFFER,
        provider.name,
        provider=provider.slug,
        feed=feed_url,
        format=feed_format,
    )
