"""Browser journey of the RIS tab: a RIS page on another loopback origin frames the tab with a signed launch.

The member sees the recommendations for a meeting, opens one, answers and completes it; every page passes
the axe audit. A second origin that is not configured for the organisation cannot frame the tab.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from tests.conftest import Tenant
from tests.factories import make_module
from tests.test_browser import (  # noqa: F401  (the shared Chromium fixture)
    DESKTOP,
    PHONE,
    assert_no_horizontal_overflow,
    audit,
    browser,
    csp_violations,
)
from toerusting.embed.models import TabSession
from toerusting.recommendations.models import AgendaItemMatch

pytestmark = pytest.mark.browser
SECRET = "een-gedeeld-geheim-voor-de-browsertest-0123456789"


class RisPages:
    """A minimal 'RIS': serves one page with an iframe whose src is set per test."""

    def __init__(self) -> None:
        self.iframe_src = ""
        self.iframe_height = 1400
        pages = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = (
                    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    "<title>RIS Aadorp</title></head>"
                    "<body><main><h1>Raadsvergadering</h1>"
                    f'<iframe title="Leren bij deze vergadering" src="{pages.iframe_src}" '
                    f'style="width:100%;height:{pages.iframe_height}px;border:0"></iframe></main></body></html>'
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ris_pages() -> Iterator[tuple[RisPages, RisPages]]:
    configured, stranger = RisPages(), RisPages()
    yield configured, stranger
    configured.close()
    stranger.close()


def launch_url(live_server: Any, tenant: Tenant, meeting_source_id: str) -> str:
    now = int(time.time())
    token = jwt.encode(
        {
            "iss": tenant.ris.issuer,
            "aud": "toerusting",
            "sub": "ris-7",
            "org": tenant.organisation.slug,
            "iat": now,
            "exp": now + 120,
            "jti": uuid.uuid4().hex,
            "meeting": meeting_source_id,
        },
        SECRET,
        algorithm="HS256",
    )
    return f"{live_server.url}/embed/launch/?token={token}"


def test_tab_in_an_iframe_of_the_ris(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    ris_pages: tuple[RisPages, RisPages],
) -> None:
    configured, stranger = ris_pages
    ris = tenant_a.ris
    ris.key = SECRET
    ris.frame_origins = [configured.origin]
    ris.save()
    ris.identities.create(subject="ris-7", user=tenant_a.user)
    module = make_module("gr-zienswijze-module", title="Een zienswijze geven op een GR-begroting")
    AgendaItemMatch.objects.create(
        agenda_item=tenant_a.agenda_item,
        item=module,
        rank=0,
        score=0.9,
        reason="Dit agendapunt is een zienswijze op de begroting van een gemeenschappelijke regeling (GGD).",
    )

    configured.iframe_src = launch_url(live_server, tenant_a, tenant_a.meeting.source_id)
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(configured.origin)
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", level=1, name=tenant_a.meeting.name).wait_for()
    assert frame.get_by_text("zienswijze op de begroting van een gemeenschappelijke regeling").is_visible()
    tab = next(f for f in page.frames if "/embed/" in f.url)
    audit(tab)

    frame.get_by_role("link", name=module.title).click()
    frame.get_by_role("heading", level=1, name=module.title).wait_for()
    tab = next(f for f in page.frames if "/embed/" in f.url)
    audit(tab)
    frame.locator("input[type=radio]").first.check()
    frame.get_by_role("button", name="Controleer mijn antwoord").first.click()
    frame.get_by_role("status").first.wait_for()
    frame.get_by_role("button", name="Markeer als gedaan").click()
    # Done: the button now offers to undo it (the site's MarkDoneForm with `undo`).
    frame.get_by_role("button", name="Niet meer als gedaan markeren").wait_for()
    tab = next(f for f in page.frames if "/embed/" in f.url)
    audit(tab)
    assert tenant_a.user.progress.get(item=module).completed_at is not None

    # A RIS origin that is not configured for Aadorp gets no tab: the browser refuses to render the frame.
    stranger.iframe_src = launch_url(live_server, tenant_a, tenant_a.meeting.source_id)
    other = browser.new_page()
    # The frame first points at the launch URL; Chromium then replaces the refused document by its error
    # page. Wait for that navigation (a condition, not a number of seconds), then check that no page of
    # ours was rendered in it.
    with other.expect_event(
        "framenavigated",
        predicate=lambda frame: frame.parent_frame is not None and frame.url.startswith("chrome-error://"),
    ):
        other.goto(stranger.origin)
    other.wait_for_load_state("load")
    assert len(other.frames) == 2
    assert other.frames[1].url.startswith("chrome-error://"), other.frames[1].url
    # The browser names the refusal on the console (wait for it, bounded, like the frame above).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("frame-ancestors" in v for v in csp_violations(other)):
        other.wait_for_timeout(100)
    assert any("frame-ancestors" in v for v in csp_violations(other))
    page.close()
    other.close()

    # The griffier sees the member's open tab session and ends it; the error pages share the layout.
    griffie = browser.new_page(viewport={"width": 1024, "height": 900})
    griffie.goto(f"{live_server.url}/account/inloggen/")
    griffie.get_by_label("Gebruikersnaam").fill(tenant_a.griffier.username)
    griffie.get_by_label("Wachtwoord").fill("Correct-Paard-Batterij-9")
    griffie.get_by_role("button", name="Inloggen").click()
    griffie.wait_for_url(lambda url: "/account/inloggen/" not in url)  # the login page has an h1 too
    griffie.get_by_role("heading", level=1).wait_for()
    griffie.goto(f"{live_server.url}/o/{tenant_a.organisation.slug}/ris-tabblad/")
    griffie.get_by_role("heading", level=1, name="Sessies van het RIS-tabblad").wait_for()
    audit(griffie)
    griffie.get_by_label("Beëindig de tabbladsessies van").select_option(label=tenant_a.person.full_name)
    griffie.get_by_role("button", name="Sessies beëindigen").click()
    griffie.get_by_role("status").wait_for()
    assert "beëindigd" in griffie.get_by_role("status").inner_text()
    audit(griffie)
    assert not TabSession.objects.filter(user=tenant_a.user).exists()
    griffie.goto(f"{live_server.url}/bestaat-niet/")
    griffie.get_by_role("heading", level=1, name="Pagina niet gevonden").wait_for()
    audit(griffie)
    griffie.close()


def test_the_answer_feedback_is_in_view_after_the_post_and_the_end_shows_the_score(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    ris_pages: tuple[RisPages, RisPages],
) -> None:
    """A RIS gives the tab a frame of a fixed height; a long module scrolls inside it. After "Controleer mijn
    antwoord" the tab returns at the feedback of that question, not at the top; at the end the result
    (score and right answers) and the way back to the agenda."""
    configured, _stranger = ris_pages
    ris = tenant_a.ris
    ris.key = SECRET
    ris.frame_origins = [configured.origin]
    ris.save()
    ris.identities.create(subject="ris-7", user=tenant_a.user)
    module = make_module("lange-module", title="Een lange module over de begroting")
    AgendaItemMatch.objects.create(
        agenda_item=tenant_a.agenda_item, item=module, rank=0, score=0.9, reason="Reden"
    )
    configured.iframe_height = 600
    for viewport in (DESKTOP, PHONE):
        configured.iframe_src = launch_url(live_server, tenant_a, tenant_a.meeting.source_id)
        page = browser.new_page(viewport=viewport)
        page.goto(configured.origin)
        frame = page.frame_locator("iframe")
        frame.get_by_role("link", name=module.title).click()
        frame.get_by_role("heading", level=1, name=module.title).wait_for()
        tab = next(f for f in page.frames if "/embed/" in f.url)
        audit(tab)
        assert_no_horizontal_overflow(tab)
        questions = list(module.questions.all())
        for question in questions:
            form = frame.locator(f"#vraag-{question.pk}")
            form.locator("input[type=radio]").first.check()
            # "Controleer mijn antwoord", or "Opnieuw antwoorden" once answered (the second viewport).
            button = "Controleer mijn antwoord" if viewport is DESKTOP else "Opnieuw antwoorden"
            form.get_by_role("button", name=button).click()
            # Wait for the page after the post (the feedback of an earlier round is already on the page).
            tab = next(f for f in page.frames if "/embed/" in f.url)
            tab.wait_for_url(f"**#uitleg-{question.pk}")
            frame.locator(f"#uitleg-{question.pk}").wait_for()
            position = tab.evaluate(
                """(id) => {
                    const box = document.getElementById(id).getBoundingClientRect();
                    return {top: box.top, bottom: box.bottom, height: window.innerHeight, y: window.scrollY};
                }""",
                f"uitleg-{question.pk}",
            )
            # The feedback is in the frame's view, and the frame did scroll to it (not the top).
            assert position["y"] > 0, position
            assert position["top"] >= -1 and position["bottom"] <= position["height"] + 1, position
            audit(tab)
            assert_no_horizontal_overflow(tab)
        result = frame.locator("#resultaat")
        result.wait_for()
        assert "Uw resultaat" in result.inner_text()
        assert "Het goede antwoord" in result.inner_text()
        assert result.get_by_role("link", name="Terug naar de agenda").count() == 1
        result.get_by_role("link", name="Terug naar de agenda").click()
        frame.get_by_role("heading", level=1, name=tenant_a.meeting.name).wait_for()
        tab = next(f for f in page.frames if "/embed/" in f.url)
        audit(tab)
        assert_no_horizontal_overflow(tab)
        page.close()
