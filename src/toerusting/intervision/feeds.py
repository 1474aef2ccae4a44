"""The iCalendar file of a group's meetings (for its members only). The UID of a meeting is stable: the
group's id and the meeting's number."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from toerusting.intervision import methods
from toerusting.intervision.models import Group, GroupMeeting

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def calendar_for(
    name: str, group: Group, meetings: list[GroupMeeting], *, domain: str = "toerusting"
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Toerusting//Intervisie//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Amsterdam"))
    scripts = methods.scripts()
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"intervisie-{group.pk}-{meeting.number}@{domain}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(meeting.starts_at, AMSTERDAM))
        event.add("dtend", timezone.localtime(meeting.ends_at, AMSTERDAM))
        event.add("summary", f"{name} ({meeting.number}/{len(meetings)}): {scripts[meeting.method].name}")
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
