"""Reads of Mijn gegevens: everything the apps hold about a member, a pending deletion, retention periods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from toerusting import hooks
from toerusting.personaldata import Section
from toerusting.privacy.models import DeletionRequest, RetentionPeriod

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def personal_data(user: Any) -> list[Section]:
    """Every app's sections (the hook "personal_data"), in the order the hook lists the apps."""
    sections: list[Section] = []
    for part in hooks.collect("personal_data", user):
        sections.extend(part)
    return sections


def pending_deletion(user: Any) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user_id=user.pk).first()


def retention_months(organisation: Organisation) -> int:
    period = RetentionPeriod.objects.filter(organisation=organisation).first()
    return period.months if period is not None else settings.RETENTION_DEFAULT_MONTHS
