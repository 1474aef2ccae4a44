"""The periodic link check (settings.PERIODIC_TASKS["link_check"], LINK_CHECK_INTERVAL_SECONDS)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from toerusting.linkcheck import services


@task()
def check_links_task() -> dict[str, Any]:
    """Check the external links of every published catalogue item."""
    summary = services.check_links()
    return {
        "items": summary.items,
        "links": summary.links,
        "requests": summary.requests,
        "by_status": summary.by_status,
        "skipped": summary.skipped,
        "newly_dead": summary.newly_dead,
        "mails": summary.mails,
    }
