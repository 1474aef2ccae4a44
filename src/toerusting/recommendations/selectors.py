"""Reads for the tab and the "Voorbereiden" page: stored recommendations with curation applied.

A meeting of any size costs a fixed number of queries: the agenda items with their analysis, the stored
recommendations with their catalogue items, the curations, and the member's completed items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors as learning_selectors
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


@dataclass
class Shown:
    item: LearningItem
    reason: str
    pinned: bool = False
    completed: bool = False


@dataclass
class TabRow:
    agenda_item: AgendaItem
    analysis: AgendaItemAnalysis | None
    shown: list[Shown] = field(default_factory=list)
    hidden: list[Shown] = field(default_factory=list)

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
    agenda_items = agenda_selectors.items_of(meeting).select_related("analysis")
    if only_item is not None:
        agenda_items = agenda_items.filter(pk=only_item.pk)
    items = list(agenda_items)
    visible = catalogue_selectors.visible_items(user)
    stored = (
        StoredRecommendation.objects.filter(agenda_item__in=[i.pk for i in items], item__in=visible)
        .select_related("item")
        .order_by("agenda_item_id", "rank")
    )
    curations = list(
        Curation.objects.filter(
            Q(meeting=meeting) | Q(agenda_item__in=[i.pk for i in items]), item__in=visible
        ).select_related("item")
    )
    roles = organisation_selectors.roles_for_user(user, meeting.organisation)
    completed = learning_selectors.completed_item_ids(user) if user.is_authenticated else set()
    by_item: dict[int, list[StoredRecommendation]] = {}
    for recommendation in stored:
        by_item.setdefault(recommendation.agenda_item_id, []).append(recommendation)
    if roles:
        # Items meant for one of the member's roles first; the engine's order within each group.
        for recommendations in by_item.values():
            recommendations.sort(key=lambda r: bool(r.audience) and not roles.intersection(r.audience))
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
                row.hidden.append(Shown(recommendation.item, recommendation.reason))
                continue
            if any(s.item.pk == recommendation.item_id for s in row.shown):
                continue
            if recommendation.item_id in completed:
                continue
            if len(row.shown) < SHOWN_PER_ITEM:
                row.shown.append(Shown(recommendation.item, recommendation.reason))
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
    return TabMeeting(meeting, rows)


def curations_for_meeting(meeting: Meeting) -> list[Curation]:
    return list(Curation.objects.filter(meeting=meeting).select_related("item")) + list(
        Curation.objects.filter(agenda_item__meeting=meeting).select_related("item", "agenda_item")
    )
