"""The gaps overview: agenda topics and instruments of the coming months against short learning, through the
real pipeline (agenda push → matching → stored analysis → page); searches without results; low evaluations;
the offer per provider; the thresholds that keep single councils and persons out; and who may see it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant, make_tenant
from tests.factories import UserFactory, make_module
from toerusting.agenda import services as agenda_services
from toerusting.catalogue.models import LearningItem
from toerusting.charts import Report
from toerusting.gaps import selectors
from toerusting.gaps.models import EmptySearch
from toerusting.matching import services as matching
from toerusting.planner import services as planner_services
from toerusting.planner.models import PlannedSession
from toerusting.providers import services as provider_services

URL = "/witte-vlekken/"


def _push(client: Client, tenant: Tenant, titles: list[str]) -> None:
    """The organisation's RIS pushes a meeting in ten days with these agenda items."""
    token = agenda_services.issue_push_token(tenant.organisation, "Notubiz")[1]
    start = (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0).isoformat()
    body = {
        "id": f"ris:{tenant.organisation.slug}",
        "name": "Gemeenteraad",
        "start": start,
        "gremium": {"id": "1", "name": "Gemeenteraad"},
        "items": [
            {"id": str(number), "number": f"{number}.", "title": title}
            for number, title in enumerate(["Opening en vaststelling van de agenda", *titles], start=1)
        ],
    }
    response = client.post(
        reverse("agenda_api:meetings"),
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in {200, 201}, response.content


def _operator_page(client: Client) -> tuple[str, dict[str, Report]]:
    operator = UserFactory(
        username=f"beheer-{EmptySearch.objects.count()}-{timezone.now().timestamp()}", is_staff=True
    )
    client.force_login(operator)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), {report.key: report for report in response.context["overview"].reports}


def _row(report: Report, label: str) -> list[str] | None:
    return next((row for row in report.rows if row[0] == label), None)


@pytest.fixture
def catalogue(db: None) -> None:
    call_command("load_catalogue", verbosity=0)
    matching.reset_catalogue_index()


WONEN = "Woonvisie 2030: betaalbaar wonen voor starters"
RUIMTE = "Vaststellen bestemmingsplan Kerkstraat 12"


