"""The UI shell: home per role, organisation pages, language switch, theme, health."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory


@pytest.mark.django_db
def test_visitor_sees_the_introduction(client: Client) -> None:
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert 'href="#main"' in html  # skip link
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html


@pytest.mark.django_db
def test_home_shows_each_role_with_what_the_person_can_do(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Raadslid" in html
    assert "Fractievoorzitter" in html
    assert (
        reverse(
            "organisations:fractie",
            kwargs={"org": tenant_a.organisation.slug, "fractie_id": tenant_a.fractie.pk},
        )
        in html
    )
    assert (
        reverse(
            "organisations:body",
            kwargs={"org": tenant_a.organisation.slug, "body_id": tenant_a.presidium.pk},
        )
        in html
    )


@pytest.mark.django_db
def test_griffier_home_differs_from_raadslid_home(client: Client, tenant_a: Tenant) -> None:
    user = UserFactory(username="griffier-a")
    person = PersonFactory(user=user)
    FunctieFactory(person=person, organisation=tenant_a.organisation, body=tenant_a.raad, role="griffier")
    client.force_login(user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Griffier" in html
    assert "Raadslid" not in html


@pytest.mark.django_db
def test_ended_functie_gives_no_access(client: Client, tenant_a: Tenant) -> None:
    user = UserFactory(username="oud-raadslid")
    person = PersonFactory(user=user)
    FunctieFactory(
        person=person,
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="raadslid",
        fractie=None,
        start_date=dt.date(2022, 3, 30),
        end_date=dt.date(2026, 4, 1),
    )
    client.force_login(user)
    url = reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"}, follow=True)
    assert "Uitloggen" in response.content.decode()


@pytest.mark.django_db
def test_overview_lists_fracties_and_gremia(
    client: Client, tenant_a: Tenant, django_assert_max_num_queries
) -> None:
    client.force_login(tenant_a.user)
    url = reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug})
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert tenant_a.fractie.name in html
    assert tenant_a.commissie.name in html
    assert tenant_a.person.full_name in html


@pytest.mark.django_db
def test_overview_query_count_does_not_grow_with_members(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    url = reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug})
    client.get(url)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        FunctieFactory(
            organisation=tenant_a.organisation,
            body=tenant_a.raad,
            role="raadslid",
            fractie=tenant_a.fractie,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_organisation_theme_is_applied(client: Client, tenant_a: Tenant) -> None:
    tenant_a.organisation.theme = {"--toerusting-color-primary": "#00587a"}
    tenant_a.organisation.save()
    client.force_login(tenant_a.user)
    response = client.get(reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug}))
    html = response.content.decode()
    # In a <style> element with the response's nonce: the Content-Security-Policy allows no style attributes.
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    style = f'<style nonce="{nonce}">body.toerusting-theme {{ --toerusting-color-primary: #00587a; }}</style>'
    assert style in html
    assert " style=" not in html


@pytest.mark.django_db
def test_health_reports_the_database(client: Client) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_health_reports_an_unreachable_database(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import DatabaseError

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_dutch_even_when_the_browser_asks_for_english(client: Client) -> None:
    response = client.get(reverse("portal:home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="nl">' in response.content.decode()
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_every_stylesheet_of_the_shell_exists(client: Client) -> None:
    import re

    from django.conf import settings
    from django.contrib.staticfiles import finders

    html = client.get(reverse("portal:home")).content.decode()
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    stylesheets = len(hrefs)
    hrefs += re.findall(r'<script src="([^"]+)"', html)
    assert stylesheets == 4  # the NL Design System, the theme, the shell and the page layouts
    for href in hrefs:
        assert href.startswith(settings.STATIC_URL)
        assert finders.find(href.removeprefix(settings.STATIC_URL)), f"{href} is not a static file"
