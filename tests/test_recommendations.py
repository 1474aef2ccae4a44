"""Stored recommendations per agenda item: computed by the engine, curated by the griffie, shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from toerusting.agenda.models import AgendaItem, Meeting
from toerusting.catalogue.models import LearningItem
from toerusting.matching import services as matching
from toerusting.recommendations import services
from toerusting.recommendations.models import AgendaItemAnalysis, Curation, StoredRecommendation

TITLES = [
    "Opening en vaststelling van de agenda",
    "Zienswijze ontwerpbegroting 2027 GGD Rivierenland",
    "Vaststellen bestemmingsplan Kerkstraat 12",
    "Motie vreemd aan de orde van de dag: meer handhaving op afvaldumping",
    "Rondvraag",
]


@pytest.fixture
def catalogue(db: None) -> None:
    call_command("load_catalogue", verbosity=0)
    matching.reset_catalogue_index()


@pytest.fixture
def meeting(tenant_a: Tenant) -> Meeting:
    meeting = Meeting.objects.create(
        organisation=tenant_a.organisation,
        gremium=tenant_a.raad,
        name="Raadsvergadering 2 december",
        start=timezone.now() + dt.timedelta(days=4),
        source="push",
        source_id="vg-200",
    )
    for position, title in enumerate(TITLES, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            source_id=f"x-{position}",
            number=str(position),
            order=position,
            position=position,
            original_title=title,
            title=title,
        )
    return meeting


@pytest.mark.django_db
def test_recompute_stores_analysis_and_recommendations(catalogue: None, meeting: Meeting) -> None:
    summary = services.recompute_meeting(meeting)
    assert summary.items == 5
    assert summary.procedural == 2
    opening = AgendaItemAnalysis.objects.get(agenda_item__number="1")
    assert opening.procedural
    ggd = AgendaItemAnalysis.objects.get(agenda_item__number="2")
    assert ggd.instrument == "zienswijze"
    assert ggd.topics[0]["code"] in {"regionale_samenwerking", "gezondheid", "financien"}
    stored = StoredRecommendation.objects.filter(agenda_item__number="2")
    assert stored.exists()
    assert all(r.reason for r in stored)
    assert not StoredRecommendation.objects.filter(agenda_item__number="1").exists()
    # Recomputing replaces, it does not add.
    before = StoredRecommendation.objects.count()
    services.recompute_meeting(meeting)
    assert StoredRecommendation.objects.count() == before


@pytest.mark.django_db
def test_curation_survives_recompute_and_shows_on_prepare(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant
) -> None:
    services.recompute_meeting(meeting)
    ggd = meeting.agenda_items.get(number="2")
    first = StoredRecommendation.objects.filter(agenda_item=ggd).order_by("rank").first()
    assert first is not None
    pinned = LearningItem.objects.get(slug="mm-integriteit-nevenfuncties")
    client.force_login(tenant_a.griffier)
    url = reverse("recommendations:curate_action", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    assert client.post(url, {"action": "pin", "item": pinned.slug, "agenda_item": ggd.pk}).status_code == 302
    assert (
        client.post(url, {"action": "hide", "item": first.item.slug, "agenda_item": ggd.pk}).status_code
        == 302
    )
    services.recompute_meeting(meeting)
    assert Curation.objects.count() == 2
    client.force_login(tenant_a.user)
    response = client.get(reverse("recommendations:prepare"))
    tab = next(t for s in response.context["sections"] for t in s["tabs"] if t.meeting == meeting)
    row = next(r for r in tab.rows if r.agenda_item == ggd)
    assert row.shown[0].item == pinned and row.shown[0].pinned
    assert first.item not in [s.item for s in row.shown]
    assert "Aanbevolen door de griffie" in response.content.decode()


@pytest.mark.django_db
def test_only_the_griffie_curates(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.user)
    assert (
        client.get(
            reverse("recommendations:curate", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
        ).status_code
        == 403
    )
    url = reverse("recommendations:curate_action", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    assert client.post(url, {"action": "pin", "item": "mm-motie"}).status_code == 403
    assert not Curation.objects.exists()


@pytest.mark.django_db
def test_completed_items_are_left_out_for_the_member(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant
) -> None:
    services.recompute_meeting(meeting)
    ggd = meeting.agenda_items.get(number="2")
    first = StoredRecommendation.objects.filter(agenda_item=ggd).order_by("rank").first()
    assert first is not None
    client.force_login(tenant_a.user)
    client.post(reverse("learning:done", kwargs={"slug": first.item.slug}))
    response = client.get(reverse("recommendations:prepare"))
    tab = next(t for s in response.context["sections"] for t in s["tabs"] if t.meeting == meeting)
    row = next(r for r in tab.rows if r.agenda_item == ggd)
    assert first.item not in [s.item for s in row.shown]


@pytest.mark.django_db
def test_items_for_the_members_role_come_first_and_only_short_online_items_count_as_preparation(
    client: Client, meeting: Meeting, tenant_a: Tenant
) -> None:
    from tests.factories import make_module
    from toerusting.recommendations import selectors

    ggd = meeting.agenda_items.get(number="2")
    for_others = make_module("voor-burgerleden", title="Voor burgerleden", audience=("burgerlid",))
    for_me = make_module("voor-raadsleden", title="Voor raadsleden", audience=("raadslid",), duration=10)
    training = make_module("lange-training", title="Lange training", kind="training", duration=180)
    for rank, (item, audience) in enumerate(
        [(for_others, ["burgerlid"]), (training, ["raadslid"]), (for_me, ["raadslid"])]
    ):
        StoredRecommendation.objects.create(
            agenda_item=ggd, item=item, rank=rank, score=1.0, reason="r", audience=audience
        )
    tab = selectors.tab_for_meeting(tenant_a.user, meeting)
    row = next(r for r in tab.rows if r.agenda_item == ggd)
    assert [s.item for s in row.shown] == [training, for_me, for_others]
    assert tab.minutes == 10 + for_others.duration_minutes  # the 180-minute training is not preparation
