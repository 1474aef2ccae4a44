"""Browser journey: the meeting page as the centre. The griffier hides a learning item for one agenda item
and pins another in place (the page returns to that agenda item); the member sees the choice on the
meeting page and in the RIS tab, does a module from the meeting and comes back to it from the module's
end, with the score. At 1280 px and 390 px, every page audited and without sideways scrolling."""

from __future__ import annotations

import os
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401
    DESKTOP,
    PHONE,
    assert_no_horizontal_overflow,
    audit,
    browser,
    login,
    screenshot,
)
from tests.test_browser_home import load_full_demo

pytestmark = pytest.mark.browser


def in_view(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(selector) => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight;
            }""",
            selector,
        )
    )


def test_griffie_curates_in_place_and_the_member_follows_it(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    load_full_demo()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_ris", stdout=devnull)
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "griffier")
    page.get_by_role("link", name="Naar de vergadering").click()
    page.get_by_role("heading", name="Voorbereiden op deze vergadering").wait_for()
    meeting_url = page.url
    audit(page)
    assert_no_horizontal_overflow(page)

    # The last learning item that can be hidden: far down the page, so the anchor matters.
    hide = page.get_by_role("button", name="Hier verbergen").last
    item_id = hide.evaluate("(button) => button.closest('li.toerusting-agenda__item').id")
    hidden_title = hide.locator(".toerusting-visually-hidden").inner_text().removeprefix(": ")
    assert item_id.startswith("punt-") and hidden_title
    hide.click()
    page.wait_for_url(f"**#{item_id}")
    page.get_by_role("status").wait_for()
    row = page.locator(f"#{item_id}")
    assert hidden_title not in row.locator(".toerusting-prepare-box > .toerusting-learning").inner_text()
    assert page.evaluate("window.scrollY") > 0
    assert in_view(page, f"#{item_id}")
    audit(page)

    # Pin another learning item for this agenda item, by its slug from the list.
    row.locator("summary").click()
    assert "hier verborgen" in row.locator("details").inner_text()
    from toerusting.catalogue.models import LearningItem

    to_pin = LearningItem.objects.exclude(title=hidden_title).get(slug="mm-integriteit-nevenfuncties")
    row.get_by_label("Een ander leeritem vastzetten").fill(to_pin.slug)
    row.locator("form.toerusting-curate-pin").get_by_role("button", name="Vastzetten").click()
    page.wait_for_url(f"**#{item_id}")
    row = page.locator(f"#{item_id}")
    pinned = row.locator(".toerusting-prepare-box > .toerusting-learning > li").first
    assert "Aanbevolen door de griffie" in pinned.inner_text()
    pinned_title = pinned.locator("a").first.inner_text()
    assert pinned_title == to_pin.title
    audit(page)
    assert_no_horizontal_overflow(page)
    screenshot(page, "griffier-meeting")

    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("heading", name="Voorbereiden op deze vergadering").wait_for()
    screenshot(page, "griffier-meeting")
    audit(page)
    assert_no_horizontal_overflow(page)
    page.close()

    # The member sees the griffie's choice on the meeting page ...
    member = browser.new_page(viewport=PHONE)
    login(member, live_server.url, "raadslid")
    member.goto(meeting_url)
    member_row = member.locator(f"#{item_id}")
    assert pinned_title in member_row.inner_text()
    assert "Griffie: leerstof aanpassen" not in member.content()
    audit(member)
    assert_no_horizontal_overflow(member)

    # ... and in the RIS tab.
    from toerusting.agenda.models import Meeting

    meeting = Meeting.objects.get(pk=int(meeting_url.rstrip("/").split("/")[-1]))
    out = StringIO()
    call_command(
        "tab_link",
        "--issuer=https://ris.lindenwaard.example",
        "--subject=ris-raadslid",
        f"--meeting={meeting.source_id}",
        f"--base-url={live_server.url}",
        stdout=out,
    )
    tab = browser.new_page(viewport=PHONE)
    tab.goto(out.getvalue().strip().splitlines()[-1])
    tab.get_by_role("heading", level=1).wait_for()
    tab_row = tab.locator(f"#{item_id}")
    assert pinned_title in tab_row.inner_text()
    assert "Aanbevolen door de griffie" in tab_row.inner_text()
    assert hidden_title not in tab_row.inner_text()
    audit(tab)
    assert_no_horizontal_overflow(tab)
    tab.close()

    # The member does a module from the meeting page and comes back from its end, with the score.
    for viewport in (DESKTOP, PHONE):
        member.set_viewport_size(viewport)
        member.goto(meeting_url)
        module_link = member.locator("a[href*='/leren/'][href*='next=']").first
        module_link.click()
        member.get_by_role("link", name="Terug naar de vergadering").first.wait_for()
        audit(member)
        assert_no_horizontal_overflow(member)
        member.get_by_role("link", name="Beginnen").or_(
            member.get_by_role("link", name="Nog een keer doen")
        ).or_(member.get_by_role("link", name="Ga verder bij stap", exact=False)).first.click()
        while member.get_by_role("button", name="Opslaan en de module afronden").count() == 0:
            if (
                member.locator("legend.toerusting-question").count()
                and member.get_by_role("status").count() == 0
            ):
                member.locator("input[type=radio]").first.check()
                member.get_by_role("button", name="Controleer mijn antwoord").click()
                member.wait_for_url("**#feedback")
                assert in_view(member, "#feedback")
                audit(member)
                assert_no_horizontal_overflow(member)
            member.locator("a[rel=next]").click()
        audit(member)
        assert_no_horizontal_overflow(member)
        member.get_by_role("button", name="Opslaan en de module afronden").click()
        member.get_by_role("heading", name="Uw resultaat").wait_for()
        assert "vragen goed" in member.locator(".toerusting-score").inner_text()
        assert "Het goede antwoord" in member.locator(".toerusting-score").inner_text()
        audit(member)
        assert_no_horizontal_overflow(member)
        member.locator(".toerusting-score").get_by_role("link", name="Terug naar de vergadering").click()
        member.wait_for_url(meeting_url)
        member.get_by_role("heading", name="Voorbereiden op deze vergadering").wait_for()
    member.close()
