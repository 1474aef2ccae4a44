"""Browser journey in a real Chromium (Debian's package), with an axe-core accessibility audit
(WCAG 2.1 A and AA) on every page visited. Any violation fails the test.

Runs where Chromium is installed (/usr/bin/chromium, or TOERUSTING_CHROMIUM); elsewhere it is skipped
with a message, unless TOERUSTING_REQUIRE_BROWSER=true (CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("TOERUSTING_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("TOERUSTING_REQUIRE_BROWSER", "").lower() in {"1", "true", "yes"}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "Demo-Toerusting-2026"

pytestmark = pytest.mark.browser


class WatchedBrowser:
    """Chromium whose new pages record every Content-Security-Policy violation the browser reports on its
    console (in the page or any of its frames); `audit` fails on any of them."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **kwargs: Any) -> Any:
        page = self._browser.new_page(**kwargs)
        page.set_default_timeout(PATIENCE_MS)
        violations: list[str] = []
        page.on("console", lambda message: _record_violation(violations, message.text))
        CSP_VIOLATIONS[id(page)] = violations
        return page

    def close(self) -> None:
        self._browser.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


CSP_VIOLATIONS: dict[int, list[str]] = {}


def _record_violation(violations: list[str], text: str) -> None:
    if "Content Security Policy" in text:
        violations.append(text)


def csp_violations(page_or_frame: Any) -> list[str]:
    page = getattr(page_or_frame, "page", page_or_frame)  # a Frame knows its Page
    return CSP_VIOLATIONS[id(page)]


