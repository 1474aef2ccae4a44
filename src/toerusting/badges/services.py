"""Writes on open badges: define a badge (the griffie), award it when its rule is met (through the hooks
"learning_completed" and "attendance_recorded", and a catch-up), the member's choices, and revoking."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.audit import services as audit_services
from toerusting.badges import credentials
from toerusting.badges.models import Award, BadgeDefinition, Rule
from toerusting.learning import selectors as learning_selectors
from toerusting.notifications import services as notification_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors as planner_selectors

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser
    from toerusting.planner.models import Activity, PlannedSession

logger = logging.getLogger(__name__)

MAX_ITEMS = 20


@dataclass(frozen=True)
class BadgeText:
    name: str
    description: str
    criteria: str
    design: str
    rule: str
    activity: Activity | None
    items: list[LearningItem]
    is_active: bool = True


def _validate(text: BadgeText) -> None:
    if text.rule == Rule.TRAINING and text.activity is None:
        raise ValidationError({"activity": _("Choose the training of the term plan that earns the badge.")})
    if text.rule == Rule.MODULES and not text.items:
        raise ValidationError({"items": _("Choose at least one catalogue item that earns the badge.")})
    if len(text.items) > MAX_ITEMS:
        raise ValidationError({"items": _("Choose at most %(count)s items.") % {"count": MAX_ITEMS}})


def _apply(definition: BadgeDefinition, text: BadgeText) -> None:
    definition.name = text.name.strip()
    definition.description = text.description.strip()
    definition.criteria = text.criteria.strip()
    definition.design = text.design
    definition.rule = text.rule
    definition.activity = text.activity if text.rule == Rule.TRAINING else None
    definition.is_active = text.is_active
    definition.save()
    definition.items.set(text.items if text.rule == Rule.MODULES else [])


@transaction.atomic
def create_definition(organisation: Organisation, actor: AnyUser, text: BadgeText) -> BadgeDefinition:
    _validate(text)
    definition = BadgeDefinition(organisation=organisation)
    _apply(definition, text)
    audit_services.record(
        actor,
        organisation,
        audit_services.Action.BADGE,
        definition.name,
        badge=definition.pk,
        change="created",
    )
    return definition


@transaction.atomic
def update_definition(definition: BadgeDefinition, actor: AnyUser, text: BadgeText) -> BadgeDefinition:
    """Change a badge. Badges already awarded keep the credential they were issued with."""
    _validate(text)
    _apply(definition, text)
    audit_services.record(
        actor,
        definition.organisation,
        audit_services.Action.BADGE,
        definition.name,
        badge=definition.pk,
        change="changed",
    )
    return definition


# --- Earning ---------------------------------------------------------------------------------------------


def rule_met(definition: BadgeDefinition, user_id: int) -> bool:
    """Whether the member with this id meets the badge's rule now."""
    if definition.rule == Rule.MODULES:
        wanted = {item.pk for item in definition.items.all()}
        return bool(wanted) and wanted <= learning_selectors.completed_item_ids_of(user_id)
    if definition.rule == Rule.TRAINING and definition.activity_id is not None:
        attended = planner_selectors.activities_attended(user_id, {definition.activity_id})
        return definition.activity_id in attended
    return False


def _take_status_bit(awarded: Award) -> None:
    """Give the award a free random position in its organisation's revocation list. Drawn at random (the
    spec's advice: a position says nothing about when or to whom a badge was issued); the unique constraint
    settles two draws of the same position at the same moment."""
    organisation = awarded.definition.organisation
    taken = Award.objects.filter(status_organisation=organisation)
    if taken.count() >= credentials.STATUS_LIST_BITS:
        logger.error("badges: the revocation list of %s is full; award signed without a status", organisation)
        return
    draw = secrets.SystemRandom()
    while True:
        position = draw.randrange(credentials.STATUS_LIST_BITS)
        if not taken.filter(status_index=position).exists():
            break
    awarded.status_organisation = organisation
    awarded.status_index = position


def award(definition: BadgeDefinition, user_id: int, now: Any = None) -> Award | None:
    """Award the badge to the member (once), sign its credential and tell the member by e-mail after the
    transaction. None when they had it already."""
    if Award.objects.filter(definition=definition, user_id=user_id).exists():
        return None
    try:
        with transaction.atomic():
            awarded = Award(definition=definition, user_id=user_id, awarded_at=now or timezone.now())
            _take_status_bit(awarded)
            awarded.credential = credentials.sign(awarded)
            awarded.save()
            audit_services.record(
                None,
                definition.organisation,
                audit_services.Action.BADGE,
                definition.name,
                badge=definition.pk,
                award=awarded.pk,
                change="awarded",
            )
    except IntegrityError:  # awarded at the same moment by another request (or, rarely, the same bit drawn)
        return None
    transaction.on_commit(lambda: _notify(awarded.pk))
    logger.info("badges: awarded badge %s to user %s", definition.pk, user_id)
    return awarded


