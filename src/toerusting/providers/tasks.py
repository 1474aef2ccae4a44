"""Reading providers' feeds in the background: `toerusting worker` runs `read_feeds_task` every
PROVIDER_FEED_INTERVAL_SECONDS (settings.PERIODIC_TASKS); it queues one reading per provider with a feed."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from toerusting.providers import selectors, services


@task()
def read_feed_task(provider_slug: str) -> dict[str, Any]:
    provider = selectors.provider_by_slug(provider_slug)
    if provider is None or not provider.feed_url:
        return {"skipped": provider_slug}
    return services.read_feed(provider).as_dict()


@task()
def read_feeds_task() -> dict[str, Any]:
    slugs = list(selectors.providers_with_feed().values_list("slug", flat=True))
    for slug in slugs:
        read_feed_task.enqueue(slug)
    return {"providers": slugs}