@pytest.fixture(scope="module")
def browser() -> Iterator[WatchedBrowser]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser journey not run (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the live server's ORM work is in its own.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield WatchedBrowser(chromium)
        chromium.close()


# Every Playwright wait is for a condition (an element, a URL, an event); this is only how long it may take
# before the test gives up. On a loaded machine (load 11 on 2 cores) a page can take longer than Playwright's
# default of 30 seconds, so pages wait up to three minutes.
PATIENCE_MS = 180_000


def audit(page: Any) -> None:
    """axe-core (WCAG 2.1 A and AA) finds no violation, the browser reported no CSP violation, and the page
    does not scroll sideways at the viewport it is shown in (so every page of every journey is checked)."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # a page or frame that is still navigating has no document to audit
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, f"{page.url}\n{result.generate_report()}"
    assert csp_violations(page) == [], page.url
    assert_no_horizontal_overflow(page)


PHONE = {"width": 390, "height": 844}  # the narrow phone of the UX walk-through
DESKTOP = {"width": 1280, "height": 800}


def assert_no_horizontal_overflow(page: Any) -> None:
    """The page does not scroll sideways: nothing is wider than the viewport (a phone at 390 px included).
    Names the widest elements when it fails."""
    page.wait_for_load_state("load")
    widths = page.evaluate(
        """() => {
            const viewport = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > viewport + 1)
                .filter((el) => getComputedStyle(el).position !== "fixed")
                .slice(0, 5)
                .map((el) => {
                    const right = Math.round(el.getBoundingClientRect().right);
                    return `${el.tagName.toLowerCase()}.${el.className} right=${right}`;
                });
            return {scroll: document.documentElement.scrollWidth, viewport, wide};
        }"""
    )
    assert widths["scroll"] <= widths["viewport"], f"{page.url} overflows sideways: {widths}"


VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
SCREENSHOTS = os.environ.get("TOERUSTING_SCREENSHOTS", "").lower() in {"1", "true", "yes"}
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def screenshot(page: Any, name: str) -> None:
    """With TOERUSTING_SCREENSHOTS=1, save the page as docs/screenshots/<name>-<width>.png (the top of the
    page, as a person first sees it). Off by default, so that a test run does not change the repository."""
    if not SCREENSHOTS:
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{width}.png"), full_page=False)


def main_menu(page: Any) -> Any:
    """The main menu, opened first when it is folded behind its button (on a phone)."""
    menu = page.locator("details[data-menu]")
    if menu.count() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return page.get_by_role("navigation", name=re.compile("^(Hoofdmenu|Main menu)$"))


def login(page: Any, base_url: str, username: str) -> None:
    """Log in through the login form as one of the demo accounts and wait until the form is gone."""
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)


def test_a_csp_violation_is_noticed(
    browser: WatchedBrowser, live_server: Any, transactional_db: None
) -> None:
    """The check in audit() can fail: an inline script added to a page is refused by the
    Content-Security-Policy, and the browser says so on the console, where the pages are watched."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/account/inloggen/")
    assert csp_violations(page) == []
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.ranInline = true";
                document.body.append(script);
            }"""
        )
    assert page.evaluate("() => window.ranInline === undefined")  # refused, not run
    violations = csp_violations(page)
    assert any("script-src" in v for v in violations), violations
    page.close()


@pytest.mark.parametrize("viewport", [*VIEWPORTS, pytest.param({"width": 1024, "height": 768}, id="tablet")])
def test_raadslid_logs_in_sees_home_and_switches_language(
    browser: Any, live_server: Any, transactional_db: None, viewport: dict[str, int]
) -> None:
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    # The NL Design System CSS and our theme are loaded: the header has the theme's primary colour.
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.utrecht-page-header')).backgroundColor"
    )
    assert header_colour == "rgb(21, 66, 115)"
    # On a phone the header is compact: the menu folds behind a button that works without JavaScript.
    header_height = page.evaluate(
        "document.querySelector('.utrecht-page-header').getBoundingClientRect().height"
    )
    if viewport["width"] < 1024:
        assert header_height <= 100, header_height
        assert not page.get_by_role("link", name="Catalogus", exact=True).is_visible()
    audit(page)
    screenshot(page, "landing")

    main_menu(page).get_by_role("link", name="Inloggen", exact=True).first.click()
    page.wait_for_url("**/account/inloggen/**")
    audit(page)
    page.get_by_label("Gebruikersnaam").fill("raadslid")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)  # the login page has an h1 too

    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert heading.inner_text().startswith("Welkom, ")
    assert page.get_by_role("heading", name="Raadslid").is_visible()
    audit(page)
    screenshot(page, "raadslid-home")

    main_menu(page).get_by_role("link", name="Gemeente Lindenwaard").click()
    page.get_by_role("heading", level=1, name="Gemeente Lindenwaard").wait_for()
    assert page.get_by_text("Fracties in deze zittingsperiode").is_visible()
    audit(page)
    screenshot(page, "organisation")

    main_menu(page).get_by_role("button", name="English").click()
    page.get_by_text("Fracties in this term").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    audit(page)

    main_menu(page).get_by_role("link", name="Home").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome, ")
    audit(page)

    main_menu(page).get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="You are logged out").wait_for()
    audit(page)
    page.close()


def test_wrong_password_shows_an_accessible_error(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("niemand")
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("alert").wait_for()  # the answer to the post: the page before it has no alert
    audit(page)
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_browses_filters_and_completes_a_module(
    browser: Any, live_server: Any, transactional_db: None, viewport: dict[str, int]
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    page = browser.new_page(viewport=viewport)
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("burgerlid")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)  # the login page has an h1 too
    page.get_by_role("heading", level=1).wait_for()

    main_menu(page).get_by_role("link", name="Catalogus").click()
    page.get_by_role("heading", level=1, name="Leercatalogus").wait_for()
    audit(page)
    screenshot(page, "catalogue")

    # Search with a typo: the best match first, a "Bedoelde u" hint and a choice of order.
    page.get_by_role("searchbox", name="Zoeken").fill("begrotng")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.get_by_role("status").filter(has_text="Bedoelde u: begroting?").wait_for()
    assert "begroting" in page.locator(".toerusting-results li").first.inner_text().lower()
    assert page.get_by_label("Sorteren op").input_value() == "relevantie"
    audit(page)
    main_menu(page).get_by_role("link", name="Catalogus").click()
    page.get_by_role("heading", level=1, name="Leercatalogus").wait_for()

    # Filter: at most ten minutes, topic finance. Facets are plain checkboxes in a GET form (no JavaScript).
    page.locator("summary", has_text="Duur").click()
    page.get_by_label("Tot 10 minuten").check()
    page.locator("summary", has_text="Onderwerp").click()
    page.get_by_label("Financiën en planning & control").check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**duur=10**")
    audit(page)

    page.get_by_role("link", name="De programmabegroting lezen in tien minuten").click()
    page.get_by_role("link", name="Begin aan de module").click()
    page.get_by_role("link", name="Beginnen").click()
    audit(page)

    # Walk to the first question, answer it and read the feedback.
    while page.locator("legend.toerusting-question").count() == 0:
        page.get_by_role("link", name="Volgende").click()
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Controleer mijn antwoord").click()
    feedback = page.get_by_role("status")
    feedback.wait_for()
    assert "U antwoordde" in feedback.inner_text()
    audit(page)

    # On to the reflection, write a private note and complete the module. An unanswered question's link
    # says that it is skipped.
    while page.get_by_role("button", name="Opslaan en de module afronden").count() == 0:
        forward = page.get_by_role("link", name=re.compile(r"^(Volgende|Nu overslaan)"))
        question = page.locator("legend.toerusting-question").count() > 0
        answered = not question or page.get_by_role("status").count() > 0
        assert forward.inner_text().startswith("Volgende" if answered else "Nu overslaan")
        forward.click()
    audit(page)
    page.get_by_label("Uw reflectie (alleen u kunt die lezen)").fill(
        "Ik ga vaker de paragraaf weerstandsvermogen lezen."
    )
    page.get_by_role("button", name="Opslaan en de module afronden").click()
    page.get_by_role("heading", name="Uw resultaat").wait_for()
    audit(page)

    main_menu(page).get_by_role("link", name="Mijn leren").click()
    page.get_by_role("heading", name="Afgerond").wait_for()
    audit(page)
    page.close()
