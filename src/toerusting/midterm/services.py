"""Writes of the mid-term reflection: the griffie opens one, a member answers it once, anonymously."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.audit import services as audit_services
from toerusting.midterm import selectors
from toerusting.midterm.models import MidtermMarker, MidtermReflection, MidtermResponse
from toerusting.midterm.questions import questions
from toerusting.organisations.selectors import user_id_of
from toerusting.reflections import services as reflection_services

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.organisations.selectors import AnyUser

MARKER_PURPOSE = "midterm"


def _user(actor: AnyUser | None) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


class MidtermError(Exception):
    """A refused action, with a message for the user."""


@transaction.atomic
def open_reflection(
    organisation: Organisation,
    actor: AnyUser | None,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    include_college: bool = False,
    include_griffie: bool = False,
    activity_id: int | None = None,
) -> MidtermReflection:
    if closes_on < opens_on:
        raise MidtermError(_("The closing date is before the opening date."))
    if activity_id is not None and activity_id not in {
        a.pk for a in selectors.activities_for_choice(organisation)
    }:
        raise MidtermError(_("Choose an activity of your own term plan."))
    reflection = MidtermReflection.objects.create(
        organisation=organisation,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        include_college=include_college,
        include_griffie=include_griffie,
        activity_id=activity_id,
        created_by=_user(actor),
    )
    audit_services.record(actor, organisation, "midterm", target=title)
    return reflection


def answer(
    user: AnyUser,
    reflection: MidtermReflection,
    scores: dict[str, int | None],
    *,
    today: dt.date | None = None,
) -> None:
    """Store one respondent's scores without the respondent, and a one-way marker that they answered.
    Refused (nothing written) when the reflection is not open, the user may not answer, has answered
    already, or answered no question."""
    today = today or timezone.localdate()
    if not reflection.opens_on <= today <= reflection.closes_on:
        raise MidtermError(_("This reflection is not open now."))
    group = selectors.role_group_of(user, reflection)
    if group is None:
        raise MidtermError(_("This reflection is not for your role."))
    keys = {q.key for q in questions()}
    values: dict[str, Any] = {}
    for key, value in scores.items():
        if key not in keys:
            raise ValueError(f"{key}: not a question of the mid-term reflection")
        if value is None:
            continue
        if not 1 <= value <= 5:
            raise ValueError(f"{key}: {value} is not on the 1-5 scale")
        values[key] = value
    if not values:
        raise MidtermError(_("Answer at least one question."))
    marker = reflection_services.answer_marker(MARKER_PURPOSE, user_id_of(user), reflection.pk)
    with transaction.atomic():
        try:
            with transaction.atomic():
                MidtermMarker.objects.create(marker=marker)
        except IntegrityError as exc:
            raise MidtermError(_("You have already answered this reflection.")) from exc
        MidtermResponse.objects.create(reflection=reflection, role_group=group, scores=values)
