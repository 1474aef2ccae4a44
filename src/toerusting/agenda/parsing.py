"""Small readers shared by the adapters: local times, JSON with line numbers, text fields."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from toerusting.agenda.records import GEANNULEERD, GEHOUDEN, GEPLAND, SourceError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a failed tag never rescans the next one
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


class FieldError(ValueError):
    """A field of a record is missing or wrong; the message names the field."""


def load_json(data: bytes, where: str) -> Any:
    """Parse a JSON document; a syntax error names the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where}:{exc.lineno}", f"not valid JSON: {exc.msg} (column {exc.colno})") from exc


def json_lines(data: bytes, where: str) -> list[tuple[int, Any]]:
    """Parse NDJSON into (line number, value) pairs; blank lines are skipped, a bad line is an error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise SourceError(f"{where}:{number}", f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    return rows


def local_datetime(value: object, field: str) -> dt.datetime:
    """A wall-clock time in the Netherlands ("2026-05-12 19:30:00", "2026-05-12T19:30") made aware."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"{field}: is required (a date and time such as 2026-05-12 19:30:00)")
    text = value.strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=AMSTERDAM)
        except ValueError:
            continue
    raise FieldError(f"{field}: {value!r} is not a date and time (YYYY-MM-DD HH:MM:SS)")


def iso_datetime(value: object, field: str) -> dt.datetime:
    """An ISO 8601 time; with an offset it is kept, without one it is Dutch wall-clock time."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"{field}: is required (an ISO 8601 date and time)")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise FieldError(f"{field}: {value!r} is not an ISO 8601 date and time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=AMSTERDAM)
    return parsed


def date_and_time(day: object, time: object, field: str) -> dt.datetime:
    """A separate date ("2026-05-12") and wall-clock time ("19:30"); no time means the start of the day."""
    if not isinstance(day, str) or not day.strip():
        raise FieldError(f"{field}: is required (a date such as 2026-05-12)")
    clock = time.strip() if isinstance(time, str) and time.strip() else "00:00"
    return local_datetime(f"{day.strip()[:10]} {clock[:5]}", field)


def text(value: object, field: str, *, required: bool = False) -> str:
    """A text field: numbers are accepted as text, None is empty; anything else is an error."""
    if value is None:
        if required:
            raise FieldError(f"{field}: is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(f"{field}: expected text, got {type(value).__name__}")
    result = str(value).strip()
    if required and not result:
        raise FieldError(f"{field}: is required")
    return result


def identifier(value: object, field: str) -> str:
    """A source id: text or a whole number, never empty."""
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise FieldError(f"{field}: is required (the source's id)")
    return str(value).strip()


def plain_text(value: str) -> str:
    """HTML as found in descriptions, turned into plain text with paragraph breaks."""
    if "<" not in value and "&" not in value:
        return value.strip()
    with_breaks = _BLOCK_END.sub("\n", value)
    stripped = html.unescape(_TAG.sub("", with_breaks))
    lines = [" ".join(line.split()) for line in stripped.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def mapping(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(f"{field}: expected an object")
    return value


def listing(value: object, field: str) -> list[Any]:
    """A list field; a missing (null) list is empty."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(f"{field}: expected a list")
    return value


def status_for(start: dt.datetime, *, cancelled: bool, now: dt.datetime | None = None) -> str:
    """Status for sources that only say whether a meeting is cancelled."""
    if cancelled:
        return GEANNULEERD
    return GEHOUDEN if start < (now or dt.datetime.now(tz=AMSTERDAM)) else GEPLAND
