"""The meeting page as the centre: the agenda with what helps to prepare each agenda item, the griffie's
curation in place (only the griffie), the module's end with a safe way back, and reasons in English."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import make_module
from toerusting.agenda.models import AgendaItem
from toerusting.catalogue.models import LearningItem
from toerusting.recommendations import selectors, services
from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch, Curation


def meeting_url(tenant: Tenant) -> str:
    return reverse(
        "recommendations:meeting", kwargs={"org": tenant.organisation.slug, "meeting_id": tenant.meeting.pk}
    )


def curate_url(tenant: Tenant) -> str:
    return reverse(
        "recommendations:curate_action",
        kwargs={"org": tenant.organisation.slug, "meeting_id": tenant.meeting.pk},
    )


@pytest.fixture
def modules(tenant_a: Tenant) -> list[LearningItem]:
    found = [make_module(f"vb-{n}", title=f"Voorbereiding {n}", duration=10) for n in range(5)]
    for rank, module in enumerate(found):
        AgendaItemMatch.objects.create(
            agenda_item=tenant_a.agenda_item,
            item=module,
            rank=rank,
            score=1 - rank / 10,
            reason="Reden",
            reason_data={"topic": "wonen", "instrument": "", "words": ["woningbouw"], "bodies": []},
            audience=["raadslid"],
        )
    return found


@pytest.fixture
def procedural(tenant_a: Tenant) -> AgendaItem:
    item = AgendaItem.objects.create(
        meeting=tenant_a.meeting,
        source_id="aadorp-ap-2",
        number="2",
        order=2,
        position=2,
        original_title="Rondvraag",
        title="Rondvraag",
    )
    AgendaItemAnalysis.objects.create(agenda_item=item, procedural=True)
    return item


@pytest.mark.django_db
def test_the_member_sees_learning_per_agenda_item_and_no_curation(
    client: Client, tenant_a: Tenant, modules: list[LearningItem], procedural: AgendaItem
) -> None:
    client.force_login(tenant_a.user)
    html = client.get(meeting_url(tenant_a)).content.decode()
    assert "Voorbereiding 0" in html and "Voorbereiding 2" in html
    assert "Voorbereiding 3" not in html  # three per agenda item
    assert "Dit agendapunt gaat over wonen (woningbouw)." in html
    assert "Een procedureel punt: niets voor te bereiden." in html
    assert reverse("recommendations:prepare") in html
    # A module opens in the player, which returns to this meeting at its end.
    assert f"/leren/vb-0/?next={meeting_url(tenant_a).replace('/', '%2F')}" in html
    # Three short online modules of 10 minutes: one number, explained.
    assert "Ongeveer 30 minuten" in html
    assert "Vraag om over na te denken" in html or "Een vraag om over na te denken" in html
    assert "Griffie: leerstof aanpassen" not in html
    assert 'name="action" value="hide"' not in html


@pytest.mark.django_db
def test_reasons_follow_the_language(client: Client, tenant_a: Tenant, modules: list[LearningItem]) -> None:
    client.force_login(tenant_a.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(meeting_url(tenant_a)).content.decode()
    assert "This agenda item is about housing (woningbouw)." in html
    assert "Dit agendapunt" not in html
    services.pin(tenant_a.griffier, tenant_a.organisation, modules[4], agenda_item=tenant_a.agenda_item)
    html = client.get(meeting_url(tenant_a)).content.decode()
    assert "Recommended by the griffie" in html


@pytest.mark.django_db
def test_the_griffie_pins_and_hides_in_place_and_returns_to_the_agenda_item(
    client: Client, tenant_a: Tenant, modules: list[LearningItem]
) -> None:
    client.force_login(tenant_a.griffier)
    html = client.get(meeting_url(tenant_a)).content.decode()
    assert "Griffie: leerstof aanpassen" in html
    assert "Ook gevonden, niet getoond" in html  # the engine's 4th and 5th, to pin in place
    anchor = f"punt-{tenant_a.agenda_item.pk}"
    base = {"terug": "vergadering", "anker": anchor, "agenda_item": tenant_a.agenda_item.pk}
    response = client.post(curate_url(tenant_a), {**base, "action": "pin", "item": modules[4].slug})
    assert response.status_code == 302
    assert response["Location"] == f"{meeting_url(tenant_a)}#{anchor}"
    response = client.post(curate_url(tenant_a), {**base, "action": "hide", "item": modules[0].slug})
    assert response["Location"] == f"{meeting_url(tenant_a)}#{anchor}"
    # Hide for the whole meeting: no agenda item in the form.
    whole = {"terug": "vergadering", "anker": anchor, "action": "hide", "item": modules[1].slug}
    client.post(curate_url(tenant_a), whole)
    assert Curation.objects.filter(meeting=tenant_a.meeting, item=modules[1], action="hide").exists()

    preparation = selectors.preparation_for_meeting(tenant_a.user, tenant_a.meeting)
    row = preparation.rows[0]
    assert row.shown[0].item == modules[4] and row.shown[0].pinned
    assert modules[0] not in [s.item for s in row.shown]
    assert modules[1] not in [s.item for s in row.shown]
    # The griffie's view lists both hides with a way to undo them.
    griffie_view = selectors.preparation_for_meeting(tenant_a.griffier, tenant_a.meeting, for_curation=True)
    hidden = {s.item: s.whole_meeting for s in griffie_view.rows[0].hidden}
    assert hidden == {modules[0]: False, modules[1]: True}
    html = client.get(meeting_url(tenant_a)).content.decode()
    assert "verborgen voor de hele vergadering" in html and "hier verborgen" in html
    # Undo returns to the anchor too, and the item is back.
    pin = Curation.objects.get(item=modules[0])
    response = client.post(
        curate_url(tenant_a), {"terug": "vergadering", "anker": anchor, "action": "undo", "curation": pin.pk}
    )
    assert response["Location"] == f"{meeting_url(tenant_a)}#{anchor}"
    assert not Curation.objects.filter(item=modules[0]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("anchor", ["javascript:alert(1)", 'x"><script>', "https://evil.example/"])
def test_a_bad_anchor_is_not_followed(
    client: Client, tenant_a: Tenant, modules: list[LearningItem], anchor: str
) -> None:
    client.force_login(tenant_a.griffier)
    response = client.post(
        curate_url(tenant_a),
        {"terug": "vergadering", "anker": anchor, "action": "pin", "item": modules[4].slug},
    )
    assert response.status_code == 302
    assert response["Location"] == meeting_url(tenant_a)
    assert not Curation.objects.exists()


@pytest.mark.django_db
def test_a_member_cannot_curate_in_place(
    client: Client, tenant_a: Tenant, modules: list[LearningItem]
) -> None:
    client.force_login(tenant_a.user)
    response = client.post(
        curate_url(tenant_a),
        {
            "terug": "vergadering",
            "action": "hide",
            "item": modules[0].slug,
            "agenda_item": tenant_a.agenda_item.pk,
        },
    )
    assert response.status_code == 403
    assert not Curation.objects.exists()


@pytest.mark.django_db
def test_another_meetings_agenda_item_or_curation_is_refused(
    client: Client, tenant_a: Tenant, tenant_b: Tenant, modules: list[LearningItem]
) -> None:
    client.force_login(tenant_a.griffier)
    # An agenda item of another organisation: 404, nothing written.
    response = client.post(
        curate_url(tenant_a),
        {"action": "pin", "item": modules[0].slug, "agenda_item": tenant_b.agenda_item.pk},
    )
    assert response.status_code == 404
    other = Curation.objects.create(
        organisation=tenant_b.organisation, meeting=tenant_b.meeting, item=tenant_b.module, action="pin"
    )
    assert client.post(curate_url(tenant_a), {"action": "undo", "curation": other.pk}).status_code == 404
    assert Curation.objects.filter(pk=other.pk).exists()
    assert Curation.objects.count() == 1


@pytest.mark.django_db
def test_the_meeting_page_has_a_fixed_number_of_queries(
    client: Client, tenant_a: Tenant, modules: list[LearningItem]
) -> None:
    client.force_login(tenant_a.griffier)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting_url(tenant_a)).status_code == 200
        return len(queries)

    few = count()
    for n in range(2, 22):
        item = AgendaItem.objects.create(
            meeting=tenant_a.meeting,
            source_id=f"extra-{n}",
            number=str(n),
            order=n,
            position=n,
            original_title=f"Punt {n}",
            title=f"Punt {n}",
        )
        for rank, module in enumerate(modules):
            AgendaItemMatch.objects.create(
                agenda_item=item, item=module, rank=rank, score=0.5, reason="Reden", audience=[]
            )
        services.pin(tenant_a.griffier, tenant_a.organisation, modules[4], agenda_item=item)
    assert count() == few
    assert few <= 17


@pytest.mark.django_db
def test_the_curation_policy_is_a_service(tenant_a: Tenant, modules: list[LearningItem]) -> None:
    """choose_learning_items decides; it reads nothing itself."""
    stored = list(
        AgendaItemMatch.objects.filter(agenda_item=tenant_a.agenda_item)
        .select_related("item")
        .order_by("rank")
    )
    AgendaItemAnalysis.objects.create(agenda_item=tenant_a.agenda_item)
    items = list(AgendaItem.objects.filter(pk=tenant_a.agenda_item.pk).select_related("analysis"))
    hide = Curation(pk=1, meeting=tenant_a.meeting, item=modules[1], action="hide")
    pin = Curation(pk=2, meeting=tenant_a.meeting, item=modules[4], action="pin")
    with CaptureQueriesContext(connection) as queries:
        chosen = services.choose_learning_items(
            tenant_a.meeting,
            items,
            stored,
            [hide, pin],
            completed={modules[0].pk},
            roles={"raadslid"},
            reason=lambda s: s.reason,
        )
    assert len(queries) == 0
    row = chosen.rows[0]
    assert [s.item for s in row.shown] == [modules[4], modules[0], modules[2]]
    assert row.shown[1].completed  # done, but kept in its place
    assert [s.item for s in row.hidden] == [modules[1]]
    assert [s.item for s in row.candidates] == [modules[3]]
    # A member of another role does not get items meant for council members only.
    chosen = services.choose_learning_items(
        tenant_a.meeting, items, stored, [], completed=set(), roles={"wethouder"}, reason=lambda s: s.reason
    )
    assert chosen.rows[0].shown == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/o/aadorp/agenda/1/", True),
        ("/voorbereiden/", True),
        ("https://evil.example/x", False),
        ("//evil.example/x", False),
        ("javascript:alert(1)", False),
        ("/\\evil.example", False),
    ],
)
def test_the_module_end_shows_the_score_and_a_safe_way_back(
    client: Client, tenant_a: Tenant, given: str, kept: bool
) -> None:
    module = make_module("einde-module", title="Eindmodule")
    client.force_login(tenant_a.user)
    questions = list(module.questions.all())
    wrong = questions[0].options.get(is_correct=False)
    right = questions[1].options.get(is_correct=True)
    question_steps = list(range(1, 10))
    step_url = lambda n: reverse("learning:step", kwargs={"slug": module.slug, "number": n})  # noqa: E731
    answered = 0
    for number in question_steps:
        page = client.get(step_url(number), {"next": given})
        if page.status_code == 404:
            break
        if page.context["step"].kind == "question":
            option = wrong if answered == 0 else right
            response = client.post(step_url(number), {"option": option.pk, "next": given})
            assert response["Location"].endswith("#feedback")
            answered += 1
        if page.context["step"].kind == "reflection":
            response = client.post(step_url(number), {"text": "", "next": given})
            break
    assert answered == 2
    location = response["Location"]
    assert location.startswith(reverse("learning:module", kwargs={"slug": module.slug}))
    page = client.get(location.split("#")[0])
    html = page.content.decode()
    assert "Uw resultaat" in html
    assert "U had 1 van de 2 vragen goed." in html or "1 van de 2" in html
    assert f"Het goede antwoord: “{questions[0].options.get(is_correct=True).text}”" in html
    if kept:
        assert f'href="{given}"' in html
    else:
        assert "evil.example" not in html and "javascript:" not in html
