"""Writes: (re)compute the stored analysis and recommendations of agenda items, and curation by the griffie.

Runs at sync time (after a meeting is imported) and as a background task when the catalogue changes;
never on the request path of the tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from toerusting import bulk, versions
from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.matching import services as matching
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.selectors import user_id_of
from toerusting.recommendations.models import (
    AgendaItemAnalysis,
    Curation,
    CurationAction,
    StoredRecommendation,
)

if TYPE_CHECKING:
    from toerusting.agenda.models import AgendaItem, Meeting
    from toerusting.catalogue.models import LearningItem
    from toerusting.matching.services import CatalogueIndex, Recommendation
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
RECOMMENDATION_FIELDS = ("agenda_item", "item", "rank", "score", "reason", "reason_data", "audience")

# How many recommendations are stored per agenda item; pages show up to three after curation, after
# leaving out what the member already completed and items for roles the member does not hold.
STORED_PER_ITEM = 5


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
    ranked: list[tuple[int, int, Recommendation]] = []
    for item_id, title, description in agenda_selectors.texts_for_matching(meeting):
        analysis = matching.analyse(title, description, body_type=body_type)
        analyses.append(
            (
                item_id,
                analysis.procedural,
                [{"code": topic.code, "score": round(topic.score, 4)} for topic in analysis.topics],
                analysis.instrument.code if analysis.instrument else "",
                round(analysis.instrument.score, 4) if analysis.instrument else 0.0,
                {"lines": analysis.explain()},
                now,
            )
        )
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
    # The index may be older than the catalogue in another process: store only items still published.
    ids = catalogue_selectors.item_ids_by_slug(
        {recommendation.slug for _item, _rank, recommendation in ranked}
    )
    recommendations = [
        (
            item_id,
            ids[recommendation.slug],
            rank,
            round(recommendation.score, 4),
            recommendation.reason[:300],
            recommendation.why.as_data(),
            list(recommendation.audience),
        )
        for item_id, rank, recommendation in ranked
        if recommendation.slug in ids
    ]
    if not created:
        AgendaItemAnalysis.objects.filter(agenda_item__meeting=meeting).delete()
        StoredRecommendation.objects.filter(agenda_item__meeting=meeting).delete()
    # Plain rows, not model instances: this is the sync's hot path (see toerusting.bulk).
    bulk.insert_rows(AgendaItemAnalysis, ANALYSIS_FIELDS, analyses)
    bulk.insert_rows(StoredRecommendation, RECOMMENDATION_FIELDS, recommendations)
    summary.recommendations = len(recommendations)
    transaction.on_commit(lambda: versions.bump("meeting", meeting.pk))
    return summary


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
