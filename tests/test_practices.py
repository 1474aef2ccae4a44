"""Good practices: the workflow (draft, submitted, published or refused, back to moderation after a change),
who sees what, adopting into the term plan with a link back, the adoption count, the ambassadeursraad, the
role address, the filters and constant queries on the library."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant, planner_objects
from tests.factories import OrganisationFactory, UserFactory
from tests.practice_network_objects import elsewhere, national_item, practice_text, published_practice
from toerusting.planner.models import Activity
from toerusting.practices import selectors, services
from toerusting.practices.forms import PracticeForm
from toerusting.practices.models import Adoption, Practice, Status


@pytest.fixture
def operator(db: None) -> Any:
    return UserFactory(username="platformbeheer", is_superuser=True, is_staff=True)


def _form_data(**changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Terugblikavond na de begroting",
        "what": "Een avond terugkijken.",
        "why": "Leren van het debat.",
        "how": "Met een gespreksleider van buiten.",
        "cost": "1.250,50",
        "results": "Betere moties.",
        "contact_email": "griffie@aadorp.example",
        "topics": ["financien", "bestuur"],
        "items": [national_item().slug],
    }
    data.update(changes)
    return data


def test_griffier_writes_submits_and_operator_publishes(tenant_a: Tenant, operator: Any) -> None:
    griffie, visitor, moderator = Client(), Client(), Client()
    griffie.force_login(tenant_a.griffier)
    moderator.force_login(operator)
    org = tenant_a.organisation.slug

    response = griffie.post(reverse("practices:create", kwargs={"org": org}), _form_data())
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert practice.status == Status.DRAFT
    assert practice.cost == Decimal("1250.50")
    assert sorted(t.code for t in practice.topics.all()) == ["bestuur", "financien"]
    detail = reverse("practices:detail", kwargs={"practice_id": practice.pk})
    assert visitor.get(detail).status_code == 404  # a draft is not public
    assert practice.title not in visitor.get(reverse("practices:library")).content.decode()

    griffie.post(reverse("practices:submit", kwargs={"org": org, "practice_id": practice.pk}))
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert visitor.get(detail).status_code == 404
    assert practice.title in moderator.get(reverse("practices:moderation")).content.decode()

    moderator.post(
        reverse("practices:moderate", kwargs={"practice_id": practice.pk}), {"decision": "publish"}
    )
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    page = visitor.get(detail)
    assert page.status_code == 200
    assert "Terugblikavond na de begroting" in page.content.decode()
    assert "Terugblikavond na de begroting" in visitor.get(reverse("practices:library")).content.decode()


def test_a_refused_practice_is_not_public_and_the_griffie_reads_the_reason(
    tenant_a: Tenant, operator: Any
) -> None:
    practice = services.create_practice(tenant_a.organisation, tenant_a.griffier, practice_text("Intern"))
    services.submit_practice(practice, tenant_a.griffier)
    moderator = Client()
    moderator.force_login(operator)
    url = reverse("practices:moderate", kwargs={"practice_id": practice.pk})

    moderator.post(url, {"decision": "refuse", "reason": ""})  # a refusal without a reason is refused
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED

    moderator.post(url, {"decision": "refuse", "reason": "Er staat een naam van een inwoner in."})
    practice.refresh_from_db()
    assert practice.status == Status.REFUSED
    assert Client().get(reverse("practices:detail", kwargs={"practice_id": practice.pk})).status_code == 404
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    own = griffie.get(reverse("practices:own", kwargs={"org": tenant_a.organisation.slug})).content.decode()
    assert "Er staat een naam van een inwoner in." in own


def test_a_change_to_a_published_practice_goes_back_to_moderation(tenant_a: Tenant) -> None:
    practice = published_practice(tenant_a.organisation, "Gepubliceerd", author=tenant_a.griffier)
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    url = reverse("practices:edit", kwargs={"org": tenant_a.organisation.slug, "practice_id": practice.pk})
    assert griffie.post(url, _form_data(title="Gewijzigd")).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.title == "Gewijzigd"
    assert Client().get(reverse("practices:detail", kwargs={"practice_id": practice.pk})).status_code == 404


def test_only_the_operator_moderates(tenant_a: Tenant) -> None:
    practice = services.create_practice(tenant_a.organisation, tenant_a.griffier, practice_text("Wacht"))
    services.submit_practice(practice, tenant_a.griffier)
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    url = reverse("practices:moderate", kwargs={"practice_id": practice.pk})
    assert griffie.post(url, {"decision": "publish"}).status_code == 403
    assert griffie.get(reverse("practices:moderation")).status_code == 403
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_submitting_needs_a_catalogue_item(tenant_a: Tenant) -> None:
    practice = services.create_practice(
        tenant_a.organisation, tenant_a.griffier, practice_text("Leeg", items=[])
    )
    with pytest.raises(ValidationError):
        services.submit_practice(practice, tenant_a.griffier)


def test_adopting_puts_an_activity_with_a_link_back_in_the_plan_and_counts(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    planner_objects(tenant_a)
    planner_objects(tenant_b)
    practice = published_practice(elsewhere(), "Maatjes voor nieuwe raadsleden")
    detail = reverse("practices:detail", kwargs={"practice_id": practice.pk})
    for tenant in (tenant_a, tenant_b):
        griffie = Client()
        griffie.force_login(tenant.griffier)
        adopt_url = reverse("practices:adopt", kwargs={"org": tenant.organisation.slug})
        assert f'action="{adopt_url}"' in griffie.get(detail).content.decode()
        response = griffie.post(
            reverse("practices:adopt", kwargs={"org": tenant.organisation.slug}),
            {"practice": practice.pk, "item": national_item().slug},
        )
        assert response["Location"] == reverse("planner:plan", kwargs={"org": tenant.organisation.slug})
        plan = griffie.get(response["Location"]).content.decode()
        assert f'href="{detail}"' in plan  # the plan links back to the practice
    activity = Activity.objects.get(plan__organisation=tenant_a.organisation, origin_path=detail)
    assert activity.title == "Maatjes voor nieuwe raadsleden"
    assert activity.item == national_item()

    [listed] = selectors.library().practices
    assert listed.adoption_count == 2  # type: ignore[attr-defined]
    assert Adoption.objects.filter(practice=practice).count() == 2
    # The national monitor shows how the practice spread (the hook "monitor_practice_spread").
    operator = Client()
    operator.force_login(UserFactory(username="beheerder-monitor", is_superuser=True, is_staff=True))
    monitor = operator.get(reverse("reports:monitor")).content.decode()
    assert "Maatjes voor nieuwe raadsleden" in monitor and "Nog geen gegevens: nog geen raad" not in monitor

    # Adopting twice, adopting your own practice or an unpublished one is refused.
    with pytest.raises(ValidationError):
        services.adopt_practice(practice, tenant_a.organisation, tenant_a.griffier, national_item())
    own = published_practice(tenant_a.organisation, "Eigen")
    with pytest.raises(ValidationError):
        services.adopt_practice(own, tenant_a.organisation, tenant_a.griffier, national_item())
    draft = services.create_practice(tenant_b.organisation, tenant_b.griffier, practice_text("Concept"))
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    response = griffie.post(
        reverse("practices:adopt", kwargs={"org": tenant_a.organisation.slug}),
        {"practice": draft.pk, "item": national_item().slug},
    )
    assert response.status_code == 404


def test_a_member_cannot_adopt(tenant_a: Tenant) -> None:
    planner_objects(tenant_a)
    practice = published_practice(elsewhere(), "Maatjes")
    member = Client()
    member.force_login(tenant_a.user)
    response = member.post(
        reverse("practices:adopt", kwargs={"org": tenant_a.organisation.slug}),
        {"practice": practice.pk, "item": national_item().slug},
    )
    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_three_published_practices_make_an_ambassadeursraad(tenant_a: Tenant) -> None:
    for number in range(2):
        published_practice(tenant_a.organisation, f"Voorbeeld {number}")
    assert selectors.ambassadors() == []
    services.set_peer_contact(tenant_a.organisation, tenant_a.griffier, "collegas@aadorp.example", "Bel ons")
    published_practice(tenant_a.organisation, "Voorbeeld 3")
    [ambassador] = selectors.ambassadors()
    assert ambassador.organisation == tenant_a.organisation
    assert ambassador.published == 3
    assert ambassador.email == "collegas@aadorp.example"
    page = Client().get(reverse("practices:ambassadors")).content.decode()
    assert "collegas@aadorp.example" in page
    library = Client().get(reverse("practices:library")).content.decode()
    assert library.count("toerusting-badge--info") == 3  # the badge on each of its practices


@pytest.mark.parametrize("address", ["r.jansen@gmail.com", "griffier@aadorp.example"])
def test_the_contact_is_a_role_address(tenant_a: Tenant, address: str) -> None:
    tenant_a.griffier.email = "griffier@aadorp.example"
    tenant_a.griffier.save()
    form = PracticeForm(_form_data(contact_email=address))
    assert not form.is_valid()
    assert "contact_email" in form.errors
    assert PracticeForm(_form_data(contact_email="griffie@aadorp.example")).is_valid()


def test_a_wrong_cost_is_named(db: None) -> None:
    form = PracticeForm(_form_data(cost="veel"))
    assert not form.is_valid()
    assert "cost" in form.errors


def test_the_library_filters_by_topic_and_kind(db: None) -> None:
    gemeente = OrganisationFactory(kind="gemeente")
    waterschap = OrganisationFactory(kind="waterschap")
    published_practice(gemeente, "Over geld", topics=["financien"])
    published_practice(waterschap, "Over dijken", topics=["duurzaamheid"])
    client = Client()
    by_topic = client.get(reverse("practices:library"), {"onderwerp": "financien"}).content.decode()
    assert "Over geld" in by_topic
    assert "Over dijken" not in by_topic
    by_kind = client.get(reverse("practices:library"), {"soort": "waterschap"}).content.decode()
    assert "Over dijken" in by_kind
    assert "Over geld" not in by_kind
    unknown = client.get(reverse("practices:library"), {"onderwerp": "<script>"})
    assert unknown.status_code == 200
    assert "Over geld" in unknown.content.decode()


def test_the_library_uses_a_constant_number_of_queries(db: None, django_assert_max_num_queries: Any) -> None:
    client = Client()
    adopters = [OrganisationFactory() for _ in range(3)]

    def fill(count: int) -> None:
        for number in range(count):
            organisation = OrganisationFactory()
            practice = published_practice(organisation, f"Voorbeeld {organisation.pk}-{number}")
            for adopter in adopters[: number % 3]:
                Adoption.objects.create(practice=practice, organisation=adopter)

    fill(2)
    with django_assert_max_num_queries(LIBRARY_QUERIES):
        assert client.get(reverse("practices:library")).status_code == 200
    fill(8)
    with django_assert_max_num_queries(LIBRARY_QUERIES):
        assert client.get(reverse("practices:library")).status_code == 200
    with django_assert_max_num_queries(LIBRARY_QUERIES):
        assert client.get(reverse("practices:library"), {"onderwerp": "financien"}).status_code == 200


LIBRARY_QUERIES = 3


def test_demo_loads_twice_without_duplicates(tenant_a: Tenant, tmp_path: Path) -> None:
    from toerusting.practices.demo import load_demo, read_demo_file

    planner_objects(tenant_a)
    elsewhere()
    UserFactory(username="platformbeheer-demo")
    national_item()
    path = tmp_path / "demo.yaml"
    path.write_text(
        "practices:\n"
        "  - organisation: elders\n"
        "    status: gepubliceerd\n"
        "    title: Een voorbeeld\n"
        "    what: Wat\n    why: Waarom\n    how: Hoe\n    results: Opbrengst\n"
        "    contact: griffie@elders.example\n"
        "    topics: [financien]\n"
        f"    items: [{national_item().slug}]\n"
        "    adopted_by:\n"
        f"      - {{organisation: {tenant_a.organisation.slug}, by: {tenant_a.griffier.username}}}\n",
        encoding="utf-8",
    )
    for _ in range(2):
        assert load_demo(read_demo_file(path)) == 1
    assert Practice.objects.filter(title="Een voorbeeld").count() == 1
    assert (
        Activity.objects.filter(plan__organisation=tenant_a.organisation).exclude(origin_path="").count() == 1
    )

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        "practices:\n  - organisation: elders\n    status: klaar\n    title: X\n    what: a\n    why: b\n"
        "    how: c\n    results: d\n    contact: e@f.example\n    topics: [geen]\n    items: []\n",
        encoding="utf-8",
    )
    from toerusting.contentfiles import ContentError

    with pytest.raises(ContentError) as caught:
        read_demo_file(wrong)
    assert "status" in str(caught.value)
    assert "topics" in str(caught.value)
