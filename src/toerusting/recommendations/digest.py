"""The weekly digest: before the council's meetings of the coming week, what to prepare, in a few minutes'
read. Composed here, where the stored recommendations are read (through the selectors, with curation and
the member's roles applied), and sent through notifications, only to members who opted in.

`send_weekly_digests` runs from the periodic job "weekly_digest" (settings.PERIODIC_TASKS) every hour; it
sends from DIGEST_WEEKDAY at DIGEST_HOUR (Europe/Amsterdam) for the week that starts the next Monday, and
never twice for one week and member (the delivery key is the week), however often or late it runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from toerusting.agenda import selectors as agenda_selectors
from toerusting.notifications import services as notification_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.recommendations import selectors

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ITEMS_PER_MEETING = 3


def digest_week(now: dt.datetime) -> dt.date | None:
    """The Monday of the week the digest is due for at `now`, or None before the sending moment."""
    local = now.astimezone(AMSTERDAM)
    monday = local.date() - dt.timedelta(days=local.weekday())
    moment = dt.datetime.combine(
        monday + dt.timedelta(days=settings.DIGEST_WEEKDAY), dt.time(settings.DIGEST_HOUR), AMSTERDAM
    )
    if local < moment:
        return None
    return monday + dt.timedelta(days=7)


@dataclass
class MeetingDigest:
    meeting: Meeting
    url: str
    items: list[selectors.Suggestion]
    minutes: int


@dataclass
class OrganisationDigest:
    organisation: Organisation
    meetings: list[MeetingDigest] = field(default_factory=list)


def compose(user: object, week_start: dt.date) -> list[OrganisationDigest]:
    """Per organisation of the member, the meetings of the week (of the member's gremia) with up to three
    short items each that the member has not done yet."""
    start = dt.datetime.combine(week_start, dt.time(0), AMSTERDAM)
    end = start + dt.timedelta(days=7)
    digests = []
    for membership in organisation_selectors.memberships_for_user(user):  # type: ignore[arg-type]
        organisation = membership.organisation
        week = [
            meeting
            for meeting in agenda_selectors.upcoming_meetings_for_user(user, organisation, 20)  # type: ignore[arg-type]
            if start <= meeting.start < end
        ]
        # The meetings of the gremia the member sits in (as on the home page); else all of the week.
        bodies = {functie.body_id for functie in membership.functies}
        meetings = [meeting for meeting in week if meeting.gremium_id in bodies] or week
        if not meetings:
            continue
        digest = OrganisationDigest(organisation)
        for meeting in meetings:
            preparation = selectors.preparation_for_meeting(user, meeting)  # type: ignore[arg-type]
            todo = [s for s in preparation.preparation_items if not s.completed][:ITEMS_PER_MEETING]
            url = notification_services.absolute_url(
                reverse(
                    "recommendations:meeting", kwargs={"org": organisation.slug, "meeting_id": meeting.pk}
                )
            )
            digest.meetings.append(
                MeetingDigest(meeting, url, todo, sum(s.item.duration_minutes or 0 for s in todo))
            )
        digests.append(digest)
    return digests


def send_weekly_digests(now: dt.datetime) -> int:
    """Send the digest to every member who opted in and has meetings in the coming week; how many sent."""
    week_start = digest_week(now)
    if week_start is None:
        return 0
    user_ids: set[int] = set()
    for organisation in organisation_selectors.all_organisations():
        user_ids |= organisation_selectors.member_user_ids(organisation)
    receivers = notification_services.subscribed_user_ids(notification_services.Kind.DIGEST, user_ids)
    sent = 0
    for user in get_user_model().objects.filter(pk__in=receivers, is_active=True).order_by("pk"):
        digests = compose(user, week_start)
        if not digests:
            continue
        if notification_services.send(
            notification_services.Kind.DIGEST,
            user.pk,
            template="recommendations/email/digest",
            context={
                "digests": digests,
                "week_start": week_start,
                "prepare_url": notification_services.absolute_url(reverse("recommendations:prepare")),
            },
            key=f"week-{week_start.isoformat()}",
        ):
            sent += 1
    return sent
