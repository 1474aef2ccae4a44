"""Browser journey of the training budget and mentoring, at 1280 px and at a 390 px phone: a new raadslid
files a budget request; the griffier approves it and marks it paid; the member sees the remaining budget;
the griffier looks at the overview and the rules, pairs a mentor from a suggestion; the raadslid accepts
and logs a first meeting. Every page visited gets the axe-core audit (WCAG 2.1 A and AA), the CSP check
and must not scroll sideways.

Fields and buttons are found by name and form action, not by text, so the journey holds in either language.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
    screenshot,
)
from toerusting.organisations.selectors import people_by_key

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_raadslid_claims_griffier_decides_and_pairs_a_mentor(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    for command in ("load_demo", "load_catalogue", "load_demo_budgets", "load_demo_mentoring"):
        call_command(command, verbosity=0, stdout=devnull)
    base = live_server.url
    budget_url = f"{base}/o/lindenwaard/opleidingsbudget/"
    mentoring_url = f"{base}/o/lindenwaard/mentoring/"
    year = timezone.localdate().year

    # A new raadslid (Bilal Azzouzi, first term) asks to pay a course from the budget.
    member = browser.new_page(viewport=viewport)
    login(member, base, "raadslid")
    member.goto(budget_url)
    audit(member)
    member.locator("a[href$='/opleidingsbudget/aanvragen/']").first.click()
    member.locator("input[name=course]").wait_for()
    audit(member)
    # A bad amount is refused with an error that names the field; nothing is written.
    member.locator("input[name=course]").fill("Debattraining voor nieuwe raadsleden")
    member.locator("input[name=provider]").fill("NVvR")
    member.locator("input[name=course_date]").fill(f"{year}-12-10")
    member.locator("input[name=amount]").fill("395,555")
    member.locator("main form button[type=submit]").click()
    member.locator("[data-error-summary] a[href='#id_amount']").wait_for()
    audit(member)
    member.locator("input[name=amount]").fill("395,00")
    member.locator("main form button[type=submit]").click()
    member.wait_for_url(lambda url: "/aanvraag/" in url)
    audit(member)
    screenshot(member, "budget-request")
    claim_url = member.url

    # The griffier sees the request among all requests, approves it and marks it paid.
    griffier = browser.new_page(viewport=viewport)
    login(griffier, base, "griffier")
    griffier.goto(f"{budget_url}griffie/")
    audit(griffier)
    screenshot(griffier, "budget-griffie")
    griffier.locator(f"a[href='{claim_url.removeprefix(base)}']").click()
    griffier.locator("input[name=decision][value=approve]").check()
    audit(griffier)
    griffier.locator("form[action$='/besluit/'] button[type=submit]").click()
    griffier.locator("form[action$='/besluit/'] input[name=decision][value=pay]").wait_for(state="attached")
    audit(griffier)
    griffier.locator("form[action$='/besluit/'] button[type=submit]").click()
    griffier.locator(".toerusting-banner[role=status]").wait_for()
    assert griffier.locator("form[action$='/besluit/']").count() == 0  # paid: no more decisions
    audit(griffier)
    for page in ("overzicht/", "regels/"):
        griffier.goto(f"{budget_url}{page}?jaar={year}")
        audit(griffier)

    # The member sees the request paid and the remaining budget: 1.500,00 - 395,00.
    member.goto(budget_url)
    assert "1.105,00" in member.locator("[data-remaining]").inner_text()
    audit(member)

    # The griffier proposes a mentor to the new raadslid from the suggestions.
    bilal = people_by_key({"lw-bilal-azzouzi"})["lw-bilal-azzouzi"]
    griffier.goto(f"{mentoring_url}griffie/")
    audit(griffier)
    screenshot(griffier, "mentoring-griffie")
    griffier.locator(f"form:has(input[name=mentee][value='{bilal.pk}']) button[type=submit]").first.click()
    griffier.locator(".toerusting-banner[role=status]").wait_for()
    audit(griffier)

    # The raadslid accepts and logs a first meeting; the griffier sees the count, not the note.
    member.goto(mentoring_url)
    audit(member)
    member.locator("form[action$='/antwoord/'] input[name=answer][value=accept]").check()
    member.locator("form[action$='/antwoord/'] button[type=submit]").click()
    member.locator("form[action$='/gesprek/']").wait_for()
    audit(member)
    member.locator("input[name=date]").fill(timezone.localdate().isoformat())
    member.locator("textarea[name=note]").fill("Kennismaking: hoe lees ik de stukken voor de commissie?")
    member.locator("form[action$='/gesprek/'] button[type=submit]").click()
    member.locator(".toerusting-banner[role=status]").wait_for()
    audit(member)
    pair_url = member.url
    griffier.goto(pair_url)
    assert "hoe lees ik de stukken" not in griffier.content()
    audit(griffier)
    griffier.goto(f"{mentoring_url}griffie/")
    griffier.locator("a[href*='/mentoring/trainer/']").first.click()
    griffier.locator("form[action$='/aftekenen/']").wait_for()
    audit(griffier)
