"""OpenBesluitvorming (the successor of Open Raadsinformatie): entity details and the export feed.

File shapes: an entity detail (`GET /api/entities/{id}`, a meeting with its `agenda` tree), a list of
those, or the NDJSON export feed (`/api/export/snapshot|changes`: one record a line with `seq`, `op`
(upsert|delete), `entity_id`, `entity_type`, `source_key`, `payload`). Only meetings are read; other
entity types in the feed are passed over. Entity ids (`meeting:notubiz:gemeente:soest:830424`) are
deterministic, so they are the source ids; their fourth part is the source key of the organisation.
Times: a canonical payload's `start_date` is ISO 8601 (UTC or with an offset); a detail's `sortDate`
("2025-03-13 19:30:00") is read as Dutch wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

from toerusting.agenda import parsing as p
from toerusting.agenda.http import HttpClient
from toerusting.agenda.records import (
    GEANNULEERD,
    GEHOUDEN,
    GEPLAND,
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

NAME = "openbesluitvorming"
BASE_URL = "https://openbesluitvorming.nl"

_STATUS = {
    "geannuleerd": GEANNULEERD,
    "cancelled": GEANNULEERD,
    "canceled": GEANNULEERD,
    "eventcancelled": GEANNULEERD,
    "gehouden": GEHOUDEN,
    "completed": GEHOUDEN,
    "eventcompleted": GEHOUDEN,
    "gepland": GEPLAND,
    "scheduled": GEPLAND,
    "eventscheduled": GEPLAND,
    "eventconfirmed": GEPLAND,
    "eventrescheduled": GEPLAND,
    "eventpostponed": GEPLAND,
}


def source_key_of(entity_id: str) -> str:
    """`meeting:notubiz:gemeente:soest:830424` -> `soest` ('' when the id has another shape)."""
    parts = entity_id.split(":")
    return parts[3] if len(parts) >= 5 else ""


def _status(raw: object, start: dt.datetime, now: dt.datetime | None) -> str:
    if isinstance(raw, str) and raw.strip():
        key = raw.strip().rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
        if key in _STATUS:
            status = _STATUS[key]
            return status if status == GEANNULEERD else p.status_for(start, cancelled=False, now=now)
    return p.status_for(start, cancelled=False, now=now)


def _documents(raw: object, field: str) -> list[DocumentRecord]:
    documents = []
    for index, document in enumerate(p.listing(raw, field)):
        where = f"{field}[{index}]"
        if isinstance(document, str):  # a bare id: nothing to show but the id
            continue
        document = p.mapping(document, where)
        documents.append(
            DocumentRecord(
                source_id=p.identifier(document.get("id"), f"{where}.id"),
                title=p.text(document.get("name"), f"{where}.name")
                or p.text(document.get("file_name"), f"{where}.file_name")
                or "Document",
                url=p.text(document.get("original_url") or document.get("url"), f"{where}.original_url"),
                mime_type=p.text(document.get("content_type"), f"{where}.content_type"),
            )
        )
    return documents


def _in_order(entries: list[tuple[tuple[bool, float, int], AgendaItemRecord]]) -> list[AgendaItemRecord]:
    """Siblings by the source's `order` when every sibling has one; otherwise as the source lists them."""
    if any(key[0] for key, _ in entries):
        return [record for _, record in entries]
    return [record for _, record in sorted(entries, key=lambda pair: pair[0])]


