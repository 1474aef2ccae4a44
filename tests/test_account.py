"""Mijn account: the member changes their password, and sees and ends the sessions opened by logging in."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from toerusting.accounts import services
from toerusting.accounts.models import LoginSession
from toerusting.embed.models import TabSession

PASSWORD = "Correct-Paard-Batterij-9"  # the factories' password
IPAD = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1"
WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0"


def _log_in(username: str, user_agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session and client.get(reverse("accounts:account")).status_code == 200


@pytest.mark.django_db
def test_member_sees_where_they_are_logged_in_and_ends_a_session(tenant_a: Tenant, tenant_b: Tenant) -> None:
    ipad = _log_in(tenant_a.user.username, IPAD)
    laptop = _log_in(tenant_a.user.username, WINDOWS)
    _log_in(tenant_b.user.username, WINDOWS)  # someone else's session, never listed for A
    page = ipad.get(reverse("accounts:account")).content.decode()
    assert "Safari · iPad" in page and "Edge · Windows" in page and "deze browser" in page
    assert page.count('<tr class="utrecht-table__row">') == 3  # header + two sessions of A
    # A's own session id of the laptop ends it; the laptop is logged out at its next click.
    laptop_session = LoginSession.objects.get(user=tenant_a.user, device="Edge · Windows")
    response = ipad.post(reverse("accounts:end_sessions"), {"session": laptop_session.pk})
    assert response.status_code == 302
    assert not _logged_in(laptop) and _logged_in(ipad)
    # Another member's session id is not found (404) and stays.
    b_session = LoginSession.objects.get(user=tenant_b.user)
    assert ipad.post(reverse("accounts:end_sessions"), {"session": b_session.pk}).status_code == 404
    assert LoginSession.objects.filter(pk=b_session.pk).exists()
    # The current session cannot be ended here (that is "Uitloggen"): not found.
    own = LoginSession.objects.get(session_key=ipad.session.session_key)
    assert ipad.post(reverse("accounts:end_sessions"), {"session": own.pk}).status_code == 404
    assert _logged_in(ipad)


@pytest.mark.django_db
def test_end_all_other_sessions_and_logout_forgets_the_session(tenant_a: Tenant) -> None:
    here = _log_in(tenant_a.user.username, IPAD)
    others = [_log_in(tenant_a.user.username, WINDOWS) for _ in range(3)]
    response = here.post(reverse("accounts:end_sessions"), {"others": "on"}, follow=True)
    assert "3 sessies beëindigd." in response.content.decode()
    assert not any(_logged_in(client) for client in others) and _logged_in(here)
    assert LoginSession.objects.filter(user=tenant_a.user).count() == 1
    here.post(reverse("accounts:logout"))
    assert not LoginSession.objects.filter(user=tenant_a.user).exists()
    # An empty or unknown choice ends nothing and says so.
    again = _log_in(tenant_a.user.username, IPAD)
    response = again.post(reverse("accounts:end_sessions"), {}, follow=True)
    assert "Kies een sessie om te beëindigen." in response.content.decode() and _logged_in(again)


@pytest.mark.django_db
def test_changing_the_password_keeps_this_browser_and_logs_out_everywhere_else(tenant_a: Tenant) -> None:
    here = _log_in(tenant_a.user.username, IPAD)
    elsewhere = _log_in(tenant_a.user.username, WINDOWS)
    TabSession.objects.create(
        key="tab-key-1",
        user=tenant_a.user,
        connection=tenant_a.ris,
        user_agent_digest="x",
        expires_at=tenant_a.meeting.start,
    )
    url = reverse("accounts:change_password")
    wrong = here.post(
        url,
        {
            "old_password": "fout",
            "new_password1": "Nieuw-Wachtwoord-2027",
            "new_password2": "Nieuw-Wachtwoord-2027",
        },
    )
    assert wrong.status_code == 400 and "Er gaat iets mis" in wrong.content.decode()
    weak = here.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 400
    tenant_a.user.refresh_from_db()
    assert tenant_a.user.check_password(PASSWORD)  # nothing changed by the refused forms
    response = here.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Nieuw-Wachtwoord-2027",
            "new_password2": "Nieuw-Wachtwoord-2027",
        },
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd. U bent uitgelogd op 1 andere sessie." in response.content.decode()
    tenant_a.user.refresh_from_db()
    assert tenant_a.user.check_password("Nieuw-Wachtwoord-2027")
    assert _logged_in(here) and not _logged_in(elsewhere)
    assert not TabSession.objects.filter(user=tenant_a.user).exists()
    assert LoginSession.objects.filter(user=tenant_a.user).count() == 1


@pytest.mark.django_db
def test_expired_sessions_are_forgotten(tenant_a: Tenant) -> None:
    client = _log_in(tenant_a.user.username, IPAD)
    LoginSession.objects.create(
        user=tenant_a.user, session_key="verlopen-sessie-zonder-opslag", device="Firefox"
    )
    assert services.delete_stale_login_sessions() == 1
    assert LoginSession.objects.filter(user=tenant_a.user).count() == 1
    assert _logged_in(client)


def test_device_names_are_short_and_plain() -> None:
    assert services.device_of(IPAD) == "Safari · iPad"
    assert services.device_of(WINDOWS) == "Edge · Windows"
    assert services.device_of("curl/8.0") == ""
