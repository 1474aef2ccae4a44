"""Reads of the catalogue, scoped: the national catalogue is public; an organisation's own items are
visible to its members only. Facet counts and endorsement counts are a fixed number of queries, whatever
the number of items."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toerusting.catalogue import taxonomy
from toerusting.catalogue.models import ColleagueTip, Endorsement, ItemTopic, LearningItem, Session
from toerusting.catalogue.search import apply_search
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

# Roles that manage an organisation's own offer.

DURATIONS = (
    taxonomy.Term("10", "Tot 10 minuten", "Up to 10 minutes"),
    taxonomy.Term("30", "Tot 30 minuten", "Up to 30 minutes"),
    taxonomy.Term("langer", "Langer dan 30 minuten", "Longer than 30 minutes"),
)
NON_PARTISAN = (
    taxonomy.Term("ja", "Niet-partijpolitiek", "Non-partisan"),
    taxonomy.Term("nee", "Partijpolitiek", "Party-political"),
)


@dataclass(frozen=True)
class Facet:
    """A filter: its URL parameter, its name, its vocabulary, and how it filters a queryset."""

    param: str
    label: Promise
    terms: tuple[taxonomy.Term, ...]
    lookup: str  # field lookup for a chosen code; special cases below

    def filter(self, queryset: QuerySet[LearningItem], value: str) -> QuerySet[LearningItem]:
        if self.param == "duur":
            if value == "10":
                return queryset.filter(duration_minutes__lte=10)
            if value == "30":
                return queryset.filter(duration_minutes__lte=30)
            return queryset.filter(duration_minutes__gt=30)
        if self.param == "partijpolitiek":
            return queryset.filter(non_partisan=(value == "ja"))
        return queryset.filter(**{self.lookup: value})


FACETS: tuple[Facet, ...] = (
    Facet("onderwerp", _("Topic"), taxonomy.TOPICS, "item_topics__topic_id"),
    Facet("instrument", _("Council instrument"), taxonomy.INSTRUMENTS, "instruments__code"),
    Facet("rol", _("Role"), taxonomy.AUDIENCES, "audience__code"),
    Facet("competentie", _("Competency"), taxonomy.COMPETENCIES, "competencies__code"),
    Facet("duur", _("Duration"), DURATIONS, ""),
    Facet("soort", _("Kind"), taxonomy.KINDS, "kind"),
    Facet("vorm", _("Format"), taxonomy.FORMATS, "format"),
    Facet("aanbieder", _("Provider"), taxonomy.PROVIDERS, "provider"),
    Facet("partijpolitiek", _("Party-political or not"), NON_PARTISAN, ""),
)
FACET_BY_PARAM = {facet.param: facet for facet in FACETS}


def visible_items(user: AnyUser) -> QuerySet[LearningItem]:
    """Published items the user may see: the national catalogue plus their own organisations' items."""
    items = LearningItem.objects.published()
    if not user.is_authenticated:
        return items.national()
    return items.filter(
        Q(organisation__isnull=True) | Q(organisation__in=organisation_selectors.organisations_for_user(user))
    )


def item_visibility(
    user: AnyUser, organisation_ids: Collection[int] | None = None
) -> Callable[[LearningItem], bool]:
    """The rule of visible_items as a test on items already read (with `is_published` and
    `organisation_id`): for pages that read many items through other rows, where a subquery per read
    would cost more than the query itself (the RIS tab). Keep the two in step. `organisation_ids`: the
    user's organisations when the caller has read them already (roles_by_organisation)."""
    if not user.is_authenticated:
        return lambda item: item.is_published and item.organisation_id is None
    if getattr(user, "is_superuser", False):
        return lambda item: item.is_published
    if organisation_ids is None:
        organisation_ids = organisation_selectors.organisations_for_user(user).values_list("pk", flat=True)
    own = set(organisation_ids)
    return lambda item: item.is_published and (item.organisation_id is None or item.organisation_id in own)


def get_item_for_user(user: AnyUser, slug: str) -> LearningItem:
    try:
        return (
            visible_items(user)
            .select_related("organisation")
            .prefetch_related(
                Prefetch("item_topics", queryset=ItemTopic.objects.order_by("rank")),
                "instruments",
                "competencies",
                "audience",
                "sessions",
            )
            .get(slug=slug)
        )
    except LearningItem.DoesNotExist as exc:
        raise Http404 from exc


