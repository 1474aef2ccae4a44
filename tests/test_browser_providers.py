"""Browser journey of a learning provider: its staff member adds an item through the form and reads its feed
("Feed nu ophalen", served on a loopback server); the operator approves both in the moderation queue; the
item is in the public catalogue with its provider, source and last check; and after the agenda import the
member finds it in the recommendations of a matching agenda item (agenda import -> matching -> stored
recommendations -> meeting page). Every page audited with axe-core, at 1280 px."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import DESKTOP, audit, browser, login  # noqa: F401 (the fixture)
from toerusting.agenda.models import Meeting
from toerusting.catalogue.models import LearningItem
from toerusting.providers.models import ProviderItem

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).parent / "providers"


def tick(page: Any, selector: str) -> None:
    """Check a box or radio button, first unfolding the list it is folded in (long lists are folded)."""
    box = page.locator(selector)
    box.evaluate("(el) => { const folded = el.closest('details'); if (folded) folded.open = true; }")
    box.check()


@pytest.fixture
def feed_server(settings: Any) -> Iterator[str]:
    settings.PROVIDER_FEED_ALLOW_PRIVATE = True  # the feed is served on this machine

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(SAMPLES), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_provider_publishes_through_form_and_feed_and_it_reaches_a_meeting(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    feed_server: str,
) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_providers", stdout=devnull)
    base = live_server.url

    # The staff member of Academie Raadswerk Oost adds an item through the form.
    staff = browser.new_page(viewport=DESKTOP)
    login(staff, base, "aanbieder-oost")
    staff.goto(f"{base}/aanbieders/")
    staff.get_by_role("heading", name="Aanbod van Academie Raadswerk Oost").wait_for()
    audit(staff)
    staff.get_by_role("link", name="Item toevoegen").click()
    staff.locator("input[name=title]").wait_for()
    audit(staff)
    staff.locator("input[name=title]").fill("Rekenkamerrapporten lezen en gebruiken")
    staff.locator("input[name=summary]").fill(
        "Hoe u een rapport van de rekenkamer leest en er iets mee doet."
    )
    staff.locator("select[name=kind]").select_option("training")
    staff.locator("textarea[name=description]").fill(
        "U leest samen een rapport van een rekenkamer. U zoekt de aanbevelingen en bedenkt hoe de raad "
        "kan volgen of het college ze uitvoert."
    )
    tick(staff, "input[name=topics][value=financien]")
    tick(staff, "input[name=audience][value=raadslid]")
    tick(staff, "input[name=rubric][value=kennis]")
    tick(staff, "input[name=level][value=starter]")
    tick(staff, "input[name=format][value=op_locatie]")
    staff.locator("input[name=duration_minutes]").fill("120")
    staff.locator("input[name=cost_eur]").fill("60")
    staff.locator("textarea[name=sessions]").fill("2027-06-08 19:30-21:30 | Hengelo, Stadhuis | 15")
    staff.get_by_role("button", name="Opslaan").click()
    staff.get_by_role("heading", name="Aanbod van Academie Raadswerk Oost").wait_for()
    assert "wacht op de beheerder" in staff.content()
    audit(staff)

    # ... and reads its feed now, from the address it sets.
    staff.get_by_label("Adres van uw feed").fill(f"{feed_server}/oost_courses.jsonld")
    tick(staff, "input[name=feed_format][value=jsonld]")
    staff.get_by_role("button", name="Feed-instellingen opslaan").click()
    staff.get_by_role("button", name="Feed nu ophalen").click()
    staff.get_by_text("De feed is gelezen: 0 gepubliceerd, 2 naar de beheerder").wait_for()
    audit(staff)

    # The operator approves the form item and the feed's budget course in the moderation queue.
    operator = browser.new_page(viewport=DESKTOP)
    login(operator, base, "beheer")
    operator.goto(f"{base}/aanbieders/moderatie/")
    operator.get_by_role("heading", name="Beoordeling van items van aanbieders").wait_for()
    audit(operator)
    for title in ("Rekenkamerrapporten lezen en gebruiken", "Kadernota en begroting: waar stuurt u op?"):
        card = operator.locator("section.toerusting-card", has=operator.get_by_role("heading", name=title))
        card.get_by_role("button", name="Goedkeuren").click()
        operator.get_by_text("Goedgekeurd: het item staat in de catalogus.").wait_for()
    audit(operator)

    # The public catalogue shows the feed's item with its provider, source and date of the last check.
    kadernota = ProviderItem.objects.get(key="ARO-2027-kadernota").slug
    visitor = browser.new_page(viewport=DESKTOP)
    visitor.goto(f"{base}/catalogus/{kadernota}/")
    visitor.get_by_role("heading", name="Kadernota en begroting: waar stuurt u op?").wait_for()
    facts = visitor.locator("dl.toerusting-facts").inner_text()
    assert "Academie Raadswerk Oost" in facts
    assert f"De feed van Academie Raadswerk Oost: {feed_server}/oost_courses.jsonld" in facts
    assert "laatst gecontroleerd op" in facts
    audit(visitor)
    form_item = ProviderItem.objects.get(title="Rekenkamerrapporten lezen en gebruiken").slug
    visitor.goto(f"{base}/catalogus/{form_item}/")
    assert "Ingevuld door Academie Raadswerk Oost op Toerusting" in visitor.content()
    audit(visitor)

    # The agenda comes in through the import; matching stores recommendations; the member sees the item at
    # the budget meeting.
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_agenda", stdout=devnull, stderr=devnull)
    budget = Meeting.objects.get(
        organisation__slug="lindenwaard", gremium__key="raad", start__date=dt.date(2026, 11, 5)
    )
    member = browser.new_page(viewport=DESKTOP)
    login(member, base, "raadslid")
    member.goto(f"{base}/o/lindenwaard/agenda/{budget.pk}/")
    member.get_by_text("Programmabegroting 2027 en meerjarenraming 2028-2030").first.wait_for()
    assert member.locator(f"a[href='/catalogus/{kadernota}/']").count() >= 1
    audit(member)
    assert LearningItem.objects.get(slug=kadernota).is_published
