"""One meeting with its agenda tree and documents: create, update in place, cancel, delete."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils.text import slugify

from toerusting import hooks
from toerusting.agenda.models import (
    AgendaItem,
    BobPhase,
    Document,
    Meeting,
    MeetingStatus,
    MeetingType,
    SourceGremium,
)
from toerusting.agenda.records import (
    AgendaItemRecord,
    DocumentRecord,
    MeetingAhead,
    MeetingRecord,
)
from toerusting.agenda.services.checks import check_record
from toerusting.agenda.titles import CLEANER_VERSION, clean_title

if TYPE_CHECKING:
    from toerusting.organisations.models import Body, Organisation


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

# --- Gremia -----------------------------------------------------------------------------------------


class GremiumIndex:
    """Finds an organisation's gremium for a meeting: by configured id, by name (the source's or the one
    the griffie gave the source's gremium), or the raad by its name; and keeps the source's gremia."""

    def __init__(self, organisation: Organisation, mapping: dict[str, str] | None = None) -> None:
        self.organisation = organisation
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
        self.at_source: dict[tuple[str, str], SourceGremium] = {
            (g.source, g.source_id): g for g in SourceGremium.objects.filter(organisation=organisation)
        }

    def named_by_griffie(self, record: MeetingRecord) -> str:
        """The name the griffie gave this meeting's gremium at the source ('' when none)."""
        known = self.at_source.get((record.source, record.gremium_id)) if record.gremium_id else None
        return known.name if known is not None else ""

    def find(self, record: MeetingRecord) -> Body | None:
        if record.gremium_id and record.gremium_id in self.by_id:
            return self.by_id[record.gremium_id]
        for name in (record.gremium_name, self.named_by_griffie(record)):
            name = name.strip().casefold()
            if not name:
                continue
            body = self.by_name.get(name) or self.by_name.get(slugify(name))
            if body is not None:
                return body
            if name in REPRESENTATIVE_NAMES:
                return self.representative
        return None

    def source_gremium(self, record: MeetingRecord) -> SourceGremium | None:
        """The source's gremium of this meeting, stored on first sight; its name at the source follows the
        source, the griffie's name is left alone. Call inside the meeting's transaction."""
        if not record.gremium_id:
            return None
        key = (record.source, record.gremium_id[:300])
        known = self.at_source.get(key)
        name = record.gremium_name[:300]
        if known is None:
            # All of the organisation's were read when the index was made: one insert, no lookup first.
            known = SourceGremium.objects.create(
                organisation=self.organisation, source=key[0], source_id=key[1], name_at_source=name
            )
            self.at_source[key] = known
        if name and known.name_at_source != name:
            known.name_at_source = name
            known.save(update_fields=["name_at_source", "updated_at"])
        return known


def meeting_type_and_phase(
    record: MeetingRecord, gremium: Body | None, gremium_name: str = ""
) -> tuple[str, str]:
    """The meeting type and BOB phase: from the organisation's gremium where known, else the source's own
    meeting type, else the whole words of the meeting's and the gremium's names (`gremium_name`: the name
    the griffie gave the source's gremium)."""
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
    words = set(_WORD.findall(f"{record.name} {record.gremium_name} {gremium_name}".casefold()))
    kind = record.meeting_type if record.meeting_type in MeetingType.values else _kind_from_words(words)
    if kind in _DECIDING_KINDS:
        return kind, BobPhase.BESLUITVORMEND
    phase = next((phase for word, phase in _PHASE_WORDS.items() if word in words), "")
    return kind, phase


