"""Writes on the catalogue: loading content files, a griffie's own items, endorsements, recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from toerusting import hooks
from toerusting.catalogue import search, search_index, taxonomy
from toerusting.catalogue.content import ItemRecord, render_markdown
from toerusting.catalogue.models import (
    AudienceRole,
    Case,
    ColleagueTip,
    Competency,
    Endorsement,
    Instrument,
    ItemTopic,
    LearningItem,
    ModuleSection,
    Option,
    Question,
    Session,
    Topic,
)
from toerusting.contentfiles import ContentError, Problem
from toerusting.notifications import services as notification_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.selectors import user_id_of

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser


@dataclass
class CatalogueLoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0


M = TypeVar("M", Topic, Instrument, Competency, AudienceRole)


def _ensure(model: type[M], terms: tuple[taxonomy.Term, ...]) -> None:
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create([model(code=t.code) for t in terms if t.code not in existing])


def ensure_vocabularies() -> None:
    """Create the rows for every code of the fixed vocabularies (idempotent)."""
    _ensure(Topic, taxonomy.TOPICS)
    _ensure(Instrument, taxonomy.INSTRUMENTS)
    _ensure(Competency, taxonomy.COMPETENCIES)
    _ensure(AudienceRole, taxonomy.AUDIENCES)


def _set_tags(
    item: LearningItem, instruments: list[str], competencies: list[str], audience: list[str]
) -> None:
    item.instruments.set(Instrument.objects.filter(code__in=instruments))
    item.competencies.set(Competency.objects.filter(code__in=competencies))
    item.audience.set(AudienceRole.objects.filter(code__in=audience))


def refresh_search_index(items: list[LearningItem]) -> None:
    """Put these items in the search index as they are now (published or not: visibility is checked when
    searching, and a withdrawn item is taken out by `withdraw_own_item` and `load_catalogue`)."""
    search_index.write([search.document_for_item(item) for item in items])


def _item_fields(record: ItemRecord, organisation: Organisation | None, source_prefix: str) -> dict[str, Any]:
    return {
        "title": record.title,
        "summary": record.summary,
        "kind": record.kind,
        "provider": record.provider,
        "rubric": record.rubric,
        "level": record.level,
        "duration_minutes": record.duration_minutes,
        "format": record.format,
        "non_partisan": record.non_partisan,
        "cost_eur": Decimal(str(record.cost_eur)).quantize(Decimal("0.01")),
        "language_level": record.language_level,
        "url": record.url,
        "body_html": record.body_html,
        "body_text": record.body_text,
        "reflection_prompt": record.reflection_prompt,
        "organisation": organisation,
        "source_path": f"{source_prefix}{record.path.name}",
        "is_published": True,
    }


def _fingerprint(item: LearningItem) -> tuple[Any, ...]:
    return (
        item.title,
        item.summary,
        item.kind,
        item.provider,
        item.rubric,
        item.level,
        item.duration_minutes,
        item.format,
        item.non_partisan,
        Decimal(item.cost_eur),
        item.language_level,
        item.url,
        item.body_html,
        item.reflection_prompt,
        item.organisation_id,
        item.is_published,
        tuple(item.item_topics.values_list("topic_id", flat=True)),
        tuple(sorted(item.instruments.values_list("code", flat=True))),
        tuple(sorted(item.competencies.values_list("code", flat=True))),
        tuple(sorted(item.audience.values_list("code", flat=True))),
        tuple((s.title, s.body_html) for s in item.sections.all()),
        tuple(
            (q.prompt, tuple((o.text, o.is_correct, o.feedback) for o in q.options.all()))
            for q in item.questions.all()
        ),
        (item.case.title, item.case.situation_html, tuple(item.case.discussion_questions))
        if hasattr(item, "case")
        else None,
        tuple((s.starts_at, s.ends_at, s.location) for s in item.sessions.all()),
    )


@transaction.atomic
def load_catalogue(records: list[ItemRecord], *, source_prefix: str = "catalogue/") -> CatalogueLoadSummary:
    """Upsert the items read from one content directory by slug, all in one transaction.

    source_prefix names the directory (relative to content/, e.g. "catalogue/"). Items that came from that
    directory but are no longer there are withdrawn (unpublished), not deleted, so that members keep their
    progress and notes.
    """
    ensure_vocabularies()
    summary = CatalogueLoadSummary()
    organisations: dict[str, Organisation] = {}
    problems: list[Problem] = []
    for record in records:
        if record.organisation and record.organisation not in organisations:
            organisation = organisation_selectors.organisation_by_slug(record.organisation)
            if organisation is None:
                problems.append(
                    Problem(record.path, 1, "organisation", f"no organisation {record.organisation!r}")
                )
                continue
            organisations[record.organisation] = organisation
    if problems:
        raise ContentError(problems)
    loaded: set[str] = set()
    to_index: list[LearningItem] = []
    for record in records:
        organisation = organisations.get(record.organisation) if record.organisation else None
        item = LearningItem.objects.filter(slug=record.slug).first()
        before = _fingerprint(item) if item is not None else None
        if item is None:
            item = LearningItem(slug=record.slug)
        for name, value in _item_fields(record, organisation, source_prefix).items():
            setattr(item, name, value)
        item.save()
        _write_children(item, record)
        after = _fingerprint(item)
        if before is None:
            summary.created += 1
        elif before != after:
            summary.updated += 1
        else:
            summary.unchanged += 1
        to_index.append(item)  # always: the analysis (synonyms, word parts) may have changed since
        loaded.add(record.slug)
    refresh_search_index(to_index)
    missing = LearningItem.objects.filter(source_path__startswith=source_prefix, is_published=True)
    withdrawn = list(missing.exclude(slug__in=loaded).values_list("pk", flat=True))
    summary.withdrawn = LearningItem.objects.filter(pk__in=withdrawn).update(is_published=False)
    search_index.remove(withdrawn)
    if summary.created or summary.updated or summary.withdrawn:
        transaction.on_commit(lambda: hooks.run("catalogue_changed"))
    return summary


def _write_children(item: LearningItem, record: ItemRecord) -> None:
    item.item_topics.all().delete()
    ItemTopic.objects.bulk_create(
        [ItemTopic(item=item, topic_id=code, rank=rank) for rank, code in enumerate(record.topics)]
    )
    _set_tags(item, record.instruments, record.competencies, record.audience)
    # Module content is replaced as a whole: answers of members refer to questions by item and order.
    existing_questions = {q.order: q for q in item.questions.all()}
    item.sections.all().delete()
    ModuleSection.objects.bulk_create(
        [
            ModuleSection(item=item, order=n, title=s.title, body_html=s.body_html)
            for n, s in enumerate(record.sections)
        ]
    )
    for order, question_record in enumerate(record.questions):
        question = existing_questions.pop(order, None) or Question(item=item, order=order)
        question.prompt = question_record.prompt
        question.save()
        question.options.all().delete()
        Option.objects.bulk_create(
            [
                Option(question=question, order=n, text=o.text, is_correct=o.is_correct, feedback=o.feedback)
                for n, o in enumerate(question_record.options)
            ]
        )
    for stale in existing_questions.values():
        stale.delete()
    if record.case is not None:
        Case.objects.update_or_create(
            item=item,
            defaults={
                "title": record.case.title,
                "situation_html": record.case.situation_html,
                "discussion_questions": record.case.discussion_questions,
            },
        )
    else:
        Case.objects.filter(item=item).delete()
    item.sessions.all().delete()
    Session.objects.bulk_create(
        [
            Session(item=item, starts_at=s.starts_at, ends_at=s.ends_at, location=s.location)
            for s in record.sessions
        ]
    )


@dataclass
class OwnItemData:
    """What a griffie fills in for its own item (validated by the form)."""

    title: str
    summary: str
    kind: str
    description: str
    topics: list[str]
    instruments: list[str]
    competencies: list[str]
    audience: list[str]
    rubric: str
    level: str
    duration_minutes: int
    format: str
    non_partisan: bool
    cost_eur: Decimal
    url: str


@transaction.atomic
def save_own_item(
    organisation: Organisation, data: OwnItemData, item: LearningItem | None = None
) -> LearningItem:
    """Create or update an organisation's own catalogue item (the griffie's offer)."""
    ensure_vocabularies()
    if item is None:
        from django.utils.text import slugify

        base = slugify(f"{organisation.slug}-{data.title}")[:90] or organisation.slug
        slug, counter = base, 2
        while LearningItem.objects.filter(slug=slug).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        item = LearningItem(slug=slug, organisation=organisation, provider="griffie")
    elif item.organisation_id != organisation.pk:
        raise PermissionError("item belongs to another organisation")
    item.title = data.title
    item.summary = data.summary
    item.kind = data.kind
    item.body_html = render_markdown(data.description)
    item.body_text = data.description
    item.rubric = data.rubric
    item.level = data.level
    item.duration_minutes = data.duration_minutes
    item.format = data.format
    item.non_partisan = data.non_partisan
    item.cost_eur = data.cost_eur
    item.url = data.url
    item.is_published = True
    item.save()
    item.item_topics.all().delete()
    ItemTopic.objects.bulk_create(
        [ItemTopic(item=item, topic_id=c, rank=r) for r, c in enumerate(data.topics)]
    )
    _set_tags(item, data.instruments, data.competencies, data.audience)
    refresh_search_index([item])
    transaction.on_commit(lambda: hooks.run("catalogue_changed"))
    return item


def add_session(item: LearningItem, *, starts_at: Any, ends_at: Any, location: str) -> Session:
    return Session.objects.create(item=item, starts_at=starts_at, ends_at=ends_at, location=location)


def delete_session(session: Session) -> None:
    session.delete()


def withdraw_own_item(item: LearningItem) -> None:
    item.is_published = False
    item.save(update_fields=["is_published"])
    search_index.remove([item.pk])
    transaction.on_commit(lambda: hooks.run("catalogue_changed"))


def endorse(user: AnyUser, item: LearningItem, *, note: str = "", show_name: bool = False) -> Endorsement:
    """Mark an item as useful (or update the note); one endorsement per member and item."""
    endorsement, _created = Endorsement.objects.update_or_create(
        item=item, user_id=user_id_of(user), defaults={"note": strip_tags(note)[:200], "show_name": show_name}
    )
    return endorsement


def withdraw_endorsement(user: AnyUser, item: LearningItem) -> None:
    Endorsement.objects.filter(item=item, user_id=user_id_of(user)).delete()


def send_to_colleague(
    sender: AnyUser,
    recipient: AnyUser,
    item: LearningItem,
    organisation: Organisation,
    message: str = "",
) -> ColleagueTip:
    """Send an item to a colleague; the caller has checked that both belong to the organisation. The
    colleague also gets an e-mail (unless they switched these off), after the tip is saved."""
    tip = ColleagueTip.objects.create(
        item=item,
        sender_id=user_id_of(sender),
        recipient_id=user_id_of(recipient),
        organisation=organisation,
        message=strip_tags(message)[:200],
    )
    transaction.on_commit(lambda: send_tip_mail(tip.pk))
    return tip


def send_tip_mail(tip_id: int) -> bool:
    """The e-mail about a tip from a colleague, in the recipient's language."""
    tip = ColleagueTip.objects.select_related("item", "sender", "organisation").filter(pk=tip_id).first()
    if tip is None:
        return False
    sender = tip.sender.get_full_name() or tip.sender.username
    url = notification_services.absolute_url(reverse("catalogue:item", kwargs={"slug": tip.item.slug}))
    return notification_services.send(
        notification_services.Kind.COLLEAGUE_TIP,
        tip.recipient_id,
        template="catalogue/email/colleague_tip",
        context={"tip": tip, "sender": sender, "item": tip.item, "url": url},
    )