def get_own_item_for_user(user: AnyUser, organisation: Organisation, slug: str) -> LearningItem:
    """An organisation's own item, for its curators (the view checks the role)."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return LearningItem.objects.prefetch_related("sessions").get(organisation=organisation, slug=slug)
    except LearningItem.DoesNotExist as exc:
        raise Http404 from exc


def own_items(user: AnyUser, organisation: Organisation) -> QuerySet[LearningItem]:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    return LearningItem.objects.filter(organisation=organisation).order_by("-is_published", "title")


@dataclass
class FacetOption:
    term: taxonomy.Term
    count: int
    selected: bool


@dataclass
class FacetView:
    facet: Facet
    options: list[FacetOption]

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


SORTS = (
    taxonomy.Term("relevantie", "Best passend", "Best match"),
    taxonomy.Term("duur", "Kortste eerst", "Shortest first"),
    taxonomy.Term("titel", "Titel (A-Z)", "Title (A-Z)"),
)
SORT_ORDER = {
    "relevantie": ("-search_rank", "duration_minutes", "title"),
    "duur": ("duration_minutes", "title"),
    "titel": ("title",),
}


@dataclass
class Browse:
    items: list[LearningItem]
    total: int
    facets: list[FacetView]
    query: str
    chosen: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "duur"
    sorts: tuple[taxonomy.Term, ...] = ()
    corrected: str = ""  # the query as read after typo correction ("Did you mean …")


def parse_filters(params: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Keep only known facets and known codes from the query string."""
    chosen: dict[str, list[str]] = {}
    for facet in FACETS:
        allowed = {term.code for term in facet.terms}
        values = [v for v in params.get(facet.param, []) if v in allowed]
        if values:
            chosen[facet.param] = list(dict.fromkeys(values))
    return chosen


def _apply(
    queryset: QuerySet[LearningItem], chosen: dict[str, list[str]], skip: str = ""
) -> QuerySet[LearningItem]:
    for param, values in chosen.items():
        if param == skip:
            continue
        facet = FACET_BY_PARAM[param]
        matching = LearningItem.objects.none()
        for value in values:
            matching = matching | facet.filter(LearningItem.objects.all(), value)
        queryset = queryset.filter(pk__in=matching.values("pk"))
    return queryset


def _facet_counts(facet: Facet, base: QuerySet[LearningItem]) -> dict[str, int]:
    ids = base.values("pk")
    items = LearningItem.objects.filter(pk__in=ids)
    if facet.param == "duur":
        row = items.aggregate(
            a=Count("pk", filter=Q(duration_minutes__lte=10)),
            b=Count("pk", filter=Q(duration_minutes__lte=30)),
            c=Count("pk", filter=Q(duration_minutes__gt=30)),
        )
        return {"10": row["a"], "30": row["b"], "langer": row["c"]}
    if facet.param == "partijpolitiek":
        row = items.aggregate(
            a=Count("pk", filter=Q(non_partisan=True)), b=Count("pk", filter=Q(non_partisan=False))
        )
        return {"ja": row["a"], "nee": row["b"]}
    rows = items.values(facet.lookup).annotate(n=Count("pk", distinct=True))
    return {row[facet.lookup]: row["n"] for row in rows if row[facet.lookup]}


def browse_for_user(
    user: AnyUser, params: Mapping[str, list[str]], *, query: str = "", limit: int = 200
) -> Browse:
    """The catalogue with the chosen filters and search; facet counts respect the other chosen filters.
    With a query the items come best match first, unless another order is chosen (`sorteer`)."""
    chosen = parse_filters(params)
    base = visible_items(user)
    corrected = ""
    sorts: tuple[taxonomy.Term, ...] = SORTS[1:]
    if query.strip():
        found = apply_search(base, query)
        base, corrected, sorts = found.queryset, found.corrected, SORTS
    codes = [term.code for term in sorts]
    sort = next((value for value in params.get("sorteer", []) if value in codes), codes[0])
    facets: list[FacetView] = []
    for facet in FACETS:
        counts = _facet_counts(facet, _apply(base, chosen, skip=facet.param))
        selected = set(chosen.get(facet.param, []))
        options = [
            FacetOption(term, counts.get(term.code, 0), term.code in selected)
            for term in facet.terms
            if counts.get(term.code, 0) or term.code in selected
        ]
        facets.append(FacetView(facet, options))
    results = _apply(base, chosen)
    total = results.count()
    items = list(with_list_data(results, user).order_by(*SORT_ORDER[sort])[:limit])
    return Browse(
        items=items,
        total=total,
        facets=facets,
        query=query,
        chosen=chosen,
        sort=sort,
        sorts=sorts if query.strip() else (),
        corrected=corrected,
    )


