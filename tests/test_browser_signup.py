"""Browser journey of sign-up and e-mail: the griffier opens sign-up for a training of the own offer with one
place; an experienced raadslid takes it; a new raadslid signs up, lands on the waiting list and sees it on
the home page; the first signs off; the new raadslid is moved up and the confirmation with the invitation
arrives in a local SMTP server (aiosmtpd); the griffier sees the list and downloads the CSV; the member
opens the e-mail page and the unsubscribe link. Every page visited gets the axe audit, at 1280 px and on a
390 px phone.

Buttons and fields are found by their form action and name, not by their text.
"""

from __future__ import annotations

import email
import email.policy
import os
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.test_browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    audit,
    browser,
    login,
    screenshot,
)
from toerusting.accounts.models import User
from toerusting.catalogue.models import Session

pytestmark = pytest.mark.browser

ITEM = "lindenwaard-inwerkavond-begroting"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp(settings: Any, live_server: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = live_server.url
    try:
        yield inbox
    finally:
        controller.stop()


def _post_button(page: Any, action_end: str) -> None:
    page.locator(f"main form[action$='{action_end}'] button[type=submit]").first.click()
    page.get_by_role("heading", level=1).wait_for()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_on_the_waiting_list_is_moved_up_and_mailed(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    smtp: Inbox,
    viewport: dict[str, int],
) -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", "--directory", "content/demo/catalogue", verbosity=0, stdout=devnull)
    User.objects.filter(username="raadslid").update(email="nieuw@lindenwaard.example", first_name="Sanne")
    User.objects.filter(username="raadslid-ervaren").update(email="ervaren@lindenwaard.example")
    session = Session.objects.filter(item__slug=ITEM).order_by("starts_at").first()
    assert session is not None
    base = live_server.url

    # The griffier opens sign-up with one place.
    griffier = browser.new_page(viewport=viewport)
    login(griffier, base, "griffier")
    griffier.goto(f"{base}/o/lindenwaard/plan/inschrijvingen/")
    audit(griffier)
    key = f"aanbod-{session.pk}"
    griffier.locator(f"input[name='{key}-capacity']").fill("1")
    griffier.locator(f"form:has(input[name=row][value='{key}']) button[type=submit]").click()
    griffier.locator(".toerusting-banner[role=status]").wait_for()
    audit(griffier)

    # An experienced member takes the place on the item page.
    ervaren = browser.new_page(viewport=viewport)
    login(ervaren, base, "raadslid-ervaren")
    ervaren.goto(f"{base}/catalogus/{ITEM}/")
    _post_button(ervaren, "/inschrijven/")

    # The new raadslid finds the training full and joins the waiting list.
    member = browser.new_page(viewport=viewport)
    login(member, base, "raadslid")
    member.goto(f"{base}/catalogus/{ITEM}/")
    audit(member)
    _post_button(member, "/inschrijven/")
    assert "wachtlijst" in member.locator(".toerusting-banner").first.inner_text()
    audit(member)
    screenshot(member, "signup-waiting-list")
    member.goto(f"{base}/")
    assert "wachtlijst, nummer 1" in member.locator("main").inner_text()
    audit(member)

    # The first signs off; the new raadslid gets the place and the mail.
    ervaren.goto(f"{base}/catalogus/{ITEM}/")
    _post_button(ervaren, "/afmelden/")
    mails = [m for m in smtp.messages if "nieuw@lindenwaard.example" in str(m["To"])]
    assert [str(m["Subject"]) for m in mails][-1].startswith("Er is een plaats voor u")
    moved = mails[-1]
    assert str(moved["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    invitation = next(p for p in moved.iter_attachments() if p.get_content_type() == "text/calendar")
    assert "METHOD:REQUEST" in invitation.get_content()
    member.goto(f"{base}/catalogus/{ITEM}/")
    assert member.locator("main a[href$='/uitnodiging.ics']").count() == 1
    audit(member)

    # The griffier sees the list and downloads it.
    griffier.goto(f"{base}/o/lindenwaard/plan/inschrijvingen/")
    griffier.locator(".toerusting-signup-row a[href*='/inschrijvingen/']").first.click()
    griffier.get_by_role("heading", level=1).wait_for()
    audit(griffier)
    screenshot(griffier, "signup-list")
    with griffier.expect_download() as download:
        griffier.locator("main a[href$='/lijst.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "nieuw@lindenwaard.example;ingeschreven" in text
    assert "ervaren@lindenwaard.example;afgemeld" in text

    # The member's e-mail page, and the unsubscribe link of the mail without a login.
    member.goto(f"{base}/e-mail/")
    audit(member)
    link = str(moved["List-Unsubscribe"]).strip().strip("<>")
    anonymous = browser.new_page(viewport=viewport)
    anonymous.goto(link)
    audit(anonymous)
    anonymous.locator("main form button[type=submit]").click()
    anonymous.locator("main [role=status]").wait_for()
    audit(anonymous)
    for page in (griffier, ervaren, member, anonymous):
        page.close()