def _nodes(raw: object, field: str) -> list[AgendaItemRecord]:
    entries = []
    for index, node in enumerate(p.listing(raw, field)):
        where = f"{field}[{index}]"
        if isinstance(node, str):
            raise p.FieldError(f"{where}: is an id, not an agenda item; use the entity detail or export feed")
        node = p.mapping(node, where)
        order = node.get("order")
        if order is not None and (isinstance(order, bool) or not isinstance(order, int | float)):
            raise p.FieldError(f"{where}.order: {order!r} is not a number")
        classification = node.get("classification")
        heading = bool(node.get("is_heading")) or (
            isinstance(classification, list) and "heading" in [str(c).lower() for c in classification]
        )
        record = AgendaItemRecord(
            source_id=p.identifier(node.get("id"), f"{where}.id"),
            title=p.text(node.get("title") or node.get("name"), f"{where}.title", required=True),
            number=p.text(node.get("number"), f"{where}.number"),
            description=p.plain_text(p.text(node.get("description"), f"{where}.description")),
            is_heading=heading,
            documents=_documents(node.get("documents"), f"{where}.documents"),
            children=_nodes(node.get("agenda_items"), f"{where}.agenda_items"),
        )
        entries.append(((order is None, order if order is not None else 0, index), record))
    return _in_order(entries)


def _committee(raw: object) -> tuple[str, str]:
    if isinstance(raw, dict):
        return str(raw.get("id") or ""), str(raw.get("name") or raw.get("title") or "")
    return (str(raw), "") if isinstance(raw, str | int) and raw else ("", "")


def read_meeting(raw: object, where: str, now: dt.datetime | None = None) -> Entry:
    """A meeting as an entity detail or a canonical export payload."""
    try:
        meeting = p.mapping(raw, "meeting")
        source_id = p.identifier(meeting.get("entityId") or meeting.get("id"), "entityId")
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))
    where = f"{where} ({source_id})"
    try:
        entity_type = meeting.get("entityType") or meeting.get("type") or "Meeting"
        if str(entity_type).lower() != "meeting":
            raise p.FieldError(f"entityType: {entity_type!r} is not a meeting")
        if meeting.get("start_date"):
            start = p.iso_datetime(meeting["start_date"], "start_date")
        else:
            start = p.local_datetime(meeting.get("sortDate"), "sortDate")
        end = p.iso_datetime(meeting["end_date"], "end_date") if meeting.get("end_date") else None
        gremium_id, gremium_name = _committee(meeting.get("committee"))
        source_info = meeting.get("source_info") if isinstance(meeting.get("source_info"), dict) else {}
        return MeetingRecord(
            source=NAME,
            source_id=source_id,
            name=p.text(meeting.get("title") or meeting.get("name"), "title", required=True),
            start=start,
            end=end if end is None or end >= start else None,
            where=where,
            location=p.text(meeting.get("location"), "location"),
            status=_status(meeting.get("status"), start, now),
            gremium_id=gremium_id,
            gremium_name=gremium_name or p.text(meeting.get("committee_name"), "committee_name"),
            source_url=p.text((source_info or {}).get("source_iri"), "source_info.source_iri")
            if str((source_info or {}).get("source_iri", "")).startswith("http")
            else "",
            organisation_key=source_key_of(source_id),
            items=_nodes(meeting.get("agenda"), "agenda"),
            documents=_documents(meeting.get("attachment") or meeting.get("documents"), "attachment"),
        )
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))


def read_export_line(number: int, row: object, origin: str) -> Entry | None:
    """One line of the export feed; None for entities that are not meetings."""
    where = f"{origin}:{number}"
    if not isinstance(row, dict):
        return RecordProblem(where, "expected an export record (an object with op, entity_id and payload)")
    if str(row.get("entity_type", "")).lower() not in ("meeting", ""):
        return None
    entity_id = row.get("entity_id")
    if not isinstance(entity_id, str) or not entity_id:
        return RecordProblem(where, "entity_id: is required")
    if entity_id.split(":", 1)[0] != "meeting" and row.get("entity_type") is None:
        return None
    op = row.get("op")
    if op == "delete":
        return MeetingDeletion(NAME, entity_id, f"{where} ({entity_id})", source_key_of(entity_id))
    if op != "upsert":
        return RecordProblem(where, f"op: {op!r} is not upsert or delete")
    payload = row.get("payload")
    if isinstance(payload, dict):
        payload = {"id": entity_id, **payload}
    return read_meeting(payload, where)


