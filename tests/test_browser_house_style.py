"""Browser journey: the griffier of Lindenwaard sees the demo logo in the header, replaces it with another
file and sees the new one at once; a file that is not an image is refused with the error summary. Each page
audited (axe + CSP + no sideways scrolling) at 1280 px and on a 390 px phone."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    audit,
    browser,
    login,
)

pytestmark = pytest.mark.browser

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
)


def _logo_width(page: Any) -> float:
    """The header logo's natural width: above 0 only when the browser loaded and decoded the image."""
    page.locator("a.toerusting-brand img.toerusting-brand__logo").evaluate("img => img.decode()")
    return float(
        page.locator("a.toerusting-brand img.toerusting-brand__logo").evaluate("img => img.naturalWidth")
    )


def test_griffier_replaces_the_logo_in_the_header(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tmp_path: Path,
) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
    png = tmp_path / "nieuw-logo.png"
    png.write_bytes(PNG_1PX)
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("<html>geen logo</html>", encoding="utf-8")
    for viewport in (DESKTOP, PHONE):
        call_command("load_demo", verbosity=0, stdout=StringIO())  # the demo logo (again) for each size
        page = browser.new_page(viewport=viewport)
        login(page, live_server.url, "griffier")
        page.goto(f"{live_server.url}/o/lindenwaard/")
        assert _logo_width(page) > 0  # the demo's SVG logo, allowed by the page's policy and drawn
        page.get_by_role("link", name="Logo bovenaan de pagina's").click()
        page.get_by_role("heading", level=1, name="Logo bovenaan de pagina's").wait_for()
        audit(page)
        page.locator("input[type=file]").set_input_files(str(not_an_image))
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("heading", name="Er gaat iets mis").wait_for()
        assert (
            "Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding"
            in page.locator("[data-error-summary]").inner_text()
        )
        audit(page)
        page.locator("input[type=file]").set_input_files(str(png))
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Het logo is opgeslagen.").wait_for()
        audit(page)
        source = page.locator("a.toerusting-brand img.toerusting-brand__logo").get_attribute("src")
        assert source and source.endswith("/")  # the versioned address of the new logo
        assert _logo_width(page) == 1
        # The logo changes are in the organisation's audit trail.
        page.goto(f"{live_server.url}/o/lindenwaard/")
        page.get_by_role("link", name="Logboek").click()
        page.get_by_role("heading", level=1, name="Logboek").wait_for()
        assert page.locator("td", has_text="heeft het logo gewijzigd").count() >= 1
        audit(page)
        page.close()
