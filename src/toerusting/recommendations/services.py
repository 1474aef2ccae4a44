"""Writes: (re)compute the stored analysis and recommendations of agenda items, and curation by the griffie.

Runs at sync time (after a meeting is imported) and as a background task when the catalogue changes;
never on the request path of the tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting import bulk, versions
from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.matching import services as matching
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.selectors import user_id_of
from toerusting.recommendations.models import (
    AgendaItemAnalysis,
    AgendaItemMatch,
    Curation,
    CurationAction,
)

if TYPE_CHECKING:
    from toerusting.agenda.models import AgendaItem, Meeting
    from toerusting.agenda.records import MeetingAhead
    from toerusting.catalogue.models import LearningItem
    from toerusting.matching.reasons import Why
    from toerusting.matching.services import Analysis, CatalogueIndex, RankedItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

ANALYSIS_FIELDS = (
    "agenda_item",
    "procedural",
    "topics",
    "instrument",
    "instrument_score",
    "explanation",
    "analysed_at",
)
MATCH_FIELDS = ("agenda_item", "item", "rank", "score", "reason", "reason_data", "audience")

# How many matches are stored per agenda item; pages show up to three after curation and after leaving
# out items for roles the member does not hold.
STORED_PER_ITEM = 5
SHOWN_PER_ITEM = 3
# What counts as preparation for the meeting: online items of at most this many minutes (a training or an
# intervision track is listed, but it is not preparation for Tuesday).
PREPARATION_MAX_MINUTES = 30


@dataclass
class RecomputeSummary:
    items: int = 0
    procedural: int = 0
    recommendations: int = 0


@transaction.atomic(savepoint=False)  # inside the sync's transaction: no savepoint round trips
def recompute_meeting(
    meeting: Meeting, index: CatalogueIndex | None = None, *, created: bool = False
) -> RecomputeSummary:
    """Analyse every agenda item of the meeting and store its ranked recommendations.

    `created`: the meeting was inserted in this transaction, so nothing is stored for it yet (the sync's
    hook says so; it saves two deletes per new meeting)."""
    now = timezone.now()
    index = index or matching.catalogue_index()
    body_type = organisation_selectors.kind_of(meeting)
    summary = RecomputeSummary()
    analyses: list[tuple[object, ...]] = []
    ranked: list[tuple[int, int, RankedItem]] = []
    for item_id, title, description in agenda_selectors.texts_for_matching(meeting):
        analysis = matching.analyse(title, description, body_type=body_type, meeting=meeting.name)
        analyses.append((item_id, *_stored_analysis(analysis), now))
        summary.items += 1
        if analysis.procedural:
            summary.procedural += 1
            continue
        found = matching.recommend(
            analysis,
            organisation_id=meeting.organisation_id,
            body_type=body_type,
            limit=STORED_PER_ITEM,
            index=index,
        )
        ranked.extend((item_id, rank, recommendation) for rank, recommendation in enumerate(found))
    # The index is rebuilt when the catalogue changed (matching.selectors), and catalogue items are
    # withdrawn, never deleted: its ids are valid rows, with no lookup per meeting.
    recommendations = [
        (
            item_id,
            recommendation.item_id,
            rank,
            round(recommendation.score, 4),
            recommendation.reason[:300],
            _encoded_why(recommendation.why),
            _encoded_audience(recommendation.audience),
        )
        for item_id, rank, recommendation in ranked
    ]
    if not created:
        AgendaItemAnalysis.objects.filter(agenda_item__meeting=meeting).delete()
        AgendaItemMatch.objects.filter(agenda_item__meeting=meeting).delete()
    # Plain rows, not model instances: this is the sync's hot path (see toerusting.bulk).
    bulk.insert_rows(AgendaItemAnalysis, ANALYSIS_FIELDS, analyses)
    bulk.insert_rows(AgendaItemMatch, MATCH_FIELDS, recommendations)
    summary.recommendations = len(recommendations)
    transaction.on_commit(lambda: versions.bump("meeting", meeting.pk, new=created))
    return summary


@lru_cache(maxsize=4096)
def _stored_analysis(analysis: Analysis) -> tuple[object, ...]:
    """The stored columns of an analysis (procedural .. explanation), encoded once: the analysis cache
    hands out the same analysis for every repeat of a title."""
    return (
        analysis.procedural,
        bulk.encode([{"code": topic.code, "score": round(topic.score, 4)} for topic in analysis.topics]),
        analysis.instrument.code if analysis.instrument else "",
        round(analysis.instrument.score, 4) if analysis.instrument else 0.0,
        bulk.encode({"lines": analysis.explain()}),
    )


@lru_cache(maxsize=4096)
def _encoded_why(why: Why) -> bulk.Encoded:
    return bulk.encode(why.as_data())


@lru_cache(maxsize=1024)
def _encoded_audience(audience: tuple[str, ...]) -> bulk.Encoded:
    return bulk.encode(list(audience))


def analyse_meetings_ahead(organisation: Organisation, meetings: list[MeetingAhead]) -> int:
    """Hook for "meetings_ahead": the items of the new meetings among them are analysed in a worker
    process while the sync writes the meetings before them (a changed meeting is analysed at its turn).
    Returns how many were sent."""
    stored = agenda_selectors.stored_meeting_keys(organisation, ((m.source, m.source_id) for m in meetings))
    body_type = str(organisation.kind)
    return matching.analyse_ahead(
        [
            (title, description, body_type, meeting.name)
            for meeting in meetings
            if (meeting.source, meeting.source_id) not in stored
            for title, description in meeting.texts
        ]
    )


def recompute_organisation(organisation: Organisation) -> RecomputeSummary:
    index = matching.catalogue_index()
    total = RecomputeSummary()
    for meeting in agenda_selectors.meetings_in_organisation(organisation):
        part = recompute_meeting(meeting, index=index)
        total.items += part.items
        total.procedural += part.procedural
        total.recommendations += part.recommendations
    return total


def recompute_all() -> RecomputeSummary:
    """Re-match every organisation's meetings (after the catalogue changed)."""
    matching.reset_catalogue_index()
    total = RecomputeSummary()
    for organisation in agenda_selectors.organisations_with_meetings():
        part = recompute_organisation(organisation)
        total.items += part.items
        total.procedural += part.procedural
        total.recommendations += part.recommendations
    return total