def _is_export_feed(data: bytes) -> bool:
    """The export feed's first line is a whole JSON record with an `op` and an `entity_id`."""
    for line in data.splitlines():
        if line.strip():
            try:
                first = p.parse_json_text(line.decode("utf-8-sig"), "")
            except (json.JSONDecodeError, UnicodeDecodeError, SourceError):
                return False
            return isinstance(first, dict) and "op" in first and "entity_id" in first
    return False


class OpenBesluitvormingFormat:
    name = NAME

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        if _is_export_feed(data):
            # NDJSON export feed: one record a line.
            for number, row in p.json_lines(data, origin):
                entry = read_export_line(number, row, origin)
                if entry is not None:
                    yield entry
            return
        document = p.load_json(data, origin)
        if isinstance(document, dict):
            yield read_meeting(document, origin)
            return
        if not isinstance(document, list):
            raise SourceError(origin, "expected a meeting entity, a list of them, or the NDJSON export feed")
        for index, entity in enumerate(document):
            yield read_meeting(entity, f"{origin}: record {index + 1}")


# A search from a date pages through at most this many meetings (a council has some 300 a year).
MAX_SEARCH_RESULTS = 10_000


class OpenBesluitvormingLive:
    """The export feed per source key: a snapshot first, then the changes feed from the stored cursor.

    `X-Next-Cursor` and `X-Has-More` page through a snapshot; `X-Changes-Cursor` is where the changes feed
    continues afterwards. With `--since`, meetings from that date are listed through the search API and
    read one by one from the entity API instead. Settings: `source_key` (required).
    """

    name = NAME

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        key = str(config.settings.get("source_key") or config.organisation_key)
        base = config.base_url or BASE_URL
        if since is not None:
            yield from self._search(base, key, client, since)
            return
        mode, _, position = cursor.partition(":")
        endpoint = "changes" if mode == "changes" else "snapshot"
        while True:
            params: dict[str, str | int] = {"source": key}
            if position:
                params["cursor"] = position
            url = client.url(base, f"api/export/{endpoint}", params)
            response = client.get(url, {"Accept": "application/x-ndjson"})
            for number, row in p.json_lines(response.body, url):
                entry = read_export_line(number, row, url)
                if entry is not None:
                    yield entry
            next_cursor = response.header("x-next-cursor")
            more = response.header("x-has-more").lower() == "true" and next_cursor
            if more and next_cursor == position:
                raise SourceError(
                    url, f"X-Next-Cursor {next_cursor!r} is the cursor just read: the feed does not move on"
                )
            if endpoint == "snapshot" and more:
                position = next_cursor
                yield CursorUpdate(f"snapshot:{position}")
                continue
            changes = response.header("x-changes-cursor") or next_cursor
            if endpoint == "changes" and more:
                position = next_cursor
                yield CursorUpdate(f"changes:{position}")
                continue
            if changes:
                yield CursorUpdate(f"changes:{changes}")
            return

    def _search(self, base: str, key: str, client: HttpClient, since: dt.date) -> Iterator[LiveEntry]:
        offset = 0
        while True:
            url = client.url(
                base,
                "api/search",
                {
                    "organization": key,
                    "entityType": "Meeting",
                    "sort": "date_asc",
                    "dateFrom": since.isoformat(),
                    "offset": offset,
                    "limit": 24,
                },
            )
            page: Any = client.get_json(url)
            if not isinstance(page, dict) or not isinstance(page.get("results"), list):
                raise SourceError(url, 'expected {"results": [...]}')
            for result in page["results"]:
                entity_id = result.get("entityId") if isinstance(result, dict) else None
                if not entity_id:
                    continue
                detail_url = client.url(base, "api/entities/" + urllib.parse.quote(str(entity_id), safe=""))
                yield read_meeting(client.get_json(detail_url), detail_url)
            offset += len(page["results"])
            if not page.get("hasMore") or not page["results"]:
                return
            if offset > MAX_SEARCH_RESULTS:
                raise SourceError(
                    url, f"more than {MAX_SEARCH_RESULTS} meetings since {since}: sync a shorter period"
                )
