"""Notubiz: the JSON of `GET /events/meetings/{id}` (`{"meeting": {...}}`), alone, in a list, or as
`{"meetings": [...]}`; live through `/events` per organisation and date window.

Shapes (see docs/integration/sources.md; real recordings in tests/agenda/samples/real/notubiz/):
`plannings[].start_date` is Dutch wall-clock time; attributes are `[{id, value}]` (id 1 the title, 3 the
description in HTML, 50 the location; labels are organisation settings and usually absent), or an object
keyed by label (`{"Titel": ..., "Locatie": ...}`) as Open Raadsinformatie stores the meetings it harvested;
`type_data.heading` or type `label` marks a heading; `order` is often null: the ordered siblings are sorted
and the others keep their place (`parsing.in_source_order`); agenda items nest through `agenda_items`. A
gremium often carries only its id. Meetings that are not public or are confidential are passed on as
deletions, so that a meeting that becomes non-public disappears here too. The calendar of the Notubiz
website (`<gemeente>.raadsinformatie.nl/api/calendar`, `{"meetings": [{date, time, gremium_id, ...}]}`) has
no agenda and no times: it is refused with one message naming the API endpoint to use instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from toerusting.agenda import parsing as p
from toerusting.agenda.http import HttpClient
from toerusting.agenda.records import (
    GEANNULEERD,
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

NAME = "notubiz"
API_VERSION = "1.17.0"
TITLE, DESCRIPTION, LOCATION = 1, 3, 50
MAX_PAGES = 500  # of /events; a year of a busy council is under 20


def _attributes(raw: object, field: str) -> list[Any] | dict[str, Any]:
    """A list of `{id, value}` (the API) or an object keyed by label (as Open Raadsinformatie stores it)."""
    if isinstance(raw, dict):
        return raw
    return p.listing(raw, field)


def _attribute(attributes: list[Any] | dict[str, Any], attribute_id: int, label: str, field: str) -> str:
    """The value of the attribute with this id, or with this label (labels are organisation settings)."""
    if isinstance(attributes, dict):
        return p.text(attributes.get(label), f"{field}.{label}") if label in attributes else ""
    for index, attribute in enumerate(attributes):
        attribute = p.mapping(attribute, f"{field}[{index}]")
        if attribute.get("id") == attribute_id or (label and attribute.get("label") == label):
            value = p.text(attribute.get("value"), f"{field}[{index}].value")
            if value:
                return value
    return ""


def _documents(raw: object, field: str) -> list[DocumentRecord]:
    documents = []
    for index, document in enumerate(p.listing(raw, field)):
        where = f"{field}[{index}]"
        document = p.mapping(document, where)
        versions = [
            v for v in p.listing(document.get("versions"), f"{where}.versions") if isinstance(v, dict)
        ]
        version = versions[-1] if versions else {}
        documents.append(
            DocumentRecord(
                source_id=p.identifier(document.get("id"), f"{where}.id"),
                title=p.text(document.get("title"), f"{where}.title")
                or p.text(version.get("file_name"), f"{where}.versions.file_name")
                or "Document",
                url=p.text(document.get("url"), f"{where}.url"),
                mime_type=p.text(version.get("mime_type"), f"{where}.versions.mime_type"),
            )
        )
    return documents


def _items(raw: object, field: str) -> list[AgendaItemRecord]:
    entries = []
    for index, item in enumerate(p.listing(raw, field)):
        where = f"{field}[{index}]"
        item = p.mapping(item, where)
        type_data = p.mapping(item.get("type_data") or {}, f"{where}.type_data")
        attributes = _attributes(type_data.get("attributes"), f"{where}.type_data.attributes")
        order = item.get("order")
        if order is not None and (isinstance(order, bool) or not isinstance(order, int | float)):
            raise p.FieldError(f"{where}.order: {order!r} is not a number")
        record = AgendaItemRecord(
            source_id=p.identifier(item.get("id"), f"{where}.id"),
            title=_attribute(attributes, TITLE, "Titel", f"{where}.type_data.attributes"),
            number=p.text(type_data.get("title_prefix"), f"{where}.type_data.title_prefix"),
            description=p.plain_text(
                _attribute(attributes, DESCRIPTION, "Omschrijving", f"{where}.type_data.attributes")
            ),
            is_heading=bool(type_data.get("heading")) or item.get("type") == "label",
            documents=_documents(item.get("documents"), f"{where}.documents"),
            children=_items(item.get("agenda_items"), f"{where}.agenda_items"),
        )
        if not record.title:
            raise p.FieldError(f"{where}: has no title (attribute id 1)")
        entries.append((order, record.number, record))
    return p.in_source_order(entries)


def read_meeting(raw: object, where: str, now: dt.datetime | None = None) -> Entry:
    """One Notubiz meeting object (the value of "meeting") as a record, deletion or problem."""
    try:
        meeting = p.mapping(raw, "meeting")
        source_id = p.identifier(meeting.get("id"), "meeting.id")
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))
    where = f"{where} (meeting {source_id})"
    try:
        if meeting.get("permission_group", "public") != "public" or meeting.get("confidential"):
            return MeetingDeletion(NAME, source_id, where)
        plannings = p.listing(meeting.get("plannings"), "plannings")
        if not plannings:
            raise p.FieldError("plannings: is required (the meeting's date and time)")
        planning = p.mapping(plannings[0], "plannings[0]")
        start = p.local_datetime(planning.get("start_date"), "plannings[0].start_date")
        end = (
            p.local_datetime(planning["end_date"], "plannings[0].end_date")
            if planning.get("end_date")
            else None
        )
        attributes = _attributes(meeting.get("attributes"), "attributes")
        gremium = meeting.get("gremium") or {}
        gremium = p.mapping(gremium, "gremium")
        cancelled = bool(meeting.get("canceled")) or bool(meeting.get("inactive"))
        organisation = meeting.get("organisation") or {}
        return MeetingRecord(
            source=NAME,
            source_id=source_id,
            name=_attribute(attributes, TITLE, "Titel", "attributes")
            or p.text(gremium.get("title") or gremium.get("name"), "gremium.title")
            or "Vergadering",
            start=start,
            end=end if end is None or end >= start else None,
            where=where,
            location=_attribute(attributes, LOCATION, "Locatie", "attributes"),
            status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False, now=now),
            gremium_id=p.text(gremium.get("id"), "gremium.id"),
            gremium_name=p.text(gremium.get("title") or gremium.get("name"), "gremium.title"),
            source_url=p.text(meeting.get("url"), "url"),
            organisation_key=p.text(
                organisation.get("id") if isinstance(organisation, dict) else "", "organisation.id"
            ),
            items=_items(meeting.get("agenda_items"), "agenda_items"),
            documents=_documents(meeting.get("documents"), "documents"),
        )
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))


def _refuse_website_calendar(document: object, meetings: list[Any], origin: str) -> None:
    """The calendar of the Notubiz website lists meetings by day, without times or agendas: one message for
    the whole file (rather than one per meeting) that says so and names the API to use instead."""
    calendar_rows = [
        m
        for m in meetings
        if isinstance(m, dict) and "plannings" not in m and "meeting" not in m and "date" in m
    ]
    if not meetings or len(calendar_rows) < len(meetings):
        return
    request = document.get("request") if isinstance(document, dict) else None
    shown = f" ({request})" if isinstance(request, str) and request else ""
    raise SourceError(
        origin,
        f"this is the calendar of the Notubiz website{shown}: its {len(meetings)} meetings have a day but no "
        "start time (plannings) and no agenda. Import the meetings from the Notubiz API instead: "
        "GET https://api.notubiz.nl/events/meetings/{id}?format=json&version="
        + API_VERSION
        + " for each meeting (the ids are in this file), or set up a live Notubiz source "
        "(organisation_id); nothing was imported",
    )


def _not_meetings(document: object) -> str:
    """Why a Notubiz JSON document holds no meetings; other Notubiz answers are named."""
    meeting_call = "GET https://api.notubiz.nl/events/meetings/{id}?format=json&version=" + API_VERSION
    if isinstance(document, dict):
        items = document.get("items")
        if isinstance(items, list) and any(isinstance(i, dict) and "module_id" in i for i in items):
            return (
                "this is a Notubiz module answer (GET /organisations/{id}/modules/{module}/items: "
                "registries such as motions, amendments and letters), not meetings. Import the meetings: "
                + meeting_call
                + "; nothing was imported"
            )
        modules = document.get("modules")
        if isinstance(modules, list) and modules and all(isinstance(m, dict) and "id" in m for m in modules):
            return (
                "this is the list of Notubiz modules (GET /organisations/{id}/modules: registries such as "
                "motions and letters), not meetings. Import the meetings: "
                + meeting_call
                + "; nothing was imported"
            )
        if isinstance(document.get("events"), list):
            return (
                "this is the Notubiz event list (GET /events): it names the meetings but holds no agenda. "
                "Import each meeting: " + meeting_call + ", or set up a live Notubiz source "
                "(organisation_id); nothing was imported"
            )
    return (
        'expected {"meeting": {...}}, a meeting object, a list of those, or {"meetings": [...]} '
        "(Notubiz JSON)"
    )


class NotubizFormat:
    name = NAME

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        document = p.load_json(data, origin)
        if isinstance(document, dict) and "meeting" in document:
            meetings: list[Any] = [document]
        elif isinstance(document, dict) and "plannings" in document and "id" in document:
            meetings = [document]  # a bare meeting object, as Open Raadsinformatie stores it
        elif isinstance(document, dict) and isinstance(document.get("meetings"), list):
            meetings = document["meetings"]
        elif isinstance(document, list):
            meetings = document
        else:
            raise SourceError(origin, _not_meetings(document))
        _refuse_website_calendar(document, meetings, origin)
        for index, entry in enumerate(meetings):
            where = f"{origin}: record {index + 1}"
            if isinstance(entry, dict) and "meeting" in entry:
                entry = entry["meeting"]
            yield read_meeting(entry, where)


class NotubizLive:
    """`GET /events?organisation_id=&date_from=&date_to=&page=` then `/events/meetings/{id}` per meeting.

    The cursor is the date from which the next sync starts: a week before the last run, because
    agendas change shortly before a meeting. Settings: `organisation_id` (required), `months_ahead`.
    """

    name = NAME

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        organisation_id = config.settings.get("organisation_id")
        if not organisation_id:
            raise SourceError("notubiz settings", "organisation_id is required")
        base = config.base_url or "https://api.notubiz.nl"
        today = dt.date.today()
        start = since or (dt.date.fromisoformat(cursor) if cursor else today - dt.timedelta(days=365))
        end = today + dt.timedelta(days=31 * int(config.settings.get("months_ahead", 12)))
        page = 1
        while True:
            url = client.url(
                base,
                "events",
                {
                    "organisation_id": organisation_id,
                    "date_from": f"{start:%Y-%m-%d} 00:00:00",
                    "date_to": f"{end:%Y-%m-%d} 23:59:59",
                    "page": page,
                    "format": "json",
                    "version": API_VERSION,
                },
            )
            listing = client.get_json(url)
            if not isinstance(listing, dict) or not isinstance(listing.get("events"), list):
                raise SourceError(url, 'expected {"events": [...]}')
            for event in listing["events"]:
                if not isinstance(event, dict) or event.get("type", "meeting") != "meeting":
                    continue
                if event.get("permission_group", "public") != "public":
                    continue
                detail_url = client.url(
                    base, f"events/meetings/{event.get('id')}", {"format": "json", "version": API_VERSION}
                )
                detail = client.get_json(detail_url)
                yield read_meeting(detail.get("meeting") if isinstance(detail, dict) else None, detail_url)
            pagination = listing.get("pagination") or {}
            if not (isinstance(pagination, dict) and pagination.get("has_more_pages")):
                break
            page += 1
            if page > MAX_PAGES:
                raise SourceError(url, f"more than {MAX_PAGES} pages of events: the listing does not end")
        yield CursorUpdate((today - dt.timedelta(days=7)).isoformat())
