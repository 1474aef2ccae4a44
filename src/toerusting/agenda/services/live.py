"""Live sync: fetching an organisation's active sources from their cursors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from toerusting.agenda.adapters import LIVE_SOURCES
from toerusting.agenda.http import FetchError, HttpClient
from toerusting.agenda.models import (
    AgendaSource,
)
from toerusting.agenda.records import (
    LiveEntry,
    RecordProblem,
    SourceConfig,
    SourceError,
)
from toerusting.agenda.services.sync import Progress, SyncSummary, apply_entries, get_organisation

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


# --- Live sync ---------------------------------------------------------------------------------------


def sync_organisation(
    organisation_key: str,
    *,
    since: dt.date | None = None,
    client: HttpClient | None = None,
    progress: Progress | None = None,
) -> SyncSummary:
    """Fetch every active live source of one organisation, from its cursor (or from `since`)."""
    organisation = get_organisation(organisation_key)
    sources = list(AgendaSource.objects.filter(organisation=organisation, active=True, kind__in=LIVE_SOURCES))
    summary = SyncSummary()
    if not sources:
        summary.problems.append(f"{organisation_key}: no active live agenda source is configured")
        return summary
    client = client or HttpClient()
    for source in sources:
        summary.merge(_sync_source(organisation, source, since, client, progress))
    return summary


def _sync_source(
    organisation: Organisation,
    source: AgendaSource,
    since: dt.date | None,
    client: HttpClient,
    progress: Progress | None,
) -> SyncSummary:
    adapter = LIVE_SOURCES[source.kind]
    config = SourceConfig(organisation.slug, source.base_url, source.settings or {})

    def store_cursor(cursor: str) -> None:
        if since is None:  # a sync from a given date does not move the regular cursor
            AgendaSource.objects.filter(pk=source.pk).update(cursor=cursor)

    entries: Iterator[LiveEntry] = adapter.fetch(config, client, since=since, cursor=source.cursor)
    summary = SyncSummary()
    failed = True  # until the sync has run through
    try:
        summary = apply_entries(
            _stop_on_error(entries, summary, source),
            organisation=organisation,
            gremia={source.kind: dict((source.settings or {}).get("gremia", {}))},
            progress=progress,
            on_cursor=store_cursor,
        )
        failed = summary.failed > 0
    finally:
        AgendaSource.objects.filter(pk=source.pk).update(
            last_synced_at=timezone.now(),
            last_summary=summary.line()[:500],
            sync_runs=F("sync_runs") + 1,
            sync_failures=F("sync_failures") + int(failed),
        )
    return summary


def _stop_on_error(
    entries: Iterator[LiveEntry], summary: SyncSummary, source: AgendaSource
) -> Iterator[LiveEntry]:
    """Turn a source that breaks off (network, bad answer) into one reported failure at that point."""
    try:
        yield from entries
    except (FetchError, SourceError) as exc:
        yield RecordProblem(f"{source}", f"the sync stopped: {exc}")
