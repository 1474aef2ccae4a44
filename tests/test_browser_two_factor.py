"""Browser journey of the second login step: a griffier logs in with the password and is sent to set up an
authenticator app (nothing else opens), reads the key from the page, confirms with a code computed here,
keeps the recovery codes, logs out, and logs in again with the password and a code. A wrong code is refused
with a clear message. Every page passes the axe audit (WCAG 2.1 AA, no CSP violation, no sideways
scrolling), at 1280 px and on a 390 px phone."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from tests.conftest import Tenant
from tests.test_browser import DESKTOP, PHONE, audit, browser, main_menu  # noqa: F401
from toerusting.twofactor import services

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]
PASSWORD = "Correct-Paard-Batterij-9"  # the factories' password


def password_step(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_griffier_enrols_logs_out_and_logs_in_with_a_code(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    viewport: dict[str, int],
) -> None:
    page = browser.new_page(viewport=viewport)
    password_step(page, live_server.url, tenant_a.griffier.username)
    # Required for the griffie: the set-up page, whatever page is asked for.
    page.get_by_role("heading", level=1, name="De tweede inlogstap instellen").wait_for()
    assert page.locator("figure svg").count() == 1
    audit(page)
    page.goto(f"{live_server.url}/o/aadorp/logboek/")
    page.get_by_role("heading", level=1, name="De tweede inlogstap instellen").wait_for()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    # A wrong code first: a clear error at the field.
    page.get_by_label("Code uit uw app").fill("000000")
    page.get_by_role("button", name="Aanzetten").click()
    page.get_by_text("Deze code klopt niet").first.wait_for()
    audit(page)
    page.get_by_label("Code uit uw app").fill(totp.now())
    page.get_by_role("button", name="Aanzetten").click()
    page.get_by_role("heading", level=1, name="Uw herstelcodes").wait_for()
    assert page.locator(".toerusting-recovery-codes li").count() == 10
    audit(page)
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    page.get_by_role("heading", level=1, name="De tweede inlogstap instellen").wait_for(state="detached")
    assert services.has_second_factor(tenant_a.griffier)

    # Log out, and in again: after the password, the code.
    main_menu(page).get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    password_step(page, live_server.url, tenant_a.griffier.username)
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for()
    audit(page)
    page.get_by_label("Code").fill("123456")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Deze code klopt niet, of is al eens gebruikt").first.wait_for()
    audit(page)
    # The code of the next time step: the one used to enrol is spent (no replay).
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for(state="detached")
    page.goto(f"{live_server.url}/o/aadorp/logboek/")
    page.get_by_role("heading", level=1, name="Logboek").wait_for()
    audit(page)
    page.close()
