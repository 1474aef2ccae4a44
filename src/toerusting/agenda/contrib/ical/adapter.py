"""iCalendar feeds (RFC 5545): meetings only, no agenda items.

Read with the `icalendar` library; recurring meetings (RRULE, RDATE, EXDATE, moved occurrences with
RECURRENCE-ID) are expanded with `recurring-ical-events` inside a window, and each occurrence gets its own
source id (`UID` plus the occurrence's start). Times with a TZID or in UTC keep their zone; floating times
and all-day dates are Dutch wall-clock time. `STATUS:CANCELLED` marks a cancelled meeting; `CATEGORIES`
(first value) is read as the gremium name; `URL` is the link at the source. An event without a `UID` (RFC
5545 requires one, real feeds lack it) gets an id derived from its start, its `SUMMARY` and the calendar's
name (`X-WR-CALNAME`, else `PRODID`), with a warning: the same event keeps the same id on every import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import warnings
from collections.abc import Iterator
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from dateutil import rrule as dateutil_rrule  # type: ignore[import-untyped]

from toerusting.agenda import parsing as p
from toerusting.agenda.http import HttpClient
from toerusting.agenda.records import (
    GEANNULEERD,
    CursorUpdate,
    Entry,
    LiveEntry,
    MeetingRecord,
    RecordProblem,
    SourceConfig,
    SourceError,
)

NAME = "ical"


def _aware(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=p.AMSTERDAM)
    return dt.datetime.combine(value, dt.time(), tzinfo=p.AMSTERDAM)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if hasattr(value, "cats"):  # CATEGORIES
        return str(value.cats[0]) if value.cats else ""
    return " ".join(str(value).split())


# Limits on recurrence (docs/integration/sources.md): the window in which recurring meetings are
# expanded, the occurrences one event may have in it, the meetings one feed may give, and the steps spent
# on one rule. Councils meet weekly at most; a rule that repeats more often than daily is refused.
MAX_WINDOW_DAYS = 1827  # 5 years
DEFAULT_DAYS_BACK = 1096  # without --from: from the earliest DTSTART, but at most 3 years back
DEFAULT_DAYS_AHEAD = 730
MAX_OCCURRENCES_PER_EVENT = 500
MAX_MEETINGS_PER_FEED = 5000
MAX_RULE_STEPS = 100_000
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY"}
# What icalendar and recurring-ical-events raise on malformed input (a parameter given twice, a value of
# the wrong type): all of it means "this feed cannot be read", never a crash.
LIBRARY_ERRORS = (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError)
DATE_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def decode_feed(data: bytes, origin: str, charset: str = "") -> bytes:
    """The feed as UTF-8 bytes. RFC 5545 feeds are UTF-8; a feed in another charset is decoded by the
    charset its server declares (Content-Type), else refused with the line and byte named."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError as exc:
        if charset and charset.lower().replace("_", "-") not in {"utf-8", "utf8"}:
            try:
                return data.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"{origin}:{line}",
            f"not UTF-8 text (byte 0x{data[exc.start]:02X}); iCalendar feeds are UTF-8 (RFC 5545): "
            "save the file as UTF-8",
        ) from exc


_UNTIL_IN_UTC = re.compile(r"(UNTIL=\d{8}(?:T\d{6})?)Z")


def _rule(text: str, start: dt.datetime) -> tuple[Any, dt.datetime]:
    """The rule expanded from the start (and the start it is counted from). When UNTIL and DTSTART disagree
    on having a zone (a date UNTIL with a zoned start, as real feeds write it), count in wall-clock time."""
    with warnings.catch_warnings():
        # COUNT with UNTIL (real feeds have both) is deprecated in dateutil; it is read, not refused.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return dateutil_rrule.rrulestr(text, dtstart=start), start
        except ValueError as exc:
            if "UNTIL" not in str(exc):
                raise
        naive = start.replace(tzinfo=None)
        return dateutil_rrule.rrulestr(_UNTIL_IN_UTC.sub(r"\1", text), dtstart=naive), naive


