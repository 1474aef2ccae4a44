"""Browser journeys of learning together: the griffier opens an intervision round, a member signs up on the
site, the griffier forms and fixes the groups, and the member sees their group with its meetings and a
facilitator's script; then the griffier opens the mid-term reflection, members answer it and the griffier
reads the report once five answered (not before). Every page passes the axe audit (WCAG 2.1 AA, no CSP
violation, no sideways scrolling)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.budget_mentor_objects import member
from tests.conftest import Tenant
from tests.intervision_objects import SLOT, people
from tests.test_browser import (  # noqa: F401  (the shared Chromium fixture)
    DESKTOP,
    PHONE,
    audit,
    browser,
)
from tests.test_browser_reflections import sign_in
from toerusting.intervision import services as intervision_services
from toerusting.intervision.models import Round, RoundStatus
from toerusting.midterm import services as midterm_services
from toerusting.midterm.models import MidtermReflection, MidtermResponse
from toerusting.midterm.questions import questions

pytestmark = pytest.mark.browser


def test_intervision_round_from_sign_up_to_a_members_group(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
) -> None:
    base = f"{live_server.url}/o/aadorp/intervisie/"
    griffie = browser.new_page(viewport=DESKTOP)
    griffie.set_default_timeout(30_000)
    sign_in(griffie, live_server.url, tenant_a.griffier.username)
    griffie.goto(base)
    audit(griffie)
    griffie.get_by_role("link", name="Een nieuwe ronde openen (griffie)").click()
    griffie.get_by_role("heading", level=1, name="Nieuwe intervisieronde").wait_for()
    audit(griffie)
    griffie.get_by_label("Titel").fill("Intervisie voorjaar 2027")
    griffie.get_by_label("Eerste bijeenkomsten vanaf").fill("2027-03-01")
    griffie.get_by_role("button", name="De ronde openen").click()
    griffie.get_by_role("heading", level=1, name="Intervisie voorjaar 2027").wait_for()
    round_ = Round.objects.get()

    # Five colleagues sign up (through the service); the member signs up on a phone.
    for person in people(tenant_a, "Collega", 5):
        intervision_services.sign_up(round_, person, tenant_a.organisation, available=[SLOT, "thu-evening"])
    phone = browser.new_page(viewport=PHONE)
    phone.set_default_timeout(30_000)
    sign_in(phone, live_server.url, tenant_a.user.username)
    phone.goto(f"{base}ronde/{round_.pk}/")
    phone.get_by_role("heading", level=2, name="Inschrijven").wait_for()
    audit(phone)
    phone.locator(f'input[name="available"][value="{SLOT}"]').check()
    phone.get_by_label("Wensen").fill("Graag over de verhouding met het college.")
    phone.get_by_role("button", name="Meld mij aan").click()
    phone.get_by_text("U bent aangemeld.").wait_for()
    audit(phone)

    # The griffier forms the groups, sees who is where, and fixes them.
    griffie.reload()
    griffie.get_by_role("button", name="Groepen maken").click()
    griffie.get_by_text("groepen voorgesteld van").wait_for()
    assert griffie.get_by_role("table").count() == 1  # six members: one group
    assert "Graag over de verhouding met het college." in griffie.get_by_role("table").inner_text()
    audit(griffie)
    griffie.get_by_role("button", name="De groepen vastzetten en de bijeenkomsten plannen").click()
    griffie.get_by_text("De groepen staan vast").wait_for()
    audit(griffie)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.FROZEN

    # The member sees the group, its members and its meetings, with the facilitator's script.
    phone.goto(base)
    phone.get_by_role("link", name="Uw groep: groep 1").click()
    phone.get_by_role("heading", level=1, name="Intervisiegroep 1").wait_for()
    text = phone.locator("main").inner_text()
    assert "DeelnemerCollega0" in text and "dinsdag" in text.lower()
    assert phone.locator("ol > li").count() >= 5
    phone.get_by_text("Draaiboek voor de begeleider").first.click()
    phone.get_by_text("Opening.").first.wait_for()
    audit(phone)
    phone.get_by_label("Tekst").fill("We beginnen om 19.30 uur, telefoons gaan weg.")
    phone.get_by_role("button", name="Opslaan").click()
    phone.get_by_text("We beginnen om 19.30 uur").wait_for()
    audit(phone)
    # The griffier cannot open the group's page.
    response = griffie.goto(phone.url)
    assert response is not None and response.status == 404
    phone.close()
    griffie.close()


def test_mid_term_reflection_report_after_five_answers(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
) -> None:
    today = timezone.localdate()
    griffie = browser.new_page(viewport=DESKTOP)
    griffie.set_default_timeout(30_000)
    sign_in(griffie, live_server.url, tenant_a.griffier.username)
    griffie.goto(f"{live_server.url}/o/aadorp/halverwege/nieuw/")
    audit(griffie)
    griffie.get_by_label("Titel").fill("Halverwege 2028")
    griffie.get_by_label("Open vanaf").fill(today.isoformat())
    griffie.get_by_label("Open tot en met").fill((today + dt.timedelta(days=21)).isoformat())
    griffie.get_by_role("button", name="Openen voor antwoorden").click()
    griffie.get_by_role("heading", level=1, name="Halverwege 2028").wait_for()
    reflection = MidtermReflection.objects.get()

    # The member answers on the site; three colleagues through the service.
    first = questions()[0]
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(30_000)
    sign_in(page, live_server.url, tenant_a.user.username)
    page.goto(f"{live_server.url}/o/aadorp/halverwege/")
    page.get_by_role("link", name="De stellingen invullen").click()
    audit(page)
    page.locator(f'input[name="{first.key}"][value="4"]').check()
    page.locator(f'input[name="{questions()[1].key}"][value="2"]').check()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Uw antwoorden zijn zonder uw naam bewaard").first.wait_for()
    audit(page)
    page.close()
    colleagues = [
        member(tenant_a, f"Lid{i}", f"Raadslid{i}", dt.date(2022, 4, 1), login=True) for i in range(4)
    ]
    for person in colleagues[:3]:
        midterm_services.answer(person.user, reflection, {first.key: 5})
    griffie.reload()
    griffie.get_by_text("Er zijn nog geen cijfers").wait_for()
    audit(griffie)

    # The fifth answer: the report shows the statement's figures with its chart and table.
    fifth = browser.new_page(viewport=DESKTOP)
    fifth.set_default_timeout(30_000)
    sign_in(fifth, live_server.url, colleagues[3].user.username)
    fifth.goto(f"{live_server.url}/o/aadorp/halverwege/{reflection.pk}/invullen/")
    fifth.locator(f'input[name="{first.key}"][value="3"]').check()
    fifth.get_by_role("button", name="Mijn antwoorden versturen").click()
    fifth.get_by_text("Uw antwoorden zijn zonder uw naam bewaard").first.wait_for()
    fifth.close()
    assert MidtermResponse.objects.count() == 5
    griffie.reload()
    griffie.get_by_text("Meeste instemming:").wait_for()
    table = griffie.get_by_role("table").first.inner_text()
    assert "4,4" in table or "4.4" in table  # (4+5+5+5+3)/5
    assert "minder dan 5 antwoorden" in table  # the second statement had one answer
    audit(griffie)
    griffie.close()
