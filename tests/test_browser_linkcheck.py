"""Browser journey of the link check, at 1280 px and at a 390 px phone: an item of Lindenwaard's own offer
points at a page that has been gone for eight days (two checks against a loopback web site); the griffier
finds it in the report of the own offer, a member sees the notice on the item's page, the operator sees it
in the report of all failing links. Every page gets the axe-core audit, the CSP check and must not scroll
sideways."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
)
from tests.test_linkcheck import Site, own_item
from toerusting.linkcheck import services
from toerusting.organisations import selectors as organisation_selectors

pytestmark = pytest.mark.browser


@pytest.fixture
def web_site(settings: Settings) -> Iterator[Site]:
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = True
    settings.LINK_CHECK_HOST_INTERVAL_SECONDS = 0
    server = Site()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_dead_link_in_the_reports_and_on_the_item_page(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    web_site: Site,
    viewport: dict[str, int],
) -> None:
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    lindenwaard = organisation_selectors.organisation_by_slug("lindenwaard")
    assert lindenwaard is not None
    web_site.set("/begroting")
    web_site.set("/verdwenen", 404)
    item = own_item(
        lindenwaard,
        url=web_site.url("/begroting"),
        description=f"Lees vooraf [de oude handreiking]({web_site.url('/verdwenen')}).",
    )
    services.check_links(now=timezone.now() - dt.timedelta(days=8))
    services.check_links()
    base = live_server.url

    griffie = browser.new_page(viewport=viewport)
    login(griffie, base, "griffier")
    griffie.goto(f"{base}/o/lindenwaard/aanbod/")
    audit(griffie)
    griffie.locator("a[href$='/o/lindenwaard/linkcontrole/']").click()
    griffie.wait_for_url(lambda url: url.endswith("/o/lindenwaard/linkcontrole/"))
    audit(griffie)
    report = griffie.locator("main table").inner_text()
    assert web_site.url("/verdwenen") in report and web_site.url("/begroting") in report
    assert "HTTP 404" in report
    griffie.close()

    member = browser.new_page(viewport=viewport)
    login(member, base, "raadslid")
    member.goto(f"{base}/catalogus/{item.slug}/")
    audit(member)
    notice = member.locator("main .utrecht-alert--warning")
    assert "Deze link werkte de afgelopen week niet" in notice.inner_text()
    assert web_site.url("/verdwenen") in notice.inner_text()
    member.close()

    operator = browser.new_page(viewport=viewport)
    login(operator, base, "beheer")
    operator.goto(f"{base}/linkcontrole/")
    audit(operator)
    assert item.title in operator.locator("main table").inner_text()
    operator.close()
