"""iBabs: the public SOAP service `https://wcf.ibabs.eu/api/Public.svc` (WSDL port BasicHttpsBinding_IPublic).

Shapes (from Open Raadsinformatie's iBabs extractor and transformer, openstate/open-raadsinformatie, MIT):
`GetMeetingsByDateRange(Sitename, StartDate, EndDate, MetaDataOnly)` answers with `Status` ("OK"/"ERR"),
`Message` and `Meetings` of `iBabsMeeting{Id (a GUID), MeetingtypeId, MeetingDate (Dutch wall-clock
time), StartTime, EndTime, Location, Chairman, Explanation, MeetingItems, Documents}`. Agenda items
(`iBabsMeetingItem{Id, Features (the number, free text such as "1.4C"), Title, Explanation, Confidential,
Documents}`) form a flat list in agenda order. Documents are `iBabsDocument{Id, FileName, DisplayName,
Confidential, PublicDownloadURL, FileSize}`. A meeting's name is its meeting type's description
(`GetMeetingtypes`: `iBabsMeetingtype{Id, Description, Meetingtype}`); the meeting type is also the
gremium. Confidential items and documents are left out.

Files: the SOAP answer of GetMeetingsByDateRange as XML, or JSON in the same field names (a meeting, a
list of meetings, or `{"Meetings": ...}`), such as Open Raadsinformatie stores them (zeep's
`serialize_object`, with `Meetingtype` added; containers as `{"iBabsMeetingItem": [...]}` or plain
lists). XML with a DOCTYPE or entities is refused (no entity expansion).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

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

NAME = "ibabs"
BASE_URL = "https://wcf.ibabs.eu/api/Public.svc"
SOAP_ACTION = "http://tempuri.org/IPublic/{}"
NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
# Elements holding a list of iBabs objects, and the name of the objects in them.
_LISTS = {
    "Meetings": "iBabsMeeting",
    "MeetingItems": "iBabsMeetingItem",
    "Documents": "iBabsDocument",
    "Invitees": "iBabsUserBasic",
    "Attendees": "iBabsUserBasic",
    "Meetingtypes": "iBabsMeetingtype",
}
_MIME = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element(element: ET.Element) -> Any:
    """An iBabs object as a dict of its fields; lists for the known list elements; None for xsi:nil."""
    if element.get(NIL) == "true":
        return None
    children = list(element)
    name = _local(element.tag)
    if name in _LISTS:
        return [_element(child) for child in children]
    if not children:
        return (element.text or "").strip()
    return {_local(child.tag): _element(child) for child in children}


# What the answers of other iBabs operations hold, for the message that refuses them.
_OTHER_OPERATIONS = {
    "GetLists": " (the names of its registries, such as moties and toezeggingen)",
    "GetListEntry": " (one entry of a registry)",
    "GetListsEntriesByFilterRequest": " (entries of a registry)",
    "GetListEntryVotes": " (the votes on a registry entry)",
    "GetListEntryVotesByListEntryId": " (the votes on a registry entry)",
    "GetListReports": " (the reports of a registry)",
    "GetListReportDataSet": " (a report of a registry)",
    "GetMeetingtypes": " (the names of the meeting types)",
    "GetUsers": " (people)",
    "GetUser": " (a person)",
}


def _answered_operation(root: ET.Element) -> str:
    """The operation a SOAP envelope answers (`<GetListsResponse>` in its Body gives "GetLists"), or ""."""
    if _local(root.tag) != "Envelope":
        return ""
    body = next((e for e in root if _local(e.tag) == "Body"), None)
    response = next(iter(body), None) if body is not None else None
    name = _local(response.tag) if response is not None else ""
    return name.removesuffix("Response") if name.endswith("Response") else ""


def parse_soap(data: bytes, origin: str, operation: str) -> dict[str, Any]:
    """The `<operation>Result` of a SOAP answer as a dict; an ERR status is an error naming the message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise SourceError(origin, "the XML is not in UTF-8; an iBabs answer is")  # a DOCTYPE could hide
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise SourceError(origin, "the XML has a DOCTYPE or entities; an iBabs answer has neither")
    try:
        root = ET.fromstring(data)  # noqa: S314 (no DOCTYPE, so no entities to expand)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise SourceError(f"{origin}:{line}", f"not valid XML: {reason} (column {column + 1})") from exc
    result = next((e for e in root.iter() if _local(e.tag) == f"{operation}Result"), None)
    if result is None:
        answered = _answered_operation(root)
        if answered and answered != operation:
            raise SourceError(
                origin,
                f"this is iBabs' answer to {answered}{_OTHER_OPERATIONS.get(answered, '')}, not to "
                f"{operation}; import the answer of {operation}, which holds the meetings",
            )
        raise SourceError(
            origin,
            f"expected the SOAP answer of iBabs {operation} (a {operation}Result element); "
            f"found <{_local(root.tag)}>",
        )
    fields = _element(result)
    if not isinstance(fields, dict):
        fields = {}
    status = str(fields.get("Status") or "")
    if status and status.upper() != "OK":
        message = str(fields.get("Message") or "no message")
        raise SourceError(origin, f"iBabs answered {status}: {message}")
    return fields


