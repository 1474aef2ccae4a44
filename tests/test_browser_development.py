"""Browser journey of personal development: a new raadslid of the demo does the competency scan (stopping
halfway and coming back), sees the profile and the advice, asks a colleague for 360° feedback, drafts a
development plan from the advice in one step and opens the printable page; the colleague answers
anonymously; the griffier opens a summary a member shared and the overview of the scans. At 1280 px and at
a 390 px phone; every page visited gets the axe-core audit (WCAG 2.1 A and AA), the CSP check and must not
scroll sideways.

Buttons and fields are found by their form action, name and value, not by their text, so that the journey
holds in Dutch and in English.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
    main_menu,
    screenshot,
)

pytestmark = pytest.mark.browser


def _answer_page(page: Any, low: set[str]) -> None:
    """Answer every statement on the page: 2 for the competencies in `low`, else 4."""
    for section in page.locator("section.toerusting-scan-competency").all():
        code = (section.get_attribute("aria-labelledby") or "").removeprefix("competency-")
        value = "2" if code in low else "4"
        for radio in section.locator(f"input[type=radio][value='{value}']").all():
            radio.check()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_new_raadslid_does_the_scan_and_drafts_a_plan(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    call_command("load_demo_development", verbosity=0, stdout=devnull)
    base = live_server.url
    low = {"onderhandelen", "overtuigingskracht", "analytisch_vermogen"}

    page = browser.new_page(viewport=viewport)
    login(page, base, "raadslid")
    audit(page)  # the home page with the development card
    assert page.locator("[id^=development-]").count() == 1
    main_menu(page).locator("a[href$='/ontwikkeling/']").click()
    page.locator("form[action$='/scan/nieuw/']").wait_for()
    audit(page)
    screenshot(page, "development-home")
    page.locator("form[action$='/scan/nieuw/'] button").click()
    page.locator("section.toerusting-scan-competency").first.wait_for()
    audit(page)
    screenshot(page, "development-scan")
    # Part 1, then "finish later": back on the development page, which offers to continue.
    _answer_page(page, low)
    page.locator("button[name=move][value=stop]").click()
    page.locator("a[href*='/deel/2/']").wait_for()
    audit(page)
    page.locator("a[href*='/deel/2/']").first.click()
    for number in (2, 3, 4):
        page.locator("section.toerusting-scan-competency").first.wait_for()
        assert f"/deel/{number}/" in page.url
        if number == 2:
            # Continuing with an unanswered statement: an error summary that names it.
            page.locator("button[name=move][value=next]").click()
            page.locator(".toerusting-error-summary").wait_for()
            audit(page)
        _answer_page(page, low)
        page.locator("button[name=move][value=next]").click()
    # The profile: a chart with the same figures as the table, and the advice.
    page.locator("svg.toerusting-chart__svg").wait_for()
    audit(page)
    screenshot(page, "development-profile")
    table = page.locator("main table").first.inner_text()
    assert "2,0" in table or "2.0" in table
    assert page.locator("#advice-onderhandelen").count() == 1
    assert page.locator("section.toerusting-advice a[href^='/catalogus/']").count() >= 1
    # Ask a colleague for 360° feedback (the list of colleagues may be folded).
    invite = page.locator("form[action$='/360/']")
    fold = invite.locator("details")
    if fold.count() and fold.get_attribute("open") is None:
        fold.locator("summary").click()
    invite.get_by_label("Marloes Hendriksen").check()
    invite.locator("button[type=submit]").click()
    page.locator("code").first.wait_for()  # the link to send, shown per colleague asked
    audit(page)
    page.locator("form[action$='/plan/opstellen/'] button").click()
    page.locator("section.toerusting-goal").first.wait_for()
    assert page.locator("section.toerusting-goal").count() == 3
    audit(page)
    screenshot(page, "development-plan")
    # An action gets evidence and a reflection.
    page.locator("section.toerusting-goal a[href*='/plan/actie/']").first.click()
    page.locator("textarea[name=evidence]").fill("Vraag gesteld in de commissie Ruimte.")
    page.locator("textarea[name=reflection]").fill("Eerst de kern noemen werkte goed.")
    page.locator("input[name=done]").check()
    audit(page)
    page.locator("main form[novalidate] button[type=submit]").click()
    page.locator("section.toerusting-goal").first.wait_for()
    assert "Eerst de kern noemen werkte goed." in page.locator("main").inner_text()
    page.locator("a[href$='/plan/afdrukken/']").click()
    page.locator("h1").wait_for()
    audit(page)
    assert "Vraag gesteld in de commissie Ruimte." in page.locator("main").inner_text()
    # The home page shows what is next in the plan.
    page.goto(f"{base}/")
    assert page.locator("[id^=development-] ~ ul li").count() >= 1
    audit(page)
    page.close()

    # The colleague answers anonymously, from the list on their own development page.
    page = browser.new_page(viewport=viewport)
    login(page, base, "fractievoorzitter")
    page.goto(f"{base}/o/lindenwaard/ontwikkeling/")
    page.locator("a[href*='/360/']").first.click()
    page.locator("section.toerusting-scan-competency").first.wait_for()
    audit(page)
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.locator("main form button[type=submit]").click()
    page.locator("form[action$='/scan/nieuw/']").wait_for()
    assert page.locator("a[href*='/360/']").count() == 0
    page.close()

    # The griffier: a summary a member shared, and the overview (counts, and averages of at least 5).
    page = browser.new_page(viewport=viewport)
    login(page, base, "griffier")
    page.goto(f"{base}/o/lindenwaard/ontwikkeling/")
    page.locator("a[href*='/gedeeld/']").first.click()
    page.locator("svg.toerusting-chart__svg").wait_for()
    audit(page)
    page.goto(f"{base}/o/lindenwaard/ontwikkeling/overzicht/")
    page.locator("svg[aria-labelledby^=overview-chart]").wait_for()  # averages: at least five members
    assert page.locator("svg[aria-labelledby^=participation-chart]").count() == 1
    audit(page)
    screenshot(page, "development-overview")
    page.close()
