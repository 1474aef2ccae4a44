"""Reads for the tab, the meeting page and "Voorbereiden": stored matches with curation applied.

A meeting of any size costs a fixed number of queries: the agenda items with their analysis, the stored
recommendations with their catalogue items, the curations, and the member's completed items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.base import ModelState
from django.http import Http404
from django.utils.translation import get_language

from toerusting import versions
from toerusting.agenda import selectors as agenda_selectors
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors as learning_selectors
from toerusting.matching import services as matching
from toerusting.organisations import selectors as organisation_selectors
from toerusting.recommendations import services
from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch, Curation

if TYPE_CHECKING:
    from toerusting.agenda.models import AgendaItem, Meeting
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

# "Voorbereiden in N minuten" counts what a member can do before the meeting: online items of at most
# this many minutes (a training or an intervision track is not preparation for Tuesday).
PREPARATION_MAX_MINUTES = services.PREPARATION_MAX_MINUTES
SHOWN_PER_ITEM = services.SHOWN_PER_ITEM
# The columns read for the tab: what its rows, links and "minutes to prepare" use (see
# preparation_for_meeting).
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
    "reflection_prompt",  # the question to think about, shown beside the agenda item on the meeting page
)

# What the pages show per agenda item; the policy that fills these (curation, completion, audience) is
# services.choose_learning_items.
Suggestion = services.Suggestion
ItemPreparation = services.ItemPreparation


@dataclass
class MeetingPreparation:
    """A meeting's agenda items with the learning items that help to prepare each."""

    meeting: Meeting
    rows: list[ItemPreparation]
    meeting_pins: list[Suggestion] = field(default_factory=list)
    meeting_hides: list[Suggestion] = field(default_factory=list)

    @property
    def preparation_items(self) -> list[Suggestion]:
        """The short online items recommended for this meeting, each once (done ones included)."""
        seen: dict[int, Suggestion] = {}
        for row in self.rows:
            for suggestion in row.shown:
                if suggestion.counts_as_preparation and suggestion.item.pk not in seen:
                    seen[suggestion.item.pk] = suggestion
        return list(seen.values())

    @property
    def minutes(self) -> int:
        """Minutes still to prepare: the short online items not done yet. Done items stay in their place,
        so completing one only lowers this number."""
        return sum(s.item.duration_minutes for s in self.preparation_items if not s.completed)

    @property
    def minutes_done(self) -> int:
        return sum(s.item.duration_minutes for s in self.preparation_items if s.completed)

    @property
    def items_left(self) -> int:
        return sum(1 for s in self.preparation_items if not s.completed)

    @property
    def items_done(self) -> int:
        return sum(1 for s in self.preparation_items if s.completed)

    @property
    def rows_with_learning(self) -> int:
        return sum(1 for row in self.rows if row.shown or row.same_as is not None)

    @property
    def reflection_question(self) -> str:
        """The reflection question of the first recommended module that has one."""
        for row in self.rows:
            for suggestion in row.shown:
                if suggestion.item.reflection_prompt:
                    return str(suggestion.item.reflection_prompt)
        return ""


def preparation_for_meeting(
    user: AnyUser,
    meeting: Meeting,
    *,
    only_item: AgendaItem | None = None,
    for_curation: bool = False,
) -> MeetingPreparation:
    """The meeting's agenda items with up to three learning items each, curation applied, in a fixed number
    of queries (none for the shared part when the whole meeting's reads are cached). `for_curation`: the
    griffie's view, with every audience's items, what is hidden and the engine's other candidates (to pin
    in place)."""
    if only_item is None:
        items, all_stored, all_curations = _meeting_data(meeting)
    else:
        items, all_stored, all_curations = _read_meeting_data(meeting, only_item)
    # Visibility is tested on the rows read, not with a subquery in each query: building that subquery
    # twice cost more than everything else here together.
    held = organisation_selectors.roles_by_organisation(user)
    visible = catalogue_selectors.item_visibility(user, held.keys())
    stored = [stored_match for stored_match in all_stored if visible(stored_match.item)]
    curations = [curation for curation in all_curations if visible(curation.item)]
    roles = set() if for_curation else held.get(meeting.organisation_id, set())
    completed = learning_selectors.completed_item_ids(user) if user.is_authenticated else set()
    chosen = services.choose_learning_items(
        meeting,
        [item for item in items if not item.is_heading],
        stored,
        curations,
        completed=completed,
        roles=roles,
        reason=_reason,
        whole_meeting=only_item is None,
    )
    _group(chosen.rows)
    return MeetingPreparation(meeting, chosen.rows, chosen.meeting_pins, chosen.meeting_hides)