@dataclass
class ProviderSessionData:
    starts_at: Any
    ends_at: Any
    location: str
    places: int | None = None


@dataclass
class ProviderItemData(OwnItemData):
    """An item as a learning provider maintains it (toerusting.providers: its form or its feed): what a
    griffie fills in for its own item, with the dated sessions."""

    sessions: list[ProviderSessionData] = field(default_factory=list)


@transaction.atomic
def save_provider_item(
    slug: str,
    data: ProviderItemData,
    *,
    offered_by: str,
    source_url: str,
    checked_at: Any,
) -> LearningItem:
    """Create or update (by slug) a national item that a learning provider maintains, and publish it.

    The caller (toerusting.providers) decides whether the change may be published (moderation)."""
    ensure_vocabularies()
    item = LearningItem.objects.filter(slug=slug).first() or LearningItem(slug=slug)
    if item.pk is not None and item.offered_by == "" and item.source_path:
        raise PermissionError("the item is national content, not a provider's")
    item.organisation = None
    item.provider = "aanbieder"
    item.offered_by = offered_by
    item.source_url = source_url
    item.checked_at = checked_at
    item.withdrawn_at = None
    item.title = data.title
    item.summary = data.summary
    item.kind = data.kind
    item.body_html = render_markdown(data.description)
    item.body_text = data.description
    item.rubric = data.rubric
    item.level = data.level
    item.duration_minutes = data.duration_minutes
    item.format = data.format
    item.non_partisan = data.non_partisan
    item.cost_eur = Decimal(data.cost_eur).quantize(Decimal("0.01"))
    item.url = data.url
    item.is_published = True
    item.save()
    item.item_topics.all().delete()
    ItemTopic.objects.bulk_create(
        [ItemTopic(item=item, topic_id=c, rank=r) for r, c in enumerate(data.topics)]
    )
    _set_tags(item, data.instruments, data.competencies, data.audience)
    item.sessions.all().delete()
    Session.objects.bulk_create(
        [
            Session(item=item, starts_at=s.starts_at, ends_at=s.ends_at, location=s.location, places=s.places)
            for s in data.sessions
        ]
    )
    refresh_search_index([item])
    transaction.on_commit(lambda: hooks.run("catalogue_changed"))
    return item


def mark_provider_item_checked(slug: str, *, source_url: str, checked_at: Any) -> None:
    """The provider's data was read again and nothing changed: only the date of the last check moves."""
    LearningItem.objects.filter(slug=slug).exclude(offered_by="").update(
        checked_at=checked_at, source_url=source_url
    )


def withdraw_provider_item(slug: str, *, withdrawn_at: Any) -> bool:
    """The provider no longer offers the item: it is unpublished and marked withdrawn, never deleted."""
    item = LearningItem.objects.filter(slug=slug).exclude(offered_by="").first()
    if item is None or not item.is_published:
        return False
    item.is_published = False
    item.withdrawn_at = withdrawn_at
    item.save(update_fields=["is_published", "withdrawn_at"])
    search_index.remove([item.pk])
    transaction.on_commit(lambda: hooks.run("catalogue_changed"))
    return True
