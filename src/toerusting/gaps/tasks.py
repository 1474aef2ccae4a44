"""Periodic work of the gaps overview (settings.PERIODIC_TASKS["gaps_retention"])."""

from __future__ import annotations

from django_tasks import task

from toerusting.gaps import services


@task()
def retention_task() -> dict[str, int]:
    """Delete searches without results that were last asked longer than GAPS_SEARCH_RETENTION_DAYS ago."""
    return {"empty_searches": services.delete_old_searches()}
