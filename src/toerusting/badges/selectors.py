"""Reads on open badges, scoped to the organisation and the member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from toerusting.badges import credentials
from toerusting.badges.models import Award, BadgeDefinition, Rule
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.learning import selectors as learning_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors as planner_selectors

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser
    from toerusting.planner.models import Activity


def definitions_of(organisation: Organisation) -> QuerySet[BadgeDefinition]:
    return (
        BadgeDefinition.objects.filter(organisation=organisation)
        .select_related("activity")
        .prefetch_related("items")
    )


def get_definition_for_user(user: AnyUser, organisation: Organisation, definition_id: int) -> BadgeDefinition:
    """A badge of the organisation (the view checks the griffie's capability)."""
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return definitions_of(organisation).get(pk=definition_id)
    except BadgeDefinition.DoesNotExist as exc:
        raise Http404 from exc


def awards_of(organisation: Organisation) -> QuerySet[Award]:
    """Every badge the organisation awarded, for the griffie."""
    return Award.objects.filter(definition__organisation=organisation).select_related("definition", "user")


def get_organisation_award(user: AnyUser, organisation: Organisation, award_id: int) -> Award:
    organisation = organisation_selectors.get_organisation_for_user(user, organisation.slug)
    try:
        return awards_of(organisation).get(pk=award_id)
    except Award.DoesNotExist as exc:
        raise Http404 from exc


def my_awards(user: AnyUser, organisation: Organisation) -> QuerySet[Award]:
    return Award.objects.filter(
        user_id=organisation_selectors.user_id_of(user), definition__organisation=organisation
    ).select_related("definition__organisation")


def get_my_award(user: AnyUser, organisation: Organisation, award_id: int) -> Award:
    """One of the member's own badges of this organisation; anyone else's is a 404."""
    try:
        return my_awards(user, organisation).get(pk=award_id)
    except Award.DoesNotExist as exc:
        raise Http404 from exc


def open_badges(user: AnyUser, organisation: Organisation) -> list[tuple[BadgeDefinition, int, int]]:
    """The organisation's badges the member has not earned yet, with how far they are: (badge, done,
    needed); a training counts as one."""
    user_id = organisation_selectors.user_id_of(user)
    definitions = definitions_of(organisation).filter(is_active=True).exclude(awards__user_id=user_id)
    completed = learning_selectors.completed_item_ids_of(user_id)
    found = []
    for definition in definitions:
        if definition.rule == Rule.MODULES:
            wanted = {item.pk for item in definition.items.all()}
            found.append((definition, len(wanted & completed), len(wanted)))
        else:
            found.append((definition, 0, 1))
    return found


def item_choices(user: AnyUser, organisation: Organisation) -> QuerySet[LearningItem]:
    """Catalogue items a badge may ask for: the national catalogue and the organisation's own items."""
    return (
        catalogue_selectors.visible_items(user)
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .order_by("title")
    )


def activity_choices(organisation: Organisation) -> list[Activity]:
    return planner_selectors.activities_of(organisation)


def public_award(award_uid: str) -> Award:
    """A badge its member shared on a public page; 404 when it is not shared (or does not exist)."""
    try:
        return Award.objects.select_related("definition__organisation", "user").get(
            uid=award_uid, is_public=True
        )
    except (Award.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def award_by_uid(award_uid: str) -> Award | None:
    try:
        return Award.objects.select_related("definition__organisation", "user").filter(uid=award_uid).first()
    except ValueError:
        return None


def issuer_organisation(slug: str) -> Organisation:
    """An organisation as badge issuer (public: its name and keys); 404 when unknown."""
    organisation = organisation_selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


def revoked_status_positions(organisation: Organisation) -> list[int] | None:
    """The positions of the organisation's revoked awards in its revocation list; None when it issued no
    award with a position (then it has no list)."""
    awards = Award.objects.filter(status_organisation=organisation)
    if not awards.exists():
        return None
    revoked = awards.filter(revoked_at__isnull=False).order_by("status_index")
    return [position for position in revoked.values_list("status_index", flat=True) if position is not None]


def verify(text: str) -> credentials.Check:
    """Check a credential (credentials.check) and, when its signature holds, whether this site still knows
    the badge, whether its issuer is the organisation whose key signed it, and whether it was revoked."""
    result = credentials.check(text)
    if not result.valid or result.payload is None:
        return result
    awarded = award_by_uid(result.award_uid)
    if awarded is None:
        return result.fail(_("This site no longer knows the badge: the issuer has removed it."))
    organisation = awarded.definition.organisation
    if result.issuer_organisation_id != organisation.pk or result.payload["iss"] != credentials.issuer_url(
        organisation
    ):
        return result.fail(_("The badge was not signed by its issuer."))
    if awarded.revoked_at is not None:
        result.revoked_at = awarded.revoked_at
        result.revoked_reason = awarded.revoked_reason
        return result.fail(_("The issuer has revoked this badge."))
    return result