def _read_meeting_data(
    meeting: Meeting, only_item: AgendaItem | None = None
) -> tuple[list[AgendaItem], list[AgendaItemMatch], list[Curation]]:
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
        AgendaItemMatch.objects.filter(agenda_item__in=item_ids)
        .select_related("item")
        .only(*STORED_FIELDS, *(f"item__{name}" for name in LEARNING_ITEM_FIELDS))
        .order_by("agenda_item_id", "rank")
    )
    for stored_match in stored:
        # In the reader's language, once per read: the shared cache below keeps it (keyed by language).
        stored_match.reason_text = _render_reason(stored_match)  # type: ignore[attr-defined]
    curations = list(
        Curation.objects.filter(Q(meeting=meeting) | Q(agenda_item__in=item_ids))
        .select_related("item")
        .only(*CURATION_FIELDS, *(f"item__{name}" for name in LEARNING_ITEM_FIELDS))
        .order_by("pk")
    )
    return items, stored, curations


def _meeting_data(meeting: Meeting) -> tuple[list[AgendaItem], list[AgendaItemMatch], list[Curation]]:
    """_read_meeting_data of the whole meeting, from the shared cache when it holds the meeting's current
    version. The key is the meeting (of one organisation) and its version, which every change of its
    recommendations or curation bumps (toerusting.versions), so every member of the organisation is served
    the same reads, and a member of another organisation can never be (the tab and "Voorbereiden" look the
    meeting up within the member's organisation first). TAB_DATA_CACHE_SECONDS=0 turns this off."""
    seconds = settings.TAB_DATA_CACHE_SECONDS
    if not seconds:
        return _read_meeting_data(meeting)
    (version,) = versions.current(("meeting", meeting.pk))
    key = f"tab-data:{get_language()}:{meeting.pk}:{version}"
    packed = cache.get(key)
    if packed is None:
        data = _read_meeting_data(meeting)
        cache.set(key, _pack(data), seconds)
        return data
    return _unpack(packed)


# The shared reads are cached as plain values, not as pickled model instances: unpickling the ~180
# instances of a 30-item meeting (each with its state and related-object cache) cost more than all the
# rest of reading the tab's data. _unpack builds the instances again as the ORM would from those rows:
# the fields read, the rest deferred, the related objects of select_related in place.
Frozen = tuple[str, tuple[str, ...], list[tuple[object, ...]]]


def _freeze(instances: list[Any]) -> Frozen:
    if not instances:
        return ("", (), [])
    first = instances[0]
    names = tuple(f.attname for f in first._meta.concrete_fields if f.attname in first.__dict__)
    return (first._meta.label, names, [tuple(obj.__dict__[name] for name in names) for obj in instances])


def _thaw(frozen: Frozen) -> list[Any]:
    label, names, rows = frozen
    if not rows:
        return []
    model: Any = apps.get_model(label)
    thawed = []
    for row in rows:
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, row, strict=True))
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = DEFAULT_DB_ALIAS
        thawed.append(instance)
    return thawed


def _pack(data: tuple[list[AgendaItem], list[AgendaItemMatch], list[Curation]]) -> dict[str, Any]:
    items, stored, curations = data
    analyses = [getattr(item, "analysis", None) for item in items]
    with_items: list[AgendaItemMatch | Curation] = [*stored, *curations]
    learning = {obj.item_id: obj.item for obj in with_items}  # each learning item once
    return {
        "items": _freeze(items),
        "analysed": [analysis is not None for analysis in analyses],
        "analyses": _freeze([analysis for analysis in analyses if analysis is not None]),
        "stored": _freeze(stored),
        "reasons": [stored_match.reason_text for stored_match in stored],  # type: ignore[attr-defined]
        "curations": _freeze(curations),
        "learning": _freeze(list(learning.values())),
    }


def _unpack(packed: dict[str, Any]) -> tuple[list[AgendaItem], list[AgendaItemMatch], list[Curation]]:
    items: list[Any] = _thaw(packed["items"])
    stored: list[Any] = _thaw(packed["stored"])
    curations: list[Any] = _thaw(packed["curations"])
    analyses = iter(_thaw(packed["analyses"]))
    analysis_of = AgendaItemAnalysis._meta.get_field("agenda_item").remote_field
    for item, analysed in zip(items, packed["analysed"], strict=True):
        analysis_of.set_cached_value(item, next(analyses) if analysed else None)
    learning = {item.pk: item for item in _thaw(packed["learning"])}
    item_of_match = AgendaItemMatch._meta.get_field("item")
    for stored_match, reason in zip(stored, packed["reasons"], strict=True):
        item_of_match.set_cached_value(stored_match, learning[stored_match.item_id])
        stored_match.reason_text = reason
    item_of_curation = Curation._meta.get_field("item")
    for curation in curations:
        item_of_curation.set_cached_value(curation, learning[curation.item_id])
    return items, stored, curations


def _reason(stored_match: AgendaItemMatch) -> str:
    """The reason in the reader's language, as rendered when the match was read."""
    return stored_match.reason_text  # type: ignore[attr-defined,no-any-return]


