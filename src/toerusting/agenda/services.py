"""Writes on agenda data: the sync of meetings from any source, the push API's actions, tokens, the demo.

Every source ends up in `upsert_meeting`, one transaction per meeting, keyed on (organisation, source,
source_id): a new meeting is created with its agenda tree; a meeting whose fingerprint did not change is
left alone (no writes); a changed meeting is updated in place: items keep their rows (matched on their
source id) while titles, numbers, order and parents change, new items are added and items that are gone
are deleted. A meeting that fails is reported and the others go on. Live syncs keep a cursor per
organisation and source, and never move it past a meeting that failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from toerusting import hooks
from toerusting.agenda.adapters import FILE_FORMATS, LIVE_SOURCES, file_format
from toerusting.agenda.http import FetchError, HttpClient
from toerusting.agenda.models import (
    AgendaItem,
    AgendaSource,
    BobPhase,
    Document,
    Meeting,
    MeetingStatus,
    MeetingType,
    PushToken,
)
from toerusting.agenda.records import (
    AgendaItemRecord,
    CursorUpdate,
    DocumentRecord,
    Entry,
    LiveEntry,
    MeetingDeletion,
    MeetingRecord,
    RecordProblem,
    SourceConfig,
    SourceError,
)
from toerusting.agenda.titles import CLEANER_VERSION, clean_title
from toerusting.contentfiles import ContentError, Problem, load_yaml

if TYPE_CHECKING:
    from toerusting.organisations.models import Body, Organisation

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, DELETED, FAILED = "created", "updated", "unchanged", "deleted", "failed"
REPRESENTATIVE_KINDS = {"raad", "provinciale_staten", "algemeen_bestuur"}
REPRESENTATIVE_NAMES = {"raad", "gemeenteraad", "raadsvergadering", "provinciale staten", "algemeen bestuur"}
MEETING_TYPE_OF_BODY = {
    "raad": MeetingType.RAADSVERGADERING,
    "provinciale_staten": MeetingType.STATENVERGADERING,
    "algemeen_bestuur": MeetingType.ALGEMENE_BESTUURSVERGADERING,
    "presidium": MeetingType.PRESIDIUM,
    "agendacommissie": MeetingType.PRESIDIUM,
}
ITEM_FIELDS = (
    "parent_id",
    "number",
    "order",
    "position",
    "depth",
    "original_title",
    "title",
    "description",
    "is_heading",
)
DOCUMENT_FIELDS = ("title", "url", "mime_type", "text", "order")
Progress = Callable[[int, int | None], None]


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


# --- Gremia -----------------------------------------------------------------------------------------


class GremiumIndex:
    """Finds an organisation's gremium for a meeting: by configured id, by name, or the raad by its name."""

    def __init__(self, organisation: Organisation, mapping: dict[str, str] | None = None) -> None:
        bodies = list(organisation.bodies.all())
        by_key = {body.key: body for body in bodies}
        self.by_id: dict[str, Body] = {
            str(external): by_key[key] for external, key in (mapping or {}).items() if key in by_key
        }
        self.by_name: dict[str, Body] = {}
        for body in bodies:
            self.by_name.setdefault(body.name.casefold(), body)
            self.by_name.setdefault(body.key, body)
        self.representative = next((b for b in bodies if b.kind in REPRESENTATIVE_KINDS), None)

    def find(self, record: MeetingRecord) -> Body | None:
        if record.gremium_id and record.gremium_id in self.by_id:
            return self.by_id[record.gremium_id]
        name = record.gremium_name.strip().casefold()
        if name:
            body = self.by_name.get(name) or self.by_name.get(slugify(name))
            if body is not None:
                return body
            if name in REPRESENTATIVE_NAMES:
                return self.representative
        return None


