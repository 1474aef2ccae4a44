"""Parlaeus: JSON over GET at `https://<gemeente>.parlaeus.nl/receive/opendata?rid=<token>&fn=<function>`.

Shapes (from Open Raadsinformatie's Parlaeus extractor and transformer, openstate/open-raadsinformatie,
MIT): `fn=agenda_list&since=YYYYMMDD&until=YYYYMMDD` answers `{status, message, list[{agid, date, time,
last_change}]}`; `fn=agenda_detail&agid=…` answers `{"agenda": {agid, cmid, committeecode, title,
description, location, chairman, date "YYYYMMDD", time "HH:MM", endtime, cancelled, points[]}}`. Agenda
points (`{apid, number, title, text, type, level, documents[{dcid, link, title, number, type}]}`) form a
flat list; `level` (1 at the top) gives the nesting. Times are Dutch wall-clock time; an `endtime` of "0"
means none. Document links sometimes carry the site's host twice
("https://x.parlaeus.nlhttps://x.parlaeus.nl/…"); the second URL is the link.

Files: an agenda_detail answer, the bare agenda object (as Open Raadsinformatie stores it), or a list of
those. An agenda_list answer has no agendas and is refused with one message naming the call to use. The
per-site token `rid` never appears in messages.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from toerusting.agenda import parsing as p
from toerusting.agenda.http import FetchError, HttpClient
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

NAME = "parlaeus"
_DOUBLED_HOST = re.compile(r"^https?://[^/]*\.parlaeus\.nl(?=https?://)", re.IGNORECASE)
MAX_LEVEL = 20


def clean_link(link: str) -> str:
    """The link without a doubled host in front ("https://x.parlaeus.nlhttps://…")."""
    return _DOUBLED_HOST.sub("", link.strip())


def _documents(raw: object, field: str) -> list[DocumentRecord]:
    documents = []
    for index, document in enumerate(p.listing(raw, field)):
        where = f"{field}[{index}]"
        document = p.mapping(document, where)
        link = clean_link(p.text(document.get("link"), f"{where}.link"))
        path = urllib.parse.urlsplit(link).path.lower()
        documents.append(
            DocumentRecord(
                source_id=p.identifier(document.get("dcid"), f"{where}.dcid"),
                title=p.text(document.get("title"), f"{where}.title") or "Document",
                url=link,
                mime_type="application/pdf" if path.endswith(".pdf") else "",
            )
        )
    return documents


def _level(value: object, field: str) -> int:
    if value in (None, ""):
        return 1
    try:
        level = int(str(value).strip())
    except ValueError as exc:
        raise p.FieldError(f"{field}: {value!r} is not a whole number") from exc
    if not 1 <= level <= MAX_LEVEL:
        raise p.FieldError(f"{field}: {level} is not between 1 and {MAX_LEVEL}")
    return level


def _points(raw: object) -> list[AgendaItemRecord]:
    """The flat list of points as a tree: a point hangs under the last point before it of a lower level."""
    top: list[AgendaItemRecord] = []
    open_levels: list[tuple[int, AgendaItemRecord]] = []  # the chain of the last point on each level
    for index, point in enumerate(p.listing(raw, "points")):
        field = f"points[{index}]"
        point = p.mapping(point, field)
        number = p.text(point.get("number"), f"{field}.number")
        title = p.text(point.get("title"), f"{field}.title")
        record = AgendaItemRecord(
            source_id=p.identifier(point.get("apid"), f"{field}.apid"),
            # Parlaeus has untitled points (Open Raadsinformatie fills in "---niet ingevuld---").
            title=title or (f"Agendapunt {number}" if number else "Agendapunt zonder titel"),
            number=number,
            description=p.plain_text(p.text(point.get("text"), f"{field}.text")),
            documents=_documents(point.get("documents"), f"{field}.documents"),
        )
        level = _level(point.get("level"), f"{field}.level")
        while open_levels and open_levels[-1][0] >= level:
            open_levels.pop()
        (open_levels[-1][1].children if open_levels else top).append(record)
        open_levels.append((level, record))
    return top


def read_agenda(raw: object, where: str) -> Entry:
    """One Parlaeus agenda (the value of "agenda") as a record or a problem."""
    try:
        agenda = p.mapping(raw, "agenda")
        source_id = p.identifier(agenda.get("agid"), "agid")
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))
    where = f"{where} (agenda {source_id})"
    try:
        day = p.text(agenda.get("date"), "date", required=True)
        if not re.fullmatch(r"\d{8}", day):
            raise p.FieldError(f"date: {day!r} is not a date (YYYYMMDD)")
        iso_day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        start = p.date_and_time(iso_day, p.text(agenda.get("time"), "time"), "date")
        end_time = p.text(agenda.get("endtime"), "endtime")
        end = p.date_and_time(iso_day, end_time, "endtime") if end_time and end_time != "0" else None
        cancelled = str(agenda.get("cancelled") or "0").strip() not in ("0", "", "false", "False")
        committee = p.text(agenda.get("committeename"), "committeename") or p.text(
            agenda.get("committeecode"), "committeecode"
        )
        url = p.text(agenda.get("url"), "url")  # where it was read (Open Raadsinformatie adds it)
        return MeetingRecord(
            source=NAME,
            source_id=source_id,
            name=p.text(agenda.get("title"), "title") or committee or "Vergadering",
            start=start,
            end=end if end is None or end >= start else None,
            where=where,
            location=p.text(agenda.get("location"), "location"),
            status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False),
            gremium_id=p.text(agenda.get("cmid"), "cmid"),
            gremium_name=committee,
            source_url=meeting_page(url, source_id),
            items=_points(agenda.get("points")),
        )
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))


def meeting_page(api_url: str, agid: str) -> str:
    """The meeting's public page on the site the agenda was read from ('' when that is not known)."""
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc.lower().endswith(".parlaeus.nl"):
        return ""
    return f"{parts.scheme}://{parts.netloc}/user/agenda/action=view/ag={urllib.parse.quote(agid, safe='')}"


