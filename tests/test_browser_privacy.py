"""Browser journeys of Mijn gegevens and the forgotten password: a member downloads their data (the JSON file
checked), asks to delete their account, and the job run past the grace period leaves only anonymous rows; a
member who forgot their password sets a new one through the link in the e-mail (a local SMTP server).
Every page passes the axe audit (WCAG 2.1 AA, no CSP violation, no sideways scrolling)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Tenant
from tests.test_browser import (  # noqa: F401  (the shared Chromium fixture)
    DESKTOP,
    PHONE,
    audit,
    browser,
)
from tests.test_browser_signup import Inbox, smtp  # noqa: F401  (the local SMTP server)
from toerusting.accounts.models import User
from toerusting.audit.models import Action, AuditEvent
from toerusting.learning.models import Progress, Reflection
from toerusting.organisations.models import Person
from toerusting.privacy import services
from toerusting.privacy.models import DeletionRequest
from toerusting.reflections import services as reflection_services

pytestmark = pytest.mark.browser
PASSWORD = "Correct-Paard-Batterij-9"  # the factories' password
NEW_PASSWORD = "Nieuw-Wachtwoord-Voor-Aadorp-7"


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)


def test_member_downloads_their_data_and_deletes_their_account(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    tmp_path: Path,
) -> None:
    user = tenant_a.user
    user_id = user.pk
    reflection_services.write_entry(user, "Wat ik van de begrotingsraad leerde.", meeting=tenant_a.meeting)
    Progress.objects.create(user=user, item=tenant_a.module, completed_at=timezone.now())
    Reflection.objects.create(user=user, item=tenant_a.module, text="Een module die mij hielp.")

    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role(
        "link", name="Bekijken, downloaden of verwijderen wat Toerusting over mij bewaart"
    ).click()
    page.get_by_role("heading", level=1, name="Mijn gegevens").wait_for()
    assert page.get_by_text("Wat ik van de begrotingsraad leerde.").is_visible()
    audit(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als gegevensbestand (JSON)").click()
    path = tmp_path / "mijn-gegevens.json"
    download_info.value.save_as(path)
    data = json.loads(path.read_text("utf-8"))
    parts = {part["model"]: part["records"] for part in data["sections"]}
    assert parts["reflections.journalentry"][0]["Tekst"] == "Wat ik van de begrotingsraad leerde."
    assert parts["learning.reflection"][0]["Reflectie"] == "Een module die mij hielp."
    assert parts["accounts.user"][0]["Gebruikersnaam"] == user.username
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED, actor_id=user_id).exists()

    # A wrong password is refused, named at its field; then the request with the right one.
    page.get_by_label("Uw wachtwoord").fill("niet-mijn-wachtwoord")
    page.get_by_label("Ik begrijp dat mijn account").check()
    page.get_by_role("button", name="Mijn account verwijderen").click()
    page.get_by_text("Dit is niet uw huidige wachtwoord.").first.wait_for()
    audit(page)
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik begrijp dat mijn account").check()
    page.get_by_role("button", name="Mijn account verwijderen").click()
    page.get_by_role("heading", level=1, name="Uw account wordt verwijderd").wait_for()
    audit(page)
    assert DeletionRequest.objects.filter(user_id=user_id).exists()
    page.goto(f"{live_server.url}/account/")
    page.wait_for_url(re.compile(r"/account/inloggen/"))  # logged out
    page.close()

    # The job, run past the grace period: nothing links to the member; what counts stays, anonymous.
    assert services.execute_due_deletions(timezone.now() + dt.timedelta(days=31)) == 1
    assert not User.objects.filter(pk=user_id).exists()
    assert services.rows_linking_to(user_id) == {}
    completed = Progress.objects.get(item=tenant_a.module)
    assert completed.completed_at is not None and not completed.user.is_active
    assert not Reflection.objects.exists()
    person = Person.objects.get(pk=tenant_a.person.pk)
    assert person.user_id is None and person.full_name == "Voormalig lid"
    assert AuditEvent.objects.filter(action=Action.DELETION_EXECUTED, actor=None).exists()


def test_member_resets_a_forgotten_password_through_the_mail(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tenant_a: Tenant,
    smtp: Inbox,  # noqa: F811
) -> None:
    user = tenant_a.user
    user.email = "lid@aadorp.example"
    user.save()
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.get_by_role("heading", level=1, name="Wachtwoord vergeten?").wait_for()
    audit(page)
    page.get_by_label("E-mailadres").fill("lid@aadorp.example")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", level=1, name="Kijk in uw e-mail").wait_for()
    audit(page)

    mails = [m for m in smtp.messages if "lid@aadorp.example" in str(m["To"])]
    assert len(mails) == 1
    assert str(mails[0]["Subject"]) == "Een nieuw wachtwoord voor Toerusting"
    body = mails[0].get_content()
    link = re.search(r"https?://\S+/wachtwoord-herstellen/\S+", body)
    assert link, body
    page.goto(link.group(0))
    page.get_by_role("heading", level=1, name="Kies een nieuw wachtwoord").wait_for()
    audit(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Mijn nieuwe wachtwoord opslaan").click()
    page.get_by_text("Uw nieuwe wachtwoord is opgeslagen.").wait_for()
    sign_in(page, live_server.url, user.username, NEW_PASSWORD)
    page.get_by_role("heading", level=1).wait_for()
    assert "/account/inloggen/" not in page.url
    # The link works once.
    page.goto(link.group(0))
    page.get_by_role("heading", level=1, name="Deze link werkt niet").wait_for()
    audit(page)
    page.close()
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, actor=user).exists()
