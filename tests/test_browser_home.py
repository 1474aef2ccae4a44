"""Browser journey: the home page per role (a council member, the griffier, a water-board member) at
1280 px and on a 390 px phone, each page audited (axe + CSP) and without sideways scrolling.
With TOERUSTING_SCREENSHOTS=1 the pages are saved in docs/screenshots/ (see docs/screenshots.md)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    assert_no_horizontal_overflow,
    audit,
    browser,
    login,
    main_menu,
    screenshot,
)

pytestmark = pytest.mark.browser


def load_full_demo() -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_catalogue", verbosity=0, stdout=devnull)
        call_command(
            "load_catalogue", "--directory", settings.CONTENT_DIR / "demo" / "catalogue", stdout=devnull
        )
        call_command("load_demo_agenda", stdout=devnull, stderr=devnull)
        call_command("load_demo_planner", stdout=devnull, stderr=devnull)


def test_home_per_role_on_desktop_and_phone(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    load_full_demo()
    for viewport in (DESKTOP, PHONE):
        page = browser.new_page(viewport=viewport)

        login(page, live_server.url, "raadslid")
        page.get_by_role("heading", level=3, name="Uw volgende vergadering").wait_for()
        assert page.get_by_role("link", name="Naar de vergadering").is_visible()
        assert page.get_by_role("link", name="Voorbereiden", exact=True).last.is_visible()
        assert page.get_by_role("heading", name="Uw leren").is_visible()
        assert page.get_by_role("heading", name="Vastgezet door de griffie").is_visible()
        assert page.get_by_role("heading", name="Uw volgende trainingen").is_visible()
        assert page.get_by_role("heading", name="Vraagt uw aandacht").count() == 0
        if viewport is DESKTOP:
            # The width is used: the side column sits beside the main column.
            main = page.locator(".toerusting-home__main").first.bounding_box()
            side = page.locator(".toerusting-home__side").first.bounding_box()
            assert side["x"] > main["x"] + main["width"] - 1
        else:
            main = page.locator(".toerusting-home__main").first.bounding_box()
            side = page.locator(".toerusting-home__side").first.bounding_box()
            assert side["y"] >= main["y"] + main["height"] - 1  # stacked on a phone
        screenshot(page, "raadslid-home")
        audit(page)
        assert_no_horizontal_overflow(page)
        page.get_by_role("link", name="Naar de vergadering").click()
        page.get_by_role("heading", name="Voorbereiden op deze vergadering").wait_for()
        audit(page)
        assert_no_horizontal_overflow(page)
        page.context.clear_cookies()

        login(page, live_server.url, "griffier")
        page.get_by_role("heading", level=3, name="Vraagt uw aandacht").wait_for()
        assert page.get_by_text("Termijnplan").first.is_visible()
        screenshot(page, "griffier-home")
        audit(page)
        assert_no_horizontal_overflow(page)
        page.context.clear_cookies()

        login(page, live_server.url, "ab-lid")
        page.get_by_role("heading", level=2, name="Waterschap Rijnvliet").wait_for()
        assert page.get_by_role("heading", level=3, name="Uw volgende vergadering").is_visible()
        screenshot(page, "ab-lid-home")
        audit(page)
        assert_no_horizontal_overflow(page)
        main_menu(page).get_by_role("link", name="Voorbereiden").click()  # folded on a phone
        page.get_by_role(
            "link", name="Alle vergaderingen van het algemeen bestuur en de commissies"
        ).wait_for()
        audit(page)
        assert_no_horizontal_overflow(page)
        page.close()
