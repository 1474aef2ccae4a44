"""Writes: (re)compute the stored analysis and recommendations of agenda items, and curation by the griffie.

Runs at sync time (after a meeting is imported) and as a background task when the catalogue changes;
never on the request path of the tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from toerusting import versions
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
    index = index or matching.catalogue_index()
    body_type = organisation_selectors.kind_of(meeting)
    summary = RecomputeSummary()
    items = [item for item in agenda_selectors.items_of(meeting) if not item.is_heading]
    analyses: list[AgendaItemAnalysis] = []
    ranked: list[tuple[AgendaItem, int, Recommendation]] = []
    for agenda_item in items:
        analysis = matching.analyse(agenda_item.title, agenda_item.description, body_type=body_type)
        analyses.append(
            AgendaItemAnalysis(
                agenda_item=agenda_item,
                procedural=analysis.procedural,
                topics=[{"code": topic.code, "score": round(topic.score, 4)} for topic in analysis.topics],
                instrument=analysis.instrument.code if analysis.instrument else "",
                instrument_score=round(analysis.instrument.score, 4) if analysis.instrument else 0.0,
                explanation={"lines": analysis.explain()},
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
        ranked.extend((agenda_item, rank, recommendation) for rank, recommendation in enumerate(found))
    ids = catalogue_selectors.item_ids_by_slug(
        {recommendation.slug for _item, _rank, recommendation in ranked}
    )
    recommendations = [
        StoredRecommendation(
            agenda_item=agenda_item,
            item_id=ids[recommendation.slug],
            rank=rank,
            score=round(recommendation.score, 4),
            reason=recommendation.reason[:300],
            reason_data=recommendation.why.as_data(),
            audience=list(recommendation.audience),
        )
        for agenda_item, rank, recommendation in ranked
        if recommendation.slug in ids
    ]
    if not created:
        AgendaItemAnalysis.objects.filter(agenda_item__meeting=meeting).delete()
        StoredRecommendation.objects.filter(agenda_item__meeting=meeting).delete()
    AgendaItemAnalysis.objects.bulk_create(analyses)
    StoredRecommendation.objects.bulk_create(recommendations)
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
