"""Reads of good practices. The library shows published practices to everyone; a practice in any other
status is seen only by the griffie of its own organisation and by the platform operator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, is_operator
from toerusting.practices.models import (
    AMBASSADOR_THRESHOLD,
    Adoption,
    PeerContact,
    Practice,
    PracticeTopic,
    Status,
)

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser


def _published_count() -> Subquery:
    return Subquery(
        Practice.objects.filter(organisation_id=OuterRef("organisation_id"), status=Status.PUBLISHED)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _adoption_count() -> Subquery:
    return Subquery(
        Adoption.objects.filter(practice_id=OuterRef("pk"))
        .order_by()
        .values("practice_id")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def with_list_data(queryset: QuerySet[Practice]) -> QuerySet[Practice]:
    """The organisation, topics, adoption count, the council's published count (for the ambassador badge)
    and its contact for peers: a constant number of queries for any number of practices."""
    return (
        queryset.select_related("organisation")
        .prefetch_related(Prefetch("topics", queryset=PracticeTopic.objects.order_by("code")))
        .annotate(
            adoption_count=Coalesce(_adoption_count(), Value(0)),
            council_published=Coalesce(_published_count(), Value(0)),
            peer_email=Subquery(
                PeerContact.objects.filter(organisation_id=OuterRef("organisation_id")).values("email")[:1]
            ),
        )
    )


@dataclass
class Library:
    practices: list[Practice]
    topic: str
    kind: str
    topic_choices: list[tuple[str, str]]
    kind_choices: list[tuple[str, str]]


def library(topic: str = "", kind: str = "") -> Library:
    """Published practices, newest first, filtered by topic code and organisation kind (unknown values are
    ignored, not an error: a link from an old page still shows the library)."""
    topic_choices = catalogue_selectors.topic_choices()
    kind_choices = organisation_selectors.organisation_kind_choices()
    queryset = Practice.objects.filter(status=Status.PUBLISHED)
    if topic not in dict(topic_choices):
        topic = ""
    if kind not in dict(kind_choices):
        kind = ""
    if topic:
        queryset = queryset.filter(
            Exists(PracticeTopic.objects.filter(practice_id=OuterRef("pk"), code=topic))
        )
    if kind:
        queryset = queryset.filter(organisation__kind=kind)
    practices = list(with_list_data(queryset).order_by("-published_at", "pk"))
    label_topics(practices)
    return Library(practices, topic, kind, topic_choices, kind_choices)


def label_topics(practices: list[Practice]) -> None:
    """Give each practice `topic_labels` (names in the active language), from its prefetched topics."""
    labels = catalogue_selectors.topic_labels()
    for practice in practices:
        practice.topic_labels = [labels.get(t.code, t.code) for t in practice.topics.all()]  # type: ignore[attr-defined]


def may_manage(user: AnyUser, practice: Practice) -> bool:
    """The griffie of the practice's organisation (a member with the capability) may change it."""
    organisation = (
        organisation_selectors.organisations_for_user(user).filter(pk=practice.organisation_id).first()
    )
    return organisation is not None and can(user, organisation, Capability.SHARE_PRACTICES)


def get_practice_for_user(user: AnyUser, practice_id: int) -> Practice:
    """A practice page: published for everyone; otherwise only its own griffie and the operator (404)."""
    try:
        practice = with_list_data(Practice.objects.filter(pk=practice_id)).prefetch_related("items").get()
    except Practice.DoesNotExist as exc:
        raise Http404 from exc
    if practice.status != Status.PUBLISHED and not is_operator(user) and not may_manage(user, practice):
        raise Http404
    label_topics([practice])
    return practice


def get_submitted_practice(practice_id: int) -> Practice:
    """A practice for the operator's moderation (the view checks that the user is the operator)."""
    try:
        return Practice.objects.select_related("organisation").get(pk=practice_id)
    except Practice.DoesNotExist as exc:
        raise Http404 from exc


def moderation_queue() -> list[Practice]:
    """Practices waiting for the operator, oldest first."""
    practices = list(
        with_list_data(Practice.objects.filter(status=Status.SUBMITTED)).order_by("submitted_at", "pk")
    )
    label_topics(practices)
    return practices