def meeting_type_and_phase(record: MeetingRecord, gremium: Body | None) -> tuple[str, str]:
    """The meeting type and BOB phase, from the gremium where known, else from the record."""
    kind: str
    if gremium is not None:
        phase = gremium.bob_phase or (BobPhase.BESLUITVORMEND if gremium.kind in REPRESENTATIVE_KINDS else "")
        if gremium.kind == "commissie":
            kind = (
                MeetingType.INFORMATIEBIJEENKOMST
                if gremium.bob_phase == BobPhase.BEELDVORMEND
                else MeetingType.COMMISSIEVERGADERING
            )
        else:
            kind = MEETING_TYPE_OF_BODY.get(gremium.kind, MeetingType.OVERIG)
        return kind, phase
    if record.meeting_type in MeetingType.values:
        kind = record.meeting_type
    else:
        name = f"{record.name} {record.gremium_name}".casefold()
        if "raad" in name and "commissie" not in name:
            kind = MeetingType.RAADSVERGADERING
        elif "commissie" in name:
            kind = MeetingType.COMMISSIEVERGADERING
        else:
            kind = MeetingType.OVERIG
    phase = BobPhase.BESLUITVORMEND if kind == MeetingType.RAADSVERGADERING else ""
    return kind, phase


# --- Flattening the agenda tree --------------------------------------------------------------------


@dataclass(slots=True)
class _Flat:
    key: str
    parent_key: str | None
    depth: int
    order: int
    position: int
    record: AgendaItemRecord
    number: str
    title: str


def _flatten(record: MeetingRecord, warnings: list[str]) -> list[_Flat]:
    """The tree in reading order; duplicate ids are dropped (with a warning), missing ids are made up."""
    flat: list[_Flat] = []
    seen: set[str] = set()

    def walk(items: list[AgendaItemRecord], parent_key: str | None, depth: int, path: str) -> None:
        for order, item in enumerate(items):
            label = f"{path}{order + 1}"
            key = item.source_id or f"#{label}"
            if key in seen:
                warnings.append(f"{record.where}: agenda item {key} appears twice; the second is left out")
                continue
            seen.add(key)
            number = item.number.strip()
            flat.append(
                _Flat(key, parent_key, depth, order, len(flat), item, number, clean_title(item.title, number))
            )
            walk(item.children, key, depth + 1, f"{label}.")

    walk(record.items, None, 0, "")
    return flat


