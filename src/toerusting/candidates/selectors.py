"""Reads of the candidates' track: the public evenings of an organisation and the griffie's own evenings
with their sign-ups. Every read of an evening is filtered by its organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from toerusting.agenda import selectors as agenda_selectors
from toerusting.candidates.models import EveningSignup, InfoEvening, SignupStatus
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from toerusting.agenda.models import Meeting
    from toerusting.organisations.models import Organisation


def organisation_for_public(slug: str) -> Organisation:
    """The organisation of a public page (no login); 404 for an unknown key."""
    organisation = organisation_selectors.organisation_by_slug(slug)
    if organisation is None:
        raise Http404
    return organisation


@dataclass(frozen=True)
class PublicEvening:
    evening: InfoEvening
    places_left: int

    @property
    def is_full(self) -> bool:
        return self.places_left <= 0

    @property
    def is_cancelled(self) -> bool:
        return self.evening.is_cancelled

    @property
    def is_open(self) -> bool:
        """Whether a visitor can choose it in the sign-up form."""
        return not self.is_cancelled and not self.is_full


def _with_confirmed(queryset: QuerySet[InfoEvening]) -> QuerySet[InfoEvening]:
    return queryset.annotate(
        confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
        pending=Count("signups", filter=Q(signups__status=SignupStatus.PENDING)),
    )


def upcoming_evenings(organisation: Organisation, now: dt.datetime | None = None) -> list[PublicEvening]:
    """The organisation's evenings that have not started, with the places left; one query. A called-off
    evening is among them (marked so) until its planned start: see candidates/organisation.html."""
    now = now or timezone.now()
    evenings = _with_confirmed(InfoEvening.objects.filter(organisation=organisation, starts_at__gt=now))
    return [PublicEvening(e, max(0, e.capacity - e.confirmed)) for e in evenings]  # type: ignore[attr-defined]


def public_evening(
    organisation: Organisation, evening_id: int, now: dt.datetime | None = None
) -> InfoEvening | None:
    """An upcoming evening of this organisation that is not called off, or None (another organisation's
    evening is never found)."""
    now = now or timezone.now()
    return InfoEvening.objects.filter(
        organisation=organisation, pk=evening_id, starts_at__gt=now, cancelled_at__isnull=True
    ).first()


def find_organisations(
    name: str, now: dt.datetime | None = None, limit: int = 20
) -> list[tuple[Organisation, bool]]:
    """Organisations whose name contains the words searched for, by name, each with whether it has an
    upcoming information evening that is not called off; two queries."""
    now = now or timezone.now()
    found = organisation_selectors.all_organisations().filter(name__icontains=name.strip()).order_by("name")
    organisations = list(found[:limit])
    with_evenings = set(
        InfoEvening.objects.filter(
            starts_at__gt=now, cancelled_at__isnull=True, organisation__in=[o.pk for o in organisations]
        ).values_list("organisation_id", flat=True)
    )
    return [(organisation, organisation.pk in with_evenings) for organisation in organisations]


def upcoming_meetings(organisation: Organisation, limit: int = 5) -> list[Meeting]:
    """The organisation's next public meetings (name, date and the link at its own information system)."""
    return list(
        agenda_selectors.meetings_in_organisation(organisation)
        .filter(start__gte=timezone.now())
        .exclude(status="geannuleerd")
        .order_by("start")[:limit]
    )


def evenings_of(organisation: Organisation) -> QuerySet[InfoEvening]:
    """All the organisation's evenings, newest first, with the number of confirmed and pending sign-ups."""
    return _with_confirmed(InfoEvening.objects.filter(organisation=organisation)).order_by("-starts_at")


def get_evening(organisation: Organisation, evening_id: int) -> InfoEvening:
    """The organisation's own evening; 404 for another organisation's."""
    evening = _with_confirmed(InfoEvening.objects.filter(organisation=organisation, pk=evening_id)).first()
    if evening is None:
        raise Http404
    return evening


def signups_of(evening: InfoEvening) -> QuerySet[EveningSignup]:
    return evening.signups.order_by("created_at")
