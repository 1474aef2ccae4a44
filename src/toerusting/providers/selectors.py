"""Reads of learning providers: a staff member sees only the providers they belong to (404 for others)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from toerusting.providers.models import ModerationRequest, ModerationStatus, Provider, ProviderItem


def providers_for_user(user: Any) -> QuerySet[Provider]:
    if not getattr(user, "is_authenticated", False):
        return Provider.objects.none()
    return Provider.objects.filter(staff__user_id=user.pk).distinct()


def provider_for_staff(user: Any, slug: str) -> Provider:
    """The provider whose offer this user maintains; 404 for any other (also for the operator, who
    moderates but does not edit a provider's offer)."""
    provider = providers_for_user(user).filter(slug=slug).first()
    if provider is None:
        raise Http404
    return provider


def items_of(provider: Provider) -> QuerySet[ProviderItem]:
    return (
        ProviderItem.objects.filter(provider=provider)
        .prefetch_related(
            Prefetch(
                "moderation_requests",
                queryset=ModerationRequest.objects.order_by("-submitted_at", "-pk"),
                to_attr="requests_newest_first",
            )
        )
        .order_by("withdrawn_at", "title")
    )


def item_of(provider: Provider, item_id: int) -> ProviderItem:
    item = ProviderItem.objects.filter(provider=provider, pk=item_id).first()
    if item is None:
        raise Http404
    return item


def moderation_queue() -> QuerySet[ModerationRequest]:
    return (
        ModerationRequest.objects.filter(status=ModerationStatus.PENDING)
        .select_related("item__provider")
        .order_by("submitted_at", "pk")
    )


def pending_request(request_id: int) -> ModerationRequest:
    found = moderation_queue().filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


def providers_with_feed() -> QuerySet[Provider]:
    return Provider.objects.exclude(feed_url="").order_by("slug")


def provider_by_slug(slug: str) -> Provider | None:
    return Provider.objects.filter(slug=slug).first()


def catalogue_slugs(provider: Provider) -> QuerySet[ProviderItem, str]:
    """The catalogue keys of the provider's items (for the link check's report of its offer)."""
    return ProviderItem.objects.filter(provider=provider).values_list("slug", flat=True)


def website_hosts(catalogue_slug: str) -> set[str]:
    """The hosts of the website of the provider whose item has this catalogue key (empty for other items):
    the link check may request the item's links there too."""
    provider = Provider.objects.filter(items__slug=catalogue_slug).exclude(website="").first()
    if provider is None:
        return set()
    try:
        host = (urlsplit(provider.website).hostname or "").lower()
    except ValueError:
        return set()
    return {host} if host else set()