# Meeting type from the words of the meeting's and the gremium's names: whole words only, so that
# "Meningsvorming Raadzaal" is no council meeting and a "Staatscommissie" no committee of the council.
_WORD = re.compile(r"[^\W\d_]+")
_PRESIDIUM_WORDS = {"presidium", "agendacommissie", "seniorenconvent"}
_COMMITTEE_WORDS = {"commissie", "raadscommissie", "statencommissie", "commissievergadering", "cie"}
_COUNCIL_WORDS = {"raad", "gemeenteraad", "raadsvergadering", "gemeenteraadsvergadering"}
_INFORMATION_WORDS = {"informatiebijeenkomst", "informatieavond", "raadsinformatiebijeenkomst"}
_DECIDING_KINDS = {
    MeetingType.RAADSVERGADERING,
    MeetingType.STATENVERGADERING,
    MeetingType.ALGEMENE_BESTUURSVERGADERING,
}
_PHASE_WORDS = {
    "beeldvorming": BobPhase.BEELDVORMEND,
    "beeldvormend": BobPhase.BEELDVORMEND,
    "beeldvormende": BobPhase.BEELDVORMEND,
    "oordeelsvorming": BobPhase.OORDEELSVORMEND,
    "oordeelsvormend": BobPhase.OORDEELSVORMEND,
    "oordeelsvormende": BobPhase.OORDEELSVORMEND,
    "meningsvorming": BobPhase.OORDEELSVORMEND,
    "meningsvormend": BobPhase.OORDEELSVORMEND,
    "meningsvormende": BobPhase.OORDEELSVORMEND,
    "besluitvorming": BobPhase.BESLUITVORMEND,
    "besluitvormend": BobPhase.BESLUITVORMEND,
    "besluitvormende": BobPhase.BESLUITVORMEND,
}


def _kind_from_words(words: set[str]) -> str:
    if words & _PRESIDIUM_WORDS:
        return MeetingType.PRESIDIUM
    if words & _COMMITTEE_WORDS:
        return MeetingType.COMMISSIEVERGADERING
    if words & _INFORMATION_WORDS:
        return MeetingType.INFORMATIEBIJEENKOMST
    if words & _COUNCIL_WORDS:
        return MeetingType.RAADSVERGADERING
    if "statenvergadering" in words or {"provinciale", "staten"} <= words:
        return MeetingType.STATENVERGADERING
    if "bestuursvergadering" in words or {"algemeen", "bestuur"} <= words:
        return MeetingType.ALGEMENE_BESTUURSVERGADERING
    return MeetingType.OVERIG


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
    record: MeetingRecord,
    flat: list[_Flat],
    gremium: Body | None,
    kind: str,
    phase: str,
    griffie_name: str = "",
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
        record.gremium_id,
        record.gremium_name,
        griffie_name,
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


NAME_MAX_LENGTH = 300  # Meeting.name
_STORED_FIELDS = ("id", "organisation_id", "content_hash")
_STORED_KEY = ("organisation_id", "source", "source_id")  # the meeting_source_id_unique constraint


@cache
def _stored_meeting_sql() -> str:
    meta = Meeting._meta
    quote = connection.ops.quote_name
    column = {name: column for name, column in map(Field.get_attname_column, meta.concrete_fields) if column}
    columns = ", ".join(quote(column[name]) for name in _STORED_FIELDS)
    key = " AND ".join(f"{quote(column[name])} = %s" for name in _STORED_KEY)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {key}"  # noqa: S608 (names from the meta)


def _stored_meeting(organisation: Organisation, record: MeetingRecord) -> Meeting | None:
    """The stored meeting with only its id and fingerprint loaded, as `.only()` would give it, in one
    plain query: it runs for every meeting of every sync, and the ORM's query building was a tenth of
    an unchanged meeting's time."""
    with connection.cursor() as cursor:
        cursor.execute(_stored_meeting_sql(), [organisation.pk, record.source, record.source_id])
        row = cursor.fetchone()
    return None if row is None else Meeting.from_db(connection.alias, list(_STORED_FIELDS), row)


@dataclass
class Prepared:
    """A record made safe to store and flattened, before its transaction: the checks' warnings, the
    agenda tree in reading order, or the error that keeps the meeting from being stored (raised when the
    meeting's turn comes, so that the meetings before it are written as ever)."""

    warnings: list[str]
    flat: list[_Flat]
    error: Exception | None = None

    def announcement(self, record: MeetingRecord) -> MeetingAhead:
        """The meeting as it will be stored, for the "meetings_ahead" hook: its key, its name and the
        (title, description) of its items that are not headings."""
        texts = [
            (entry.title, entry.record.description) for entry in self.flat if not entry.record.is_heading
        ]
        return MeetingAhead(record.source, record.source_id, record.name[:NAME_MAX_LENGTH], texts)


def prepare(record: MeetingRecord) -> Prepared:
    """Check the record (in place) and flatten its tree; no database access."""
    prepared = Prepared([], [])
    try:
        check_record(record, prepared.warnings)
        prepared.flat = _flatten(record, prepared.warnings)
    except Exception as exc:  # kept for the meeting's turn, where it is handled as ever
        prepared.error = exc
    return prepared


