"""Factories for agenda rows, and the one meeting per tenant that the isolation matrix uses."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import factory

from toerusting.agenda.models import AgendaItem, Document, Meeting

if TYPE_CHECKING:
    pass

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = "Gemeenteraad"
    meeting_type = "raadsvergadering"
    bob_phase = "besluitvormend"
    start = factory.LazyFunction(lambda: dt.datetime(2027, 1, 28, 19, 30, tzinfo=AMSTERDAM))
    source = "push"
    source_id = factory.Sequence(lambda n: f"vergadering-{n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    source_id = factory.Sequence(lambda n: f"punt-{n}")
    original_title = factory.Sequence(lambda n: f"Agendapunt {n}")
    title = factory.LazyAttribute(lambda o: o.original_title)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    source_id = factory.Sequence(lambda n: f"doc-{n}")
    title = "Raadsvoorstel"
    url = "https://raad.example/doc.pdf"
