"""iCalendar feeds (RFC 5545): meetings only, no agenda items.

Read with the `icalendar` library; recurring meetings (RRULE, RDATE, EXDATE, moved occurrences with
RECURRENCE-ID) are expanded with `recurring-ical-events` inside a window, and each occurrence gets its own
source id (`UID` plus the occurrence's start). Times with a TZID or in UTC keep their zone; floating times
and all-day dates are Dutch wall-clock time. `STATUS:CANCELLED` marks a cancelled meeting; `CATEGORIES`
(first value) is read as the gremium name; `URL` is the link at the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]

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


class ICalFormat:
    name = NAME

    def __init__(self, window_start: dt.date | None = None, window_end: dt.date | None = None) -> None:
        self.window_start = window_start
        self.window_end = window_end

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except (ValueError, IndexError, KeyError) as exc:
            raise SourceError(origin, f"not an iCalendar feed: {exc}") from exc
        if calendar.name != "VCALENDAR":
            raise SourceError(origin, f"expected a VCALENDAR, found {calendar.name}")
        events = list(calendar.walk("VEVENT"))
        for index, event in enumerate(events):
            if event.get("DTSTART") is None:
                yield RecordProblem(
                    f"{origin}: VEVENT {index + 1} ({_text(event, 'UID')})", "DTSTART: is required"
                )
        today = dt.date.today()
        starts = [_aware(e.decoded("DTSTART")) for e in events if e.get("DTSTART") is not None]
        window_start = self.window_start or (min(starts).date() if starts else today)
        window_end = self.window_end or today + dt.timedelta(days=730)
        try:
            occurrences = recurring_ical_events.of(calendar).between(window_start, window_end)
        except (ValueError, TypeError) as exc:
            raise SourceError(origin, f"the recurrence rules cannot be expanded: {exc}") from exc
        seen: dict[str, int] = {}
        for event in events:
            uid = _text(event, "UID")
            seen[uid] = seen.get(uid, 0) + (2 if event.get("RRULE") or event.get("RDATE") else 1)
        recurring = {uid for uid, count in seen.items() if count > 1}
        for event in occurrences:
            yield self._meeting(event, origin, recurring)

    def _meeting(self, event: Any, origin: str, recurring_uids: set[str]) -> Entry:
        uid = _text(event, "UID")
        where = f"{origin}: VEVENT {uid or '(no UID)'}"
        if not uid:
            return RecordProblem(where, "UID: is required (it identifies the meeting)")
        start = _aware(event.decoded("DTSTART"))
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
        summary = _text(event, "SUMMARY")
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
        yield from ICalFormat(window_start=window_start).parse(response.body, config.base_url)
        yield CursorUpdate(dt.date.today().isoformat())