def with_list_data(queryset: QuerySet[LearningItem], user: AnyUser) -> QuerySet[LearningItem]:
    """Everything a list row shows, in a fixed number of queries: topics, and endorsement counts."""
    queryset = (
        queryset.select_related("organisation")
        .prefetch_related(Prefetch("item_topics", queryset=ItemTopic.objects.order_by("rank")))
        .annotate(national_endorsements=Count("endorsements", distinct=True))
    )
    if user.is_authenticated:
        council = organisation_selectors.council_user_ids(user)
        queryset = queryset.annotate(
            council_endorsements=Count(
                "endorsements", filter=Q(endorsements__user_id__in=council), distinct=True
            ),
            endorsed_by_me=Exists(Endorsement.objects.filter(item=OuterRef("pk"), user_id=user.pk)),
        )
    return queryset


@dataclass
class WordOfMouth:
    national: int
    council: int
    named: list[tuple[str, str]]  # (name, note) of colleagues who chose to show their name
    mine: Endorsement | None


def word_of_mouth_for_user(user: AnyUser, item: LearningItem) -> WordOfMouth:
    endorsements = Endorsement.objects.filter(item=item)
    national = endorsements.count()
    if not user.is_authenticated:
        return WordOfMouth(national, 0, [], None)
    council_ids = organisation_selectors.council_user_ids(user)
    in_council = endorsements.filter(user_id__in=council_ids)
    named = [
        (str(e.user.person.full_name) if hasattr(e.user, "person") else e.user.get_username(), e.note)
        for e in in_council.filter(show_name=True).select_related("user__person")
    ]
    mine = endorsements.filter(user_id=user.pk).first()
    return WordOfMouth(national, in_council.count(), named, mine)


def tips_from_colleagues(user: AnyUser) -> QuerySet[ColleagueTip]:
    """Items colleagues sent to the user, newest first, still visible to the user."""
    return (
        ColleagueTip.objects.filter(recipient_id=user.pk, item__in=visible_items(user))
        .select_related("item", "sender__person", "organisation")
        .order_by("-created_at")
    )


def get_module_for_user(user: AnyUser, slug: str) -> LearningItem:
    """A micro-module with all it shows in the player: sections, questions with options, case."""
    from toerusting.catalogue.models import Question

    try:
        return (
            visible_items(user)
            .filter(kind="micro_module")
            .select_related("case")
            .prefetch_related(
                "sections", Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
            )
            .get(slug=slug)
        )
    except LearningItem.DoesNotExist as exc:
        raise Http404 from exc


# For the matching engine (toerusting.matching), which reads the catalogue only through this module.
TOPICS = taxonomy.TOPICS
INSTRUMENTS = taxonomy.INSTRUMENTS
# The audience roles that exist in each kind of organisation: an item for AB-leden does not help a raadslid.
AUDIENCE_BY_BODY_TYPE: dict[str, frozenset[str]] = {
    kind: roles & taxonomy.codes(taxonomy.AUDIENCES)
    for kind, roles in organisation_selectors.roles_for_kind().items()
}


def items_for_matching() -> QuerySet[LearningItem]:
    """Every published item with what matching ranks by: ranked topics, instruments, audience and the number
    of endorsements (word of mouth). A fixed number of queries, whatever the number of items."""
    return (
        LearningItem.objects.published()
        .prefetch_related(
            Prefetch("item_topics", queryset=ItemTopic.objects.order_by("rank")), "instruments", "audience"
        )
        .annotate(endorsement_count=Count("endorsements", distinct=True))
        .order_by("slug")
    )


def published_items() -> QuerySet[LearningItem]:
    """Every published item, national and organisations' own, with its sessions (for the link check)."""
    return LearningItem.objects.published().prefetch_related("sessions").order_by("pk")


# For the competency scan (toerusting.development): the competencies of the profile and what an item is tagged
# with.
COMPETENCIES = taxonomy.COMPETENCIES


def items_for_competencies(
    user: AnyUser, codes: list[str], per_competency: int = 3
) -> dict[str, list[LearningItem]]:
    """Per competency, up to `per_competency` items the user may see that are tagged with it, short and
    starter items first. Two queries, whatever the number of competencies."""
    items = (
        visible_items(user)
        .filter(competencies__code__in=codes)
        .prefetch_related("competencies")
        .distinct()
        .order_by("duration_minutes", "title")
    )
    found: dict[str, list[LearningItem]] = {code: [] for code in codes}
    for item in items:
        for competency in item.competencies.all():
            shelf = found.get(competency.code)
            if shelf is not None and len(shelf) < per_competency and item not in shelf:
                shelf.append(item)
    return found


def upcoming_item_sessions(user: AnyUser, codes: list[str], limit: int = 10) -> list[Session]:
    """Dated sessions still to come of items the user may see that are tagged with one of these
    competencies (the griffie's own trainings), soonest first, with their item and its competencies."""
    from django.utils import timezone

    return list(
        Session.objects.filter(
            item__in=visible_items(user).filter(competencies__code__in=codes), starts_at__gte=timezone.now()
        )
        .select_related("item")
        .prefetch_related("item__competencies")
        .order_by("starts_at")[:limit]
    )


