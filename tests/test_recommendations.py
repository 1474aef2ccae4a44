"""Stored recommendations per agenda item: computed by the engine, curated by the griffie, shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from toerusting.agenda.models import AgendaItem, Meeting
from toerusting.catalogue.models import LearningItem
from toerusting.matching import services as matching
from toerusting.recommendations import selectors, services
from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch, Curation

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
    stored = AgendaItemMatch.objects.filter(agenda_item__number="2")
    assert stored.exists()
    assert all(r.reason for r in stored)
    assert not AgendaItemMatch.objects.filter(agenda_item__number="1").exists()
    # Recomputing replaces, it does not add.
    before = AgendaItemMatch.objects.count()
    services.recompute_meeting(meeting)
    assert AgendaItemMatch.objects.count() == before


@pytest.mark.django_db
def test_the_engine_reads_every_item_in_the_context_of_its_meeting(
    catalogue: None, meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toerusting.matching import analysis
    from toerusting.matching import model as model_

    seen: list[tuple[str, str, str]] = []
    real = analysis._analyse

    def spy(
        title: str, description: str, body_type: str, name: str, model: model_.Model
    ) -> analysis.Analysis:
        seen.append((title, body_type, name))
        return real(title, description, body_type, name, model)

    monkeypatch.setattr(analysis, "_analyse", spy)
    monkeypatch.setattr(analysis, "_cache", type(analysis._cache)())
    services.recompute_meeting(meeting)
    assert [title for title, _kind, _name in seen] == TITLES
    assert {(kind, name) for _title, kind, name in seen} == {("gemeente", "Raadsvergadering 2 december")}


@pytest.mark.django_db
def test_curation_survives_recompute_and_shows_on_prepare(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant
) -> None:
    services.recompute_meeting(meeting)
    ggd = meeting.agenda_items.get(number="2")
    first = AgendaItemMatch.objects.filter(agenda_item=ggd).order_by("rank").first()
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
def test_completed_items_stay_marked_done_and_the_minutes_only_go_down(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant
) -> None:
    services.recompute_meeting(meeting)
    ggd = meeting.agenda_items.get(number="2")
    first = AgendaItemMatch.objects.filter(agenda_item=ggd).order_by("rank").first()
    assert first is not None
    client.force_login(tenant_a.user)

    def preparation() -> selectors.MeetingPreparation:
        response = client.get(reverse("recommendations:prepare"))
        return next(t for s in response.context["sections"] for t in s["tabs"] if t.meeting == meeting)

    before = preparation()
    shown_before = [s.item for s in next(r for r in before.rows if r.agenda_item == ggd).shown]
    client.post(reverse("learning:done", kwargs={"slug": first.item.slug}))
    after = preparation()
    row = next(r for r in after.rows if r.agenda_item == ggd)
    # The done item keeps its place, marked done; no other item moves up in its place.
    assert [s.item for s in row.shown] == shown_before
    assert next(s for s in row.shown if s.item == first.item).completed
    # The minutes to prepare never go up when an item is completed.
    assert after.minutes <= before.minutes
    if first.item.format == "online" and first.item.duration_minutes <= selectors.PREPARATION_MAX_MINUTES:
        assert after.minutes == before.minutes - first.item.duration_minutes
        assert after.items_done == 1


@pytest.mark.django_db
def test_audience_and_grouping_hold_from_import_to_page(client: Client, tenant_a: Tenant) -> None:
    """The real pipeline: the RIS pushes an agenda, the sync's hook matches and stores the recommendations
    with their audience, and the Voorbereiden page of a raadslid shows only items for a raadslid, once for
    the consecutive items that share them."""
    from tests.factories import make_module
    from toerusting.agenda import services as agenda_services

    make_module(
        "wonen-raadsleden", title="Woningbouw voor raadsleden", topics=("wonen",), audience=("raadslid",)
    )
    make_module("wonen-ab", title="Woningbouw voor AB-leden", topics=("wonen",), audience=("ab_lid",))
    make_module(
        "wonen-wethouders", title="Woningbouw voor wethouders", topics=("wonen",), audience=("wethouder",)
    )
    matching.reset_catalogue_index()
    token = agenda_services.issue_push_token(tenant_a.organisation, "Notubiz")[1]
    start = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0).isoformat()
    body = {
        "id": "ris:9100",
        "name": "Commissie Ruimte",
        "start": start,
        "gremium": {"id": "12", "name": "Gemeenteraad"},
        "items": [
            {"id": "1", "number": "1.", "title": "Opening en vaststelling van de agenda"},
            {"id": "2", "number": "6a.", "title": "Woonvisie 2030: betaalbaar wonen voor starters"},
            {
                "id": "3",
                "number": "6b.",
                "title": "Prestatieafspraken met de woningcorporaties over sociale huur",
            },
            {"id": "4", "number": "7.", "title": "Rondvraag"},
        ],
    }
    response = client.post(
        reverse("agenda_api:meetings"),
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in {200, 201}, response.content
    stored = AgendaItemMatch.objects.filter(agenda_item__meeting__source_id="ris:9100")
    audiences = {r.item.slug: r.audience for r in stored.select_related("item")}
    # A gemeente has no AB-leden: that item is never stored; the others keep their audience.
    assert "wonen-ab" not in audiences
    assert audiences["wonen-raadsleden"] == ["raadslid"]
    assert audiences["wonen-wethouders"] == ["wethouder"]
    assert all(r.reason_data.get("topic") == "wonen" for r in stored)

    client.force_login(tenant_a.user)
    page = client.get(reverse("recommendations:prepare")).content.decode()
    assert "Woningbouw voor raadsleden" in page
    assert "Woningbouw voor wethouders" not in page  # the member is no wethouder
    assert "Woningbouw voor AB-leden" not in page
    assert page.count("Woningbouw voor raadsleden") == 1  # shown once for 6a and 6b
    assert "Voor 6a\u20136b:" in page
    assert "Dezelfde leerstof als bij 6a\u20136b." in page
    assert "Dit agendapunt gaat over wonen" in page


@pytest.mark.django_db
def test_only_short_online_items_count_as_preparation(meeting: Meeting, tenant_a: Tenant) -> None:
    from tests.factories import make_module

    ggd = meeting.agenda_items.get(number="2")
    short = make_module("kort", title="Kort", audience=("raadslid",), duration=10)
    training = make_module("lange-training", title="Lange training", kind="training", duration=180)
    for rank, item in enumerate([training, short]):
        AgendaItemMatch.objects.create(
            agenda_item=ggd, item=item, rank=rank, score=1.0, reason="r", audience=["raadslid"]
        )
    tab = selectors.preparation_for_meeting(tenant_a.user, meeting)
    row = next(r for r in tab.rows if r.agenda_item == ggd)
    assert [s.item for s in row.shown] == [training, short]
    assert tab.minutes == 10  # the 180-minute training is not preparation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"action": "pin", "item": "mm-motie", "agenda_item": "abc"},
        {"action": "pin", "item": "mm-motie", "agenda_item": "-3"},
        {"action": "undo", "curation": "x"},
        {"action": "undo"},
        {"action": "pin"},
        {"action": "delete-everything", "item": "mm-motie"},
        {"action": "hide", "item": "../../etc"},
    ],
)
def test_a_bad_curation_form_is_answered_and_writes_nothing(
    client: Client, catalogue: None, meeting: Meeting, tenant_a: Tenant, data: dict[str, str]
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("recommendations:curate_action", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Curation.objects.exists()


@pytest.mark.django_db
def test_the_cached_meeting_reads_are_the_reads_themselves(
    catalogue: None, meeting: Meeting, tenant_a: Tenant, django_assert_num_queries: object
) -> None:
    """The shared reads of a meeting go into the cache as plain values and come out as model instances
    with the same fields and related objects as read from the database, without a query."""
    services.recompute_meeting(meeting)
    first = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    assert first is not None
    item = AgendaItemMatch.objects.filter(agenda_item__meeting=meeting).first().item  # type: ignore[union-attr]
    services.pin(tenant_a.griffier, tenant_a.organisation, item, agenda_item=first)
    read = selectors._read_meeting_data(meeting)
    assert read[1] and read[2], "the meeting has stored matches and a curation"
    items, stored, curations = selectors._unpack(selectors._pack(read))

    def fields(instance: object) -> dict[str, object]:
        return {k: v for k, v in instance.__dict__.items() if k != "_state"}

    with django_assert_num_queries(0):  # type: ignore[operator]
        assert [fields(i) for i in items] == [fields(i) for i in read[0]]
        assert [getattr(i, "analysis", None) and i.analysis.procedural for i in items] == [
            getattr(i, "analysis", None) and i.analysis.procedural for i in read[0]
        ]
        for rebuilt, original in ((stored, read[1]), (curations, read[2])):
            assert [(fields(o), fields(o.item)) for o in rebuilt] == [
                (fields(o), fields(o.item)) for o in original
            ]
        assert all(m.item.is_example in (True, False) for m in stored)
    assert all(not i._state.adding and i._state.db == "default" for i in [*items, *stored, *curations])
    # A field that was not read is loaded on use, as on any deferred instance.
    assert stored[0].item.summary == LearningItem.objects.get(pk=stored[0].item_id).summary


@pytest.mark.django_db
def test_a_catalogue_change_in_another_process_reaches_this_processs_index(
    catalogue: None, meeting: Meeting
) -> None:
    """Each process keeps its own catalogue index; a change elsewhere bumps the shared counter, and the next
    sync here ranks with the new catalogue, so it never stores an item that was withdrawn meanwhile."""
    from toerusting import versions

    services.recompute_meeting(meeting)
    shown = set(AgendaItemMatch.objects.values_list("item__slug", flat=True))
    assert shown
    withdrawn = sorted(shown)[0]
    # Another process withdraws the item and runs the hook; this process's index still holds it.
    LearningItem.objects.filter(slug=withdrawn).update(is_published=False)
    assert withdrawn in matching.catalogue_index().by_slug()
    versions.bump("catalogue", 0)
    assert withdrawn not in matching.catalogue_index().by_slug()
    services.recompute_meeting(meeting)
    assert not AgendaItemMatch.objects.filter(item__slug=withdrawn).exists()


@pytest.mark.django_db
def test_withdrawing_an_item_rebuilds_the_index_through_the_hook(
    catalogue: None, tenant_a: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    from tests.factories import make_module
    from toerusting.catalogue import services as catalogue_services

    own = make_module(
        "eigen-wonen",
        organisation=tenant_a.organisation,
        title="Woningbouw in onze gemeente",
        topics=("wonen",),
    )
    matching.reset_catalogue_index()
    assert "eigen-wonen" in matching.catalogue_index().by_slug()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        catalogue_services.withdraw_own_item(own)
    assert "eigen-wonen" not in matching.catalogue_index().by_slug()


def test_a_version_counter_counts_up_for_new_and_existing_keys() -> None:
    from django.core.cache import cache

    from toerusting import versions

    cache.delete_many(["version:meeting:987654", "version:meeting:987655"])
    versions.bump("meeting", 987654, new=True)
    assert versions.current(("meeting", 987654)) == (1,)
    versions.bump("meeting", 987654, new=True)  # said to be new, but it exists: still one more
    versions.bump("meeting", 987654)
    versions.bump("meeting", 987655)
    assert versions.current(("meeting", 987654), ("meeting", 987655)) == (3, 1)


@pytest.mark.django_db
def test_what_changes_without_the_hook_is_read_again_after_the_index_max_age(
    catalogue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toerusting.matching import selectors as matching_selectors

    slug = sorted(matching.catalogue_index().by_slug())[0]
    LearningItem.objects.filter(slug=slug).update(is_published=False)  # no hook: a restore, say
    assert slug in matching.catalogue_index().by_slug()
    monkeypatch.setattr(matching_selectors, "INDEX_MAX_AGE", 0.0)
    assert slug not in matching.catalogue_index().by_slug()