def upsert_meeting(organisation: Organisation, record: MeetingRecord, gremia: GremiumIndex) -> str:
    """Create or update one meeting with its agenda tree and documents, in one transaction."""
    warnings: list[str] = []
    return _upsert(organisation, record, gremia, warnings)[0]


def _upsert(
    organisation: Organisation,
    record: MeetingRecord,
    gremia: GremiumIndex,
    warnings: list[str],
    *,
    asynchronous_commit: bool = False,
    prepared: Prepared | None = None,
) -> tuple[str, Meeting]:
    """`asynchronous_commit`: on PostgreSQL, the commit does not wait for its WAL flush (see
    `sync.apply_entries`, which makes the batch durable before it returns). `prepared`: what `prepare`
    gave for this record, when the sync prepared it ahead."""
    prepared = prepared or prepare(record)
    warnings.extend(prepared.warnings)
    if prepared.error is not None:
        raise prepared.error
    flat = prepared.flat
    gremium = gremia.find(record)
    griffie_name = gremia.named_by_griffie(record)
    kind, phase = meeting_type_and_phase(record, gremium, griffie_name)
    fingerprint = _fingerprint(record, flat, gremium, kind, phase, griffie_name)
    warnings.extend(record.warnings)
    if record.end is not None and record.end < record.start:
        raise ValidationError({"end": "the end is before the start"})
    fields: dict[str, Any] = {
        "gremium": gremium,
        "name": record.name[:NAME_MAX_LENGTH],
        "meeting_type": kind,
        "bob_phase": phase,
        "start": record.start,
        "end": record.end,
        "location": record.location[:300],
        "status": record.status,
        "source_url": record.source_url[:1000],
        "content_hash": fingerprint,
    }
    # Only a transaction of its own commits asynchronously, never a caller's that holds other writes.
    asynchronous_commit = (
        asynchronous_commit and connection.vendor == "postgresql" and not connection.in_atomic_block
    )
    with transaction.atomic():
        meeting = _stored_meeting(organisation, record)
        if meeting is not None and meeting.content_hash == fingerprint:
            return UNCHANGED, meeting
        if asynchronous_commit:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        fields["source_gremium"] = gremia.source_gremium(record)
        if meeting is None:
            meeting = Meeting(
                organisation=organisation, source=record.source, source_id=record.source_id, **fields
            )
            meeting.full_clean(
                exclude=["organisation", "gremium", "source_gremium"],
                validate_unique=False,
                validate_constraints=False,
            )
            meeting.save(force_insert=True)
            created = _create_items(meeting, flat, {})
            _sync_documents(meeting, flat, record, created, new_meeting=True)
            hooks.run("meeting_synced", meeting, created=True)
            return CREATED, meeting
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.full_clean(
            exclude=["organisation", "gremium", "source_gremium"],
            validate_unique=False,
            validate_constraints=False,
        )
        meeting.save(update_fields=[*fields, "updated_at"])
        items = _update_items(meeting, flat)
        _sync_documents(meeting, flat, record, items, new_meeting=False)
        hooks.run("meeting_synced", meeting, created=False)
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
        if _copy_changed(item, wanted, ITEM_FIELDS):
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ITEM_FIELDS)
    # Parents were repointed above, so deleting what is gone cannot take a moved item with it.
    gone = [item.pk for key, item in existing.items() if key not in by_key]
    if gone:
        AgendaItem.objects.filter(pk__in=gone).delete()
    return by_key


def _sync_documents(
    meeting: Meeting,
    flat: list[_Flat],
    record: MeetingRecord,
    items: dict[str, AgendaItem],
    *,
    new_meeting: bool,
) -> None:
    """Write the documents of the meeting and its items (`items`: the meeting's items by key, with ids);
    `new_meeting`: the meeting was inserted just now, so it has no documents yet."""
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
    if new_meeting:
        if wanted:
            Document.objects.bulk_create(wanted.values())
        return
    existing = {(d.agenda_item_id, d.source_id): d for d in Document.objects.filter(meeting=meeting)}
    changed = []
    for key, document in wanted.items():
        current = existing.get(key)
        if current is None:
            continue
        if _copy_changed(current, document, DOCUMENT_FIELDS):
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


def _copy_changed(current: Any, wanted: Any, fields: tuple[str, ...]) -> bool:
    """Give `current` the values of `wanted` in these fields; True when any of them differed."""
    if all(getattr(current, name) == getattr(wanted, name) for name in fields):
        return False
    for name in fields:
        setattr(current, name, getattr(wanted, name))
    return True
