"""Browser journey of the term planner: the griffier builds a plan, schedules and publishes it; a member
subscribes to the personal calendar feed. axe-core audit (WCAG 2.1 A and AA) on every page visited.

Buttons and fields are found by their form action and name, not by their text, so that the journey holds in
Dutch and in English.
"""

from __future__ import annotations

import os
import urllib.request
from typing import Any

import icalendar
import pytest
from django.core.management import call_command

from tests.test_browser import PASSWORD, audit, browser  # noqa: F401 (the browser fixture)

pytestmark = pytest.mark.browser


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)  # the login page has an h1 too
    page.get_by_role("heading", level=1).wait_for()


def test_griffier_plans_publishes_and_a_member_subscribes(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    base = live_server.url
    plan_url = f"{base}/o/lindenwaard/plan/"

    page = browser.new_page(viewport={"width": 1024, "height": 768})
    _login(page, base, "griffier")
    page.goto(plan_url)
    audit(page)
    page.locator("main form button[type=submit]").click()  # make the plan
    page.locator("form[action$='/inplannen/']").wait_for()
    audit(page)

    page.goto(f"{plan_url}activiteit/nieuw/")
    audit(page)
    page.locator("select[name=item]").select_option("training-debatteren-voor-beginners")
    page.locator("input[name=audience][value=raad]").check()
    page.locator("input[name=sessions]").fill("3")
    page.locator("input[name=duration_minutes]").fill("150")
    page.locator("input[name=owner_kind][value=griffier]").check()
    page.locator("select[name=preferred_daypart]").select_option("avond")
    page.locator("main form button[type=submit]").click()
    page.locator("select[name=kind]").wait_for()
    audit(page)  # the activity page
    page.locator("select[name=kind]").select_option("weken_ertussen")
    page.locator("input[name=number]").fill("4")
    page.locator("main form[novalidate] button[type=submit]").click()
    page.locator("form[action*='/regel/']").wait_for()
    audit(page)

    page.goto(plan_url)
    page.locator("form[action$='/inplannen/'] button").click()
    page.wait_for_url("**/tijdlijn/")
    assert page.locator("table.toerusting-plan-month").count() >= 1
    audit(page)
    page.goto(plan_url)
    page.locator("form[action$='/publiceren/'] button").click()
    page.wait_for_url("**/tijdlijn/")
    audit(page)
    page.goto(f"{plan_url}tijdlijn/?afdruk=1")
    audit(page)
    page.goto(f"{plan_url}leden/")
    audit(page)
    page.close()

    member = browser.new_page(viewport={"width": 1024, "height": 768})
    _login(member, base, "raadslid")
    member.goto(f"{plan_url}mijn/")
    audit(member)
    feed_url = member.locator("#feed-url").input_value()
    assert "sleutel=" in feed_url
    # A calendar app fetches the address without any login.
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 (the live test server)
        calendar = icalendar.Calendar.from_ical(response.read())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    assert all("UID" in event and "SEQUENCE" in event for event in events)
    member.close()
