"""Reads of agenda data, scoped to an organisation the user belongs to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from toerusting.agenda.models import AgendaItem, AgendaSource, Document, Meeting, MeetingStatus
from toerusting.organisations.selectors import AnyUser, get_organisation_for_user

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@dataclass
class MonthOfMeetings:
    month: dt.date
    meetings: list[Meeting]


@dataclass
class Calendar:
    organisation: Organisation
    upcoming: bool
    months: list[MonthOfMeetings]
    other_count: int


def meetings_in_organisation(organisation: Organisation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(organisation=organisation)
        .select_related("gremium", "source_gremium")
        .annotate(item_count=Count("agenda_items", filter=Q(agenda_items__is_heading=False)))
    )


def get_calendar_for_user(user: AnyUser, organisation: Organisation, *, upcoming: bool = True) -> Calendar:
    """Meetings by month: from today onward, soonest first; or the earlier ones, latest first."""
    organisation = get_organisation_for_user(user, organisation.slug)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = meetings_in_organisation(organisation)
    if upcoming:
        chosen = meetings.filter(start__gte=today).order_by("start", "pk")
        other = Meeting.objects.filter(organisation=organisation, start__lt=today)
    else:
        chosen = meetings.filter(start__lt=today).order_by("-start", "-pk")
        other = Meeting.objects.filter(organisation=organisation, start__gte=today)
    months: list[MonthOfMeetings] = []
    for meeting in chosen:
        local = timezone.localtime(meeting.start)
        month = dt.date(local.year, local.month, 1)
        if not months or months[-1].month != month:
            months.append(MonthOfMeetings(month, []))
        months[-1].meetings.append(meeting)
    return Calendar(organisation, upcoming, months, other.count())


def get_meeting_for_user(user: AnyUser, organisation: Organisation, meeting_id: int) -> Meeting:
    organisation = get_organisation_for_user(user, organisation.slug)
    try:
        return Meeting.objects.select_related("gremium", "source_gremium", "organisation").get(
            organisation=organisation, pk=meeting_id
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def get_meeting_of_member_organisation(organisation: Organisation, meeting_id: int) -> Meeting:
    """A meeting of an organisation the caller has already checked the user belongs to (the RIS tab's
    session lookup checks the member's current functie): one query, without checking membership again."""
    try:
        meeting = Meeting.objects.select_related("gremium").get(organisation=organisation, pk=meeting_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    meeting.organisation = organisation
    return meeting


@dataclass
class AgendaNode:
    item: AgendaItem
    heading_level: int
    documents: list[Document] = field(default_factory=list)
    children: list[AgendaNode] = field(default_factory=list)

    @property
    def title_was_cleaned(self) -> bool:
        return " ".join(self.item.original_title.split()) != self.item.title


@dataclass
class MeetingAgenda:
    nodes: list[AgendaNode]
    documents: list[Document]
    item_count: int


def agenda_of(meeting: Meeting) -> MeetingAgenda:
    """The meeting's agenda as a tree, in two queries (items in reading order, then all documents)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    documents = list(Document.objects.filter(meeting=meeting).order_by("agenda_item_id", "order", "pk"))
    nodes: dict[int, AgendaNode] = {}
    roots: list[AgendaNode] = []
    for item in items:
        parent = nodes.get(item.parent_id) if item.parent_id else None
        level = 3
        if parent is not None:
            level = parent.heading_level + (1 if parent.item.is_heading else 0)
        node = AgendaNode(item, min(level, 6))
        nodes[item.pk] = node
        (parent.children if parent is not None else roots).append(node)
    meeting_documents: list[Document] = []
    for document in documents:
        owner = nodes.get(document.agenda_item_id) if document.agenda_item_id else None
        (owner.documents if owner is not None else meeting_documents).append(document)
    return MeetingAgenda(roots, meeting_documents, sum(1 for item in items if not item.is_heading))


def items_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items in reading order (for matching and the RIS tab)."""
    return AgendaItem.objects.filter(meeting=meeting).order_by("position")


def texts_for_matching(meeting: Meeting) -> list[tuple[int, str, str]]:
    """(id, title, description) of the meeting's agenda items that are not headings, in reading order."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, is_heading=False)
        .order_by("position")
        .values_list("pk", "title", "description")
    )


def stored_meeting_keys(organisation: Organisation, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (source, source_id) the organisation has stored already, in one query."""
    wanted = set(keys)
    if not wanted:
        return set()
    found = Meeting.objects.filter(
        organisation=organisation,
        source__in={source for source, _ in wanted},
        source_id__in={source_id for _, source_id in wanted},
    ).values_list("source", "source_id")
    return {key for key in found if key in wanted}


def meeting_by_source(organisation: Organisation, source: str, source_id: str) -> Meeting | None:
    """A meeting by the id its source gave it (the RIS's own id), for the signed launch of the tab."""
    meetings = Meeting.objects.filter(organisation=organisation, source_id=source_id)
    if source:
        meetings = meetings.filter(source=source)
    return meetings.first()


def agenda_item_by_source(organisation: Organisation, source: str, source_id: str) -> AgendaItem | None:
    items = AgendaItem.objects.select_related("meeting").filter(
        meeting__organisation=organisation, source_id=source_id
    )
    if source:
        items = items.filter(meeting__source=source)
    return items.first()


def upcoming_meetings_for_user(
    user: AnyUser, organisation: Organisation, limit: int = 6
) -> QuerySet[Meeting]:
    """The next meetings of the organisation that are not cancelled."""
    organisation = get_organisation_for_user(user, organisation.slug)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        meetings_in_organisation(organisation)
        .filter(start__gte=today)
        .exclude(status="geannuleerd")
        .order_by("start", "pk")[:limit]
    )


def get_agenda_item_for_user(user: AnyUser, organisation: Organisation, item_id: int) -> AgendaItem:
    organisation = get_organisation_for_user(user, organisation.slug)
    try:
        return AgendaItem.objects.select_related("meeting__gremium", "meeting__source_gremium").get(
            meeting__organisation=organisation, pk=item_id
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


def organisations_with_meetings() -> QuerySet[Organisation]:
    """Organisations that have meetings (for system tasks such as re-matching, never for requests)."""
    from toerusting.organisations.selectors import all_organisations

    return all_organisations().filter(meetings__isnull=False).distinct()


@dataclass(frozen=True)
class SyncCounter:
    organisation: str
    source: str
    runs: int
    failures: int


def sync_counters() -> list[SyncCounter]:
    """Syncs run and failed per live agenda source, for monitoring (not scoped: operators only)."""
    rows = AgendaSource.objects.order_by("organisation__slug", "kind").values_list(
        "organisation__slug", "kind", "sync_runs", "sync_failures"
    )
    return [SyncCounter(*row) for row in rows]


# A live source that has not synced for this long needs the griffie's (or the operator's) attention.
SYNC_STALE_AFTER = dt.timedelta(days=2)


@dataclass(frozen=True)
class SyncProblem:
    source: AgendaSource
    never_synced: bool
    stale: bool
    failures: int


def sync_problems_for_user(user: AnyUser, organisation: Organisation) -> list[SyncProblem]:
    """The organisation's active agenda sources that never synced, have not synced for two days, or whose
    syncs failed (for the griffie's home page). One query."""
    organisation = get_organisation_for_user(user, organisation.slug)
    now = timezone.now()
    problems = []
    for source in AgendaSource.objects.filter(organisation=organisation, active=True).order_by("kind"):
        never = source.last_synced_at is None
        stale = (
            not never and source.last_synced_at is not None and now - source.last_synced_at > SYNC_STALE_AFTER
        )
        if never or stale or source.sync_failures:
            problems.append(SyncProblem(source, never, stale, source.sync_failures))
    return problems


def items_in_meetings(meeting_ids: list[int]) -> QuerySet[AgendaItem]:
    """The agenda items (not headings) of these meetings, for counts across meetings."""
    return AgendaItem.objects.filter(meeting_id__in=meeting_ids, is_heading=False)


def meeting_days(organisation_ids: list[int], start: dt.date, end: dt.date) -> set[tuple[int, dt.date]]:
    """(organisation id, local day) of every meeting that is not cancelled, from start up to end
    (exclusive), in one query: for planning around the councils' own meetings."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    rows = (
        Meeting.objects.filter(organisation_id__in=organisation_ids, start__gte=low, start__lt=high)
        .exclude(status=MeetingStatus.GEANNULEERD)
        .values_list("organisation_id", "start")
    )
    return {(org_id, timezone.localtime(start, tz).date()) for org_id, start in rows}


def meeting_in_organisation(organisation: Organisation, meeting_id: int) -> Meeting | None:
    """A meeting by our id, only within this organisation (for a launch that names it)."""
    return Meeting.objects.filter(organisation=organisation, pk=meeting_id).first()


def agenda_item_in_organisation(organisation: Organisation, item_id: int) -> AgendaItem | None:
    """An agenda item by our id, only within this organisation (for a launch that names it)."""
    return (
        AgendaItem.objects.select_related("meeting")
        .filter(meeting__organisation=organisation, pk=item_id)
        .first()
    )


def upcoming_meetings_in_organisation(organisation: Organisation, limit: int = 12) -> QuerySet[Meeting]:
    """The next meetings of the organisation that are not cancelled, soonest first (no user needed: for
    a platform that asks which meetings it may link to)."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        meetings_in_organisation(organisation)
        .filter(start__gte=today)
        .exclude(status="geannuleerd")
        .order_by("start", "pk")[:limit]
    )
