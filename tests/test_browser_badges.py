"""Browser journey of open badges, at 1280 px and at a 390 px phone: the griffie of Lindenwaard made a badge
of two catalogue items; a raadslid sees it under "Badges you can earn", marks both items as done on their
pages, finds the badge earned, chooses to share it, downloads the signed credential and uploads it on the
public verification page (logged out), which says it is valid. Every page visited gets the axe-core audit
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
from toerusting.badges import services as badge_services
from toerusting.badges.models import Award
from toerusting.catalogue import selectors as catalogue_selectors
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
    badge_services.create_definition(
        lindenwaard,
        organisation_selectors.user_by_username("griffier"),
        badge_services.BadgeText(
            name="Rol van de raad",
            description="Kent de rol van de raad en weet hoe inwoners de raad kunnen bereiken.",
            criteria="De kennisclips over de rol van de raad en over petities en burgerinitiatieven bekeken.",
            design="zegel",
            rule="modules",
            activity=None,
            items=list(catalogue_selectors.national_items().filter(slug__in=ITEMS)),
        ),
    )
    base = live_server.url

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
    page.close()
    visitor.close()
