"""Browser journey through the agenda pages of the demo gemeente, with an axe-core audit on each page.

Same set-up as tests/test_browser.py (Debian's Chromium; skipped without it unless
TOERUSTING_REQUIRE_BROWSER=true). Screenshots go to var/screenshots/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.test_browser import PASSWORD, VIEWPORTS, audit, browser, screenshot  # noqa: F401 (the fixture)
from toerusting.agenda.models import Meeting

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_reads_the_calendar_and_a_meeting_agenda(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_agenda", stdout=devnull, stderr=devnull)
    shots = settings.VAR_DIR / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("raadslid")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/o/lindenwaard/agenda/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator("table.utrecht-table").count() >= 3  # one table per month
    page.screenshot(path=str(shots / "agenda-calendar.png"), full_page=False)
    audit(page)
    screenshot(page, "agenda")

    page.get_by_role("link", name="Earlier meetings", exact=False).or_(
        page.get_by_role("link", name="Eerdere vergaderingen", exact=False)
    ).first.click()
    page.wait_for_url("**periode=eerder")
    audit(page)

    budget = Meeting.objects.get(
        organisation__slug="lindenwaard", gremium__key="raad", start__date=dt.date(2026, 11, 5)
    )
    page.goto(f"{live_server.url}/o/lindenwaard/agenda/{budget.pk}/")
    assert page.get_by_role("heading", level=2).first.is_visible()
    assert page.get_by_text("Programmabegroting 2027 en meerjarenraming 2028-2030").first.is_visible()
    page.screenshot(path=str(shots / "agenda-meeting.png"), full_page=True)
    audit(page)
