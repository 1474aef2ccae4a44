"""Small readers shared by the adapters: local times, JSON with line numbers, text fields."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from toerusting.agenda.records import GEANNULEERD, GEHOUDEN, GEPLAND, SourceError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a failed tag never rescans the next one
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


class FieldError(ValueError):
    """A field of a record is missing or wrong; the message names the field."""


# JSON nesting deeper than this is refused before parsing: real exports nest under 20 levels, and deep
# nesting is what makes a parser (or the code that walks the result) recurse without end.
MAX_JSON_DEPTH = 64
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def check_json_depth(text: str, where: str) -> None:
    """Raise a SourceError when arrays and objects nest deeper than MAX_JSON_DEPTH (one linear pass)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        symbol = match.group()
        if symbol in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise SourceError(
                    f"{where}:{line}", f"JSON nested deeper than {MAX_JSON_DEPTH} levels; nothing is read"
                )
        elif symbol in ("]", "}"):
            depth -= 1


def json_text(data: bytes, where: str) -> str:
    """UTF-8 text (a byte order mark is allowed); invalid bytes are an error that names the byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"{where}:{line}", f"not UTF-8 text ({exc.reason}: byte 0x{data[exc.start]:02X} at {exc.start})"
        ) from exc


def parse_json_text(text: str, where: str) -> Any:
    """json.loads after the nesting check; a syntax error (JSONDecodeError) is left to the caller."""
    check_json_depth(text, where)
    return json.loads(text)


def load_json(data: bytes, where: str) -> Any:
    """Parse a JSON document; a syntax error names the line and column."""
    text = json_text(data, where)
    if not text.strip():
        raise SourceError(where, "the file is empty (expected JSON)")
    try:
        return parse_json_text(text, where)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where}:{exc.lineno}", f"not valid JSON: {exc.msg} (column {exc.colno})") from exc


def json_lines(data: bytes, where: str) -> list[tuple[int, Any]]:
    """Parse NDJSON into (line number, value) pairs; blank lines are skipped, a bad line is an error."""
    text = json_text(data, where)
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, parse_json_text(line, f"{where}:{number}")))
        except json.JSONDecodeError as exc:
            raise SourceError(f"{where}:{number}", f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    return rows


# Meetings are dated between these years (local time); anything else is a typing error in the source (and
# a year 1 or 9999 with an offset cannot even be converted to UTC).
MIN_YEAR, MAX_YEAR = 1900, 2199


def checked_moment(moment: dt.datetime, field: str, value: object) -> dt.datetime:
    """The aware time, if it can be converted to UTC and its year is between MIN_YEAR and MAX_YEAR."""
    try:
        moment.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise FieldError(f"{field}: {value!r} cannot be converted to UTC") from exc
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise FieldError(f"{field}: {value!r} is not between the years {MIN_YEAR} and {MAX_YEAR}")
    return moment


def local_datetime(value: object, field: str) -> dt.datetime:
    """A wall-clock time in the Netherlands ("2026-05-12 19:30:00", "2026-05-12T19:30") made aware."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"{field}: is required (a date and time such as 2026-05-12 19:30:00)")
    text = value.strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            parsed = dt.datetime.strptime(text, pattern).replace(tzinfo=AMSTERDAM)
        except ValueError:
            continue
        return checked_moment(parsed, field, value)
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
    return checked_moment(parsed, field, value)


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


T = TypeVar("T")


def _number_key(number: str) -> str:
    return " ".join(number.split()).rstrip(".:").casefold()


def in_source_order(siblings: Sequence[tuple[float | None, str, T]]) -> list[T]:
    """Siblings (order, number, item) in the source's order: the ones with an order sorted by it, the ones
    without keep their place. Real agendas (Notubiz) mix both: an item without an order goes right after
    the ordered sibling with the same number (a repeated "3. Vaststellen agenda"), else right after the
    item before it in the source's list; only one that opens the list stays first."""
    known = sorted(
        (index for index, (order, _, _) in enumerate(siblings) if order is not None),
        key=lambda index: (siblings[index][0], index),
    )
    by_number = {_number_key(siblings[index][1]): index for index in known if siblings[index][1].strip()}
    after: dict[int | None, list[int]] = {}
    for index, (order, number, _) in enumerate(siblings):
        if order is not None:
            continue
        anchor = by_number.get(_number_key(number)) if number.strip() else None
        if anchor is None and index > 0:
            anchor = index - 1
        after.setdefault(anchor, []).append(index)
    result: list[T] = []
    # Iteratively, so that a long run of unordered siblings cannot exhaust the stack.
    stack = list(reversed(after.get(None, [])))
    for root in [None, *known]:
        if root is not None:
            stack = [root]
        while stack:
            index = stack.pop()
            result.append(siblings[index][2])
            stack.extend(reversed(after.get(index, [])))
    return result


def status_for(start: dt.datetime, *, cancelled: bool, now: dt.datetime | None = None) -> str:
    """Status for sources that only say whether a meeting is cancelled."""
    if cancelled:
        return GEANNULEERD
    return GEHOUDEN if start < (now or dt.datetime.now(tz=AMSTERDAM)) else GEPLAND
