"""Browser journey of the term planner: the griffier builds a plan, schedules and publishes it; a member
subscribes to the personal calendar feed and works through the onboarding checklist. At 1280 px and at a
390 px phone; every page visited gets the axe-core audit (WCAG 2.1 A and AA) and must not scroll sideways.

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

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    PASSWORD,
    VIEWPORTS,
    audit,
    browser,
    main_menu,
    screenshot,
)

pytestmark = pytest.mark.browser


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)  # the login page has an h1 too
    page.get_by_role("heading", level=1).wait_for()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_griffier_plans_publishes_and_a_member_subscribes(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    base = live_server.url
    plan_url = f"{base}/o/lindenwaard/plan/"

    page = browser.new_page(viewport=viewport)
    _login(page, base, "griffier")
    page.goto(plan_url)
    audit(page)
    page.locator("main form button[type=submit]").click()  # make the plan
    page.locator("form[action$='/inplannen/']").wait_for()
    audit(page)
    # Saving the settings is confirmed in a banner.
    page.locator("input[name=usual_location]").fill("Gemeentehuis Lindenwaard")
    page.locator("input[name=usual_location]").press("Enter")
    page.locator(".toerusting-banner[role=status]").wait_for()
    assert page.locator(".toerusting-tabs a[aria-current=page]").count() == 1
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
    # The rule reads as a sentence, not as "N = 4".
    assert "4 weken tussen de sessies" in page.locator("main").inner_text()
    audit(page)
    # A rule with a number out of range: the error summary takes focus and links to the field.
    page.locator("input[name=number]").fill("0")
    page.locator("main form[novalidate] button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    page.wait_for_function(
        "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
    )
    audit(page)
    summary.locator("a").first.click()
    page.wait_for_function("document.activeElement && document.activeElement.name === 'number'")

    page.goto(plan_url)
    page.locator("form[action$='/inplannen/'] button").click()
    page.wait_for_url("**/tijdlijn/")
    assert page.locator("table.toerusting-plan-month").count() >= 1
    audit(page)
    page.goto(plan_url)
    page.locator("form[action$='/publiceren/'] button").click()
    page.wait_for_url("**/tijdlijn/")
    audit(page)
    screenshot(page, "griffie-timeline")
    page.goto(plan_url)
    audit(page)
    screenshot(page, "griffie-plan")
    page.goto(f"{plan_url}tijdlijn/?afdruk=1")
    audit(page)
    page.goto(f"{plan_url}leden/")
    audit(page)
    screenshot(page, "griffie-members")
    page.goto(f"{plan_url}agenda-adres/")
    assert page.locator("a[href^='webcal://']").count() == 1
    assert page.locator("button[data-copy-target]").is_visible()  # shown by the external script
    audit(page)
    page.close()

    _onboarding_programme()
    member = browser.new_page(viewport=viewport)
    _login(member, base, "raadslid")
    member.goto(f"{plan_url}mijn/")
    audit(member)
    screenshot(member, "raadslid-my-plan")
    feed_url = member.locator("#feed-url").input_value()
    assert "sleutel=" in feed_url
    # A calendar app fetches the address without any login.
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 (the live test server)
        calendar = icalendar.Calendar.from_ical(response.read())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    assert all("UID" in event and "SEQUENCE" in event for event in events)
    assert all(str(event["LOCATION"]) == "Gemeentehuis Lindenwaard" and "URL" in event for event in events)

    # Onboarding: the status of each step is a tag; ticking a step is confirmed and changes its tag.
    steps = member.locator(".toerusting-checklist__step")
    assert steps.count() == 2
    assert member.locator(".toerusting-checklist__step .toerusting-badge").count() == 2
    assert "! Te laat" not in member.locator("main").inner_text()
    steps.first.locator("form button").click()
    member.locator(".toerusting-banner[role=status]").wait_for()
    assert member.locator(".toerusting-checklist__step").first.locator(".toerusting-badge--ok").count() == 1
    audit(member)
    # Finishing the learning item of the other step ticks it too.
    member.goto(f"{base}/catalogus/handreiking-werkafspraken-presidium/")
    member.locator("form[action$='/gedaan/'] button").click()
    member.locator(".toerusting-banner[role=status]").wait_for()
    member.goto(f"{plan_url}mijn/")
    assert member.locator(".toerusting-checklist .toerusting-badge--ok").count() == 2
    audit(member)
    member.close()


def _onboarding_programme() -> None:
    """A small newcomer programme for council members of the demo plan: one step to tick, one tied to a
    learning item."""
    from toerusting.catalogue.models import LearningItem
    from toerusting.planner.models import OnboardingStep, OnboardingTemplate, TermPlan

    plan = TermPlan.objects.get(organisation__slug="lindenwaard")
    template = OnboardingTemplate.objects.create(plan=plan, role="raadslid", title="Inwerken als raadslid")
    OnboardingStep.objects.create(
        template=template, order=0, theme="kennismaking", title="Kennismaken met griffie en raad", due_weeks=2
    )
    OnboardingStep.objects.create(
        template=template,
        order=1,
        theme="instrumenten",
        title="Werkafspraken van de raad kennen",
        due_weeks=16,
        item=LearningItem.objects.get(slug="handreiking-werkafspraken-presidium"),
    )