@dataclass
class Suggestion:
    """A learning item shown beside an agenda item, and why."""

    item: LearningItem
    reason: str
    pinned: bool = False
    completed: bool = False
    link: str = ""  # where the page showing it links to (the page's URL builder sets it)
    curation_id: int | None = None  # the griffie's pin or hide behind it, to undo in place
    whole_meeting: bool = False  # the pin or hide is for the whole meeting, not this agenda item

    @property
    def counts_as_preparation(self) -> bool:
        item = self.item
        return item.format == "online" and item.duration_minutes <= PREPARATION_MAX_MINUTES


@dataclass
class ItemPreparation:
    """One agenda item with what helps to prepare it."""

    agenda_item: AgendaItem
    analysis: AgendaItemAnalysis | None
    shown: list[Suggestion] = field(default_factory=list)
    hidden: list[Suggestion] = field(default_factory=list)  # hidden by the griffie (griffie's view)
    candidates: list[Suggestion] = field(default_factory=list)  # the engine's others, to pin in place
    group_label: str = ""  # "6a-6f" (with an en dash): the next rows share these learning items
    same_as: ItemPreparation | None = None  # an earlier row that shows the same learning items

    @property
    def procedural(self) -> bool:
        return self.analysis is not None and self.analysis.procedural

    @property
    def minutes(self) -> int:
        return sum(s.item.duration_minutes for s in self.shown if s.counts_as_preparation and not s.completed)


@dataclass
class ChosenItems:
    rows: list[ItemPreparation]
    meeting_pins: list[Suggestion]
    meeting_hides: list[Suggestion]