def test_agenda_topics_against_short_learning_from_three_organisations_on(
    catalogue: None, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    short_on_housing = (
        LearningItem.objects.published()
        .national()
        .filter(duration_minutes__lte=30, item_topics__topic_id="wonen")
        .distinct()
        .count()
    )
    _push(client, tenant_a, [WONEN, RUIMTE])
    _push(client, tenant_b, [WONEN, RUIMTE])
    _body, reports = _operator_page(client)
    assert _row(reports["onderwerpen"], "Wonen") is None  # two organisations: not shown
    assert reports["onderwerpen"].rows == []

    tenant_c = make_tenant("Ceedam", "ceedam", "GM9103")
    _push(client, tenant_c, [WONEN, "Tweede woonvisie: woningbouw en sociale huur in het dorp"])
    body, reports = _operator_page(client)
    housing = _row(reports["onderwerpen"], "Wonen")
    assert housing is not None
    assert housing[1:4] == ["4", "3", str(short_on_housing)]  # four agenda items, three organisations
    assert _row(reports["onderwerpen"], "Ruimtelijke ordening en omgevingswet") is None  # still two
    assert _row(reports["instrumenten"], "Beleidskader") is not None
    # What is offered on housing, per provider: the same counts as the catalogue holds.
    offered = [row for row in reports["aanbod"].rows if row[0] == "Wonen"]
    all_on_housing = (
        LearningItem.objects.published().national().filter(item_topics__topic_id="wonen").distinct()
    )
    assert sum(int(row[2]) for row in offered) >= all_on_housing.count() > 0
    # The page names no council and no agenda item.
    for secret in ("Aadorp", "Beestad", "Ceedam", WONEN):
        assert secret not in body
    assert "Onderwerpen op de agenda van de komende maanden" in body and "<svg" in body


def test_searches_without_results_from_three_askers_on(db: None, tenant_a: Tenant, tenant_b: Tenant) -> None:
    query = {"q": "drijvende zonneparken"}
    for user in (tenant_a.user, tenant_a.griffier, tenant_b.user):  # A twice (one organisation), B once
        member = Client()
        member.force_login(user)
        assert member.get(reverse("catalogue:list"), query).status_code == 200
    assert EmptySearch.objects.count() == 2  # one per organisation
    assert set(EmptySearch.objects.values_list("query", flat=True)) == {"drijvende zonneparken"}
    assert selectors.asked_searches() == []
    # A search with a filter, or one that finds something, is not counted.
    Client().get(reverse("catalogue:list"), {"q": "iets heel onvindbaars", "soort": "kennisclip"})
    assert EmptySearch.objects.count() == 2
    # Visitors without an organisation are one asker together, from however many addresses.
    for address in ("192.0.2.7", "192.0.2.8"):
        Client(REMOTE_ADDR=address).get(reverse("catalogue:list"), {"q": "Drijvende   zonneparken!"})
    assert EmptySearch.objects.count() == 3
    found = selectors.asked_searches()
    assert [(search.query, search.askers) for search in found] == [("drijvende zonneparken", 3)]
    _body, reports = _operator_page(Client())
    assert reports["zoekvragen"].rows[0][:2] == ["drijvende zonneparken", "3"]
    # Nothing in a row names a user or an organisation.
    assert {field.name for field in EmptySearch._meta.get_fields()} == {"id", "query", "asked_on", "asker"}


def test_old_searches_are_deleted(db: None) -> None:
    from toerusting.operations.tasks import retention_task

    today = timezone.localdate()
    EmptySearch.objects.create(query="oud", asked_on=today - dt.timedelta(days=400), asker="a")
    EmptySearch.objects.create(query="nieuw", asked_on=today, asker="b")
    assert retention_task.call()["empty_searches"] == 1
    assert list(EmptySearch.objects.values_list("query", flat=True)) == ["nieuw"]


def _evaluate(tenant: Tenant, item: LearningItem, score: int) -> None:
    """The organisation plans the item and its griffier and raadslid both evaluate the session."""
    plan = planner_services.create_plan(tenant.organisation, tenant.term)
    activity = planner_services.add_activity(
        plan, item, audience="raad", sessions=1, duration_minutes=60, owner_kind="griffier"
    )
    session = PlannedSession.objects.create(
        activity=activity,
        number=1,
        starts_at=dt.datetime(2026, 10, 6, 17, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 10, 6, 18, 30, tzinfo=dt.UTC),
        daypart="avond",
        is_published=True,
    )
    for user in (tenant.user, tenant.griffier):
        planner_services.evaluate(session, user.pk, score, "")


def test_low_evaluations_need_five_scores_from_three_organisations(
    db: None, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    weak = make_module("kennisclip-te-snel", title="Een te snelle uitleg van de begroting")
    good = make_module("kennisclip-helder", title="Een heldere uitleg van de kadernota")
    for tenant in (tenant_a, tenant_b):
        _evaluate(tenant, weak, 2)
    assert selectors.low_evaluations() == []  # four scores from two organisations
    tenant_c = make_tenant("Ceedam", "ceedam", "GM9103")
    _evaluate(tenant_c, weak, 3)
    for tenant in (tenant_a, tenant_b, tenant_c):
        planner_services.evaluate(
            PlannedSession.objects.filter(activity__plan__organisation=tenant.organisation).get(),
            UserFactory().pk,
            5,
            "",
        )
    low = selectors.low_evaluations()
    assert [(item.title, item.ratings, item.average) for item in low] == [
        ("Een te snelle uitleg van de begroting", 9, 3.2)
    ]
    assert good.title not in {item.title for item in low}


def test_only_the_operator_and_permitted_accounts_see_it(db: None, tenant_a: Tenant, client: Client) -> None:
    assert client.get(URL).status_code == 302  # to the login
    client.force_login(tenant_a.user)
    assert client.get(URL).status_code == 403  # a member of a council
    client.force_login(tenant_a.griffier)
    assert client.get(URL).status_code == 403  # the griffie too
    provider = UserFactory(username="aanbieder")
    provider.user_permissions.add(
        Permission.objects.get(codename="view_gaps", content_type__app_label="gaps")
    )
    client.force_login(provider)
    assert client.get(URL).status_code == 200
    # The staff of a learning provider, without any permission given: every provider alike.
    staff = UserFactory(username="aanbieder-oost")
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    provider_services.add_staff(provider_services.create_provider("oost", "Academie Oost"), staff)
    assert client.get(URL).status_code == 200
    client.force_login(UserFactory(username="beheerder", is_staff=True))
    assert client.get(URL).status_code == 200


def test_the_page_costs_the_same_whatever_the_data(
    db: None, tenant_a: Tenant, client: Client, django_assert_max_num_queries: object
) -> None:
    client.force_login(UserFactory(username="beheerder", is_staff=True))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(URL).status_code == 200
