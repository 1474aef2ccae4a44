"""Writing entries from any source, one transaction per meeting, with a summary of what happened."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from toerusting import hooks, outage
from toerusting.agenda.models import (
    AgendaSource,
)
from toerusting.agenda.records import (
    CursorUpdate,
    Entry,
    LiveEntry,
    MeetingAhead,
    MeetingDeletion,
    MeetingRecord,
    RecordProblem,
)
from toerusting.agenda.services.meetings import (
    DELETED,
    UNCHANGED,
    GremiumIndex,
    Prepared,
    _upsert,
    delete_meeting,
    prepare,
)

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
_E = TypeVar("_E")


class UnknownOrganisation(Exception):
    """No organisation with this key."""


@dataclass
class SyncSummary:
    """What a sync or import did, per meeting: created, updated, unchanged, deleted or failed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    items: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, message: str) -> None:
        self.failed += 1
        self.problems.append(message)

    def merge(self, other: SyncSummary) -> None:
        for name in ("created", "updated", "unchanged", "deleted", "failed", "items"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)
        self.warnings.extend(other.warnings)

    @property
    def meetings(self) -> int:
        return self.created + self.updated + self.unchanged + self.deleted + self.failed

    def line(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deleted} deleted, {self.failed} failed ({self.items} agenda items read)"
        )


def organisation_model() -> type[Organisation]:
    # organisations offers no selector by key outside a user's scope (commands and the API have no user).
    return apps.get_model("organisations", "Organisation")


def get_organisation(key: str) -> Organisation:
    try:
        return organisation_model().objects.get(slug=key)
    except organisation_model().DoesNotExist as exc:
        raise UnknownOrganisation(f"no organisation with key {key!r}") from exc


# --- Applying entries from any source ---------------------------------------------------------------


class _Organisations:
    """Resolves and caches the organisation and gremium index for each entry."""

    def __init__(self, organisation: Organisation | None, gremia: dict[str, dict[str, str]]) -> None:
        self.fixed = organisation
        self.gremia = gremia
        self.cache: dict[tuple[str, str], tuple[Organisation, GremiumIndex]] = {}

    def resolve(self, key: str, source: str) -> tuple[Organisation, GremiumIndex]:
        cache_key = ("" if self.fixed else key, source)
        if cache_key not in self.cache:
            organisation = self.fixed
            if organisation is None:
                if not key:
                    raise UnknownOrganisation("the record names no organisation; give one with --org")
                organisation = get_organisation(key)
            mapping = self.gremia.get(source)
            if mapping is None:
                configured = AgendaSource.objects.filter(organisation=organisation, kind=source).first()
                mapping = dict((configured.settings or {}).get("gremia", {})) if configured else {}
            self.cache[cache_key] = (organisation, GremiumIndex(organisation, mapping))
        return self.cache[cache_key]


def apply_entries(
    entries: Iterable[Entry | LiveEntry],
    *,
    organisation: Organisation | None = None,
    gremia: dict[str, dict[str, str]] | None = None,
    progress: Progress | None = None,
    total: int | None = None,
    on_cursor: Callable[[str], None] | None = None,
) -> SyncSummary:
    """Write every entry, one transaction per meeting; failures are counted and the rest goes on."""
    summary = SyncSummary()
    organisations = _Organisations(organisation, gremia or {})
    done = 0
    for entry, prepared in _read_ahead(entries, organisations):
        if isinstance(entry, CursorUpdate):
            if on_cursor is not None and summary.failed == 0:
                make_durable()  # never a cursor past meetings that a crash could still lose
                on_cursor(entry.cursor)
            continue
        if isinstance(entry, RecordProblem):
            summary.fail(str(entry))
        else:
            _apply_one(entry, organisations, summary, prepared)
        done += 1
        if progress is not None:
            progress(done, total)
    make_durable()
    return summary


def make_durable() -> None:
    """Wait until every meeting written so far is on disk.

    On PostgreSQL the sync commits each meeting without waiting for its WAL flush
    (AGENDA_SYNC_ASYNCHRONOUS_COMMIT, on by default): a crash can lose at most the last moments of a sync,
    never leave a meeting half-written, and a sync is idempotent, so the next run writes them again. Before
    the sync reports or moves its cursor, one ordinary commit of a transaction with an id waits for the
    WAL up to that point, which holds every earlier commit."""
    if not settings.AGENDA_SYNC_ASYNCHRONOUS_COMMIT or connection.vendor != "postgresql":
        return
    if connection.in_atomic_block:
        return  # inside a caller's transaction, which is committed (and flushed) by the caller
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()")