def _rule_problem(event: Any, start: dt.datetime, window: tuple[dt.datetime, dt.datetime]) -> str:
    """Why the event's RRULE cannot be expanded within the limits, or "" when it can."""
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        frequency = str((rule.get("FREQ") or [""])[0]).upper()
        if frequency in REFUSED_FREQUENCIES:
            return f"RRULE: FREQ={frequency} repeats more often than daily; meetings repeat daily at most"
        text = rule.to_ical().decode()
        try:
            expanded, counted_from = _rule(text, start)
            first, last = window
            if counted_from.tzinfo is None:
                first, last = (moment.replace(tzinfo=None) for moment in window)
            in_window = 0
            for step, moment in enumerate(itertools.islice(iter(expanded), MAX_RULE_STEPS + 1)):
                if moment > last:
                    break
                if moment >= first:
                    in_window += 1
                if in_window > MAX_OCCURRENCES_PER_EVENT:
                    return (
                        f"RRULE: {text} gives more than {MAX_OCCURRENCES_PER_EVENT} meetings between "
                        f"{window[0]:%Y-%m-%d} and {window[1]:%Y-%m-%d}"
                    )
                if step == MAX_RULE_STEPS:
                    return f"RRULE: {text} needs more than {MAX_RULE_STEPS} steps to reach the window"
        except (ValueError, TypeError, OverflowError) as exc:
            return f"RRULE: {text} cannot be read ({exc})"
    return ""


def _calendar_name(calendar: Any) -> str:
    return _text(calendar, "X-WR-CALNAME") or _text(calendar, "PRODID")


def derived_uid(start: dt.date | dt.datetime, summary: str, calendar_name: str) -> str:
    """A stable id for an event without UID: from its start (in UTC), its summary and the calendar's name."""
    moment = start.astimezone(dt.UTC).isoformat() if isinstance(start, dt.datetime) else start.isoformat()
    digest = hashlib.sha256("\x1f".join((moment, summary, calendar_name)).encode()).hexdigest()[:24]
    return f"no-uid-{digest}"