def choose_learning_items(
    meeting: Meeting,
    agenda_items: Iterable[AgendaItem],
    stored: Iterable[AgendaItemMatch],
    curations: Iterable[Curation],
    *,
    completed: set[int],
    roles: set[str],
    reason: Callable[[AgendaItemMatch], str],
    whole_meeting: bool = True,
) -> ChosenItems:
    """The curation policy: what each agenda item shows, from the engine's stored matches and the
    griffie's choices.

    - The griffie's pins come first, marked "Recommended by the griffie"; pins for the whole meeting go to
      the first agenda item (when the whole meeting is shown).
    - An item hidden for the agenda item or for the whole meeting is not shown there.
    - With `roles`, only items meant for one of those roles (or for everyone), in the engine's order.
    - Up to SHOWN_PER_ITEM per agenda item; items the member completed stay in their place, marked done,
      so that the page (and the minutes to prepare) do not change under the member's hands."""
    by_item: dict[int, list[AgendaItemMatch]] = {}
    for stored_match in stored:
        if roles and stored_match.audience and not roles.intersection(stored_match.audience):
            continue
        by_item.setdefault(stored_match.agenda_item_id, []).append(stored_match)
    curation_list = list(curations)
    meeting_pins = [
        Suggestion(c.item, _("Recommended by the griffie"), True, c.item_id in completed, "", c.pk, True)
        for c in curation_list
        if c.meeting_id == meeting.pk and c.action == CurationAction.PIN
    ]
    meeting_hides = [
        Suggestion(c.item, "", False, False, "", c.pk, True)
        for c in curation_list
        if c.meeting_id == meeting.pk and c.action == CurationAction.HIDE
    ]
    hidden_for_meeting = {s.item.pk: s for s in meeting_hides}
    rows: list[ItemPreparation] = []
    for agenda_item in agenda_items:
        row = ItemPreparation(agenda_item, getattr(agenda_item, "analysis", None))
        own = [c for c in curation_list if c.agenda_item_id == agenda_item.pk]
        hidden_here = {c.item_id: c for c in own if c.action == CurationAction.HIDE}
        for curation in own:
            if curation.action == CurationAction.PIN:
                row.shown.append(
                    Suggestion(
                        curation.item,
                        _("Recommended by the griffie"),
                        True,
                        curation.item_id in completed,
                        "",
                        curation.pk,
                    )
                )
        for stored_match in by_item.get(agenda_item.pk, []):
            if any(s.item.pk == stored_match.item_id for s in row.shown):
                continue
            hide = hidden_here.get(stored_match.item_id)
            if hide is not None or stored_match.item_id in hidden_for_meeting:
                curation_id = (
                    hide.pk if hide is not None else hidden_for_meeting[stored_match.item_id].curation_id
                )
                row.hidden.append(
                    Suggestion(
                        stored_match.item,
                        reason(stored_match),
                        curation_id=curation_id,
                        whole_meeting=hide is None,
                    )
                )
                continue
            suggestion = Suggestion(
                stored_match.item, reason(stored_match), False, stored_match.item_id in completed
            )
            (row.shown if len(row.shown) < SHOWN_PER_ITEM else row.candidates).append(suggestion)
        rows.append(row)
    if meeting_pins and rows and whole_meeting:
        first = rows[0]
        for pin in reversed(meeting_pins):
            if all(s.item.pk != pin.item.pk for s in first.shown):
                first.shown.insert(0, pin)
        # Still at most SHOWN_PER_ITEM: the engine's last ones make room for the griffie's pins.
        while len(first.shown) > SHOWN_PER_ITEM and not first.shown[-1].pinned:
            first.candidates.insert(0, first.shown.pop())
        shown_ids = {s.item.pk for s in first.shown}
        first.candidates = [c for c in first.candidates if c.item.pk not in shown_ids]
    return ChosenItems(rows, meeting_pins, meeting_hides)


def pin(
    user: AnyUser,
    organisation: Organisation,
    item: LearningItem,
    *,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Curation:
    """The griffie recommends an item for a meeting or an agenda item; it is shown first."""
    return _curate(CurationAction.PIN, user, organisation, item, meeting=meeting, agenda_item=agenda_item)


def hide(
    user: AnyUser,
    organisation: Organisation,
    item: LearningItem,
    *,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Curation:
    """The griffie hides a recommendation for a meeting or an agenda item."""
    return _curate(CurationAction.HIDE, user, organisation, item, meeting=meeting, agenda_item=agenda_item)


def _curate(
    action: str,
    user: AnyUser,
    organisation: Organisation,
    item: LearningItem,
    *,
    meeting: Meeting | None,
    agenda_item: AgendaItem | None,
) -> Curation:
    curation, _created = Curation.objects.update_or_create(
        organisation=organisation,
        meeting=meeting,
        agenda_item=agenda_item,
        item=item,
        defaults={"action": action, "created_by_id": user_id_of(user)},
    )
    versions.bump("meeting", _meeting_id(curation))
    return curation


def undo_curation(curation: Curation) -> None:
    meeting_id = _meeting_id(curation)
    curation.delete()
    versions.bump("meeting", meeting_id)


def _meeting_id(curation: Curation) -> int | None:
    if curation.meeting_id is not None:
        return curation.meeting_id
    return curation.agenda_item.meeting_id if curation.agenda_item is not None else None


def learning_item_for_curation(user: AnyUser, slug: str) -> LearningItem:
    return catalogue_selectors.get_item_for_user(user, slug)
