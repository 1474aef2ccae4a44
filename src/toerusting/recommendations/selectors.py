"""Reads for the tab and the "Voorbereiden" page: stored recommendations with curation applied.

A meeting of any size costs a fixed number of queries: the agenda items with their analysis, the stored
recommendations with their catalogue items, the curations, and the member's completed items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting import versions
from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors as learning_selectors
from toerusting.matching import services as matching
from toerusting.organisations import selectors as organisation_selectors
from toerusting.recommendations.models import (
    AgendaItemAnalysis,
    Curation,
    CurationAction,
    StoredRecommendation,
)

if TYPE_CHECKING:
    from toerusting.agenda.models import AgendaItem, Meeting
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.selectors import AnyUser

SHOWN_PER_ITEM = 3
# "Voorbereiden in N minuten" counts what a member can do before the meeting: online items of at most
# this many minutes (a training or an intervision track is not preparation for Tuesday).
PREPARATION_MAX_MINUTES = 30
# The columns read for the tab: what its rows, links and "minutes to prepare" use (see tab_for_meeting).
AGENDA_ITEM_FIELDS = ("id", "meeting_id", "number", "title", "is_heading", "position")
STORED_FIELDS = ("id", "agenda_item_id", "item_id", "rank", "reason", "reason_data", "audience")
CURATION_FIELDS = ("id", "meeting_id", "agenda_item_id", "item_id", "action")
LEARNING_ITEM_FIELDS = (
    "id",
    "slug",
    "title",
    "kind",
    "format",
    "duration_minutes",
    "is_published",
    "organisation_id",
    "provider",  # with kind and organisation: is_example, said beside the title
)


@dataclass
class Shown:
    item: LearningItem
    reason: str
    pinned: bool = False
    completed: bool = False
    link: str = ""  # where the page showing it links to, when that page sets it (the RIS tab does)


@dataclass
class TabRow:
    agenda_item: AgendaItem
    analysis: AgendaItemAnalysis | None
    shown: list[Shown] = field(default_factory=list)
    hidden: list[Shown] = field(default_factory=list)
    group_label: str = ""  # "6a-6f" (with an en dash): the next rows share these recommendations
    same_as: TabRow | None = None  # an earlier row that shows the same recommendations

    @property
    def minutes(self) -> int:
        return sum(s.item.duration_minutes for s in self.shown if _counts_as_preparation(s))


@dataclass
class TabMeeting:
    meeting: Meeting
    rows: list[TabRow]

    @property
    def minutes(self) -> int:
        """Minutes to prepare: each recommended item counted once, completed ones left out."""
        seen: dict[int, int] = {}
        for row in self.rows:
            for shown in row.shown:
                if _counts_as_preparation(shown):
                    seen[shown.item.pk] = shown.item.duration_minutes
        return sum(seen.values())


def _counts_as_preparation(shown: Shown) -> bool:
    item = shown.item
    return (
        not shown.completed and item.format == "online" and item.duration_minutes <= PREPARATION_MAX_MINUTES
    )


def tab_for_meeting(user: AnyUser, meeting: Meeting, *, only_item: AgendaItem | None = None) -> TabMeeting:
    """The meeting's agenda items with up to three recommendations each, curation applied."""
    if only_item is None:
        items, all_stored, all_curations = _meeting_data(meeting)
    else:
        items, all_stored, all_curations = _read_meeting_data(meeting, only_item)
    # Visibility is tested on the rows read, not with a subquery in each query: building that subquery
    # twice cost more than everything else here together.
    visible = catalogue_selectors.item_visibility(user)
    stored = [recommendation for recommendation in all_stored if visible(recommendation.item)]
    curations = [curation for curation in all_curations if visible(curation.item)]
    roles = organisation_selectors.roles_for_user(user, meeting.organisation)
    completed = learning_selectors.completed_item_ids(user) if user.is_authenticated else set()
    by_item: dict[int, list[StoredRecommendation]] = {}
    for recommendation in stored:
        by_item.setdefault(recommendation.agenda_item_id, []).append(recommendation)
    if roles:
        # Only items meant for one of the member's roles (or for everyone), in the engine's order.
        for key, recommendations in by_item.items():
            by_item[key] = [r for r in recommendations if not r.audience or roles.intersection(r.audience)]
    rows: list[TabRow] = []
    for agenda_item in items:
        if agenda_item.is_heading:
            continue
        analysis = getattr(agenda_item, "analysis", None)
        row = TabRow(agenda_item, analysis)
        mine = [c for c in curations if c.agenda_item_id == agenda_item.pk or c.meeting_id == meeting.pk]
        hidden_ids = {c.item_id for c in mine if c.action == CurationAction.HIDE}
        pinned = [c for c in mine if c.action == CurationAction.PIN and c.agenda_item_id == agenda_item.pk]
        for curation in pinned:
            row.shown.append(
                Shown(curation.item, _("Recommended by the griffie"), True, curation.item_id in completed)
            )
        for recommendation in by_item.get(agenda_item.pk, []):
            if recommendation.item_id in hidden_ids:
                row.hidden.append(Shown(recommendation.item, _reason(recommendation)))
                continue
            if any(s.item.pk == recommendation.item_id for s in row.shown):
                continue
            if recommendation.item_id in completed:
                continue
            if len(row.shown) < SHOWN_PER_ITEM:
                row.shown.append(Shown(recommendation.item, _reason(recommendation)))
        rows.append(row)
    meeting_pins = [c for c in curations if c.meeting_id == meeting.pk and c.action == CurationAction.PIN]
    if meeting_pins and rows and only_item is None:
        first = rows[0]
        for curation in reversed(meeting_pins):
            if all(s.item.pk != curation.item_id for s in first.shown):
                first.shown.insert(
                    0,
                    Shown(
                        curation.item, _("Recommended by the griffie"), True, curation.item_id in completed
                    ),
                )
    _group(rows)
    return TabMeeting(meeting, rows)