def _objects(value: object, name: str, field: str) -> list[Any]:
    """A list field in either form: a plain list, `{"iBabsMeetingItem": [...]}`, or null."""
    if isinstance(value, dict) and set(value) <= {name}:
        value = value.get(name)
    if isinstance(value, dict):  # one object where a list of one was meant
        return [value]
    return p.listing(value, field)


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _documents(raw: object, field: str) -> list[DocumentRecord]:
    documents = []
    for index, document in enumerate(_objects(raw, "iBabsDocument", field)):
        where = f"{field}[{index}]"
        document = p.mapping(document, where)
        if _flag(document.get("Confidential")):
            continue
        filename = p.text(document.get("FileName"), f"{where}.FileName")
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        documents.append(
            DocumentRecord(
                source_id=p.identifier(document.get("Id"), f"{where}.Id"),
                title=p.text(document.get("DisplayName"), f"{where}.DisplayName") or filename or "Document",
                url=p.text(document.get("PublicDownloadURL"), f"{where}.PublicDownloadURL"),
                mime_type=_MIME.get(extension, ""),
            )
        )
    return documents


def _start(meeting: dict[str, Any]) -> tuple[dt.datetime, dt.datetime | None]:
    day = p.text(meeting.get("MeetingDate"), "MeetingDate", required=True)
    start_time = p.text(meeting.get("StartTime"), "StartTime")
    time = start_time or (day[11:16] if len(day) > 10 else "")
    start = p.date_and_time(day, time, "MeetingDate")
    end_time = p.text(meeting.get("EndTime"), "EndTime")
    end = p.date_and_time(day, end_time, "EndTime") if end_time else None
    return start, end if end is None or end >= start else None


def read_meeting(raw: object, where: str, meeting_types: dict[str, str] | None = None) -> Entry:
    """One iBabsMeeting (as a dict) as a record or a problem."""
    try:
        meeting = p.mapping(raw, "meeting")
        if isinstance(meeting.get("Meeting"), dict):  # ORI sometimes stores it wrapped
            meeting = meeting["Meeting"]
        source_id = p.identifier(meeting.get("Id"), "Id")
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))
    where = f"{where} (meeting {source_id})"
    try:
        start, end = _start(meeting)
        type_id = p.text(meeting.get("MeetingtypeId"), "MeetingtypeId")
        type_name = p.text(meeting.get("Meetingtype"), "Meetingtype") or (meeting_types or {}).get(
            type_id, ""
        )
        items = []
        for index, item in enumerate(
            _objects(meeting.get("MeetingItems"), "iBabsMeetingItem", "MeetingItems")
        ):
            field = f"MeetingItems[{index}]"
            item = p.mapping(item, field)
            if _flag(item.get("Confidential")):
                continue
            items.append(
                AgendaItemRecord(
                    source_id=p.identifier(item.get("Id"), f"{field}.Id"),
                    title=p.text(item.get("Title"), f"{field}.Title", required=True),
                    number=p.text(item.get("Features"), f"{field}.Features"),
                    description=p.plain_text(p.text(item.get("Explanation"), f"{field}.Explanation")),
                    documents=_documents(item.get("Documents"), f"{field}.Documents"),
                )
            )
        cancelled = _flag(meeting.get("Canceled")) or _flag(meeting.get("canceled"))
        return MeetingRecord(
            source=NAME,
            source_id=source_id,
            name=type_name or "Vergadering",
            start=start,
            end=end,
            where=where,
            location=p.text(meeting.get("Location"), "Location"),
            status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False),
            gremium_id=type_id,
            gremium_name=type_name,
            items=items,
            documents=_documents(meeting.get("Documents"), "Documents"),
        )
    except p.FieldError as exc:
        return RecordProblem(where, str(exc))