def _get(client: HttpClient, base: str, token: str, query: dict[str, str]) -> tuple[Any, str]:
    """GET with the token; errors and the returned name of the request never show the token."""
    shown = client.url(base, "", query)
    try:
        answer = client.get_json(client.url(base, "", {"rid": token, **query}))
    except FetchError as exc:
        raise FetchError(str(exc).replace(urllib.parse.quote_plus(token), "…").replace(token, "…")) from exc
    _check_status(answer, shown)
    return answer, shown


def _check_status(document: object, where: str) -> None:
    if isinstance(document, dict) and "status" in document and str(document["status"]) != "200":
        raise SourceError(
            where, f"Parlaeus answered status {document['status']}: {document.get('message') or '-'}"
        )


class ParlaeusFormat:
    name = NAME

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        document = p.load_json(data, origin)
        _check_status(document, origin)
        if isinstance(document, dict) and isinstance(document.get("list"), list):
            raise SourceError(
                origin,
                f"this is a Parlaeus agenda_list ({len(document['list'])} meetings by date, without "
                "agendas): fetch fn=agenda_detail&agid=<agid> for each meeting and import those answers, "
                "or set up a live Parlaeus source; nothing was imported",
            )
        if isinstance(document, dict) and "agenda" in document:
            agendas: list[Any] = [document]
        elif isinstance(document, dict) and "agid" in document:
            agendas = [document]
        elif isinstance(document, list):
            agendas = document
        else:
            raise SourceError(
                origin,
                'expected a Parlaeus agenda_detail answer ({"agenda": {...}}), an agenda or a list of them',
            )
        for index, entry in enumerate(agendas):
            if isinstance(entry, dict) and "agenda" in entry:
                _check_status(entry, f"{origin}: agenda {index + 1}")
                entry = entry["agenda"]
            yield read_agenda(entry, f"{origin}: agenda {index + 1}")


class ParlaeusLive:
    """`fn=agenda_list` over the window, then `fn=agenda_detail` for each meeting.

    Base URL: the site's open data address, e.g. `https://apeldoorn.parlaeus.nl/receive/opendata`.
    Settings: `rid` (required: the per-site token Parlaeus hands out), `months_ahead` (12). The cursor is
    the date the next sync starts from (a week before the last run).
    """

    name = NAME

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        token = str(config.settings.get("rid") or "").strip()
        if not config.base_url or not token:
            raise SourceError(
                "parlaeus settings",
                "the base URL (https://<gemeente>.parlaeus.nl/receive/opendata) and the setting rid "
                "are required",
            )
        today = dt.date.today()
        start = since or (dt.date.fromisoformat(cursor) if cursor else today - dt.timedelta(days=365))
        end = today + dt.timedelta(days=31 * int(config.settings.get("months_ahead", 12)))
        query = {"fn": "agenda_list", "since": f"{start:%Y%m%d}", "until": f"{end:%Y%m%d}"}
        listing, shown = _get(client, config.base_url, token, query)
        if not isinstance(listing, dict) or not isinstance(listing.get("list"), list):
            raise SourceError(shown, 'expected {"list": [...]} (agenda_list)')
        for index, meeting in enumerate(listing["list"]):
            agid = meeting.get("agid") if isinstance(meeting, dict) else None
            if not agid:
                yield RecordProblem(f"{shown}: list[{index}]", "agid: is required (the meeting's id)")
                continue
            detail, detail_shown = _get(
                client, config.base_url, token, {"fn": "agenda_detail", "agid": str(agid)}
            )
            agenda = detail.get("agenda") if isinstance(detail, dict) else None
            if isinstance(agenda, dict):
                agenda = {**agenda, "url": agenda.get("url") or detail_shown}
            yield read_agenda(agenda, detail_shown)
        yield CursorUpdate((today - dt.timedelta(days=7)).isoformat())
