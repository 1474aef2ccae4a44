"""Shared fixtures: two complete, separate organisations (tenants) with a member each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from pytest_django.fixtures import Settings

from tests.factories import (
    BodyFactory,
    CouncilTermFactory,
    FractieFactory,
    FunctieFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    make_module,
)
from toerusting.accounts.models import User
from toerusting.catalogue.models import LearningItem, Session
from toerusting.organisations.models import Body, CouncilTerm, Fractie, Organisation, Person


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Tenant:
    """An organisation with raad, commissie, presidium, term, fractie and a raadslid who can log in."""

    organisation: Organisation
    raad: Body
    commissie: Body
    presidium: Body
    term: CouncilTerm
    fractie: Fractie
    person: Person
    user: User
    griffier: User
    module: LearningItem
    session: Session


def make_tenant(name: str, slug: str, cbs_code: str) -> Tenant:
    organisation = OrganisationFactory(name=name, slug=slug, cbs_code=cbs_code, tooi_code=cbs_code.lower())
    raad = BodyFactory(
        organisation=organisation,
        key="raad",
        kind="raad",
        name="Gemeenteraad",
        bob_phase="",
        seats=15,
    )
    commissie = BodyFactory(organisation=organisation, key="commissie", name=f"Commissie {name}")
    presidium = BodyFactory(
        organisation=organisation, key="presidium", kind="presidium", name="Presidium", bob_phase=""
    )
    term = CouncilTermFactory(organisation=organisation)
    fractie = FractieFactory(organisation=organisation, term=term, name=f"Lokaal {name}")
    user = UserFactory(username=f"raadslid-{slug}")
    person = PersonFactory(given_name=f"Lid{slug.title()}", family_name=f"Van{slug.title()}", user=user)
    start = dt.date(2026, 4, 1)
    FunctieFactory(
        person=person,
        organisation=organisation,
        body=raad,
        role="raadslid",
        fractie=fractie,
        start_date=start,
    )
    FunctieFactory(
        person=person,
        organisation=organisation,
        body=raad,
        role="fractievoorzitter",
        fractie=fractie,
        start_date=start,
    )
    FunctieFactory(person=person, organisation=organisation, body=presidium, role="lid", start_date=start)
    griffier = UserFactory(username=f"griffier-{slug}")
    FunctieFactory(
        person=PersonFactory(given_name="Griet", family_name=f"Griffier{slug.title()}", user=griffier),
        organisation=organisation,
        body=raad,
        role="griffier",
        start_date=start,
    )
    module = make_module(f"{slug}-eigen-module", organisation=organisation, title=f"Inwerken in {name}")
    session = Session.objects.create(
        item=module,
        starts_at=dt.datetime(2026, 9, 1, 19, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 9, 1, 21, 30, tzinfo=dt.UTC),
        location=f"Raadzaal {name}",
    )
    return Tenant(
        organisation, raad, commissie, presidium, term, fractie, person, user, griffier, module, session
    )


@pytest.fixture
def tenant_a(db: None) -> Tenant:
    return make_tenant("Aadorp", "aadorp", "GM9101")


@pytest.fixture
def tenant_b(db: None) -> Tenant:
    return make_tenant("Beestad", "beestad", "GM9102")
