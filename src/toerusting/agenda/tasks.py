"""Background agenda sync through Django's tasks API (the django-tasks backport).

In development and tests the immediate backend runs a task at once; in production the database backend
queues it and `toerusting worker` runs it. `toerusting worker` also schedules `sync_all_task` every
AGENDA_SYNC_INTERVAL_SECONDS (toerusting.operations.scheduling); `enqueue_agenda_sync` queues a sync by hand.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django import db
from django.db import DatabaseError
from django_tasks import task

from toerusting import outage
from toerusting.agenda import services
from toerusting.agenda.adapters import LIVE_SOURCES
from toerusting.agenda.models import AgendaSource

logger = logging.getLogger(__name__)


# Seconds to wait before syncing again after the database went away during a sync.
OUTAGE_RETRY_DELAYS = (1, 2, 5, 10, 30)


@task(queue_name="agenda")
def sync_organisation_task(organisation_key: str) -> dict[str, Any]:
    """Sync one organisation's live sources; the result is the summary (the worker stores it).

    When the database goes away during the sync (an outage, a failover), the sync stops where it was (its
    cursor does not move past what was written) and runs again from there once the database answers."""
    for delay in (*OUTAGE_RETRY_DELAYS, None):
        try:
            summary = services.sync_organisation(organisation_key)
            break
        except DatabaseError as exc:
            if delay is None or not outage.database_away(exc):
                raise
            logger.warning(
                "Agenda sync of %s: the database went away; again in %s s", organisation_key, delay
            )
            db.close_old_connections()
            db.connection.close()
            time.sleep(delay)
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "deleted": summary.deleted,
        "failed": summary.failed,
        "problems": summary.problems[:50],
    }


def enqueue_all(keys: list[str] | None = None) -> list[str]:
    """Queue a sync for every organisation with an active live source (or only the given ones)."""
    sources = AgendaSource.objects.filter(active=True, kind__in=list(LIVE_SOURCES))
    if keys:
        sources = sources.filter(organisation__slug__in=keys)
    organisation_keys = sorted(set(sources.values_list("organisation__slug", flat=True)))
    for key in organisation_keys:
        sync_organisation_task.enqueue(key)
    return organisation_keys


@task(queue_name="agenda")
def sync_all_task() -> dict[str, Any]:
    """The periodic agenda sync: queue one sync task per organisation with an active live source."""
    return {"organisations": enqueue_all()}
