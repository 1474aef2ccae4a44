"""Error pages 400, 403, 404 and 500 (and a CSRF failure): in the site's layout, in Dutch and English,
without stack traces or technical details (DEBUG is off in tests, as in production)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from toerusting import csp

LAYOUT = ('class="utrecht-page-header toerusting-header"', 'href="#main"', 'class="utrecht-page-footer')


def english() -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_site_page(response: Any, status: int, *texts: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    for part in LAYOUT:
        assert part in html
    for text in texts:
        assert text in html, text
    for leak in ("Traceback", "Django", "settings.py", "DEBUG", "geheime-interne-fout", "Exception"):
        assert leak not in html, leak
    assert csp.directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"
    return html


def test_debug_is_off_in_tests() -> None:
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_404_in_dutch_and_english(client: Client) -> None:
    html = assert_site_page(client.get("/bestaat-niet/"), 404, "Pagina niet gevonden", "Foutcode 404.")
    assert '<html lang="nl">' in html
    html = assert_site_page(english().get("/bestaat-niet/"), 404, "Page not found", "Error code 404.")
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_404_for_another_organisation_says_no_more(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    client.force_login(tenant_a.user)
    response = client.get(reverse("organisations:overview", kwargs={"org": tenant_b.organisation.slug}))
    html = assert_site_page(response, 404, "Pagina niet gevonden")
    assert tenant_b.organisation.name not in html


@pytest.mark.django_db
def test_403_gives_the_reason_of_the_permission_funnel(tenant_a: Tenant) -> None:
    url = reverse("planner:plan", kwargs={"org": tenant_a.organisation.slug})
    dutch = Client()
    dutch.force_login(tenant_a.user)
    assert_site_page(
        dutch.get(url), 403, "U mag deze pagina niet openen", "Alleen de griffie", "Foutcode 403."
    )
    other = english()
    other.force_login(tenant_a.user)
    assert_site_page(
        other.get(url), 403, "You may not open this page", "Only the griffie can manage the term plan."
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_500_in_the_layout_without_a_trace(tenant_a: Tenant) -> None:
    dutch = Client(raise_request_exception=False)
    dutch.force_login(tenant_a.user)
    html = assert_site_page(dutch.get("/kapot/"), 500, "Er ging iets mis", "Foutcode 500.")
    assert tenant_a.organisation.name in html  # the layout's menu, for the logged-in member
    assert_site_page(english().get("/kapot/"), 500, "Something went wrong", "Error code 500.")


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_500_without_a_database_still_answers(tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the layout itself fails (the database is down), a plain page in the same style answers."""
    from toerusting.organisations import selectors

    def broken(user: Any) -> Any:
        raise RuntimeError("database unavailable")

    client = Client(raise_request_exception=False)
    client.force_login(tenant_a.user)
    monkeypatch.setattr(selectors, "organisations_for_user", broken)  # the layout lists the user's councils
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Traceback" not in html and "database unavailable" not in html and "geheime" not in html


@pytest.mark.django_db
def test_a_form_without_its_security_token_gets_a_page_of_ours() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert_site_page(response, 403, "Het formulier is verlopen")


@pytest.mark.django_db
def test_400_for_a_bad_host() -> None:
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert "Dit verzoek kan niet worden verwerkt" in response.content.decode()