def own_practices(user: AnyUser, organisation: Organisation) -> list[Practice]:
    """Every practice of the organisation, in any status, for its griffie."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    practices = list(
        with_list_data(Practice.objects.filter(organisation=organisation)).order_by("-updated_at", "pk")
    )
    label_topics(practices)
    return practices


def get_own_practice_for_user(user: AnyUser, organisation: Organisation, practice_id: int) -> Practice:
    """A practice of this organisation (404 for another organisation's practice)."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return Practice.objects.prefetch_related("items", "topics").get(
            organisation=organisation, pk=practice_id
        )
    except Practice.DoesNotExist as exc:
        raise Http404 from exc


def get_adoptable_practice(organisation: Organisation, practice_id: int) -> Practice:
    """A published practice of another organisation (404 otherwise)."""
    try:
        return (
            Practice.objects.filter(status=Status.PUBLISHED)
            .exclude(organisation=organisation)
            .prefetch_related("items")
            .get(pk=practice_id)
        )
    except Practice.DoesNotExist as exc:
        raise Http404 from exc


def adopted_by(organisation: Organisation, practice_ids: list[int]) -> set[int]:
    """Which of these practices the organisation has adopted."""
    return set(
        Adoption.objects.filter(organisation=organisation, practice_id__in=practice_ids).values_list(
            "practice_id", flat=True
        )
    )


def peer_contact_of(organisation: Organisation) -> PeerContact | None:
    return PeerContact.objects.filter(organisation=organisation).first()


def is_ambassador(practice: Practice) -> bool:
    """Whether the practice's council is an ambassadeursraad (`council_published`: see with_list_data)."""
    return int(getattr(practice, "council_published", 0)) >= AMBASSADOR_THRESHOLD


@dataclass
class Ambassador:
    organisation: Organisation
    published: int
    email: str
    note: str


def ambassadors() -> list[Ambassador]:
    """Councils with at least AMBASSADOR_THRESHOLD published practices, most first, with their contact for
    peers (or, without one, the contact address of their newest practice)."""
    rows = (
        Practice.objects.filter(status=Status.PUBLISHED)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=AMBASSADOR_THRESHOLD)
    )
    counts = {row["organisation_id"]: row["n"] for row in rows}
    if not counts:
        return []
    contacts = {c.organisation_id: c for c in PeerContact.objects.filter(organisation_id__in=counts)}
    newest: dict[int, Practice] = {}
    for practice in (
        Practice.objects.filter(status=Status.PUBLISHED, organisation_id__in=counts)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    ):
        newest.setdefault(practice.organisation_id, practice)
    result = []
    for organisation_id, count in counts.items():
        contact = contacts.get(organisation_id)
        latest = newest[organisation_id]
        result.append(
            Ambassador(
                latest.organisation,
                count,
                contact.email if contact else latest.contact_email,
                contact.note if contact else "",
            )
        )
    return sorted(result, key=lambda a: (-a.published, a.organisation.name))


def adoption_count(practice: Practice) -> int:
    return Adoption.objects.filter(practice=practice).count()


def has_submitted(user: AnyUser) -> bool:
    """Whether there is work for the operator (for a link in the library)."""
    return is_operator(user) and Practice.objects.filter(status=Status.SUBMITTED).exists()


def adopting_organisations(user: AnyUser, practice: Practice) -> list[Organisation]:
    """The organisations in which the user may put this practice in the term plan: those where they plan
    (the griffie), not the practice's own. Operators adopt nothing: they are no council's griffie."""
    if not user.is_authenticated or is_operator(user):
        return []
    return [
        organisation
        for organisation in organisation_selectors.organisations_for_user(user).exclude(
            pk=practice.organisation_id
        )
        if can(user, organisation, Capability.MANAGE_PLAN)
    ]


def adopted_by_any(organisations: list[Organisation], practice: Practice) -> set[int]:
    """Which of these organisations have adopted the practice (their ids)."""
    if not organisations:
        return set()
    return set(
        Adoption.objects.filter(practice=practice, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )


def spread_for_monitor() -> list[tuple[str, int]]:
    """The hook "monitor_practice_spread" of the national monitor: every published practice that other
    councils adopted, with the number of organisations that did, most adopted first (one query). Published
    practices and their adoption counts are public in the library already; nothing here is about persons."""
    return list(
        Practice.objects.filter(status=Status.PUBLISHED)
        .annotate(adopted=Count("adoptions__organisation", distinct=True))
        .filter(adopted__gt=0)
        .order_by("-adopted", "title")
        .values_list("title", "adopted")
    )