def _render_reason(stored_match: AgendaItemMatch) -> str:
    """The reason in the reader's language; rows stored before reasons were kept as data keep their text."""
    if not stored_match.reason_data:
        return stored_match.reason
    return matching.render_reason(stored_match.reason_data)


def _group(rows: list[ItemPreparation]) -> None:
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


def _number(row: ItemPreparation) -> str:
    return (row.agenda_item.number or "").rstrip(".") or row.agenda_item.title[:40]


def curations_for_meeting(meeting: Meeting) -> list[Curation]:
    return list(Curation.objects.filter(meeting=meeting).select_related("item")) + list(
        Curation.objects.filter(agenda_item__meeting=meeting).select_related("item", "agenda_item")
    )


def get_curation_in_meeting(meeting: Meeting, curation_id: int) -> Curation:
    """One of the griffie's choices on this meeting or one of its agenda items (404 otherwise)."""
    curation = (
        Curation.objects.select_related("agenda_item")
        .filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting), pk=curation_id)
        .first()
    )
    if curation is None:
        raise Http404
    return curation


def pinned_for_meetings(user: AnyUser, meetings: list[Meeting]) -> list[Curation]:
    """What the griffie pinned to these meetings or their agenda items, in one query (for the home page)."""
    if not meetings:
        return []
    visible = catalogue_selectors.item_visibility(user)
    ids = [meeting.pk for meeting in meetings]
    pins = (
        Curation.objects.filter(Q(meeting_id__in=ids) | Q(agenda_item__meeting_id__in=ids), action="pin")
        .select_related("item", "agenda_item")
        .only(
            *CURATION_FIELDS,
            *(f"item__{name}" for name in LEARNING_ITEM_FIELDS),
            "agenda_item__meeting_id",
            "agenda_item__number",
            "agenda_item__title",
        )
        .order_by("pk")
    )
    return [pin for pin in pins if visible(pin.item)]


def items_without_learning(meetings: list[Meeting]) -> dict[int, int]:
    """Per meeting, how many agenda items are not procedural and have no learning item (no match from the
    engine and no pin of the griffie): what the griffie may want to pin. One query."""
    if not meetings:
        return {}
    rows = (
        agenda_selectors.items_in_meetings([meeting.pk for meeting in meetings])
        .exclude(analysis__procedural=True)
        .filter(~Exists(AgendaItemMatch.objects.filter(agenda_item_id=OuterRef("pk"))))
        .filter(~Exists(Curation.objects.filter(agenda_item_id=OuterRef("pk"), action="pin")))
        .values("meeting_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["meeting_id"]: row["count"] for row in rows}


@dataclass(frozen=True)
class AnalysedAgendaItem:
    """An agenda item still to come with what the engine concluded about it (for the competency scan)."""

    agenda_item: AgendaItem
    instrument: str
    topics: tuple[str, ...]


def upcoming_analysed_items(user: AnyUser, organisation: Organisation, days: int) -> list[AnalysedAgendaItem]:
    """The organisation's agenda items (not procedural, not headings) of meetings in the coming `days`
    days that were not cancelled, with their stored analysis, soonest first. One query."""
    import datetime as dt

    from django.utils import timezone

    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    now = timezone.now()
    analyses = (
        AgendaItemAnalysis.objects.filter(
            agenda_item__meeting__organisation=organisation,
            agenda_item__meeting__start__gte=now,
            agenda_item__meeting__start__lt=now + dt.timedelta(days=days),
            agenda_item__is_heading=False,
            procedural=False,
        )
        .exclude(agenda_item__meeting__status="geannuleerd")
        .select_related("agenda_item__meeting")
        .order_by("agenda_item__meeting__start", "agenda_item__position")
    )
    return [
        AnalysedAgendaItem(
            analysis.agenda_item,
            analysis.instrument,
            tuple(str(topic.get("code", "")) for topic in analysis.topics if isinstance(topic, dict)),
        )
        for analysis in analyses
    ]


def upcoming_analyses_everywhere(start: Any, end: Any) -> list[tuple[int, tuple[str, ...], str]]:
    """Across all organisations: (organisation id, topic codes, instrument code) of every agenda item (not
    procedural, not a heading) of a meeting between `start` and `end` that was not cancelled; one query.
    For aggregates only (the gaps overview): nothing here names an agenda item or a meeting."""
    rows = (
        AgendaItemAnalysis.objects.filter(
            agenda_item__meeting__start__gte=start,
            agenda_item__meeting__start__lt=end,
            agenda_item__is_heading=False,
            procedural=False,
        )
        .exclude(agenda_item__meeting__status="geannuleerd")
        .values_list("agenda_item__meeting__organisation_id", "topics", "instrument")
    )
    return [
        (
            organisation_id,
            tuple(str(topic.get("code", "")) for topic in topics or [] if isinstance(topic, dict)),
            instrument or "",
        )
        for organisation_id, topics, instrument in rows
    ]