def _meetings_of(document: object, origin: str) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if "Meetings" in document:
            return _meeting_list(document["Meetings"], origin)
        if "Id" in document or "Meeting" in document:
            return [document]
    raise SourceError(
        origin,
        'expected iBabs meetings: the SOAP answer of GetMeetingsByDateRange, or JSON with "Meetings", '
        "a meeting or a list of meetings",
    )


class IbabsFormat:
    name = NAME

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        if data.lstrip()[:1] == b"<":
            result = parse_soap(data, origin, "GetMeetingsByDateRange")
            meetings = _meeting_list(result.get("Meetings"), origin)
        else:
            document = p.load_json(data, origin)
            if isinstance(document, dict) and str(document.get("Status") or "OK").upper() != "OK":
                raise SourceError(origin, f"iBabs answered {document['Status']}: {document.get('Message')}")
            meetings = _meetings_of(document, origin)
        for index, meeting in enumerate(meetings):
            yield read_meeting(meeting, f"{origin}: meeting {index + 1}")


def _meeting_list(value: object, where: str) -> list[Any]:
    try:
        return _objects(value, "iBabsMeeting", "Meetings")
    except p.FieldError as exc:
        raise SourceError(where, str(exc)) from exc


def _envelope(operation: str, parameters: dict[str, str]) -> bytes:
    body = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in parameters.items())
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        f'<{operation} xmlns="http://tempuri.org/">{body}</{operation}>'
        "</s:Body></s:Envelope>"
    ).encode()


class IbabsLive:
    """`GetMeetingtypes` (for the meetings' names) then `GetMeetingsByDateRange` over the window.

    Settings: `sitename` (required, as iBabs knows the council, e.g. "Utrecht"), `months_ahead` (12). The
    cursor is the date the next sync starts from (a week before the last run). iBabs answers only
    allow-listed IP addresses; an answer such as "IPaddress ... has no access to site ..." stops the sync
    with that message.
    """

    name = NAME

    def _call(
        self, client: HttpClient, url: str, operation: str, parameters: dict[str, str]
    ) -> dict[str, Any]:
        response = client.post(
            url,
            _envelope(operation, parameters),
            {
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": f'"{SOAP_ACTION.format(operation)}"',
                "Accept": "text/xml",
            },
        )
        return parse_soap(response.body, f"{url} ({operation})", operation)

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        sitename = str(config.settings.get("sitename") or "").strip()
        if not sitename:
            raise SourceError("ibabs settings", 'sitename is required (for example {"sitename": "Utrecht"})')
        url = config.base_url or BASE_URL
        today = dt.date.today()
        start = since or (dt.date.fromisoformat(cursor) if cursor else today - dt.timedelta(days=365))
        end = today + dt.timedelta(days=31 * int(config.settings.get("months_ahead", 12)))
        types = self._call(client, url, "GetMeetingtypes", {"Sitename": sitename})
        meeting_types = {}
        for index, meeting_type in enumerate(
            _objects(types.get("Meetingtypes"), "iBabsMeetingtype", "Meetingtypes")
        ):
            if isinstance(meeting_type, dict) and meeting_type.get("Id"):
                description = meeting_type.get("Description") or meeting_type.get("Meetingtype") or ""
                meeting_types[str(meeting_type["Id"])] = str(description)
            elif not isinstance(meeting_type, dict):
                raise SourceError(f"{url} (GetMeetingtypes)", f"Meetingtypes[{index}]: expected an object")
        result = self._call(
            client,
            url,
            "GetMeetingsByDateRange",
            {
                "Sitename": sitename,
                "StartDate": f"{start:%Y-%m-%d}T00:00:00",
                "EndDate": f"{end:%Y-%m-%d}T23:59:59",
                "MetaDataOnly": "false",
            },
        )
        where = f"{url} (GetMeetingsByDateRange {sitename})"
        for index, meeting in enumerate(_meeting_list(result.get("Meetings"), where)):
            yield read_meeting(meeting, f"{where}: meeting {index + 1}", meeting_types)
        yield CursorUpdate((today - dt.timedelta(days=7)).isoformat())
