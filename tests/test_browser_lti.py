"""Browser journey of LTI 1.3: a member opens Toerusting from the test platform (tests/lti_platform.py),
whose pages post their messages with auto-submitting forms as real platforms do: the login initiation,
the platform's authorisation, the launch, the meeting page; once as a new window and once inside the
platform's iframe. A griffier places a link through deep linking. Every page of ours passes axe."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Tenant
from tests.lti_objects import register_platform
from tests.lti_platform import INSTRUCTOR, Platform
from tests.test_browser import audit, browser  # noqa: F401  (the shared Chromium fixture)
from toerusting.audit.models import AuditEvent

pytestmark = pytest.mark.browser


@pytest.fixture
def platform(live_server: Any, transactional_db: None, tenant_a: Tenant) -> Iterator[Platform]:
    platform = Platform()
    platform.tool_login_url = f"{live_server.url}/lti/login/"
    platform.tool_launch_url = f"{live_server.url}/lti/launch/"

    def tool_jwks() -> dict[str, Any]:
        with urllib.request.urlopen(f"{live_server.url}/lti/jwks/", timeout=10) as response:  # noqa: S310
            return dict(json.loads(response.read()))

    platform.tool_jwks = tool_jwks
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    platform.user["email"] = tenant_a.user.email
    platform.custom = {"meeting": tenant_a.meeting.source_id}
    register_platform(tenant_a, platform, frame_origins=[platform.issuer])
    yield platform
    platform.close()


def test_member_launches_from_the_platform_into_the_meeting_page(
    browser: Any,  # noqa: F811
    platform: Platform,
    tenant_a: Tenant,
) -> None:
    # In a new window (top level): the platform's start page posts to our login initiation.
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(f"{platform.issuer}/start")
    page.get_by_role("heading", level=1, name=tenant_a.meeting.name).wait_for()
    assert "/embed/" in page.url
    audit(page)
    page.close()

    # Inside the platform's page, in an iframe: the same flow; our pages allow the platform to frame them.
    framed = browser.new_page(viewport={"width": 1024, "height": 900})
    framed.goto(f"{platform.issuer}/frame")
    frame = framed.frame_locator("iframe")
    frame.get_by_role("heading", level=1, name=tenant_a.meeting.name).wait_for()
    tab = next(f for f in framed.frames if "/embed/" in f.url)
    audit(tab)
    framed.close()
    assert AuditEvent.objects.filter(action="lti_launch", actor=tenant_a.user).count() == 2

    # A launch Toerusting refuses shows a clear Dutch page, in the platform's frame too.
    platform.deployment_id = "deployment-onbekend"
    refused = browser.new_page(viewport={"width": 1024, "height": 900})
    refused.goto(f"{platform.issuer}/frame")
    refused.frame_locator("iframe").get_by_role(
        "heading", level=1, name="Toerusting kan niet worden geopend"
    ).wait_for()
    page_of_ours = next(f for f in refused.frames if "/lti/" in f.url)
    assert "niet bij Toerusting geregistreerd" in page_of_ours.content()
    audit(page_of_ours)
    refused.close()


def test_griffier_places_a_link_through_deep_linking(
    browser: Any,  # noqa: F811
    platform: Platform,
    tenant_a: Tenant,
) -> None:
    platform.message_type = "LtiDeepLinkingRequest"
    platform.roles = [INSTRUCTOR]
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(f"{platform.issuer}/start")
    page.get_by_role("heading", level=1, name="Kies waar de link naartoe gaat").wait_for()
    audit(page)
    page.get_by_label(tenant_a.agenda_item.title).check()
    page.get_by_role("button", name="Link plaatsen").click()
    # Our answer page posts the signed response back to the platform, which verifies it with our key set.
    page.get_by_role("heading", level=1, name="Link geplaatst").wait_for()
    assert tenant_a.agenda_item.title in page.content()
    [claims] = platform.received
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]["title"] == (
        tenant_a.agenda_item.title
    )
    page.close()


def test_griffier_registers_a_platform(
    browser: Any,  # noqa: F811
    platform: Platform,
    live_server: Any,
    tenant_a: Tenant,
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(tenant_a.griffier.username)
    page.get_by_label("Wachtwoord").fill("Correct-Paard-Batterij-9")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    page.goto(f"{live_server.url}/o/{tenant_a.organisation.slug}/lti/")
    page.get_by_role("heading", level=1, name="LTI-platforms").wait_for()
    assert f"{live_server.url}/lti/jwks/" in page.content()
    audit(page)
    page.get_by_role("link", name="Een platform registreren").click()
    page.get_by_role("heading", level=1, name="Een platform registreren").wait_for()
    audit(page)
    page.get_by_label("Naam").fill("Leerplatform Aadorp")
    page.get_by_label("Uitgever (issuer)").fill("https://leren.aadorp.example")
    page.get_by_label("Client-id").fill("toerusting-2")
    page.get_by_label("Autorisatie-URL").fill("https://leren.aadorp.example/auth")
    page.get_by_label("Adres van de sleutelset").fill("https://leren.aadorp.example/jwks")
    page.get_by_role("button", name="Opslaan").click()  # no deployment id yet: the form says so
    page.locator("#id_deployment_lines_error").wait_for()
    audit(page)
    page.locator("#id_deployment_lines").fill("1")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").wait_for()
    assert "Leerplatform Aadorp" in page.content()
    audit(page)
    page.close()
