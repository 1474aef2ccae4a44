"""The griffie's reports and the national monitor: k-anonymity of every page and CSV, the opt-in, the
practices hook and constant query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from tests.conftest import Tenant, planner_objects
from tests.factories import FractieFactory, FunctieFactory, PersonFactory, UserFactory
from toerusting.audit.models import AuditEvent
from toerusting.organisations.models import Person
from toerusting.planner import services as planner_services
from toerusting.reports import selectors, services
from toerusting.reports.models import MonitorOptIn


def _members(
    tenant: Tenant, count: int, *, prefix: str, fractie: Any = None, since: dt.date | None = None
) -> list[Person]:
    """`count` raadsleden with a login in the tenant's raad (optionally of another fractie, or sitting since
    an earlier term)."""
    people = []
    for index in range(count):
        user = UserFactory(username=f"{prefix}-{tenant.organisation.slug}-{index}")
        person = PersonFactory(given_name=f"{prefix.title()}{index}", family_name=f"Lid{index}", user=user)
        FunctieFactory(
            person=person,
            organisation=tenant.organisation,
            body=tenant.raad,
            role="raadslid",
            fractie=fractie or tenant.fractie,
            start_date=since or dt.date(2026, 4, 1),
        )
        people.append(person)
    return people


def _attend(tenant: Tenant, people: list[Person], present: list[Person]) -> None:
    planner_services.record_attendance(planner_objects(tenant).session, people, {p.pk for p in present})


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))


def test_participation_per_role_from_five_persons(tenant_a: Tenant, client: Client) -> None:
    people = _members(tenant_a, 10, prefix="lid")
    _attend(tenant_a, people, people[:6])
    found = selectors.reports_for(tenant_a.organisation).get("deelname-rol")
    assert found is not None
    labels = [row[0] for row in found.rows]
    assert any("griffier" in label for label in labels)
    griffier_row = next(row for row in found.rows if "griffier" in row[0])
    assert griffier_row[1:] == ["te weinig"] * 3  # one griffier: nothing about that person
    raadslid = next(row for row in found.rows if row[0].startswith("raadslid"))
    assert raadslid[1:] == ["11", "6", "55%"]
    client.force_login(tenant_a.griffier)
    page = client.get(reverse("reports:overview", kwargs={"org": tenant_a.organisation.slug}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "Deelname aan leren per rol" in body
    exported = _csv(
        client.get(
            reverse("reports:export", kwargs={"org": tenant_a.organisation.slug, "report": "deelname-rol"})
        )
    )
    assert exported[0] == ["Groep", "Leden", "Deed mee", "Aandeel dat meedeed"]
    assert next(row for row in exported if row[0].startswith("raadslid"))[1:] == ["11", "6", "55%"]
    assert AuditEvent.objects.filter(organisation=tenant_a.organisation, action="export").exists()


def test_below_five_nothing_in_page_or_csv(tenant_a: Tenant, client: Client) -> None:
    people = _members(tenant_a, 10, prefix="lid")
    small = FractieFactory(organisation=tenant_a.organisation, term=tenant_a.term, name="Eenmansfractie")
    _members(tenant_a, 2, prefix="klein", fractie=small)
    _attend(tenant_a, people, people[:4])  # four took part: too few to show
    client.force_login(tenant_a.griffier)
    slug = tenant_a.organisation.slug
    role = _csv(client.get(reverse("reports:export", kwargs={"org": slug, "report": "deelname-rol"})))
    assert next(row for row in role if row[0].startswith("raadslid"))[1:] == ["13", "te weinig", "te weinig"]
    fractie = _csv(client.get(reverse("reports:export", kwargs={"org": slug, "report": "deelname-fractie"})))
    assert ["Eenmansfractie", "te weinig", "te weinig", "te weinig"] in fractie
    page = client.get(reverse("reports:overview", kwargs={"org": slug})).content.decode()
    assert "Eenmansfractie" in page
    assert ">4<" not in page


def test_new_and_re_elected_members(tenant_a: Tenant) -> None:
    new = _members(tenant_a, 6, prefix="nieuw")
    again = _members(tenant_a, 5, prefix="herkozen", since=dt.date(2022, 3, 30))
    _attend(tenant_a, new + again, new[:5] + again)
    found = selectors.reports_for(tenant_a.organisation).get("deelname-nieuw")
    assert found is not None
    assert found.rows[0] == [
        "Nieuw in deze raadsperiode",
        "7",
        "5",
        "71%",
    ]  # the tenant's own member is new too
    assert found.rows[1] == ["Herkozen", "5", "5", "100%"]


def test_a_small_group_cannot_be_worked_out_from_a_total(tenant_a: Tenant) -> None:
    """Three re-elected raadsleden among eleven: the row per role shows all raadsleden, so showing the new
    ones would give the re-elected by subtraction. Both are hidden; likewise a one-person fractie hides
    the smallest other fractie with it, until the hidden ones count five."""
    new = _members(tenant_a, 7, prefix="nieuw")
    again = _members(tenant_a, 3, prefix="herkozen", since=dt.date(2022, 3, 30))
    alone = FractieFactory(organisation=tenant_a.organisation, term=tenant_a.term, name="Eenmansfractie")
    three = FractieFactory(organisation=tenant_a.organisation, term=tenant_a.term, name="Kleine fractie")
    single = _members(tenant_a, 1, prefix="alleen", fractie=alone)
    trio = _members(tenant_a, 4, prefix="drie", fractie=three)
    _attend(tenant_a, new + again + single + trio, new + again + single + trio)
    reports = selectors.reports_for(tenant_a.organisation)
    by_role = reports.get("deelname-rol")
    assert by_role is not None
    raadslid = next(row for row in by_role.rows if row[0].startswith("raadslid"))
    assert raadslid[1] == "16"  # the tenant's own raadslid, 7 new, 3 re-elected, 1 and 4 in small fracties
    by_term = reports.get("deelname-nieuw")
    assert by_term is not None and all(row[1:] == ["te weinig"] * 3 for row in by_term.rows)
    by_fractie = reports.get("deelname-fractie")
    assert by_fractie is not None
    hidden = [row[0] for row in by_fractie.rows if row[1] == "te weinig"]
    assert "Eenmansfractie" in hidden and "Kleine fractie" in hidden
    assert any(row[1] != "te weinig" for row in by_fractie.rows)  # the large fractie still shows


def test_evaluations_from_five_answers(tenant_a: Tenant) -> None:
    people = _members(tenant_a, 6, prefix="lid")
    session = planner_objects(tenant_a).session
    for person in people[:4]:
        planner_services.evaluate(session, person.user_id, 4, "")
    report = selectors.reports_for(tenant_a.organisation).get("evaluaties")
    assert report is not None and report.rows[0][1:] == ["te weinig", "te weinig"]
    planner_services.evaluate(session, people[4].user_id, 2, "")
    report = selectors.reports_for(tenant_a.organisation).get("evaluaties")
    assert report is not None and report.rows[0][1:] == ["5", "3,6"]


def test_onboarding_and_plan_progress(tenant_a: Tenant) -> None:
    objects = planner_objects(tenant_a)
    people = _members(tenant_a, 6, prefix="lid")
    for person in people[:5]:
        planner_services.set_step_done(objects.step, person.user_id, True)
    found = selectors.reports_for(tenant_a.organisation)
    onboarding = found.get("inwerken")
    assert onboarding is not None and onboarding.rows == [["Inwerken", "1", "5", "5"]]
    plan = found.get("raadsperiodeplan")
    assert plan is not None and [row[1] for row in plan.rows] == ["1", "0", "0"]


def test_reports_are_for_the_griffie(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    slug = tenant_a.organisation.slug
    for name, kwargs in (
        ("reports:overview", {}),
        ("reports:yearly", {}),
        ("reports:export", {"report": "deelname-rol"}),
        ("reports:monitor_opt_in", {}),
    ):
        assert client.get(reverse(name, kwargs={"org": slug, **kwargs})).status_code == 403


def test_an_unknown_report_is_404(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("reports:export", kwargs={"org": tenant_a.organisation.slug, "report": "bestaat-niet"})
    assert client.get(url).status_code == 404


def test_the_yearly_report_prints_on_one_page(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    page = client.get(reverse("reports:yearly", kwargs={"org": tenant_a.organisation.slug}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "jaarverslag" in body and "portal/report.css" in body and "toerusting-yearly" in body
    # Each report with its figures: the summary, and the chart with its table or "too few" where empty.
    assert body.count('class="toerusting-report"') == len(
        selectors.reports_for(tenant_a.organisation).reports
    )
    assert "<table" in body or "te weinig" in body.lower()


@pytest.mark.parametrize("size", [6, 30])
def test_the_reports_page_costs_constant_queries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    people = _members(tenant_a, size, prefix="lid")
    _attend(tenant_a, people, people[: size // 2])
    for person in people:
        planner_services.evaluate(planner_objects(tenant_a).session, person.user_id, 4, "")
    client.force_login(tenant_a.griffier)
    url = reverse("reports:overview", kwargs={"org": tenant_a.organisation.slug})
    with django_assert_max_num_queries(22):  # 20 measured at 6 and at 30 members
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow(tenant_a: Tenant, client: Client, django_assert_num_queries: Any) -> None:
    """The same number of queries at 6 and at 30 members (measured, not only bounded)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(tenant_a.griffier)
    url = reverse("reports:overview", kwargs={"org": tenant_a.organisation.slug})
    counts = []
    for size, prefix in ((6, "a"), (24, "b")):
        people = _members(tenant_a, size, prefix=prefix)
        _attend(tenant_a, people, people[: size // 2])
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- The national monitor -----------------------------------------------------------------------------


def test_the_griffie_opts_in_with_who_and_when(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("reports:monitor_opt_in", kwargs={"org": tenant_a.organisation.slug})
    assert client.post(url, {"takes_part": "on"}).status_code == 302
    choice = MonitorOptIn.objects.get(organisation=tenant_a.organisation)
    assert choice.takes_part and choice.changed_by_id == tenant_a.griffier.pk and choice.changed_at
    assert client.post(url, {}).status_code == 302
    choice.refresh_from_db()
    assert not choice.takes_part


def _operator(client: Client) -> None:
    client.force_login(UserFactory(username="beheerder", is_superuser=True, is_staff=True))


def test_the_monitor_counts_only_opted_in_organisations_from_ten(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    people_a = _members(tenant_a, 11, prefix="lid")
    people_b = _members(tenant_b, 6, prefix="lid")
    _attend(tenant_a, people_a, people_a)
    _attend(tenant_b, people_b, people_b)
    services.set_monitor_opt_in(tenant_a.griffier, tenant_a.organisation, True)
    raadslid = next(row for row in selectors.monitor().get("rollen").rows if row[0].startswith("raadslid"))  # type: ignore[union-attr]
    # 12 raadsleden, 11 present, but all of one organisation: that would be its figure, so nothing.
    assert raadslid[1:] == ["te weinig"] * 3
    services.set_monitor_opt_in(tenant_b.griffier, tenant_b.organisation, True)
    raadslid = next(row for row in selectors.monitor().get("rollen").rows if row[0].startswith("raadslid"))  # type: ignore[union-attr]
    assert raadslid[1:] == ["19", "17", "89%"]
    _operator(client)
    page = client.get(reverse("reports:monitor")).content.decode()
    assert "Landelijke monitor" in page and "<svg" in page
    # Never per person (the operator's menu lists the organisations, the figures never do).
    assert tenant_a.person.family_name not in page and people_b[0].family_name not in page
    exported = _csv(client.get(reverse("reports:monitor_export", kwargs={"report": "rollen"})))
    assert next(row for row in exported if row[0].startswith("raadslid"))[1:] == ["19", "17", "89%"]
    services.set_monitor_opt_in(tenant_b.griffier, tenant_b.organisation, False)
    exported = _csv(client.get(reverse("reports:monitor_export", kwargs={"report": "rollen"})))
    assert next(row for row in exported if row[0].startswith("raadslid"))[1:] == ["te weinig"] * 3


def test_the_monitor_is_for_the_operator_only(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    assert client.get(reverse("reports:monitor")).status_code == 403
    assert client.get(reverse("reports:monitor_export", kwargs={"report": "rollen"})).status_code == 403
    _operator(client)
    assert client.get(reverse("reports:monitor_export", kwargs={"report": "bestaat-niet"})).status_code == 404


def test_a_national_association_reads_the_monitor_with_its_permission(client: Client, db: None) -> None:
    """An account of a national association (no organisation, not an operator) reads the monitor once the
    operator gave it the permission."""
    from django.contrib.auth.models import Permission

    association = UserFactory(username="vng-monitor")
    client.force_login(association)
    assert client.get(reverse("reports:monitor")).status_code == 403
    association.user_permissions.add(Permission.objects.get(codename="view_national_monitor"))
    association = type(association).objects.get(pk=association.pk)  # permissions are cached per object
    client.force_login(association)
    assert client.get(reverse("reports:monitor")).status_code == 200
    assert client.get(reverse("reports:monitor_export", kwargs={"report": "rollen"})).status_code == 200


def spread_for_test() -> list[tuple[str, int]]:
    return [("Raadsavond met inwoners", 12)]


def test_the_practices_hook(client: Client, settings: Settings, db: None) -> None:
    _operator(client)
    page = client.get(reverse("reports:monitor")).content.decode()
    assert "Nog geen gegevens" in page
    settings.HOOKS = {**settings.HOOKS, "monitor_practice_spread": ["tests.test_reports.spread_for_test"]}
    page = client.get(reverse("reports:monitor")).content.decode()
    assert "Raadsavond met inwoners" in page


@pytest.mark.parametrize("size", [4, 25])
def test_the_monitor_costs_constant_queries(
    tenant_a: Tenant,
    tenant_b: Tenant,
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    for tenant in (tenant_a, tenant_b):
        people = _members(tenant, size, prefix="lid")
        _attend(tenant, people, people)
        services.set_monitor_opt_in(tenant.griffier, tenant.organisation, True)
    _operator(client)
    with django_assert_max_num_queries(12):  # 10 measured at 4 and at 25 members per organisation
        assert client.get(reverse("reports:monitor")).status_code == 200


def test_completing_a_catalogue_item_counts_as_taking_part(tenant_a: Tenant) -> None:
    from django.utils import timezone

    from toerusting.learning.models import Progress

    people = _members(tenant_a, 6, prefix="lid")
    for person in people[:5]:
        Progress.objects.create(user_id=person.user_id, item=tenant_a.module, completed_at=timezone.now())
    Progress.objects.create(user_id=people[5].user_id, item=tenant_a.module)  # started, not completed
    found = selectors.reports_for(tenant_a.organisation).get("deelname-rol")
    assert found is not None
    assert next(row for row in found.rows if row[0].startswith("raadslid"))[1:] == ["7", "5", "71%"]