def _read_meeting_data(
    meeting: Meeting, only_item: AgendaItem | None = None
) -> tuple[list[AgendaItem], list[StoredRecommendation], list[Curation]]:
    """What the tab shows of a meeting for every member alike: its agenda items with their analysis, the
    stored recommendations and the curations, each with its learning item (before visibility, roles and
    progress, which are the member's)."""
    # Only the columns the tab and the "Voorbereiden" pages show: the analysis' topics and explanation and
    # the items' texts are large JSON and text fields that would be read and decoded for nothing.
    agenda_items = (
        agenda_selectors.items_of(meeting)
        .select_related("analysis")
        .only(*AGENDA_ITEM_FIELDS, "analysis__procedural", "analysis__agenda_item_id")
    )
    if only_item is not None:
        agenda_items = agenda_items.filter(pk=only_item.pk)
    items = list(agenda_items)
    item_ids = [i.pk for i in items]
    stored = list(
        StoredRecommendation.objects.filter(agenda_item__in=item_ids)
        .select_related("item")
        .only(*STORED_FIELDS, *(f"item__{name}" for name in LEARNING_ITEM_FIELDS))
        .order_by("agenda_item_id", "rank")
    )
    curations = list(
        Curation.objects.filter(Q(meeting=meeting) | Q(agenda_item__in=item_ids))
        .select_related("item")
        .only(*CURATION_FIELDS, *(f"item__{name}" for name in LEARNING_ITEM_FIELDS))
    )
    return items, stored, curations


def _meeting_data(meeting: Meeting) -> tuple[list[AgendaItem], list[StoredRecommendation], list[Curation]]:
    """_read_meeting_data of the whole meeting, from the shared cache when it holds the meeting's current
    version. The key is the meeting (of one organisation) and its version, which every change of its
    recommendations or curation bumps (toerusting.versions), so every member of the organisation is served
    the same reads, and a member of another organisation can never be (the tab and "Voorbereiden" look the
    meeting up within the member's organisation first). TAB_DATA_CACHE_SECONDS=0 turns this off."""
    seconds = settings.TAB_DATA_CACHE_SECONDS
    if not seconds:
        return _read_meeting_data(meeting)
    (version,) = versions.current(("meeting", meeting.pk))
    key = f"tab-data:{meeting.pk}:{version}"
    data = cache.get(key)
    if data is None:
        data = _read_meeting_data(meeting)
        cache.set(key, data, seconds)
    return data  # type: ignore[no-any-return]


def _reason(recommendation: StoredRecommendation) -> str:
    """The reason in the reader's language; rows stored before reasons were kept as data keep their text."""
    if not recommendation.reason_data:
        return recommendation.reason
    return matching.render_reason(recommendation.reason_data)


def _group(rows: list[TabRow]) -> None:
    """Consecutive agenda items with the same recommendations share them: the first of the run shows them
    "for 6a-6f" (with an en dash), the others point to it."""
    start = 0
    while start < len(rows):
        key = tuple(s.item.pk for s in rows[start].shown)
        end = start + 1
        while end < len(rows) and key and tuple(s.item.pk for s in rows[end].shown) == key:
            end += 1
        if end - start > 1:
            first, last = rows[start], rows[end - 1]
            label = f"{_number(first)}\u2013{_number(last)}"
            first.group_label = label
            for row in rows[start + 1 : end]:
                row.same_as = first
        start = end


def _number(row: TabRow) -> str:
    return (row.agenda_item.number or "").rstrip(".") or row.agenda_item.title[:40]


def curations_for_meeting(meeting: Meeting) -> list[Curation]:
    return list(Curation.objects.filter(meeting=meeting).select_related("item")) + list(
        Curation.objects.filter(agenda_item__meeting=meeting).select_related("item", "agenda_item")
    )
