"""GemeenteOplossingen (GO): `meetings` from `{base_url}/v1/` (a list) or `/v2/` (wrapped in
`{"result": {"meetings": [...]}}`).

A meeting has `date` ("YYYY-MM-DD", in v1 sometimes with a time) and `startTime` in Dutch wall-clock time,
`dmu{id, name}` (the committee), a flat list of `items` ordered by `sortorder`, and `canceled`/`inactive`.
Items without `sortorder` are kept, after the ordered ones in their array order (ORI dropped them). Document
links are built from the base URL: `{base_url}/v1/meetings/{meeting}/documents/{document}`.
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
    MeetingRecord,
    RecordProblem,
    SourceConfig,
    SourceError,
)

NAME = "go"


def _mime(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html": "text/html",
    }.get(extension, "")


class GoFormat:
    name = NAME

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url.rstrip("/")

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        document = p.load_json(data, origin)
        meetings = meetings_of(document, origin)
        for index, meeting in enumerate(meetings):
            yield self.read_meeting(meeting, f"{origin}: record {index + 1}")

    def _documents(self, raw: object, field: str, meeting_id: str) -> list[DocumentRecord]:
        documents = []
        for index, document in enumerate(p.listing(raw, field)):
            where = f"{field}[{index}]"
            document = p.mapping(document, where)
            document_id = p.identifier(document.get("id"), f"{where}.id")
            filename = p.text(document.get("filename"), f"{where}.filename")
            documents.append(
                DocumentRecord(
                    source_id=document_id,
                    title=p.text(document.get("title") or document.get("description"), f"{where}.title")
                    or filename
                    or "Document",
                    url=f"{self.base_url}/v1/meetings/{meeting_id}/documents/{document_id}"
                    if self.base_url
                    else "",
                    mime_type=_mime(filename),
                )
            )
        return documents

    def read_meeting(self, raw: object, where: str) -> Entry:
        try:
            meeting = p.mapping(raw, "meeting")
            meeting_id = p.identifier(meeting.get("id"), "id")
        except p.FieldError as exc:
            return RecordProblem(where, str(exc))
        where = f"{where} (meeting {meeting_id})"
        try:
            day = p.text(meeting.get("date"), "date", required=True)
            time = p.text(meeting.get("startTime"), "startTime") or (day[11:16] if len(day) > 10 else "")
            start = p.date_and_time(day, time, "date")
            end_time = p.text(meeting.get("endTime"), "endTime")
            end = p.date_and_time(day, end_time, "endTime") if end_time else None
            dmu = p.mapping(meeting.get("dmu") or {}, "dmu")
            items = []
            for index, item in enumerate(p.listing(meeting.get("items"), "items")):
                field = f"items[{index}]"
                item = p.mapping(item, field)
                order = item.get("sortorder")
                if order is not None and (isinstance(order, bool) or not isinstance(order, int | float)):
                    raise p.FieldError(f"{field}.sortorder: {order!r} is not a number")
                record = AgendaItemRecord(
                    source_id=p.identifier(item.get("id"), f"{field}.id"),
                    title=p.text(item.get("title"), f"{field}.title", required=True),
                    number=p.text(item.get("number"), f"{field}.number"),
                    description=p.plain_text(p.text(item.get("description"), f"{field}.description")),
                    documents=self._documents(item.get("documents"), f"{field}.documents", meeting_id),
                )
                items.append(((order is None, order or 0, index), record))
            cancelled = bool(meeting.get("canceled")) or bool(meeting.get("inactive"))
            return MeetingRecord(
                source=NAME,
                source_id=meeting_id,
                name=p.text(meeting.get("description"), "description")
                or p.text(dmu.get("name"), "dmu.name")
                or "Vergadering",
                start=start,
                end=end if end is None or end >= start else None,
                where=where,
                location=p.text(meeting.get("location"), "location"),
                status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False),
                gremium_id=p.text(dmu.get("id"), "dmu.id"),
                gremium_name=p.text(dmu.get("name"), "dmu.name"),
                items=[record for _, record in sorted(items, key=lambda pair: pair[0])],
                documents=self._documents(meeting.get("documents"), "documents", meeting_id),
            )
        except p.FieldError as exc:
            return RecordProblem(where, str(exc))


def meetings_of(document: Any, origin: str) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        result = document.get("result")
        if isinstance(result, dict) and isinstance(result.get("meetings"), list):
            return list(result["meetings"])
        if isinstance(document.get("meetings"), list):
            return list(document["meetings"])
    raise SourceError(origin, 'expected a list of GO meetings (v1) or {"result": {"meetings": [...]}} (v2)')


class GoLive:
    """`GET {base_url}/v2/meetings?date_from=&date_to=` (or v1 with unix seconds; setting `version`).

    The cursor is the date the next sync starts from (a week before the last run).
    """

    name = NAME

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        if not config.base_url:
            raise SourceError("go settings", "base_url is required (for example https://raad.example.nl/api)")
        version = str(config.settings.get("version", "v2"))
        today = dt.date.today()
        start = since or (dt.date.fromisoformat(cursor) if cursor else today - dt.timedelta(days=365))
        end = today + dt.timedelta(days=31 * int(config.settings.get("months_ahead", 12)))
        if version == "v1":
            params: dict[str, str | int] = {
                "date_from": int(dt.datetime.combine(start, dt.time(), tzinfo=p.AMSTERDAM).timestamp()),
                "date_to": int(dt.datetime.combine(end, dt.time(23, 59), tzinfo=p.AMSTERDAM).timestamp()),
            }
        else:
            params = {"date_from": start.isoformat(), "date_to": end.isoformat()}
        url = client.url(config.base_url, f"{version}/meetings", params)
        adapter = GoFormat(config.base_url)
        for index, meeting in enumerate(meetings_of(client.get_json(url), url)):
            yield adapter.read_meeting(meeting, f"{url}: record {index + 1}")
        yield CursorUpdate((today - dt.timedelta(days=7)).isoformat())
