"""Browser journey: a raadslid opens "Mijn account" from the menu, sees the browser they use, tries a
password that is too weak, then changes it; each page audited (axe + CSP + no sideways scrolling) at
1280 px and on a 390 px phone."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401
    DESKTOP,
    PASSWORD,
    PHONE,
    audit,
    browser,
    login,
    main_menu,
)

pytestmark = pytest.mark.browser


def test_member_changes_the_password_on_the_account_page(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
    password = PASSWORD
    for number, viewport in enumerate((DESKTOP, PHONE)):
        page = browser.new_page(viewport=viewport)
        page.goto(f"{live_server.url}/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("raadslid")
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/account/inloggen/" not in url)
        main_menu(page).get_by_role("link", name="Mijn account").click()
        page.get_by_role("heading", level=1, name="Mijn account").wait_for()
        assert page.get_by_text("deze browser").is_visible()
        audit(page)
        page.get_by_role("link", name="Mijn wachtwoord wijzigen").click()
        page.get_by_label("Oud wachtwoord").fill(password)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill("12345678")
        page.get_by_label("Nieuw wachtwoord bevestigen").fill("12345678")
        page.get_by_role("button", name="Mijn wachtwoord wijzigen").click()
        page.get_by_role("heading", name="Er gaat iets mis").wait_for()
        audit(page)
        new = f"Nieuw-Wachtwoord-{number}-2027"
        page.get_by_label("Oud wachtwoord").fill(password)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill(new)
        page.get_by_label("Nieuw wachtwoord bevestigen").fill(new)
        page.get_by_role("button", name="Mijn wachtwoord wijzigen").click()
        page.get_by_text("Uw wachtwoord is gewijzigd.").wait_for()
        audit(page)
        password = new
        page.close()
