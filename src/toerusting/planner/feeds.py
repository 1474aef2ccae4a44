"""iCalendar feeds of planned sessions, built with the icalendar library.

Every session keeps its UID for life; when it moves its SEQUENCE goes up and LAST-MODIFIED changes, so
calendar clients replace the old event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from toerusting.planner.models import PlannedSession, Signup

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


def invitation(signup: Signup, *, method: str, domain: str = "toerusting") -> bytes:
    """The member's invitation for the session of a sign-up list: METHOD:REQUEST for a place, CANCEL after
    signing off. The UID is the list's, stable for life; SEQUENCE is the sign-up's, which goes up with
    every change, so calendar apps update or remove the one event they have."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    signup_list = signup.signup_list
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Toerusting//Inschrijvingen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Amsterdam"))
    event = icalendar.Event()
    event.add("uid", f"inschrijving-{signup_list.uid}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(signup_list.starts_at, AMSTERDAM))
    event.add("dtend", timezone.localtime(signup_list.ends_at, AMSTERDAM))
    event.add("summary", signup_list.title)
    event.add("description", signup_list.item.summary)
    if signup_list.location:
        event.add("location", signup_list.location)
    event.add("sequence", signup.sequence)
    organizer = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = icalendar.vText(signup_list.organisation.name)
    event.add("organizer", organizer)
    if signup.user.email:
        attendee = icalendar.vCalAddress(f"mailto:{signup.user.email}")
        attendee.params["partstat"] = icalendar.vText("ACCEPTED" if method == "REQUEST" else "DECLINED")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
