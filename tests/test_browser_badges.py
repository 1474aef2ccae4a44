"""Browser journey of open badges, at 1280 px and at a 390 px phone: the griffier of Lindenwaard makes a
badge of two catalogue items on the griffie's page; a raadslid sees it under "Badges you can earn", marks
both items as done on their pages, finds the badge earned, chooses to share it, downloads the signed
credential and uploads it on the public verification page (logged out), which says it is valid; the
griffie then sees the awarded badge with the form to revoke it. Every page visited gets the axe-core audit
(WCAG 2.1 A and AA), the CSP check and must not scroll sideways.

Fields and buttons are found by name and form action, not by text, so the journey holds in either language.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
)
from toerusting.badges.models import Award, BadgeDefinition
from toerusting.organisations import selectors as organisation_selectors

pytestmark = pytest.mark.browser
ITEMS = ["kennisclip-rol-van-de-raad-en-dualisme", "kennisclip-petities-en-burgerinitiatieven"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_earns_a_badge_and_the_verification_page_validates_it(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
    tmp_path: Any,
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    for command in ("load_demo", "load_catalogue"):
        call_command(command, verbosity=0, stdout=devnull)
    lindenwaard = organisation_selectors.organisation_by_slug("lindenwaard")
    assert lindenwaard is not None
    base = live_server.url

    # The griffier makes the badge on the griffie's page.
    griffie = browser.new_page(viewport=viewport)
    login(griffie, base, "griffier")
    griffie.goto(f"{base}/o/lindenwaard/badges/beheer/")
    audit(griffie)
    griffie.locator("a[href$='/o/lindenwaard/badges/beheer/nieuw/']").click()
    griffie.locator("input[name=name]").wait_for()
    audit(griffie)
    griffie.locator("input[name=name]").fill("Rol van de raad")
    griffie.locator("textarea[name=description]").fill(
        "Kent de rol van de raad en weet hoe inwoners de raad kunnen bereiken."
    )
    griffie.locator("textarea[name=criteria]").fill(
        "De kennisclips over de rol van de raad en over petities en burgerinitiatieven bekeken."
    )
    griffie.locator("input[name=design][value=zegel]").check()
    griffie.locator("input[name=rule][value=modules]").check()
    griffie.locator("details:has(input[name=items]) > summary").click()
    for slug in ITEMS:
        griffie.locator(f"input[name=items][value={slug}]").check()
    griffie.locator("main form[method=post]:not([action]) button[type=submit]").click()
    griffie.wait_for_url(lambda url: url.endswith("/o/lindenwaard/badges/beheer/"))
    audit(griffie)
    assert BadgeDefinition.objects.filter(organisation=lindenwaard, name="Rol van de raad").exists()

    page = browser.new_page(viewport=viewport, accept_downloads=True)
    login(page, base, "raadslid")
    page.goto(f"{base}/o/lindenwaard/badges/")
    audit(page)
    assert "Rol van de raad" in page.content()
    for slug in ITEMS:
        page.goto(f"{base}/catalogus/{slug}/")
        audit(page)
        page.locator(f"form[action$='/leren/{slug}/gedaan/'] button[type=submit]").click()
        page.wait_for_load_state("load")
    award = Award.objects.get(user__username="raadslid")

    page.goto(f"{base}/o/lindenwaard/badges/")
    audit(page)
    page.locator(f"a[href$='/o/lindenwaard/badges/{award.pk}/']").first.click()
    page.locator("input[name=is_public]").wait_for()
    audit(page)
    page.locator("input[name=is_public]").check()
    page.locator("main form[method=post]:not([action]) button[type=submit]").click()
    page.locator(f"a[href$='/badges/gedeeld/{award.uid}/']").wait_for()
    audit(page)

    with page.expect_download() as download_info:
        page.locator("a[href$='/badge.json']").click()
    signed = tmp_path / "badge.json"
    download_info.value.save_as(signed)
    assert json.loads(signed.read_text())["type"] == "EnvelopedVerifiableCredential"

    # The shared page, and the verification page, for a visitor without an account.
    visitor = browser.new_page(viewport=viewport)
    visitor.goto(f"{base}/badges/gedeeld/{award.uid}/")
    audit(visitor)
    assert visitor.locator(".utrecht-alert--ok").count() == 1
    visitor.goto(f"{base}/badges/controleren/")
    audit(visitor)
    visitor.locator("input[name=file]").set_input_files(str(signed))
    visitor.locator("main form button[type=submit]").click()
    visitor.locator(".utrecht-alert--ok").wait_for()
    audit(visitor)
    assert "Rol van de raad" in visitor.content()
    assert visitor.locator(".utrecht-alert--error").count() == 0
    # The griffie sees the awarded badge, with the form to revoke it.
    griffie.goto(f"{base}/o/lindenwaard/badges/beheer/")
    griffie.locator(f"form[action$='/toekenning/{award.pk}/intrekken/']").wait_for()
    audit(griffie)
    page.close()
    visitor.close()
    griffie.close()
