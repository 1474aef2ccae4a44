"""Browser journey of residents' feedback and reports: a resident gives feedback on the public form (the
tenth response of the quarter), the public page then shows the aggregate, the griffier reads the comments
and publishes the council's reaction, which the public page shows; the griffier opens the reports, downloads
a CSV, opens the yearly report and lets the organisation take part in the national monitor, which the
operator then opens. Every page passes the axe audit (WCAG 2.1 AA, no CSP violation, no sideways
scrolling)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.test_browser import DESKTOP, PHONE, audit, browser  # noqa: F401  (the shared Chromium fixture)
from tests.test_browser_reflections import sign_in
from toerusting.citizens import services as citizen_services
from toerusting.citizens.models import FeedbackComment, FeedbackResponse
from toerusting.reports.models import MonitorOptIn

pytestmark = pytest.mark.browser
COMMENT = "Ik wist na de vergadering niet wat er over het zwembad was besloten."
REACTION = "De voorzitter vat voortaan elk besluit aan het eind in één zin samen."


def test_residents_feedback_reports_and_monitor(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    settings: Settings,
    tmp_path: Path,
) -> None:
    # A person fills the form in seconds; the journey's robot in milliseconds (tests/test_citizens.py has
    # the refusal of a form sent too fast).
    settings.CITIZENS_MIN_FILL_SECONDS = 0
    organisation = tenant_a.organisation
    citizen_services.set_form_open(tenant_a.griffier, organisation, True)
    for n in range(9):
        citizen_services.submit_feedback(
            organisation, {"clear_decision": 3 + n % 2, "understandable": 4, "heard": 3, "trust": 4}
        )
    results_url = f"{live_server.url}/inwoners/{organisation.slug}/"

    # Nine responses: the public page shows nothing of them.
    resident = browser.new_page(viewport=PHONE)
    resident.goto(results_url)
    resident.get_by_text("Nog geen uitkomsten").wait_for()
    assert resident.get_by_role("table").count() == 0
    audit(resident)

    # A resident gives feedback, without logging in; a bad form first names the field.
    resident.get_by_role("link", name="Geef uw mening").click()
    resident.get_by_role(
        "heading", level=1, name="Hoe kijkt u naar het werk van de raad van Aadorp?"
    ).wait_for()
    audit(resident)
    resident.get_by_role("button", name="Verstuur mijn mening").click()
    resident.get_by_role("heading", name="Er gaat iets mis").wait_for()
    assert resident.get_by_role("link", name="Geef antwoord op minstens één stelling").count() == 1
    audit(resident)
    for field, value in {"clear_decision": 2, "understandable": 4, "heard": 3, "trust": 4}.items():
        resident.locator(f'input[name="{field}"][value="{value}"]').check()
    resident.get_by_label("Wilt u de raad nog iets zeggen?").fill(COMMENT)
    resident.get_by_role("button", name="Verstuur mijn mening").click()
    resident.get_by_text("Uw reactie is opgeslagen zonder iets dat naar u verwijst").wait_for()
    assert FeedbackResponse.objects.count() == 10 and FeedbackComment.objects.count() == 1

    # Ten responses: the aggregate is public, the comment is not, the reaction is still to come.
    resident.get_by_role("img", name="Wat inwoners vinden").wait_for()
    table = resident.get_by_role("table").inner_text()
    assert "Duidelijk wat besloten is" in table and "10" in table
    assert COMMENT not in resident.content()
    resident.get_by_text("De raad heeft nog niet gereageerd op dit kwartaal.").wait_for()
    audit(resident)

    # The griffier reads the comment and publishes the council's reaction.
    griffie = browser.new_page(viewport=DESKTOP)
    sign_in(griffie, live_server.url, tenant_a.griffier.username)
    griffie.goto(f"{live_server.url}/")
    griffie.get_by_role("link", name="Wat inwoners van de raad vinden, en de reactie van de raad").click()
    griffie.get_by_role("heading", level=1, name="Inwoners in beeld").wait_for()
    griffie.get_by_text(COMMENT).wait_for()
    audit(griffie)
    griffie.get_by_label("Reactie van de raad").fill(REACTION)
    griffie.get_by_role("button", name="Publiceer de reactie").click()
    griffie.get_by_text("De reactie van de raad staat op de openbare pagina.").wait_for()
    audit(griffie)
    resident.reload()
    resident.get_by_text(REACTION).wait_for()
    audit(resident)
    resident.close()

    # The griffier opens the reports and downloads a CSV.
    griffie.goto(f"{live_server.url}/")
    griffie.get_by_role("link", name="Rapportages over leren in de raad, en het jaarverslag").click()
    griffie.get_by_role("heading", level=1, name="Rapportages over leren in de raad").wait_for()
    assert griffie.get_by_role("img").count() >= 3
    audit(griffie)
    with griffie.expect_download() as download_info:
        griffie.get_by_role("link", name=re.compile(r"Download .Deelname aan leren per rol. \(CSV\)")).click()
    path = tmp_path / "deelname.csv"
    download_info.value.save_as(path)
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "Groep;Leden;Deed mee;Aandeel dat meedeed"
    assert all("te weinig" in line for line in lines[1:])  # a tenant of two people: nothing about persons
    griffie.get_by_role("link", name="Het jaarverslag").click()
    griffie.get_by_role("heading", level=1, name="jaarverslag").wait_for()
    audit(griffie)
    griffie.emulate_media(media="print")
    assert griffie.locator("header").first.is_hidden()
    griffie.emulate_media(media="screen")

    # The griffier lets the organisation take part in the national monitor.
    griffie.goto(f"{live_server.url}/o/{organisation.slug}/rapportages/")
    griffie.get_by_role("link", name="De landelijke monitor").click()
    griffie.get_by_role("heading", level=1, name="Meedoen aan de landelijke monitor").wait_for()
    audit(griffie)
    griffie.get_by_label("Onze organisatie doet mee aan de landelijke monitor").check()
    griffie.get_by_role("button", name="Opslaan").click()
    griffie.get_by_text("Uw organisatie doet mee aan de landelijke monitor.").wait_for()
    assert MonitorOptIn.objects.get(organisation=organisation).changed_by_id == tenant_a.griffier.pk
    griffie.close()

    # The operator opens the monitor.
    UserFactory(username="beheerder", is_superuser=True, is_staff=True)
    operator = browser.new_page(viewport=DESKTOP)
    sign_in(operator, live_server.url, "beheerder")
    operator.goto(f"{live_server.url}/monitor/")
    operator.get_by_role("heading", level=1, name="Landelijke monitor").wait_for()
    operator.get_by_text("Cijfers van 1 organisatie die meedoet.").wait_for()
    operator.get_by_text(
        "Nog geen gegevens: nog geen raad nam een goed voorbeeld van een andere raad over."
    ).wait_for()
    assert tenant_a.person.family_name not in operator.content()
    audit(operator)
    operator.close()