def _notify(award_id: int) -> None:
    awarded = Award.objects.select_related("definition__organisation").filter(pk=award_id).first()
    if awarded is None:
        return
    url = credentials.absolute(
        reverse("badges:award", kwargs={"org": awarded.definition.organisation.slug, "award_id": awarded.pk})
    )
    notification_services.send(
        "badge",
        awarded.user_id,
        template="badges/email/awarded",
        context={
            "badge": awarded.definition.name,
            "organisation": awarded.definition.organisation.name,
            "url": url,
        },
        key=f"badge:{awarded.pk}",
    )


def _candidates(user_id: int) -> list[BadgeDefinition]:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return []
    return list(
        BadgeDefinition.objects.filter(
            organisation__in=organisation_selectors.organisations_for_user(user), is_active=True
        )
        .exclude(awards__user_id=user_id)
        .select_related("organisation")
        .prefetch_related("items")
    )


def award_earned(user_id: int) -> list[Award]:
    """Award every badge of the member's organisations whose rule they meet now."""
    return [
        awarded
        for definition in _candidates(user_id)
        if rule_met(definition, user_id) and (awarded := award(definition, user_id)) is not None
    ]


def on_learning_completed(user_id: int, item: LearningItem) -> None:
    """The hook "learning_completed": a badge made of this item may now be earned. A failure here never
    undoes the completion: it is logged, and the periodic catch-up awards the badge later."""
    try:
        with transaction.atomic():
            if BadgeDefinition.objects.filter(is_active=True, rule=Rule.MODULES, items=item).exists():
                award_earned(user_id)
    except Exception:
        logger.exception("badges: award after a completion failed (user %s), catch-up retries", user_id)


def on_attendance_recorded(session: PlannedSession, present_user_ids: set[int]) -> None:
    """The hook "attendance_recorded": the members present earn a badge of this training. A failure here
    never undoes the attendance: it is logged, and the periodic catch-up awards the badge later."""
    try:
        with transaction.atomic():
            _award_for_attendance(session, present_user_ids)
    except Exception:
        logger.exception("badges: award after attendance failed (session %s), catch-up retries", session.pk)


def _award_for_attendance(session: PlannedSession, present_user_ids: set[int]) -> None:
    definitions = list(
        BadgeDefinition.objects.filter(is_active=True, rule=Rule.TRAINING, activity_id=session.activity_id)
    )
    if not definitions:
        return
    for user_id in sorted(present_user_ids):
        for definition in definitions:
            if rule_met(definition, user_id):
                award(definition, user_id)


def catch_up(organisation: Organisation | None = None) -> int:
    """Award what the hooks could not (a badge defined after the modules were completed): the periodic
    catch-up and the moment a badge is saved. The number of badges awarded."""
    definitions = BadgeDefinition.objects.filter(is_active=True).select_related("organisation")
    if organisation is not None:
        definitions = definitions.filter(organisation=organisation)
    count = 0
    for definition in definitions.prefetch_related("items"):
        for user_id in organisation_selectors.member_user_ids(definition.organisation):
            if rule_met(definition, user_id) and award(definition, user_id) is not None:
                count += 1
    return count


# --- The member's choices and the griffie's revocation ---------------------------------------------------


@transaction.atomic
def set_choices(awarded: Award, *, is_public: bool, include_name: bool) -> Award:
    """Share the badge on a public page or not, with the name or not; a change of name re-issues the
    credential (the earlier one stays valid: it shows what the member shared then). An award signed before
    the revocation list existed gets its position in the list when it is re-issued."""
    reissue = awarded.include_name != include_name
    awarded.is_public = is_public
    awarded.include_name = include_name
    if reissue:
        if awarded.status_index is None:
            _take_status_bit(awarded)
        awarded.credential = credentials.sign(awarded)
    awarded.save(
        update_fields=["is_public", "include_name", "credential", "status_organisation", "status_index"]
    )
    return awarded


@transaction.atomic
def revoke(awarded: Award, actor: AnyUser, reason: str) -> bool:
    """Revoke an awarded badge with a reason; whether it was revoked now (not before)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the badge.")})
    if awarded.revoked_at is not None:
        return False
    awarded.revoked_at = timezone.now()
    awarded.revoked_reason = reason[:300]
    awarded.save(update_fields=["revoked_at", "revoked_reason"])
    audit_services.record(
        actor,
        awarded.definition.organisation,
        audit_services.Action.BADGE,
        awarded.definition.name,
        badge=awarded.definition_id,
        award=awarded.pk,
        change="revoked",
        reason=awarded.revoked_reason,
    )
    return True
