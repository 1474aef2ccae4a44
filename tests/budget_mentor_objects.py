"""Objects of the training budget and mentoring for a test tenant, made on first use through the apps'
services (for the isolation and role matrices, and the apps' own tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from toerusting.budgets import services as budget_services
from toerusting.budgets.models import Claim
from toerusting.mentoring import services as mentoring_services
from toerusting.mentoring.models import MentorPair, TrainerTrack
from toerusting.organisations.models import Person

RAADSLID_BUDGET = Decimal("1500.00")


@dataclass
class BudgetObjects:
    claim: Claim  # a pending request of the tenant's raadslid, in the current year


def budget_objects(tenant: Tenant) -> BudgetObjects:
    cached: BudgetObjects | None = getattr(tenant, "_budget_objects", None)
    if cached is None:
        today = timezone.localdate()
        budget_services.set_rule(
            tenant.organisation, today.year, "raadslid", RAADSLID_BUDGET, tenant.griffier
        )
        claim = budget_services.request_claim(
            tenant.organisation,
            tenant.person,
            tenant.user,
            budget_services.ClaimData(
                course="Debattraining voor raadsleden",
                provider="NVvR",
                course_date=today,
                amount=Decimal("395.00"),
            ),
        )
        cached = BudgetObjects(claim)
        tenant._budget_objects = cached  # type: ignore[attr-defined]
    return cached


def member(tenant: Tenant, given: str, family: str, start: dt.date, *, login: bool = False) -> Person:
    """A raadslid of the tenant's fractie since `start` (with a login when asked)."""
    user = UserFactory(username=f"{given.lower()}-{tenant.organisation.slug}") if login else None
    person = PersonFactory(given_name=given, family_name=family, user=user)
    FunctieFactory(
        person=person,
        organisation=tenant.organisation,
        body=tenant.raad,
        role="raadslid",
        fractie=tenant.fractie,
        start_date=start,
    )
    return person


@dataclass
class MentoringObjects:
    mentor: Person  # experienced, mentors the tenant's raadslid (active pair)
    second_mentor: Person  # proposed to the tenant's raadslid (waiting for an answer)
    newcomer: Person  # a new member without a mentor
    pair: MentorPair
    proposal: MentorPair
    track: TrainerTrack  # the tenant's raadslid becomes a facilitator


def mentoring_objects(tenant: Tenant) -> MentoringObjects:
    cached: MentoringObjects | None = getattr(tenant, "_mentoring_objects", None)
    if cached is None:
        organisation = tenant.organisation
        mentor = member(tenant, "Ervaren", f"Mentor{tenant.organisation.slug.title()}", dt.date(2018, 3, 29))
        second = member(tenant, "Tweede", f"Mentor{tenant.organisation.slug.title()}", dt.date(2014, 3, 27))
        newcomer = member(tenant, "Nieuw", f"Lid{tenant.organisation.slug.title()}", dt.date(2026, 4, 1))
        pair = mentoring_services.propose_pair(organisation, mentor, tenant.person, tenant.griffier)
        pair = mentoring_services.respond(pair, accept=True)
        proposal = mentoring_services.propose_pair(organisation, second, tenant.person, tenant.griffier)
        track = mentoring_services.start_track(organisation, tenant.person, "intervisie", "Incidentmethode")
        cached = MentoringObjects(mentor, second, newcomer, pair, proposal, track)
        tenant._mentoring_objects = cached  # type: ignore[attr-defined]
    return cached
