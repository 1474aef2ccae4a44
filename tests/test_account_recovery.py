"""A forgotten password reset through a one-time link by e-mail, and a new e-mail address confirmed through
a link to it: no account enumeration, a rate limit, expiry, one use, the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import UserFactory
from toerusting.accounts import services
from toerusting.accounts.models import LoginSession, User
from toerusting.audit.models import Action, AuditEvent

PASSWORD = "Correct-Paard-Batterij-9"
NEW_PASSWORD = "Een-Nieuw-Sterk-Wachtwoord-42"


@pytest.fixture
def member(tenant_a: Tenant) -> User:
    user = tenant_a.user
    user.email = "lid@aadorp.example"
    user.save()
    return user


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", str(message.body))
    assert found, message.body
    return urlsplit(found.group(0)).path


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(member: User, client: Client) -> None:
    known = client.post(reverse("accounts:forgot_password"), {"email": "LID@aadorp.example"})
    unknown = client.post(reverse("accounts:forgot_password"), {"email": "niemand@aadorp.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:reset_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lid@aadorp.example"]
    assert mail.outbox[0].subject == "Een nieuw wachtwoord voor Toerusting"
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET_REQUESTED, actor=member).count() == 1
    assert not AuditEvent.objects.filter(target__icontains="niemand").exists()
    bad = client.post(reverse("accounts:forgot_password"), {"email": "geen adres"})
    assert bad.status_code == 400
    assert "e-mailadres" in bad.content.decode().lower()


def test_the_link_sets_a_new_password_once_and_ends_every_session(member: User, client: Client) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    other = Client()
    other.post(reverse("accounts:login"), {"username": member.username, "password": PASSWORD})
    assert LoginSession.objects.filter(user=member).count() == 1
    client.post(reverse("accounts:forgot_password"), {"email": member.email})
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # Every other session ended: the other browser is logged out.
    assert not LoginSession.objects.filter(user=member).exists()
    assert other.get(reverse("accounts:account")).status_code == 302
    assert store  # the session store was used through the service
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, actor=member).exists()
    # Used once: the same link no longer works.
    again = client.get(link)
    assert again.status_code == 400
    assert "Deze link werkt niet" in again.content.decode()


def test_the_link_expires(member: User, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = dt.datetime(2026, 12, 1, 10, 0)
    monkeypatch.setattr(default_token_generator, "_now", lambda: sent)
    client.post(reverse("accounts:forgot_password"), {"email": member.email})
    link = _link(mail.outbox[0])
    later = sent + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert client.get(link).status_code == 200
    too_late = sent + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: too_late)
    assert client.get(link).status_code == 400


def test_a_forged_link_is_refused(member: User, client: Client) -> None:
    client.post(reverse("accounts:forgot_password"), {"email": member.email})
    link = _link(mail.outbox[0])
    forged = link.rstrip("/")[:-3] + "abc/"
    assert client.get(forged).status_code == 400
    assert client.get(reverse("accounts:reset_confirm", args=["%%%", "x"])).status_code == 400


def test_requests_are_rate_limited_per_address_and_client(member: User, client: Client) -> None:
    for _ in range(settings.PASSWORD_RESET_MAX_REQUESTS):
        assert client.post(reverse("accounts:forgot_password"), {"email": member.email}).status_code == 302
    refused = client.post(reverse("accounts:forgot_password"), {"email": member.email})
    assert refused.status_code == 429
    assert len(mail.outbox) == settings.PASSWORD_RESET_MAX_REQUESTS
    # An unknown address is limited the same way (the limit does not tell which addresses exist).
    for _ in range(settings.PASSWORD_RESET_MAX_REQUESTS):
        client.post(reverse("accounts:forgot_password"), {"email": "niemand@x.example"})
    assert client.post(reverse("accounts:forgot_password"), {"email": "niemand@x.example"}).status_code == 429


def test_an_account_without_a_password_gets_no_link(tenant_a: Tenant, client: Client) -> None:
    user = services.create_user_without_password(username_hint="ris-lid", email="ris@aadorp.example")
    client.post(reverse("accounts:forgot_password"), {"email": user.email})
    assert mail.outbox == []


def test_a_new_address_changes_only_after_the_link_to_it(member: User, client: Client) -> None:
    client.force_login(member)
    wrong = client.post(
        reverse("accounts:change_email"), {"email": "nieuw@aadorp.example", "password": "fout"}
    )
    assert wrong.status_code == 400
    assert "Dit is niet uw huidige wachtwoord." in wrong.content.decode()
    UserFactory(username="ander", email="bezet@aadorp.example")
    taken = client.post(
        reverse("accounts:change_email"), {"email": "bezet@aadorp.example", "password": PASSWORD}
    )
    assert taken.status_code == 400
    response = client.post(
        reverse("accounts:change_email"), {"email": "nieuw@aadorp.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "lid@aadorp.example"  # not yet
    confirm, notice = mail.outbox
    assert confirm.to == ["nieuw@aadorp.example"] and notice.to == ["lid@aadorp.example"]
    assert "nieuw@aadorp.example" in str(notice.body)
    link = _link(confirm)
    anonymous = Client()  # the link may be opened in another browser
    assert anonymous.get(link).status_code == 200
    member.refresh_from_db()
    assert member.email == "lid@aadorp.example"  # opening the page changes nothing
    assert anonymous.post(link).status_code == 302
    member.refresh_from_db()
    assert member.email == "nieuw@aadorp.example"
    used = anonymous.post(link)
    assert used.status_code == 400
    assert "al gebruikt" in used.content.decode()
    assert AuditEvent.objects.filter(action=Action.EMAIL_CHANGE_REQUESTED, actor=member).exists()
    assert AuditEvent.objects.filter(action=Action.EMAIL_CHANGED, actor=member).exists()


def test_an_email_link_expires_and_cannot_be_forged(
    member: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = services.email_change_token(member, "nieuw@aadorp.example")
    url = reverse("accounts:confirm_email", kwargs={"token": token})
    now = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + settings.EMAIL_CHANGE_TIMEOUT + 60)
    expired = client.post(url)
    monkeypatch.undo()
    assert expired.status_code == 400 and "verlopen" in expired.content.decode()
    forged = client.post(reverse("accounts:confirm_email", kwargs={"token": token[:-2] + "xx"}))
    assert forged.status_code == 400 and "klopt niet" in forged.content.decode()
    member.refresh_from_db()
    assert member.email == "lid@aadorp.example"