def get_visible_item_by_pk(user: AnyUser, pk: int) -> LearningItem:
    try:
        return visible_items(user).get(pk=pk)
    except LearningItem.DoesNotExist as exc:
        raise Http404 from exc


def topic_labels() -> dict[str, str]:
    """Every topic's code with its label (from the fixed vocabulary; no query)."""
    return {term.code: str(term.label) for term in taxonomy.TOPICS}


def national_cases() -> list[tuple[str, str]]:
    """(slug, title) of every published national case (kind "casus"), for the case method of intervision."""
    return list(
        LearningItem.objects.published()
        .filter(kind="casus", organisation__isnull=True)
        .order_by("slug")
        .values_list("slug", "title")
    )


def topic_choices() -> list[tuple[str, str]]:
    """The catalogue's topics (taxonomy codes) as form choices, in the active language."""
    return [(term.code, term.label) for term in taxonomy.TOPICS]


def national_items() -> QuerySet[LearningItem]:
    """Published items of the national catalogue (no organisation's own items), by title."""
    return LearningItem.objects.published().national().order_by("title")


def items_for_feed() -> QuerySet[LearningItem]:
    """The public catalogue feed: published national items with what the JSON-LD of each names."""
    return (
        LearningItem.objects.published()
        .national()
        .prefetch_related(
            Prefetch("item_topics", queryset=ItemTopic.objects.order_by("rank")),
            "instruments",
            "competencies",
            "audience",
            "sessions",
        )
        .order_by("slug")
    )


# For learning providers' feeds (toerusting.providers): the vocabularies an item is described with.
TAXONOMY: dict[str, tuple[taxonomy.Term, ...]] = {
    "topic": taxonomy.TOPICS,
    "instrument": taxonomy.INSTRUMENTS,
    "competency": taxonomy.COMPETENCIES,
    "audience": taxonomy.AUDIENCES,
    "kind": tuple(t for t in taxonomy.KINDS if t.code != "micro_module"),
    "level": taxonomy.LEVELS,
    "rubric": taxonomy.RUBRICS,
    "format": taxonomy.FORMATS,
}


def slug_exists(slug: str) -> bool:
    """Whether any item (published or not) has this key: a new provider item needs a free one."""
    return LearningItem.objects.filter(slug=slug).exists()


def national_items_by_slug(slugs: list[str]) -> list[LearningItem]:
    """Published national items with these keys, in the order given; keys not in the catalogue are left
    out (for a page that recommends a fixed selection, such as the candidates' track)."""
    found = {item.slug: item for item in LearningItem.objects.published().national().filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def short_item_counts(max_minutes: int) -> tuple[dict[str, int], dict[str, int]]:
    """How many published national items of at most `max_minutes` there are per topic and per council
    instrument (two queries), for the gaps overview."""
    short = LearningItem.objects.published().national().filter(duration_minutes__lte=max_minutes)
    topics = {
        row["item_topics__topic_id"]: row["n"]
        for row in short.values("item_topics__topic_id").annotate(n=Count("pk", distinct=True))
        if row["item_topics__topic_id"]
    }
    instruments = {
        row["instruments__code"]: row["n"]
        for row in short.values("instruments__code").annotate(n=Count("pk", distinct=True))
        if row["instruments__code"]
    }
    return topics, instruments


def offer_per_topic_and_provider(topics: Collection[str]) -> dict[str, dict[str, int]]:
    """Per topic: how many published national items each provider offers on it (one query); the provider
    is its label in the active language."""
    labels = {term.code: str(term.label) for term in taxonomy.PROVIDERS}
    found: dict[str, dict[str, int]] = {}
    rows = (
        LearningItem.objects.published()
        .national()
        .filter(item_topics__topic_id__in=list(topics))
        .values("item_topics__topic_id", "provider")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in rows:
        provider = labels.get(row["provider"], row["provider"])
        found.setdefault(row["item_topics__topic_id"], {})[provider] = row["n"]
    return found


def instrument_labels() -> dict[str, str]:
    """Every council instrument's code with its label (from the fixed vocabulary; no query)."""
    return {term.code: str(term.label) for term in taxonomy.INSTRUMENTS}


def item_titles(ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
    """(title, slug, provider label) of published national items by id (one query)."""
    labels = {term.code: str(term.label) for term in taxonomy.PROVIDERS}
    return {
        pk: (title, slug, labels.get(provider, provider))
        for pk, title, slug, provider in LearningItem.objects.published()
        .national()
        .filter(pk__in=list(ids))
        .values_list("pk", "title", "slug", "provider")
    }
