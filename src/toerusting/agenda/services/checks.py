"""The checks every meeting passes before it is written, whatever its source (files, live sources, the
push API): one place for what the database must never hold.

- Links: only http and https URLs with a host are kept; any other link (`javascript:`, `data:`, a
  relative path) is dropped with a warning that names the meeting and the document.
- Dates: in the years 1900 to 2199 (parsing.MIN_YEAR, MAX_YEAR) and convertible to UTC;
  otherwise the meeting fails with the field named.
- Titles: at most TITLE_MAX_LENGTH (1,000) characters are stored as the item's title; a longer title is
  cut at a word and kept whole at the top of the description, with a warning.
- Agenda items nest at most MAX_ITEM_DEPTH (20) levels; text holds no NUL characters (PostgreSQL refuses
  them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from toerusting.agenda.parsing import FieldError, checked_moment
from toerusting.agenda.records import AgendaItemRecord, DocumentRecord, MeetingRecord
from toerusting.agenda.titles import TITLE_MAX_LENGTH

MAX_ITEM_DEPTH = 20
MAX_OFFSET = dt.timedelta(hours=14)
# A browser ignores tabs and newlines inside a URL ("java\tscript:"), so any white space or control
# character makes a link suspect; a safe link is http(s)://host... and nothing else.
_SAFE_URL = re.compile(r"https?://[^\s/?#@\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?", re.IGNORECASE)


_VALID_URL = URLValidator(schemes=["http", "https"])


def is_safe_url(url: str) -> bool:
    """An absolute http or https URL with a host, without white space or control characters, that the
    model's URLField accepts too (bulk writes skip field validation, so it is checked here)."""
    if len(url) > 1000 or _SAFE_URL.fullmatch(url) is None:
        return False
    try:
        _VALID_URL(url)
    except ValidationError:
        return False
    return True


def check_moment(value: dt.datetime, field: str) -> None:
    """Raise a ValidationError naming the field when the time cannot be stored or compared."""
    try:
        checked_moment(value, field, value.isoformat())
    except FieldError as exc:
        raise ValidationError({field: str(exc).removeprefix(f"{field}: ")}) from exc


def _text(value: str) -> str:
    return value.replace("\x00", "") if "\x00" in value else value


def _link(url: str, where: str, what: str, warnings: list[str]) -> str:
    url = _text(url).strip()
    if url and not is_safe_url(url):
        warnings.append(
            f"{where}: {what}: the link {url[:80]!r} is left out (only http and https links are kept)"
        )
        return ""
    return url


def _documents(documents: list[DocumentRecord], where: str, warnings: list[str]) -> list[DocumentRecord]:
    checked = []
    for document in documents:
        what = f"document {document.source_id} ({document.title[:80]})"
        checked.append(
            dataclasses.replace(
                document,
                source_id=_text(document.source_id),
                title=_text(document.title),
                url=_link(document.url, where, what, warnings),
                mime_type=_text(document.mime_type),
                text=_text(document.text),
            )
        )
    return checked


def _cut(title: str) -> str:
    head = title[: TITLE_MAX_LENGTH - 1]
    space = head.rfind(" ")
    if space > TITLE_MAX_LENGTH * 0.8:
        head = head[:space]
    return head.rstrip() + "\u2026"


def _items(items: list[AgendaItemRecord], where: str, warnings: list[str], depth: int) -> None:
    if items and depth >= MAX_ITEM_DEPTH:
        raise ValidationError({"items": f"agenda items are nested deeper than {MAX_ITEM_DEPTH} levels"})
    for item in items:
        item.source_id = _text(item.source_id)
        item.number = _text(item.number)
        item.title = _text(item.title)
        item.description = _text(item.description)
        if len(item.title) > TITLE_MAX_LENGTH:
            warnings.append(
                f"{where}: agenda item {item.source_id or item.number or '(no id)'}: the title has "
                f"{len(item.title)} characters; the first {TITLE_MAX_LENGTH} are the title, the whole "
                "title is kept in the description"
            )
            full = item.title
            item.title = _cut(full)
            item.description = f"{full}\n\n{item.description}".strip()
        item.documents = _documents(item.documents, where, warnings)
        _items(item.children, where, warnings, depth + 1)


def _storable_offset(value: dt.datetime) -> dt.datetime:
    # Real offsets lie within UTC-12 and UTC+14; PostgreSQL refuses more than 15:59. The moment is kept,
    # written in UTC.
    offset = value.utcoffset()
    return value.astimezone(dt.UTC) if offset is not None and abs(offset) > MAX_OFFSET else value


def check_record(record: MeetingRecord, warnings: list[str]) -> None:
    """Make the record safe to store, in place; warnings name what was changed. A ValidationError names
    the field that makes the meeting unfit to store."""
    check_moment(record.start, "start")
    record.start = _storable_offset(record.start)
    if record.end is not None:
        check_moment(record.end, "end")
        record.end = _storable_offset(record.end)
    record.source_id = _text(record.source_id)
    record.name = _text(record.name)
    record.location = _text(record.location)
    record.gremium_id = _text(record.gremium_id)
    record.gremium_name = _text(record.gremium_name)
    record.source_url = _link(record.source_url, record.where, "the meeting's link", warnings)
    record.documents = _documents(record.documents, record.where, warnings)
    _items(record.items, record.where, warnings, 0)
