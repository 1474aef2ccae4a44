"""Browser journey of the candidates' track: the griffier adds an information evening; a visitor opens the
track, finds the council, signs up without an account and confirms through the link in the e-mail; the
griffier then sees the sign-up, moves the evening to another room and time (the visitor gets an e-mail) and
calls it off (another e-mail; the public page says "Afgelast"). The operator opens the gaps overview. Every
page passes the axe audit (WCAG 2.1 AA, no CSP violation, no sideways scrolling)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.test_browser import DESKTOP, PHONE, audit, browser  # noqa: F401  (the shared Chromium fixture)
from tests.test_browser_reflections import sign_in
from toerusting.candidates.models import EveningSignup, InfoEvening, SignupStatus

pytestmark = pytest.mark.browser
TITLE = "Informatieavond: wat doet een raadslid?"


def test_candidate_signs_up_for_an_information_evening(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
) -> None:
    organisation = tenant_a.organisation

    # The griffier adds an evening from the home page.
    griffie = browser.new_page(viewport=DESKTOP)
    sign_in(griffie, live_server.url, tenant_a.griffier.username)
    griffie.goto(f"{live_server.url}/")
    griffie.get_by_role("link", name="Informatieavonden voor kandidaten, en wie zich aanmeldde").click()
    griffie.get_by_role("heading", level=1, name="Informatieavonden voor kandidaten").wait_for()
    audit(griffie)
    day = timezone.localdate() + dt.timedelta(days=14)
    griffie.get_by_label("Titel").fill(TITLE)
    griffie.get_by_label("Datum").fill(day.isoformat())
    griffie.get_by_label("Begintijd").fill("19:30")
    griffie.get_by_label("Eindtijd").fill("21:30")
    griffie.get_by_label("Plaats", exact=True).fill("Raadzaal, Markt 1")
    griffie.get_by_label("Aantal plaatsen").fill("25")
    griffie.get_by_role("button", name="Voeg de avond toe").click()
    griffie.get_by_text(f"De avond “{TITLE}” staat op de openbare pagina.").wait_for()
    audit(griffie)
    evening = InfoEvening.objects.get()
    assert evening.organisation == organisation and evening.created_by == tenant_a.griffier

    # A visitor, without an account, opens the track and finds the council's evening.
    visitor = browser.new_page(viewport=PHONE)
    visitor.goto(f"{live_server.url}/kandidaten/")
    visitor.get_by_role(
        "heading", level=1, name="Denkt u erover om in de raad, de Staten of het waterschap te gaan?"
    ).wait_for()
    audit(visitor)
    visitor.get_by_label("Uw gemeente, provincie of waterschap").fill("aadorp")
    visitor.get_by_role("button", name="Zoek").click()
    visitor.get_by_role("link", name="Aadorp").click()
    visitor.get_by_role("heading", level=1, name="Kandidaat worden in Aadorp").wait_for()
    visitor.get_by_text("Nog 25 plaatsen vrij.").wait_for()
    audit(visitor)
    visitor.get_by_role("link", name=f"Meld u aan voor “{TITLE}”").click()
    visitor.get_by_role("heading", level=1, name="Aanmelden voor een informatieavond in Aadorp").wait_for()
    audit(visitor)
    visitor.get_by_label("Uw naam").fill("Fatima el Amrani")
    visitor.get_by_label("Uw e-mailadres").fill("fatima@voorbeeld.example")
    visitor.get_by_label("Een vraag aan de griffie").fill("Kan ik ook komen als ik nog geen partij heb?")
    visitor.get_by_role("button", name="Meld mij aan").click()
    visitor.get_by_role("heading", level=1, name="Kijk in uw e-mail").wait_for()
    audit(visitor)
    assert EveningSignup.objects.get().status == SignupStatus.PENDING

    # The link in the e-mail; the page asks to confirm with a button.
    assert [message.to for message in mail.outbox] == [["fatima@voorbeeld.example"]]
    link = re.search(r"https?://[^/\s]+(/kandidaten/bevestigen/[^\s]+/)", str(mail.outbox[0].body))
    assert link is not None
    visitor.goto(f"{live_server.url}{link.group(1)}")
    visitor.get_by_role("heading", level=1, name="Bevestig uw aanmelding").wait_for()
    audit(visitor)
    visitor.get_by_role("button", name="Bevestig mijn aanmelding").click()
    visitor.get_by_role("heading", level=1, name="U bent aangemeld").wait_for()
    audit(visitor)
    assert EveningSignup.objects.get().status == SignupStatus.CONFIRMED
    visitor.close()

    # The griffier sees the sign-up.
    griffie.get_by_role("link", name=TITLE, exact=True).click()
    griffie.get_by_role("heading", level=1, name=TITLE).wait_for()
    griffie.get_by_text("1 van de 25 plaatsen bezet.").wait_for()
    table = griffie.get_by_role("table").inner_text()
    assert "Fatima el Amrani" in table and "bevestigd" in table and "nog geen partij" in table
    audit(griffie)

    # The griffier moves the evening to another room and a later start; the visitor gets an e-mail.
    griffie.get_by_role("link", name="Wijzig de avond").click()
    griffie.get_by_role("heading", level=1, name=f"De avond “{TITLE}” wijzigen").wait_for()
    assert griffie.get_by_label("Plaats", exact=True).input_value() == "Raadzaal, Markt 1"
    assert griffie.get_by_label("Begintijd").input_value() == "19:30"
    audit(griffie)
    griffie.get_by_label("Plaats", exact=True).fill("Trouwzaal, Markt 2")
    griffie.get_by_label("Begintijd").fill("20:00")
    griffie.get_by_role("button", name="Sla de wijzigingen op").click()
    griffie.get_by_text("De avond is gewijzigd. 1 persoon heeft zich aangemeld.").wait_for()
    griffie.get_by_text("Trouwzaal, Markt 2").first.wait_for()
    audit(griffie)
    evening.refresh_from_db()
    assert evening.place == "Trouwzaal, Markt 2"
    assert timezone.localtime(evening.starts_at).strftime("%H:%M") == "20:00"
    assert [(message.to, message.subject) for message in mail.outbox[1:]] == [
        (["fatima@voorbeeld.example"], f"Gewijzigd: {TITLE}")
    ]
    assert "Nu is het Trouwzaal, Markt 2." in str(mail.outbox[1].body)

    # Then calls it off, with a message; the visitor gets one more e-mail, and the public page says so.
    griffie.get_by_role("link", name="Gelast de avond af").click()
    griffie.get_by_role("heading", level=1, name=f"“{TITLE}” afgelasten").wait_for()
    audit(griffie)
    griffie.get_by_label("Bericht aan de mensen die zich aanmeldden").fill("De raadzaal wordt verbouwd.")
    griffie.get_by_role("button", name="Gelast de avond af").click()
    griffie.get_by_text("De avond is afgelast. 1 persoon had zich aangemeld.").wait_for()
    griffie.get_by_text("Afgelast op").wait_for()
    audit(griffie)
    evening.refresh_from_db()
    assert evening.cancelled_at is not None
    assert [message.subject for message in mail.outbox[2:]] == [f"Afgelast: {TITLE}"]
    assert "De raadzaal wordt verbouwd." in str(mail.outbox[2].body)
    griffie.get_by_role("link", name="Alle informatieavonden").click()
    griffie.get_by_role("heading", level=1, name="Informatieavonden voor kandidaten").wait_for()
    assert "(afgelast)" in griffie.get_by_role("table").inner_text()
    audit(griffie)
    griffie.close()

    reader = browser.new_page(viewport=PHONE)
    reader.goto(f"{live_server.url}/kandidaten/{organisation.slug}/")
    reader.get_by_role("heading", level=3, name=f"Afgelast: {TITLE}").wait_for()
    assert reader.get_by_role("link", name=f"Meld u aan voor “{TITLE}”").count() == 0
    audit(reader)
    reader.close()

    # The operator opens the gaps overview.
    UserFactory(username="beheerder", is_staff=True)
    operator = browser.new_page(viewport=DESKTOP)
    sign_in(operator, live_server.url, "beheerder")
    operator.goto(f"{live_server.url}/witte-vlekken/")
    operator.get_by_role("heading", level=1, name="Witte vlekken in het aanbod").wait_for()
    operator.get_by_role("heading", level=2, name="Zoekvragen in de catalogus zonder resultaat").wait_for()
    assert "Aadorp" not in operator.content()
    audit(operator)
    operator.close()
