"""Browser journey of the login through the organisation's own identity provider: the griffier of the demo
organisation (`load_demo`) chooses "Inloggen met het account van Gemeente Lindenwaard" on the login page,
fills in the login page of the real provider (panva/node-oidc-provider on loopback, tests/oidc_fixtures.py),
gives consent there and lands logged in.
The organisation stated that its provider asks for a second factor, so no code of its own is asked. Logging
out ends the session here and at the provider: a new login asks for the password again. Every page of ours
passes the axe audit (the provider's own pages are not ours), at 1280 px and on a 390 px phone."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from tests.oidc_fixtures import SECRET, RunningProvider, start_provider, stop_provider
from tests.test_browser import DESKTOP, PHONE, audit, browser, main_menu  # noqa: F401
from toerusting.accounts.models import User
from toerusting.audit.models import AuditEvent
from toerusting.oidc.models import OidcProvider
from toerusting.organisations.models import Organisation

# The second step stays required (two_factor): the provider's statement is what lets the griffier in.
pytestmark = [pytest.mark.browser, pytest.mark.two_factor]


@pytest.fixture(scope="session")
def oidc_live_provider(live_server: Any) -> Iterator[RunningProvider]:
    provider = start_provider([live_server.url])
    yield provider
    stop_provider(provider)


def provider_login(page: Any, login: str) -> None:
    """The provider's own login and consent pages (its markup, in English)."""
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("een-wachtwoord-bij-de-gemeente")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_griffier_logs_in_through_the_organisation_and_logs_out_at_both_ends(
    browser: Any,  # noqa: F811
    live_server: Any,
    oidc_live_provider: RunningProvider,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    call_command("load_demo", stdout=io.StringIO())
    griffier = User.objects.get(username="griffier")  # Ruben Tamminga, griffier of Lindenwaard
    lindenwaard = Organisation.objects.get(slug="lindenwaard")
    OidcProvider.objects.create(
        organisation=lindenwaard,
        enabled=True,
        issuer=oidc_live_provider.issuer,
        client_id="toerusting",
        client_secret=SECRET,
        provider_enforces_mfa=True,
    )
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/account/inloggen/")
    audit(page)
    page.get_by_role("link", name="Inloggen met het account van Gemeente Lindenwaard").click()
    page.get_by_role("heading", level=1, name="Inloggen met het account van Gemeente Lindenwaard").wait_for()
    audit(page)
    page.get_by_role("button", name="Inloggen via mijn organisatie").click()
    page.wait_for_url(f"{oidc_live_provider.issuer}/**")
    provider_login(page, "r.tamminga@lindenwaard.example")
    page.wait_for_url(f"{live_server.url}/")
    audit(page)
    # Logged in as the griffier, past the second step: the organisation's audit trail opens.
    page.goto(f"{live_server.url}/o/lindenwaard/logboek/")
    page.get_by_role("heading", level=1, name="Logboek").wait_for()
    page.locator("td", has_text="is ingelogd via de inlogdienst van de organisatie").first.wait_for()
    audit(page)
    assert AuditEvent.objects.filter(action="oidc_login", actor_id=griffier.pk).count() == 1

    # Logging out here goes on to the provider, which asks to confirm and sends the browser back.
    main_menu(page).get_by_role("button", name="Uitloggen").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/inloggen/oidc/uitgelogd/")
    page.get_by_role("heading", level=1, name="U bent uitgelogd").wait_for()
    audit(page)
    page.goto(f"{live_server.url}/o/lindenwaard/logboek/")
    page.wait_for_url(lambda url: "/account/inloggen/" in url)
    # The provider's session ended too: logging in again asks for the password there.
    page.goto(f"{live_server.url}/o/lindenwaard/inloggen/")
    page.get_by_role("button", name="Inloggen via mijn organisatie").click()
    page.wait_for_url(f"{oidc_live_provider.issuer}/**")
    page.locator("input[name=login]").wait_for()
    page.close()
