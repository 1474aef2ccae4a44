"""Writes of Mijn gegevens: the deletion of an account on request (with a grace period) and the retention
rule per organisation. Each app erases its own part through the hook "personal_data_erase"; this app then
checks that no row anywhere still links to the account, and deletes the account."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting import hooks
from toerusting.accounts import services as account_services
from toerusting.audit import services as audit_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.privacy import selectors
from toerusting.privacy.models import DeletionRequest, RetentionPeriod

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

logger = logging.getLogger(__name__)


class ErasureIncomplete(RuntimeError):
    """After every app erased its part, a row still links to the account: nothing is deleted."""


def user_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) in the project that points at a user account."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.concrete
        and field.remote_field.model is user_model
    ]


def rows_linking_to(user_id: int) -> dict[str, int]:
    """Per model, how many rows still point at this account (empty when none)."""
    found: dict[str, int] = {}
    for model, field in user_links():
        count = model._default_manager.filter(**{f"{field}_id": user_id}).count()
        if count:
            label = model._meta.label_lower
            found[label] = found.get(label, 0) + count
    return found


def _organisations_of(user: Any) -> list[Organisation]:
    return list(organisation_selectors.organisations_for_user(user))


def _record(
    actor: Any, action: str, organisations: list[Organisation], target: str = "", **details: Any
) -> None:
    targets: list[Organisation | None] = [*organisations] or [None]
    for organisation in targets:
        audit_services.record(actor, organisation, action, target, **details)


def record_export(user: Any, kind: str) -> None:
    _record(user, audit_services.Action.PERSONAL_DATA_EXPORTED, _organisations_of(user), kind)


@transaction.atomic
def request_deletion(user: Any, now: dt.datetime | None = None) -> DeletionRequest:
    """The member asked (and confirmed with their password) to delete their account: it is deleted after
    DELETION_GRACE_DAYS unless they log in before then. Every session of the account ends now."""
    due = (now or timezone.now()) + dt.timedelta(days=settings.DELETION_GRACE_DAYS)
    request, _created = DeletionRequest.objects.update_or_create(user_id=user.pk, defaults={"due_at": due})
    _record(
        user, audit_services.Action.DELETION_REQUESTED, _organisations_of(user), due=due.date().isoformat()
    )
    return request


def cancel_deletion(user: Any) -> bool:
    """Withdraw a pending request; whether there was one."""
    with transaction.atomic():
        deleted = DeletionRequest.objects.filter(user_id=user.pk).delete()[0]
        if deleted:
            _record(user, audit_services.Action.DELETION_CANCELLED, _organisations_of(user))
    return bool(deleted)


def cancel_deletion_on_login(user: Any, request: HttpRequest | None = None) -> None:
    """The hook "user_logged_in": logging in during the grace period cancels the deletion."""
    if cancel_deletion(user) and request is not None:
        messages.info(request, _("You logged in, so your account will not be deleted. Welcome back."))


def erase(user: Any, organisation: Organisation | None = None) -> dict[str, int]:
    """Every app erases (or anonymises) its part; rows kept for counts move to a new anonymous account.
    Returns the counts per model."""
    anonymous = account_services.create_anonymous_account()
    counts: dict[str, int] = {}
    for part in hooks.collect("personal_data_erase", user, organisation, anonymous=anonymous):
        for label, count in part.items():
            counts[label] = counts.get(label, 0) + count
    if not any(
        model._default_manager.filter(**{f"{field}_id": anonymous.pk}).exists()
        for model, field in user_links()
    ):
        account_services.delete_account(anonymous.pk)
    return counts


def execute_deletion(user: Any) -> dict[str, int]:
    """Delete the account and everything of it, in one transaction: if any row would still point at the
    account after every app erased its part, nothing is deleted (ErasureIncomplete)."""
    with transaction.atomic():
        organisations = _organisations_of(user)
        user_id = user.pk
        counts = erase(user)
        remaining = rows_linking_to(user_id)
        remaining.pop(settings.AUTH_USER_MODEL.lower(), None)
        if remaining:
            raise ErasureIncomplete(f"rows still link to account {user_id}: {remaining}")
        account_services.delete_account(user_id)
        _record(None, audit_services.Action.DELETION_EXECUTED, organisations, f"account {user_id}")
    return counts


def execute_due_deletions(now: dt.datetime | None = None) -> int:
    """The task worker: delete the accounts whose grace period ended; how many."""
    done = 0
    due = DeletionRequest.objects.filter(due_at__lte=now or timezone.now()).select_related("user")
    for request in list(due):
        try:
            execute_deletion(request.user)
        except ErasureIncomplete:
            logger.exception("deletion of account %s stopped", request.user_id)
            continue
        done += 1
    return done


@transaction.atomic
def set_retention(actor: Any, organisation: Organisation, months: int) -> RetentionPeriod:
    period, _created = RetentionPeriod.objects.update_or_create(
        organisation=organisation, defaults={"months": months}
    )
    audit_services.record(actor, organisation, audit_services.Action.RETENTION_SET, "", months=months)
    return period


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the last day of that month when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - dt.timedelta(days=1)).day))


def apply_retention(today: dt.date | None = None) -> int:
    """The task worker: per organisation, anonymise the learning data there of members whose last functie
    there ended longer ago than the organisation's retention period; how many members were handled."""
    today = today or timezone.localdate()
    handled = 0
    for organisation in organisation_selectors.all_organisations():
        months = selectors.retention_months(organisation)
        ended_before = months_before(today, months)
        members = 0
        for user_id in organisation_selectors.former_member_user_ids(organisation, ended_before):
            user = account_services.find_user_by_pk(user_id)
            if user is None:
                continue
            with transaction.atomic():
                counts = erase(user, organisation)
            if any(counts.values()):
                members += 1
        if members:
            audit_services.record(
                None, organisation, audit_services.Action.RETENTION_RUN, "", members=members, months=months
            )
        handled += members
    return handled
