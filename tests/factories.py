"""factory-boy factories for the organisation model, one coherent tenant per call by default."""

from __future__ import annotations

import datetime as dt

import factory

from toerusting.accounts.models import User
from toerusting.organisations.models import (
    Body,
    CouncilTerm,
    Fractie,
    Functie,
    Organisation,
    Person,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("Correct-Paard-Batterij-9")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.Sequence(lambda n: f"Gemeente Testdorp {n}")
    kind = "gemeente"
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    tooi_code = factory.LazyAttribute(lambda o: o.cbs_code.lower())
    inhabitants = 25000


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    organisation = factory.SubFactory(OrganisationFactory)
    key = factory.Sequence(lambda n: f"gremium-{n}")
    kind = "commissie"
    name = factory.Sequence(lambda n: f"Commissie {n}")
    bob_phase = "oordeelsvormend"


class CouncilTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilTerm

    organisation = factory.SubFactory(OrganisationFactory)
    key = "2026-2030"
    election_date = dt.date(2026, 3, 18)
    installation_date = dt.date(2026, 4, 1)
    end_date = dt.date(2030, 4, 3)


class FractieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fractie

    organisation = factory.SubFactory(OrganisationFactory)
    term = factory.SubFactory(CouncilTermFactory, organisation=factory.SelfAttribute("..organisation"))
    key = factory.Sequence(lambda n: f"fractie-{n}")
    name = factory.Sequence(lambda n: f"Dorpsbelang {n}")
    party_kind = "lokaal"
    seats = 3


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    key = factory.Sequence(lambda n: f"persoon-{n}")
    given_name = factory.Sequence(lambda n: f"Voornaam{n}")
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")


class FunctieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Functie

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    body = factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("..organisation"))
    role = "griffier"
    start_date = dt.date(2026, 4, 1)
