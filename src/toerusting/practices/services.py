"""Writes of good practices: the griffie drafts, submits and changes; the operator publishes or refuses;
another griffie adopts a published practice into its term plan."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.audit import services as audit_services
from toerusting.planner import selectors as planner_selectors
from toerusting.planner import services as planner_services
from toerusting.practices.models import Adoption, PeerContact, Practice, PracticeTopic, Status

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser


def _uid(user: AnyUser | None) -> int | None:
    """The id of the acting user; None for a loader that acts for nobody in particular."""
    return int(user.pk) if user is not None and user.is_authenticated and user.pk is not None else None


@dataclass
class PracticeText:
    """What the griffie writes about a practice (the fields of the form)."""

    title: str
    what: str
    why: str
    how: str
    results: str
    contact_email: str
    cost: Decimal | None
    topics: list[str]
    items: list[LearningItem]


def _write(practice: Practice, text: PracticeText) -> None:
    for name in ("title", "what", "why", "how", "results", "contact_email", "cost"):
        setattr(practice, name, getattr(text, name))
    practice.save()
    practice.items.set(text.items)
    practice.topics.all().delete()
    PracticeTopic.objects.bulk_create(
        PracticeTopic(practice=practice, code=code) for code in dict.fromkeys(text.topics)
    )


@transaction.atomic
def create_practice(organisation: Organisation, user: AnyUser | None, text: PracticeText) -> Practice:
    """A new draft of the organisation; nobody but its griffie and the operator sees it yet."""
    practice = Practice(organisation=organisation, created_by_id=_uid(user))
    _write(practice, text)
    _record(practice, user, "created", organisation=organisation)
    return practice


@transaction.atomic
def update_practice(practice: Practice, user: AnyUser | None, text: PracticeText) -> Practice:
    """Change a practice. A published or refused practice goes back to moderation (submitted), so the
    public library only shows text the operator has seen."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    was = practice.status
    _write(practice, text)
    if was in (Status.PUBLISHED, Status.REFUSED):
        practice.status = Status.SUBMITTED
        practice.submitted_at = timezone.now()
        practice.refusal_reason = ""
        practice.save(update_fields=["status", "submitted_at", "refusal_reason"])
    _record(practice, user, "changed")
    return practice


@transaction.atomic
def submit_practice(practice: Practice, user: AnyUser | None) -> Practice:
    """Offer a draft (or a refused practice) to the operator for publication."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in (Status.DRAFT, Status.REFUSED):
        raise ValidationError(_("Only a draft or a refused practice can be submitted."))
    if not practice.items.exists():
        raise ValidationError(
            _("Link at least one catalogue item, so other councils can put the practice in their term plan.")
        )
    practice.status = Status.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.refusal_reason = ""
    practice.save(update_fields=["status", "submitted_at", "refusal_reason", "updated_at"])
    _record(practice, user, "submitted")
    return practice


@transaction.atomic
def publish_practice(practice: Practice, operator: AnyUser | None) -> Practice:
    """The operator approves a submitted practice: it appears in the public library."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Status.SUBMITTED:
        raise ValidationError(_("Only a practice that waits for moderation can be published."))
    practice.status = Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.moderated_by_id = _uid(operator)
    practice.save(update_fields=["status", "published_at", "moderated_by", "updated_at"])
    _record(practice, operator, "published")
    return practice


@transaction.atomic
def refuse_practice(practice: Practice, operator: AnyUser | None, reason: str) -> Practice:
    """The operator refuses a submitted practice, with a reason the griffie reads."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the refusal: the griffie reads it."))
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Status.SUBMITTED:
        raise ValidationError(_("Only a practice that waits for moderation can be refused."))
    practice.status = Status.REFUSED
    practice.refusal_reason = reason
    practice.moderated_by_id = _uid(operator)
    practice.save(update_fields=["status", "refusal_reason", "moderated_by", "updated_at"])
    _record(practice, operator, "refused")
    return practice


@transaction.atomic
def adopt_practice(
    practice: Practice, organisation: Organisation, user: AnyUser | None, item: LearningItem
) -> Adoption:
    """Another council takes the practice over: an activity in its term plan, with a link back to the
    practice, and one more adoption in the library's count."""
    if practice.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published practice can be adopted."))
    if practice.organisation_id == organisation.pk:
        raise ValidationError(_("This is a practice of your own council."))
    if not practice.items.filter(pk=item.pk).exists():
        raise ValidationError(_("Choose one of the catalogue items of this practice."))
    plan = planner_selectors.plan_for(organisation)
    if plan is None:
        raise ValidationError(_("Make a term plan first; the practice becomes an activity in it."))
    if Adoption.objects.filter(practice=practice, organisation=organisation).exists():
        raise ValidationError(_("Your council has already adopted this practice."))
    activity = planner_services.add_activity(
        plan,
        item,
        title=practice.title[:200],
        owner_kind="griffier",
        origin_path=reverse("practices:detail", kwargs={"practice_id": practice.pk}),
        origin_title=practice.title[:200],
    )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                practice=practice,
                organisation=organisation,
                activity_id=activity.pk,
                adopted_by_id=_uid(user),
            )
    except IntegrityError as exc:  # adopted at the same moment by a colleague
        raise ValidationError(_("Your council has already adopted this practice.")) from exc
    audit_services.record(
        user, organisation, audit_services.Action.PLAN_CHANGED, practice.title, adopted_practice=practice.pk
    )
    return adoption


def set_peer_contact(organisation: Organisation, user: AnyUser | None, email: str, note: str) -> PeerContact:
    """The address where griffies of other councils can reach this council about its practices."""
    contact, _created = PeerContact.objects.update_or_create(
        organisation=organisation, defaults={"email": email, "note": note}
    )
    audit_services.record(user, organisation, audit_services.Action.PRACTICE, email, change="peer_contact")
    return contact


def _record(
    practice: Practice, user: AnyUser | None, change: str, *, organisation: Organisation | None = None
) -> None:
    """A step of the practice in the audit trail of its organisation."""
    audit_services.record(
        user,
        organisation or practice.organisation,
        audit_services.Action.PRACTICE,
        practice.title,
        practice=practice.pk,
        change=change,
    )
