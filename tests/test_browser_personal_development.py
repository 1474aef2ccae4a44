"""The journey of issue 12 in one go, as a new raadslid of the demo lives it: the competency scan, a
development plan drafted from the advice in one click, a training that is full (the griffier signed up an
experienced colleague on their behalf, by phone), the waiting list, the move up when the colleague signs
off (the e-mail arrives in a local SMTP server, at the demo address), and a claim on the training budget
that the griffier approves. At 1280 px and at a 390 px phone; every page visited gets the axe-core audit
(WCAG 2.1 A and AA, 0 violations), the CSP check and must not scroll sideways.

Buttons and fields are found by their form action, name and value, not by their text, except where a
Dutch text is the thing checked.
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
    main_menu,
)
from tests.test_browser_development import _answer_page
from tests.test_browser_signup import ITEM, Inbox, smtp  # noqa: F401 (the SMTP fixture)
from toerusting.accounts.models import User
from toerusting.catalogue.models import Session

pytestmark = pytest.mark.browser

NEW_MEMBER = "b.azzouzi@raad.lindenwaard.example"  # the demo address of "raadslid" (content/demo)


def _post(page: Any, action_end: str) -> None:
    page.locator(f"main form[action$='{action_end}'] button[type=submit]").first.click()
    page.get_by_role("heading", level=1).wait_for()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_new_raadslid_from_scan_to_plan_to_training_to_budget(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    smtp: Inbox,  # noqa: F811
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    call_command("load_catalogue", "--directory", "content/demo/catalogue", verbosity=0, stdout=devnull)
    call_command("load_demo_development", verbosity=0, stdout=devnull)
    call_command("load_demo_budgets", verbosity=0, stdout=devnull)
    base = live_server.url
    year = timezone.localdate().year
    low = {"onderhandelen", "overtuigingskracht", "analytisch_vermogen"}
    session = (
        Session.objects.filter(item__slug=ITEM, starts_at__gt=timezone.now()).order_by("starts_at").first()
    )
    assert session is not None
    ervaren = User.objects.get(username="raadslid-ervaren")

    # 1. The new raadslid does the competency scan, from the main menu.
    member = browser.new_page(viewport=viewport)
    login(member, base, "raadslid")
    audit(member)
    main_menu(member).locator("a[href$='/ontwikkeling/']").click()
    member.locator("form[action$='/scan/nieuw/']").wait_for()
    audit(member)
    member.locator("form[action$='/scan/nieuw/'] button").click()
    for number in (1, 2, 3, 4):
        member.locator("section.toerusting-scan-competency").first.wait_for()
        assert f"/deel/{number}/" in member.url
        audit(member)
        _answer_page(member, low)
        member.locator("button[name=move][value=next]").click()
    member.locator("svg.toerusting-chart__svg").wait_for()
    audit(member)
    assert member.locator("#advice-onderhandelen").count() == 1

    # 2. The plan, drafted from the advice in one click: a goal per weakest competency.
    member.locator("form[action$='/plan/opstellen/'] button").click()
    member.locator("section.toerusting-goal").first.wait_for()
    assert member.locator("section.toerusting-goal").count() == 3
    audit(member)
    member.goto(f"{base}/")
    assert member.locator("[id^=development-] ~ ul li").count() >= 1  # the plan's next step on the home page
    audit(member)

    # 3. The griffier opens sign-up with one place and signs up an experienced member who phoned.
    griffier = browser.new_page(viewport=viewport)
    login(griffier, base, "griffier")
    griffier.goto(f"{base}/o/lindenwaard/plan/inschrijvingen/")
    audit(griffier)
    key = f"aanbod-{session.pk}"
    griffier.locator(f"input[name='{key}-capacity']").fill("1")
    griffier.locator(f"form:has(input[name=row][value='{key}']) button[type=submit]").click()
    griffier.locator(".toerusting-banner[role=status]").wait_for()
    audit(griffier)
    griffier.locator(".toerusting-signup-row a[href*='/inschrijvingen/']").first.click()
    griffier.get_by_role("heading", level=1).wait_for()
    audit(griffier)
    list_url = griffier.url
    griffier.locator("main form[action$='/namens/inschrijven/'] select[name=member]").select_option(
        str(ervaren.pk)
    )
    _post(griffier, "/namens/inschrijven/")
    assert "Johan Westerveld is ingeschreven" in griffier.locator(".toerusting-banner").first.inner_text()
    audit(griffier)

    # The new raadslid finds the training full and joins the waiting list.
    member.goto(f"{base}/catalogus/{ITEM}/")
    audit(member)
    _post(member, "/inschrijven/")
    assert "wachtlijst" in member.locator(".toerusting-banner").first.inner_text()
    audit(member)
    waiting = [m for m in smtp.messages if NEW_MEMBER in str(m["To"])]
    assert len(waiting) == 1 and "wachtlijst" in str(waiting[0]["Subject"]).lower()

    # The colleague signs off; the new raadslid moves up and gets the mail with the invitation.
    colleague = browser.new_page(viewport=viewport)
    login(colleague, base, "raadslid-ervaren")
    colleague.goto(list_url)
    audit(colleague)
    _post(colleague, "/afmelden/")
    audit(colleague)
    mails = [m for m in smtp.messages if NEW_MEMBER in str(m["To"])]
    moved = mails[-1]
    assert str(moved["Subject"]).startswith("Er is een plaats voor u")
    invitation = next(p for p in moved.iter_attachments() if p.get_content_type() == "text/calendar")
    assert "METHOD:REQUEST" in invitation.get_content()
    member.goto(f"{base}/catalogus/{ITEM}/")
    assert member.locator("main a[href$='/uitnodiging.ics']").count() == 1
    audit(member)

    # 4. A claim on the training budget for the course.
    budget_url = f"{base}/o/lindenwaard/opleidingsbudget/"
    member.goto(budget_url)
    audit(member)
    member.locator("a[href$='/opleidingsbudget/aanvragen/']").first.click()
    member.locator("input[name=course]").wait_for()
    audit(member)
    member.locator("input[name=course]").fill("Debattraining voor nieuwe raadsleden")
    member.locator("input[name=provider]").fill("NVvR")
    member.locator("input[name=course_date]").fill(f"{year}-12-10")
    member.locator("input[name=amount]").fill("395,00")
    member.locator("main form button[type=submit]").click()
    member.wait_for_url(lambda url: "/aanvraag/" in url)
    audit(member)
    claim_path = member.url.removeprefix(base)

    # The griffier approves it.
    griffier.goto(f"{budget_url}griffie/")
    audit(griffier)
    griffier.locator(f"a[href='{claim_path}']").click()
    griffier.locator("input[name=decision][value=approve]").check()
    audit(griffier)
    griffier.locator("form[action$='/besluit/'] button[type=submit]").click()
    griffier.locator("form[action$='/besluit/'] input[name=decision][value=pay]").wait_for(state="attached")
    audit(griffier)
    member.reload()
    member.get_by_role("heading", level=1).wait_for()
    assert "goedgekeurd" in member.locator("main").inner_text().lower()
    audit(member)
    for page in (member, griffier, colleague):
        page.close()