class ICalFormat:
    name = NAME

    def __init__(self, window_start: dt.date | None = None, window_end: dt.date | None = None) -> None:
        self.window_start = window_start
        self.window_end = window_end

    def _window(self, starts: list[dt.datetime], origin: str) -> tuple[dt.date, dt.date]:
        today = dt.date.today()
        window_end = self.window_end or today + dt.timedelta(days=DEFAULT_DAYS_AHEAD)
        earliest = window_end - dt.timedelta(days=DEFAULT_DAYS_BACK + DEFAULT_DAYS_AHEAD)
        window_start = self.window_start or max(min(starts).date() if starts else today, earliest)
        if window_end < window_start:
            raise SourceError(origin, f"the window ends ({window_end}) before it starts ({window_start})")
        if (window_end - window_start).days > MAX_WINDOW_DAYS:
            raise SourceError(
                origin,
                f"the window {window_start} to {window_end} is longer than {MAX_WINDOW_DAYS} days: "
                "give --from and --until closer together",
            )
        return window_start, window_end

    def _problem(self, event: Any, origin: str, index: int) -> str:
        """Why this VEVENT cannot be read, or "" when it can (dates and time zones only)."""
        for name, error in getattr(event, "errors", []):
            if name in DATE_PROPERTIES:
                return f"{name}: {error}"
        if event.get("DTSTART") is None:
            return "DTSTART: is required"
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            prop = event.get(name)
            if prop is None:
                continue
            try:
                value = event.decoded(name)
            except LIBRARY_ERRORS as exc:
                return f"{name}: cannot be read ({exc})"
            if not isinstance(value, dt.date):
                return f"{name}: {str(value)[:80]!r} is not a date or a date and time"
            tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
            if tzid and isinstance(value, dt.datetime) and value.tzinfo is None:
                return (
                    f"{name}: TZID {tzid!r} is not a known time zone (no VTIMEZONE for it, not an IANA name)"
                )
            try:
                p.checked_moment(_aware(value), name, str(prop.to_ical().decode()))
            except p.FieldError as exc:
                return str(exc)
        return ""

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        data = decode_feed(data, origin)
        if not data.strip():
            raise SourceError(origin, "the file is empty (expected an iCalendar feed)")
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except LIBRARY_ERRORS as exc:
            raise SourceError(origin, f"not an iCalendar feed: {exc}") from exc
        if calendar.name != "VCALENDAR":
            raise SourceError(origin, f"expected a VCALENDAR, found {calendar.name}")
        events = list(calendar.walk("VEVENT"))
        if not events:
            raise SourceError(origin, "the calendar has no VEVENT: there is no meeting to read")
        readable = []
        for index, event in enumerate(events):
            problem = self._problem(event, origin, index)
            if problem:
                yield RecordProblem(
                    f"{origin}: VEVENT {index + 1} (UID {_text(event, 'UID') or '-'})", problem
                )
            else:
                readable.append(event)
        starts = [_aware(e.decoded("DTSTART")) for e in readable]
        window_start, window_end = self._window(starts, origin)
        window = (
            dt.datetime.combine(window_start, dt.time(), tzinfo=p.AMSTERDAM),
            dt.datetime.combine(window_end, dt.time.max, tzinfo=p.AMSTERDAM),
        )
        refused: set[str] = set()
        for index, event in enumerate(readable):
            if event.get("RRULE") is None:
                continue
            problem = _rule_problem(event, _aware(event.decoded("DTSTART")), window)
            if problem:
                uid = _text(event, "UID")
                refused.add(uid)
                yield RecordProblem(f"{origin}: VEVENT {index + 1} (UID {uid or '-'})", problem)
        # Every occurrence of a refused series goes, its moved occurrences (RECURRENCE-ID) too.
        calendar.subcomponents = [
            c
            for c in calendar.subcomponents
            if c.name != "VEVENT" or (c in readable and _text(c, "UID") not in refused)
        ]
        try:
            occurrences = recurring_ical_events.of(calendar).between(window_start, window_end)
        except LIBRARY_ERRORS as exc:
            raise SourceError(origin, f"the recurrence rules cannot be expanded: {exc}") from exc
        if len(occurrences) > MAX_MEETINGS_PER_FEED:
            raise SourceError(
                origin,
                f"{len(occurrences)} meetings between {window_start} and {window_end}, more than the "
                f"{MAX_MEETINGS_PER_FEED} one feed may give: import a shorter window (--from, --until)",
            )
        seen: dict[str, int] = {}
        for event in readable:
            uid = _text(event, "UID")
            seen[uid] = seen.get(uid, 0) + (2 if event.get("RRULE") or event.get("RDATE") else 1)
        recurring = {uid for uid, count in seen.items() if count > 1}
        if not occurrences and not (len(readable) < len(events) or refused):
            raise SourceError(origin, f"no meeting between {window_start} and {window_end} (--from, --until)")
        recurring.discard("")  # events without UID get an id from their own start
        calendar_name = _calendar_name(calendar)
        ids: set[str] = set()
        for event in occurrences:
            yield self._meeting(event, origin, recurring, calendar_name, ids)

    def _meeting(
        self, event: Any, origin: str, recurring_uids: set[str], calendar_name: str, ids: set[str]
    ) -> Entry:
        uid = _text(event, "UID")
        start = _aware(event.decoded("DTSTART"))
        summary = _text(event, "SUMMARY")
        warnings: list[str] = []
        if not uid:
            uid = derived_uid(start, summary, calendar_name)
            warnings.append(
                f"{origin}: VEVENT {summary[:80]!r} at {start:%Y-%m-%d %H:%M} has no UID (RFC 5545 requires "
                f"one): its id {uid} is derived from its start, SUMMARY and the calendar's name"
            )
        where = f"{origin}: VEVENT {uid}"
        end = _aware(event.decoded("DTEND")) if event.get("DTEND") is not None else None
        if end is not None and end <= start:
            end = None  # no DTEND: the library gives the start again
        # Occurrences of a recurring meeting need ids of their own: the UID and the original start.
        if uid in recurring_uids:
            original = event.get("RECURRENCE-ID")
            moment = _aware(original.dt) if original is not None else start
            source_id = f"{uid}@{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
        else:
            source_id = uid
        if source_id in ids:
            # A change to "this and all later" occurrences (RECURRENCE-ID;RANGE=THISANDFUTURE) gives them
            # one RECURRENCE-ID: then each occurrence's own start tells them apart.
            source_id = f"{uid}@{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
            if source_id in ids:
                return RecordProblem(
                    where, f"another occurrence has the same UID and start ({start:%Y-%m-%d %H:%M}); left out"
                )
        ids.add(source_id)
        if not summary:
            return RecordProblem(where, "SUMMARY: is required (the meeting's name)")
        cancelled = _text(event, "STATUS").upper() == "CANCELLED"
        url = _text(event, "URL")
        return MeetingRecord(
            source=NAME,
            source_id=source_id,
            name=summary,
            start=start,
            end=end if end is None or end >= start else None,
            where=f"{origin}: VEVENT {source_id}",
            location=_text(event, "LOCATION"),
            status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False),
            gremium_name=_text(event, "CATEGORIES"),
            source_url=url if url.startswith(("https://", "http://")) else "",
            warnings=warnings,
        )


class ICalLive:
    """Fetch the feed at the source's base URL; the whole feed is read each time (no cursor)."""

    name = NAME

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        if not config.base_url:
            raise SourceError("ical settings", "base_url is required (the feed's URL)")
        response = client.get(config.base_url, {"Accept": "text/calendar"})
        window_start = since or dt.date.today() - dt.timedelta(days=365)
        charset = response.header("content-type").partition("charset=")[2].split(";")[0].strip(' "')
        body = decode_feed(response.body, config.base_url, charset)
        yield from ICalFormat(window_start=window_start).parse(body, config.base_url)
        yield CursorUpdate(dt.date.today().isoformat())
