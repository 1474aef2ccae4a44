"""Browser journey of good practices and learning networks, at 1280 px and at a 390 px phone: the griffier of
Oosterzij writes a good practice and submits it; the operator publishes it; the griffier of Lindenwaard finds
it in the library and adopts it into the term plan, which then shows the activity with a link back; a member
joins an open learning network, signs up for its meeting and writes in its thread. Every page visited gets
the axe-core audit (WCAG 2.1 A and AA), the CSP check and must not scroll sideways.

Fields and buttons are found by name and form action, not by text, so the journey holds in either language.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
)
from toerusting.networks.models import EventSignup, Network, Post
from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import services as planner_services
from toerusting.practices.models import Practice, Status

pytestmark = pytest.mark.browser
TITLE = "Raadsleden lopen een dag mee met de buitendienst"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_practice_published_adopted_and_a_member_joins_a_network(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    for command in ("load_demo", "load_catalogue", "load_demo_networks"):
        call_command(command, verbosity=0, stdout=devnull)
    lindenwaard = organisation_selectors.organisation_by_slug("lindenwaard")
    assert lindenwaard is not None
    term = organisation_selectors.current_term(lindenwaard)
    assert term is not None
    planner_services.create_plan(lindenwaard, term)
    base = live_server.url

    # The griffier of Oosterzij writes a practice and submits it for publication.
    author = browser.new_page(viewport=viewport)
    login(author, base, "griffier-oosterzij")
    author.goto(f"{base}/o/oosterzij/goede-voorbeelden/")
    audit(author)
    author.locator("a[href$='/goede-voorbeelden/nieuw/']").click()
    author.locator("input[name=title]").wait_for()
    audit(author)
    author.locator("input[name=title]").fill(TITLE)
    author.locator("textarea[name=what]").fill(
        "Elk raadslid liep een dag mee met de buitendienst van de gemeente."
    )
    author.locator("textarea[name=why]").fill("Raadsleden besloten over onderhoud zonder het werk te kennen.")
    author.locator("textarea[name=how]").fill(
        "De griffie plande de dagen met de teamleiders; per dag twee raadsleden."
    )
    author.locator("input[name=cost]").fill("0")
    author.locator("textarea[name=results]").fill(
        "Het debat over het beheerplan ging over keuzes in plaats van klachten."
    )
    author.locator("input[name=contact_email]").fill("griffie@oosterzij.example")
    author.locator("details:has(input[name=topics]) > summary").click()
    author.locator("input[name=topics][value=openbare_ruimte]").check()
    author.locator("details:has(input[name=items]) > summary").click()
    author.locator("input[name=items][value=kennisclip-rol-van-de-raad-en-dualisme]").check()
    author.locator("main form:not([action]) button[type=submit]").click()
    author.locator("form[action$='/indienen/'] button[type=submit]").wait_for()
    audit(author)
    author.locator("form[action$='/indienen/'] button[type=submit]").click()
    author.wait_for_url(lambda url: url.endswith("/o/oosterzij/goede-voorbeelden/"))
    audit(author)
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == Status.SUBMITTED

    # Not public yet: the library does not show it.
    visitor = browser.new_page(viewport=viewport)
    visitor.goto(f"{base}/goede-voorbeelden/")
    audit(visitor)
    assert TITLE not in visitor.content()

    # The operator reads it in the moderation queue and publishes it.
    operator = browser.new_page(viewport=viewport)
    login(operator, base, "beheer")
    operator.goto(f"{base}/goede-voorbeelden/moderatie/")
    audit(operator)
    operator.locator(f"a[href='/goede-voorbeelden/{practice.pk}/']").click()
    operator.locator("input[name=decision][value=publish]").check()
    audit(operator)
    operator.locator("form[action$='/beoordelen/'] button[type=submit]").click()
    operator.wait_for_url(lambda url: url.endswith("/goede-voorbeelden/moderatie/"))
    audit(operator)

    # The griffier of Lindenwaard finds it in the library (filtered by topic) and adopts it into the plan.
    griffier = browser.new_page(viewport=viewport)
    login(griffier, base, "griffier")
    griffier.goto(f"{base}/goede-voorbeelden/?onderwerp=openbare_ruimte")
    audit(griffier)
    griffier.locator(f"a[href='/goede-voorbeelden/{practice.pk}/']").click()
    griffier.locator("form[action='/o/lindenwaard/goede-voorbeelden/overnemen/']").wait_for()
    audit(griffier)
    griffier.locator("form[action='/o/lindenwaard/goede-voorbeelden/overnemen/'] button[type=submit]").click()
    griffier.wait_for_url(lambda url: url.endswith("/o/lindenwaard/plan/"))
    audit(griffier)
    back_link = griffier.locator(f"main a[href='/goede-voorbeelden/{practice.pk}/']")
    assert back_link.count() == 1
    back_link.click()
    griffier.wait_for_url(lambda url: url.endswith(f"/goede-voorbeelden/{practice.pk}/"))
    audit(griffier)
    assert practice.adoptions.filter(organisation=lindenwaard).count() == 1

    # A member (the wethouder of Lindenwaard) joins the open network, signs up for its meeting and writes.
    network = Network.objects.get(join_policy="open")
    event = network.events.get()
    member = browser.new_page(viewport=viewport)
    login(member, base, "wethouder")
    member.goto(f"{base}/leernetwerken/")
    audit(member)
    member.locator(f"a[href='/leernetwerken/{network.pk}/']").click()
    member.locator("form[action$='/aanmelden/']").wait_for()
    audit(member)
    member.locator("select[name=organisation]").select_option(str(lindenwaard.pk))
    member.locator("form[action$='/aanmelden/'] button[type=submit]").click()
    member.locator(f"a[href='/leernetwerken/{network.pk}/bijeenkomsten/{event.pk}/']").click()
    member.locator("form[action$='/inschrijven/']").wait_for()
    audit(member)
    member.locator("form[action$='/inschrijven/'] button[type=submit]").click()
    member.locator("form[action$='/uitschrijven/']").wait_for()
    member.locator("textarea[name=body]").fill(
        "Ik kom graag. Kan iemand de begroting van vorig jaar meenemen?"
    )
    member.locator("form[action$='/bericht/'] button[type=submit]").click()
    member.locator("text=Kan iemand de begroting van vorig jaar meenemen?").wait_for()
    audit(member)
    assert EventSignup.objects.filter(event=event, user__username="wethouder").exists()
    assert Post.objects.filter(event=event, author__username="wethouder").exists()
    member.goto(f"{base}/leernetwerken/{network.pk}/leden/")
    audit(member)