def _fingerprint(
    record: MeetingRecord, flat: list[_Flat], gremium: Body | None, kind: str, phase: str
) -> str:
    def documents(docs: list[DocumentRecord]) -> list[tuple[str, ...]]:
        return [(d.source_id, d.title, d.url, d.mime_type, d.text) for d in docs]

    parts: list[Any] = [
        CLEANER_VERSION,
        record.name,
        record.start.isoformat(),
        record.end.isoformat() if record.end else "",
        record.location,
        record.status,
        record.source_url,
        gremium.pk if gremium else None,
        kind,
        phase,
        documents(record.documents),
    ]
    for entry in flat:
        item = entry.record
        parts.append(
            (
                entry.key,
                entry.parent_key,
                entry.number,
                item.title,
                item.description,
                item.is_heading,
                documents(item.documents),
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# --- Upsert ------------------------------------------------------------------------------------------


def upsert_meeting(organisation: Organisation, record: MeetingRecord, gremia: GremiumIndex) -> str:
    """Create or update one meeting with its agenda tree and documents, in one transaction."""
    warnings: list[str] = []
    return _upsert(organisation, record, gremia, warnings)[0]


def _upsert(
    organisation: Organisation, record: MeetingRecord, gremia: GremiumIndex, warnings: list[str]
) -> tuple[str, Meeting]:
    flat = _flatten(record, warnings)
    gremium = gremia.find(record)
    kind, phase = meeting_type_and_phase(record, gremium)
    fingerprint = _fingerprint(record, flat, gremium, kind, phase)
    if record.end is not None and record.end < record.start:
        raise ValidationError({"end": "the end is before the start"})
    fields = {
        "gremium": gremium,
        "name": record.name[:300],
        "meeting_type": kind,
        "bob_phase": phase,
        "start": record.start,
        "end": record.end,
        "location": record.location[:300],
        "status": record.status,
        "source_url": record.source_url[:1000],
        "content_hash": fingerprint,
    }
    with transaction.atomic():
        meeting = (
            Meeting.objects.filter(
                organisation=organisation, source=record.source, source_id=record.source_id
            )
            .only("pk", "content_hash", "organisation_id")
            .first()
        )
        if meeting is not None and meeting.content_hash == fingerprint:
            return UNCHANGED, meeting
        if meeting is None:
            meeting = Meeting(
                organisation=organisation, source=record.source, source_id=record.source_id, **fields
            )
            meeting.full_clean(
                exclude=["organisation", "gremium"], validate_unique=False, validate_constraints=False
            )
            meeting.save(force_insert=True)
            _create_items(meeting, flat, {})
            _sync_documents(meeting, flat, record, existing_items=None)
            hooks.run("meeting_synced", meeting)
            return CREATED, meeting
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.full_clean(
            exclude=["organisation", "gremium"], validate_unique=False, validate_constraints=False
        )
        meeting.save(update_fields=[*fields, "updated_at"])
        items = _update_items(meeting, flat)
        _sync_documents(meeting, flat, record, existing_items=items)
        hooks.run("meeting_synced", meeting)
        return UPDATED, meeting


def _item(meeting: Meeting, entry: _Flat, parent_id: int | None) -> AgendaItem:
    return AgendaItem(
        meeting=meeting,
        parent_id=parent_id,
        source_id=entry.key[:300],
        number=entry.number[:40],
        order=entry.order,
        position=entry.position,
        depth=entry.depth,
        original_title=entry.record.title,
        title=entry.title,
        description=entry.record.description,
        is_heading=entry.record.is_heading,
    )


def _create_items(
    meeting: Meeting, flat: list[_Flat], by_key: dict[str, AgendaItem]
) -> dict[str, AgendaItem]:
    """Insert the entries level by level, so that every parent has its id before its children."""
    levels: dict[int, list[_Flat]] = {}
    for entry in flat:
        if entry.key not in by_key:
            levels.setdefault(entry.depth, []).append(entry)
    for depth in sorted(levels):
        rows = [
            _item(meeting, entry, by_key[entry.parent_key].pk if entry.parent_key else None)
            for entry in levels[depth]
        ]
        AgendaItem.objects.bulk_create(rows)
        for entry, row in zip(levels[depth], rows, strict=True):
            by_key[entry.key] = row
    return by_key


def _update_items(meeting: Meeting, flat: list[_Flat]) -> dict[str, AgendaItem]:
    existing = {item.source_id: item for item in AgendaItem.objects.filter(meeting=meeting)}
    by_key = {entry.key: existing[entry.key] for entry in flat if entry.key in existing}
    _create_items(meeting, flat, by_key)
    changed = []
    for entry in flat:
        if entry.key not in existing:
            continue  # created just now, with the right fields
        item = by_key[entry.key]
        wanted = _item(meeting, entry, by_key[entry.parent_key].pk if entry.parent_key else None)
        if any(getattr(item, name) != getattr(wanted, name) for name in ITEM_FIELDS):
            for name in ITEM_FIELDS:
                setattr(item, name, getattr(wanted, name))
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ITEM_FIELDS)
    # Parents were repointed above, so deleting what is gone cannot take a moved item with it.
    gone = [item.pk for key, item in existing.items() if key not in by_key]
    if gone:
        AgendaItem.objects.filter(pk__in=gone).delete()
    return by_key


def _sync_documents(
    meeting: Meeting, flat: list[_Flat], record: MeetingRecord, existing_items: dict[str, AgendaItem] | None
) -> None:
    items = existing_items if existing_items is not None else {}
    if existing_items is None:
        items = {
            item.source_id: item
            for item in AgendaItem.objects.filter(meeting=meeting).only("pk", "source_id")
        }
    wanted: dict[tuple[int | None, str], Document] = {}
    owners: list[tuple[int | None, list[DocumentRecord]]] = [(None, record.documents)]
    owners += [(items[entry.key].pk, entry.record.documents) for entry in flat if entry.record.documents]
    for owner, records in owners:
        for order, source in enumerate(records):
            key = (owner, source.source_id)
            if key in wanted:
                continue
            wanted[key] = Document(
                meeting=meeting,
                agenda_item_id=owner,
                source_id=source.source_id[:300],
                title=(source.title or "Document")[:500],
                url=source.url[:1000],
                mime_type=source.mime_type[:100],
                text=source.text,
                order=order,
            )
    if existing_items is None:
        if wanted:
            Document.objects.bulk_create(wanted.values())
        return
    existing = {(d.agenda_item_id, d.source_id): d for d in Document.objects.filter(meeting=meeting)}
    changed = []
    for key, document in wanted.items():
        current = existing.get(key)
        if current is None:
            continue
        if any(getattr(current, name) != getattr(document, name) for name in DOCUMENT_FIELDS):
            for name in DOCUMENT_FIELDS:
                setattr(current, name, getattr(document, name))
            changed.append(current)
    if changed:
        Document.objects.bulk_update(changed, DOCUMENT_FIELDS)
    new = [document for key, document in wanted.items() if key not in existing]
    if new:
        Document.objects.bulk_create(new)
    gone = [d.pk for key, d in existing.items() if key not in wanted]
    if gone:
        Document.objects.filter(pk__in=gone).delete()


def delete_meeting(organisation: Organisation, source: str, source_id: str) -> bool:
    """Remove a meeting the source no longer has; False when there was none."""
    deleted, _ = Meeting.objects.filter(
        organisation=organisation, source=source, source_id=source_id
    ).delete()
    return deleted > 0


def cancel_meeting(organisation: Organisation, source: str, source_id: str) -> bool:
    """Mark a meeting cancelled (it stays visible as cancelled); False when there is no such meeting."""
    meeting = Meeting.objects.filter(organisation=organisation, source=source, source_id=source_id).first()
    if meeting is None:
        return False
    if meeting.status != MeetingStatus.GEANNULEERD:
        meeting.status = MeetingStatus.GEANNULEERD
        meeting.content_hash = ""  # the next full read from the source sets it again
        meeting.save(update_fields=["status", "content_hash", "updated_at"])
    return True


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
    for entry in entries:
        if isinstance(entry, CursorUpdate):
            if on_cursor is not None and summary.failed == 0:
                on_cursor(entry.cursor)
            continue
        if isinstance(entry, RecordProblem):
            summary.fail(str(entry))
        else:
            _apply_one(entry, organisations, summary)
        done += 1
        if progress is not None:
            progress(done, total)
    return summary


def _apply_one(
    entry: MeetingRecord | MeetingDeletion, organisations: _Organisations, summary: SyncSummary
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
        outcome = _upsert(owner, entry, gremia, summary.warnings)[0]
    except ValidationError as exc:
        fields = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        summary.fail(f"{entry.where}: {fields}")
        return
    except DatabaseError as exc:
        logger.warning("Meeting %s was not written: %s", entry.where, exc)
        summary.fail(f"{entry.where}: the database refused the meeting ({exc})")
        return
    summary.count(outcome)


def read_file(data: bytes, format_name: str, origin: str, **options: Any) -> list[Entry]:
    """Read a whole file into entries first, so that a file that cannot be read writes nothing."""
    return list(file_format(format_name, **options).parse(data, origin))


def import_file(
    path: Path,
    format_name: str,
    *,
    organisation_key: str = "",
    progress: Progress | None = None,
    **options: Any,
) -> SyncSummary:
    """Import meetings from a file in one of the supported formats (see FILE_FORMATS)."""
    organisation = get_organisation(organisation_key) if organisation_key else None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read: {exc.strerror}") from exc
    entries = read_file(data, format_name, str(path), **options)
    return apply_entries(entries, organisation=organisation, progress=progress, total=len(entries))


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
    try:
        summary = apply_entries(
            _stop_on_error(entries, summary, source),
            organisation=organisation,
            gremia={source.kind: dict((source.settings or {}).get("gremia", {}))},
            progress=progress,
            on_cursor=store_cursor,
        )
    finally:
        AgendaSource.objects.filter(pk=source.pk).update(
            last_synced_at=timezone.now(), last_summary=summary.line()[:500]
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


# --- Push tokens -------------------------------------------------------------------------------------

TOKEN_PREFIX = "trt"  # noqa: S105 (a label in front of the token, not a secret)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_push_token(organisation: Organisation, name: str) -> tuple[PushToken, str]:
    """A new token for a RIS vendor; the plain token is returned once and only its hash is stored."""
    prefix = secrets.token_hex(6)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = PushToken.objects.create(
        organisation=organisation, name=name, prefix=prefix, token_hash=_hash(plain)
    )
    return token, plain


def revoke_push_token(token: PushToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def organisation_for_token(plain: str) -> Organisation | None:
    """The organisation a bearer token belongs to, or None for an unknown, wrong or revoked token."""
    parts = plain.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = PushToken.objects.select_related("organisation").filter(prefix=parts[1], revoked_at=None).first()
    if token is None or not hmac.compare_digest(token.token_hash, _hash(plain)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        PushToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organisation


def push_meeting(organisation: Organisation, record: MeetingRecord) -> tuple[str, Meeting, list[str]]:
    """Upsert a meeting pushed by the RIS vendor; returns the outcome, the meeting and any warnings."""
    warnings: list[str] = []
    gremia = _Organisations(organisation, {}).resolve(organisation.slug, record.source)[1]
    outcome, meeting = _upsert(organisation, record, gremia, warnings)
    return outcome, meeting, warnings


# --- Demo --------------------------------------------------------------------------------------------


def load_demo_agenda(directory: Path, progress: Progress | None = None) -> SyncSummary:
    """Import the demo calendars: each subdirectory holds source.yaml and files in one source format.

    source.yaml names the organisation, the format and the source settings (the gremia mapping); the
    files are imported through the same adapter path as real data. Unreadable files write nothing.
    """
    summary = SyncSummary()
    for folder in sorted(d for d in directory.iterdir() if d.is_dir()):
        config_path = folder / "source.yaml"
        config = load_yaml(config_path)
        key, format_name = str(config.get("organisation", "")), str(config.get("format", ""))
        settings = config.get("settings") or {}
        settings = settings.data if hasattr(settings, "data") else settings
        if format_name not in FILE_FORMATS:
            raise ContentError([Problem(config_path, config.line_of("format"), "format", "unknown format")])
        try:
            organisation = get_organisation(key)
        except UnknownOrganisation as exc:
            raise ContentError(
                [Problem(config_path, config.line_of("organisation"), "organisation", str(exc))]
            ) from exc
        raw_gremia = settings.get("gremia") or {}
        raw_gremia = raw_gremia.data if hasattr(raw_gremia, "data") else raw_gremia
        gremia = {str(k): str(v) for k, v in dict(raw_gremia).items()}
        AgendaSource.objects.update_or_create(
            organisation=organisation,
            kind=format_name,
            defaults={
                "settings": {**{k: v for k, v in settings.items() if k != "gremia"}, "gremia": gremia},
                "active": False,
            },
        )
        entries: list[Entry] = []
        for path in sorted(folder.glob("*.json")):
            entries += read_file(path.read_bytes(), format_name, str(path))
        summary.merge(
            apply_entries(
                entries,
                organisation=organisation,
                gremia={format_name: gremia},
                progress=progress,
                total=len(entries),
            )
        )
    return summary