# A sync of at least this many meetings prepares (checks and flattens) the next ones before it writes the
# current ones, and announces them ("meetings_ahead" hook), so that their titles are analysed in another
# process meanwhile (matching.ahead). A push or a small sync writes as it reads.
READ_AHEAD = 16


def _read_ahead(
    entries: Iterable[Entry | LiveEntry], organisations: _Organisations
) -> Iterator[tuple[Entry | LiveEntry, Prepared | None]]:
    """The entries in their order, each with its record prepared ahead when the sync is large enough.

    A source that fails while the next entries are read (a live source's page that does not come) fails
    the sync at the same point as without reading ahead: every entry read before it is written first."""
    iterator = iter(entries)
    current, failure = _take(iterator)
    if len(current) < READ_AHEAD or failure is not None:
        yield from ((entry, None) for entry in current)
        if failure is not None:
            raise failure
        return
    prepared = _prepare_and_announce(current, organisations)
    while current:
        following, failure = _take(iterator)
        if failure is not None:
            yield from zip(current, prepared, strict=True)
            yield from ((entry, None) for entry in following)
            raise failure
        prepared_following = _prepare_and_announce(following, organisations)
        yield from zip(current, prepared, strict=True)
        current, prepared = following, prepared_following


def _take(iterator: Iterator[_E]) -> tuple[list[_E], Exception | None]:
    """The next READ_AHEAD entries, or those read before the source failed, with its error."""
    taken: list[_E] = []
    try:
        for entry in iterator:
            taken.append(entry)
            if len(taken) == READ_AHEAD:
                break
    except Exception as exc:  # raised again once the entries before it are written
        return taken, exc
    return taken, None


def _prepare_and_announce(
    entries: list[Entry | LiveEntry], organisations: _Organisations
) -> list[Prepared | None]:
    prepared: list[Prepared | None] = []
    ahead: dict[int, tuple[Organisation, list[MeetingAhead]]] = {}
    for entry in entries:
        if not isinstance(entry, MeetingRecord):
            prepared.append(None)
            continue
        done = prepare(entry)
        prepared.append(done)
        if done.error is not None:
            continue
        try:
            owner = organisations.resolve(entry.organisation_key, entry.source)[0]
        except UnknownOrganisation:
            continue  # reported at the meeting's turn
        ahead.setdefault(owner.pk, (owner, []))[1].append(done.announcement(entry))
    for owner, meetings in ahead.values():
        hooks.run("meetings_ahead", owner, meetings)
    return prepared


def _apply_one(
    entry: MeetingRecord | MeetingDeletion,
    organisations: _Organisations,
    summary: SyncSummary,
    prepared: Prepared | None = None,
) -> None:
    try:
        owner, gremia = organisations.resolve(entry.organisation_key, entry.source)
    except UnknownOrganisation as exc:
        summary.fail(f"{entry.where}: {exc}")
        return
    if isinstance(entry, MeetingDeletion):
        summary.count(DELETED if delete_meeting(owner, entry.source, entry.source_id) else UNCHANGED)
        return
    summary.items += entry.count_items()
    try:
        outcome = _upsert(
            owner,
            entry,
            gremia,
            summary.warnings,
            asynchronous_commit=settings.AGENDA_SYNC_ASYNCHRONOUS_COMMIT,
            prepared=prepared,
        )[0]
    except ValidationError as exc:
        fields = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        summary.fail(f"{entry.where}: {fields}")
        return
    except (DatabaseError, OverflowError, ValueError) as exc:
        if outage.database_away(exc):
            # The database is away (an outage, a failover), not refusing this meeting: stop the sync here,
            # so that nothing after it is counted as failed and the cursor stays where it was. The sync task
            # waits for the database and syncs again from the cursor.
            raise
        # The checks before the write should leave nothing the database refuses; if a value still is,
        # the meeting fails alone, named, and the others go on.
        logger.warning("Meeting %s was not written: %s", entry.where, exc)
        summary.fail(f"{entry.where}: the database refused the meeting ({exc})")
        return
    summary.count(outcome)
