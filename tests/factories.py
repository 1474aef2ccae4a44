"""factory-boy factories for the organisation model, one coherent tenant per call by default."""

from __future__ import annotations

import datetime as dt

import factory

from toerusting.accounts.models import User
from toerusting.catalogue.models import Case, ItemTopic, LearningItem, ModuleSection, Option, Question
from toerusting.catalogue.services import ensure_vocabularies, refresh_search_index
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
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")  # four digits, however long the run
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


def make_module(
    slug: str,
    *,
    organisation: Organisation | None = None,
    title: str = "Een micromodule",
    topics: tuple[str, ...] = ("bestuur",),
    audience: tuple[str, ...] = ("raadslid",),
    kind: str = "micro_module",
    duration: int = 8,
) -> LearningItem:
    """A complete micro-module: two sections, two questions with feedback, a case and a reflection."""
    # The vocabularies come from a data migration; a transactional test before this one may have flushed them.
    ensure_vocabularies()
    item = LearningItem.objects.create(
        slug=slug,
        title=title,
        summary=f"Samenvatting van {title}",
        kind=kind,
        provider="griffie",
        rubric="kennis",
        level="starter",
        duration_minutes=duration,
        format="online",
        body_html="<p>Inleiding</p>",
        body_text="Inleiding",
        organisation=organisation,
        reflection_prompt="Wat neem je mee naar de volgende vergadering?",
    )
    for rank, code in enumerate(topics):
        ItemTopic.objects.create(item=item, topic_id=code, rank=rank)
    item.audience.set(audience)
    item.competencies.set(["analytisch_vermogen"])
    refresh_search_index([item])
    if kind != "micro_module":
        return item
    for order, section_title in enumerate(("De rol van de raad", "Wat je kunt doen")):
        ModuleSection.objects.create(
            item=item, order=order, title=section_title, body_html=f"<p>{section_title}.</p>"
        )
    for order in range(2):
        question = Question.objects.create(item=item, order=order, prompt=f"Vraag nummer {order + 1}?")
        Option.objects.create(
            question=question,
            order=0,
            text="Het goede antwoord",
            is_correct=True,
            feedback="Klopt, want zo werkt het.",
        )
        Option.objects.create(
            question=question,
            order=1,
            text="Een fout antwoord",
            is_correct=False,
            feedback="Nee, kijk nog eens naar de tweede sectie.",
        )
    Case.objects.create(
        item=item,
        title="Een lastige avond",
        situation_html="<p>Het gebeurde zo.</p>",
        discussion_questions=["Wat zou jij doen?", "Wie spreek je aan?"],
    )
    return item
