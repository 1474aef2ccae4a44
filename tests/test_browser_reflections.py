"""Browser journey of reflection: the griffier sets the reflection question of a meeting, a member sees it in
the RIS tab and answers the anonymous pulse there, four colleagues answer on the site, and the griffier sees
the outcome once five answered (not before); a member writes a reflection and downloads the journal. Every
page passes the axe audit (WCAG 2.1 AA, no CSP violation, no sideways scrolling)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from tests.test_browser import (  # noqa: F401  (the shared Chromium fixture)
    DESKTOP,
    PHONE,
    audit,
    browser,
)
from tests.test_browser_tab import SECRET, RisPages, launch_url, ris_pages  # noqa: F401
from toerusting.agenda.models import Meeting
from toerusting.reflections.models import JournalEntry, PulseMarker, PulseResponse

pytestmark = pytest.mark.browser
PASSWORD = "Correct-Paard-Batterij-9"  # the factories' password
QUESTION = "Heb ik genoeg informatie om vanavond een goed besluit te nemen?"


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)


def answer_pulse(page: Any, scores: dict[str, int]) -> None:
    for field, value in scores.items():
        page.locator(f'input[name="{field}"][value="{value}"]').check()
    page.get_by_role("button", name="Verstuur mijn antwoord").click()


def test_reflection_question_pulse_and_journal(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    ris_pages: tuple[RisPages, RisPages],  # noqa: F811
    tmp_path: Path,
) -> None:
    configured, _stranger = ris_pages
    ris = tenant_a.ris
    ris.key = SECRET
    ris.frame_origins = [configured.origin]
    ris.save()
    ris.identities.create(subject="ris-7", user=tenant_a.user)
    # The meeting began an hour ago: its pulse is open.
    meeting = Meeting.objects.create(
        organisation=tenant_a.organisation,
        gremium=tenant_a.raad,
        name="Raadsvergadering Aadorp juni",
        start=timezone.now() - dt.timedelta(hours=1),
        source="push",
        source_id="aadorp-vg-juni",
    )
    colleagues = []
    for n in range(4):
        user = UserFactory(username=f"collega-{n}")
        FunctieFactory(
            person=PersonFactory(user=user),
            organisation=tenant_a.organisation,
            body=tenant_a.raad,
            role="raadslid",
            fractie=tenant_a.fractie,
        )
        colleagues.append(user)
    meeting_url = f"{live_server.url}/o/aadorp/agenda/{meeting.pk}/"

    # The griffier chooses the question on the meeting page.
    griffie = browser.new_page(viewport=DESKTOP)
    sign_in(griffie, live_server.url, tenant_a.griffier.username)
    griffie.goto(meeting_url)
    griffie.get_by_role("link", name="Een reflectievraag kiezen voor deze vergadering").click()
    griffie.get_by_role(
        "heading", level=1, name="Reflectievraag voor het begin van de vergadering"
    ).wait_for()
    audit(griffie)
    griffie.get_by_label("Een vraag uit de verzameling").select_option("genoeg-informatie")
    griffie.get_by_role("button", name="Vraag instellen").click()
    griffie.get_by_role("heading", level=1, name=meeting.name).wait_for()
    assert griffie.get_by_text(QUESTION).is_visible()
    audit(griffie)
    griffie.get_by_role("link", name="De vraag tonen op het scherm in de raadzaal").click()
    griffie.get_by_text(QUESTION).wait_for()
    audit(griffie)

    # The member sees it in the RIS tab and answers the pulse there.
    configured.iframe_src = launch_url(live_server, tenant_a, meeting.source_id)
    ris_page = browser.new_page(viewport={"width": 1024, "height": 900})
    ris_page.goto(configured.origin)
    frame = ris_page.frame_locator("iframe")
    frame.get_by_role("heading", level=1, name=meeting.name).wait_for()
    assert frame.get_by_text(QUESTION).is_visible()
    audit(next(f for f in ris_page.frames if "/embed/" in f.url))
    frame.get_by_role("link", name="Kijk terug op deze vergadering").click()
    frame.get_by_role("heading", level=1, name="Terugkijken op de vergadering").wait_for()
    audit(next(f for f in ris_page.frames if "/embed/" in f.url))
    answer_pulse(frame, {"information": 4, "debate": 3, "residents": 2, "tone": 5})
    frame.get_by_text("Uw antwoord is opgeslagen zonder uw naam").wait_for()
    audit(next(f for f in ris_page.frames if "/embed/" in f.url))
    ris_page.close()
    assert PulseResponse.objects.count() == 1 and PulseMarker.objects.count() == 1

    # Three colleagues answer on the site, one on a phone; the griffier sees no outcome with four answers.
    for n, user in enumerate(colleagues[:3]):
        page = browser.new_page(viewport=PHONE if n == 0 else DESKTOP)
        sign_in(page, live_server.url, user.username)
        page.goto(meeting_url)
        page.get_by_role("link", name="Kijk terug op deze vergadering").click()
        page.get_by_role("heading", level=1, name="Terugkijken op de vergadering").wait_for()
        if n == 0:
            audit(page)
        answer_pulse(page, {"information": 3 + n % 2, "debate": 4, "residents": 3, "tone": 4})
        page.get_by_text("Uw antwoord is opgeslagen zonder uw naam").wait_for()
        page.close()
    griffie.goto(f"{live_server.url}/o/aadorp/vergadering/{meeting.pk}/uitkomst/")
    griffie.get_by_text("Er is nog geen uitkomst").wait_for()
    assert griffie.get_by_role("table").count() == 0
    audit(griffie)

    # The fifth answer, with a comment kept in the colleague's journal.
    fifth = browser.new_page(viewport=DESKTOP)
    sign_in(fifth, live_server.url, colleagues[3].username)
    fifth.goto(f"{live_server.url}/o/aadorp/vergadering/{meeting.pk}/terugblik/")
    fifth.get_by_label("Wilt u nog iets kwijt?").fill("De inspreker uit Aadorp-Noord kreeg weinig tijd.")
    fifth.get_by_label("Bewaar een kopie van mijn opmerking").check()
    answer_pulse(fifth, {"information": 4, "debate": 4, "residents": 2, "tone": 4})
    fifth.get_by_text("Uw antwoord is opgeslagen zonder uw naam").wait_for()
    fifth.goto(f"{live_server.url}/reflecties/")
    fifth.get_by_text("De inspreker uit Aadorp-Noord kreeg weinig tijd.").wait_for()
    fifth.close()

    griffie.reload()
    table = griffie.get_by_role("table")
    table.wait_for()
    assert "Gemiddelde van 5 antwoorden" in table.inner_text()
    assert "3.6" in table.inner_text() or "3,6" in table.inner_text()  # (4+3+4+3+4)/5 on information
    assert griffie.get_by_text("De inspreker uit Aadorp-Noord kreeg weinig tijd.").is_visible()
    audit(griffie)
    griffie.get_by_role("link", name="De peiling over de raadsperiode").click()
    griffie.get_by_role("img", name="Gemiddeld cijfer per stelling per vergadering").wait_for()
    assert meeting.name in griffie.get_by_role("table").inner_text()
    audit(griffie)
    griffie.close()

    # A member writes a reflection about the meeting and downloads the journal.
    member = browser.new_page(viewport=PHONE)
    sign_in(member, live_server.url, tenant_a.user.username)
    member.goto(meeting_url)
    member.get_by_role("link", name="Een reflectie schrijven over deze vergadering").click()
    member.get_by_role("heading", level=1, name="Een reflectie schrijven").wait_for()
    audit(member)
    member.get_by_label("Uw reflectie").fill(
        "Ik wil de volgende keer eerder mijn vragen aan het college stellen."
    )
    member.get_by_role("button", name="Opslaan").click()
    member.get_by_role("heading", level=1, name="Mijn reflecties").wait_for()
    assert member.get_by_text("Ik wil de volgende keer eerder mijn vragen").is_visible()
    audit(member)
    with member.expect_download() as download_info:
        member.get_by_role("link", name="Downloaden als tekst (Markdown)").click()
    path = tmp_path / "journal.md"
    download_info.value.save_as(path)
    assert "Ik wil de volgende keer eerder mijn vragen aan het college stellen." in path.read_text("utf-8")
    assert JournalEntry.objects.filter(user=tenant_a.user).count() == 1
    member.close()
