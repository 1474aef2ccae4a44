"""iCalendar feeds of planned sessions, built with the icalendar library.

Every session keeps its UID for life; when it moves its SEQUENCE goes up and LAST-MODIFIED changes, so
calendar clients replace the old event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from toerusting.planner.models import PlannedSession

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def calendar_for(
    name: str,
    sessions: Iterable[PlannedSession],
    *,
    domain: str = "toerusting",
    url_for: Callable[[PlannedSession], str] | None = None,
) -> bytes:
    """The calendar named `name` with these sessions. Each event has the session's place (the activity's
    own, else the plan's usual place) and, with `url_for`, the address of the session's page."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Toerusting//Termijnplanner//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Amsterdam"))
    for session in sessions:
        activity = session.activity
        event = icalendar.Event()
        event.add("uid", f"{session.uid}@{domain}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(session.starts_at, AMSTERDAM))
        event.add("dtend", timezone.localtime(session.ends_at, AMSTERDAM))
        event.add("summary", f"{activity.title} ({session.number}/{activity.sessions})")
        event.add("description", activity.item.summary)
        location = activity.location or activity.plan.usual_location
        if location:
            event.add("location", location)
        if url_for is not None:
            event.add("url", url_for(session))
        event.add("sequence", session.sequence)
        event.add("last-modified", session.updated_at)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
