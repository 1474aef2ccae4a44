"""Browser journeys of issue 15's keys. Passkeys: a griffier with the authenticator app adds a passkey
under Mijn account (Chromium's virtual authenticator through the DevTools protocol: CTAP2, built in, with a
resident key and user verification), logs out, and logs in with the password and the passkey instead of a
code. And the griffie's page for the keys of its RIS connections: a next key added and promoted. Every page
passes the axe audit (WCAG 2.1 AA, no CSP violation: the page's script is a file of the site)."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest

from tests.conftest import Tenant
from tests.test_browser import DESKTOP, PHONE, audit, browser, main_menu  # noqa: F401
from tests.test_browser_two_factor import password_step
from toerusting.audit.models import Action, AuditEvent
from toerusting.twofactor import services
from toerusting.twofactor.models import Passkey

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def virtual_authenticator(page: Any) -> tuple[Any, str]:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    added = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return session, added["authenticatorId"]


def test_griffier_adds_a_passkey_and_logs_in_with_it(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
) -> None:
    griffier = tenant_a.griffier
    services.enrol_with_secret(griffier, SECRET)
    page = browser.new_page(viewport=DESKTOP)
    session, authenticator = virtual_authenticator(page)
    password_step(page, live_server.url, griffier.username)
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for()
    # Without passkeys the page offers none.
    assert page.get_by_role("button", name="Inloggen met een passkey").count() == 0
    page.get_by_label("Code").fill(pyotp.TOTP(SECRET).now())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for(state="detached")

    page.goto(f"{live_server.url}/account/tweestaps/")
    page.get_by_role("link", name="Passkeys beheren").click()
    page.get_by_role("heading", level=1, name="Passkeys").wait_for()
    audit(page)
    page.get_by_label("Naam van de passkey").fill("Laptop griffie")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.get_by_text("Laptop griffie\u2019 is toegevoegd.").wait_for()
    assert page.get_by_role("cell", name="Laptop griffie", exact=True).count() == 1
    audit(page)
    credentials = session.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(credentials) == 1
    passkey = Passkey.objects.get(user=griffier)
    assert passkey.name == "Laptop griffie" and passkey.last_used_at is None

    # Log out, and in again: the password, then the passkey instead of a code.
    main_menu(page).get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    password_step(page, live_server.url, griffier.username)
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for()
    audit(page)
    page.get_by_role("button", name="Inloggen met een passkey").click()
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for(state="detached")
    page.goto(f"{live_server.url}/o/aadorp/logboek/")
    page.get_by_role("heading", level=1, name="Logboek").wait_for()
    audit(page)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert AuditEvent.objects.filter(action=Action.PASSKEY_USED, actor=griffier).count() == 1
    page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_griffier_rotates_the_ris_key_on_the_keys_page(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    settings: Any,
    viewport: dict[str, int],
) -> None:
    """The keys page of the RIS connections: the state only, a next key added, promoted; axe clean."""
    settings.TWO_FACTOR_REQUIRED = False
    secret = "het-nieuwe-gedeelde-geheim-van-de-leverancier-2026"
    page = browser.new_page(viewport=viewport)
    password_step(page, live_server.url, tenant_a.griffier.username)
    page.goto(f"{live_server.url}/o/aadorp/ris-tabblad/")
    page.get_by_role("link", name="Sleutels van de RIS-koppelingen").click()
    page.get_by_role("heading", level=1, name="Sleutels van de RIS-koppelingen").wait_for()
    audit(page)
    page.get_by_label("Nieuwe sleutel").fill("te kort")
    page.get_by_role("button", name="Toevoegen als volgende sleutel").click()
    page.get_by_text("minstens 32 tekens").first.wait_for()
    audit(page)
    page.get_by_label("Nieuwe sleutel").fill(secret)
    page.get_by_role("button", name="Toevoegen als volgende sleutel").click()
    page.get_by_text("werkt nu naast de huidige sleutel").wait_for()
    assert secret not in page.content()
    audit(page)
    page.get_by_role("button", name="De volgende sleutel huidig maken").click()
    page.get_by_text("De oude sleutel werkt niet meer").wait_for()
    audit(page)
    page.close()
    tenant_a.ris.refresh_from_db()
    assert tenant_a.ris.key == secret and tenant_a.ris.next_key == ""


def test_a_browser_without_webauthn_gets_a_plain_message(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
) -> None:
    griffier = tenant_a.griffier
    services.enrol_with_secret(griffier, SECRET)
    page = browser.new_page(viewport=DESKTOP)
    page.add_init_script("delete window.PublicKeyCredential;")
    password_step(page, live_server.url, griffier.username)
    page.get_by_label("Code").fill(pyotp.TOTP(SECRET).now())
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1, name="Code voor de tweede inlogstap").wait_for(state="detached")
    page.goto(f"{live_server.url}/account/tweestaps/sleutels/")
    page.get_by_text("Deze browser kan geen passkeys gebruiken").wait_for()
    assert page.get_by_role("button", name="Passkey toevoegen").is_disabled()
    audit(page)
    page.close()
    assert not Passkey.objects.exists()
