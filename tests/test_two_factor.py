"""The second login step: enrolling an authenticator app (QR code and key, confirmed by a first code),
recovery codes (shown once, hashed, used once), logging in with a code, wrong and replayed codes, the
lockout after too many failures, the requirement for the griffie, staff and operators, switching it off,
and the reset by the griffie or the operator (logged, e-mailed, enrolment again)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from toerusting.accounts.models import LoginFailure, User
from toerusting.audit.models import AuditEvent
from toerusting.twofactor import services
from toerusting.twofactor.models import EnrolmentDemand, RecoveryCode, TotpDevice

PASSWORD = "Correct-Paard-Batterij-9"  # the factories' password
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def log_in(username: str, *, next_path: str = "") -> Client:
    """The password step only, the way a browser does it."""
    client = Client()
    data = {"username": username, "password": PASSWORD}
    if next_path:
        data["next"] = next_path
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    return client


def code(secret: str = SECRET, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def enrolled(user: User, secret: str = SECRET) -> User:
    services.enrol_with_secret(user, secret)
    return user


def page_secret(html: str) -> str:
    found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert found, "no key on the page"
    return found.group(1).replace(" ", "")


@pytest.mark.django_db
def test_member_enrols_from_my_account_with_qr_and_key_and_gets_ten_codes_once(tenant_a: Tenant) -> None:
    client = log_in(tenant_a.user.username)
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("twofactor:setup") in account
    page = client.get(reverse("twofactor:setup"))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<script" not in html.split("<main")[-1]
    secret = page_secret(html)
    # A reload shows the same key (an app that already scanned it keeps working); it is stored encrypted.
    assert page_secret(client.get(reverse("twofactor:setup")).content.decode()) == secret
    device = TotpDevice.objects.get(user=tenant_a.user)
    assert device.confirmed_at is None and secret.encode() not in bytes(device.secret)
    # A wrong first code: a clear error, nothing switched on.
    wrong = client.post(reverse("twofactor:setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "Deze code klopt niet" in wrong.content.decode()
    assert not services.has_second_factor(tenant_a.user)
    response = client.post(reverse("twofactor:setup"), {"code": code(secret)})
    assert response.status_code == 302 and response.url == reverse("twofactor:recovery_codes")
    shown_response = client.get(reverse("twofactor:recovery_codes"))
    assert "no-store" in shown_response["Cache-Control"]  # the codes stay out of the browser's cache
    shown = shown_response.content.decode()
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Stored only as hashes; shown only once.
    stored = set(RecoveryCode.objects.filter(user=tenant_a.user).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert client.get(reverse("twofactor:recovery_codes")).status_code == 302
    assert AuditEvent.objects.filter(action="two_factor_enrolled", actor=tenant_a.user).exists()
    # This session passed the second step: pages open.
    assert client.get(reverse("accounts:account")).status_code == 200


@pytest.mark.django_db
def test_login_asks_the_code_and_no_page_opens_before(tenant_a: Tenant) -> None:
    enrolled(tenant_a.user)
    target = reverse("accounts:account")
    client = log_in(tenant_a.user.username, next_path=target)
    for url in (target, reverse("portal:home"), reverse("catalogue:list"), "/o/aadorp/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("twofactor:verify")), url
    verify = client.get(f"{reverse('twofactor:verify')}?next={target}")
    assert verify.status_code == 200 and 'autocomplete="one-time-code"' in verify.content.decode()
    response = client.post(reverse("twofactor:verify"), {"code": code(), "next": target})
    assert response.status_code == 302 and response.url == target
    assert client.get(target).status_code == 200
    # Logging out stays possible at every step; the RIS tab (its own launch) is never blocked.
    assert client.post(reverse("accounts:logout")).status_code in (200, 302)


@pytest.mark.django_db
def test_wrong_code_is_refused_counted_and_audited(tenant_a: Tenant) -> None:
    enrolled(tenant_a.user)
    client = log_in(tenant_a.user.username)
    response = client.post(reverse("twofactor:verify"), {"code": "123456"})
    assert response.status_code == 400 and "Deze code klopt niet" in response.content.decode()
    assert LoginFailure.objects.filter(username=f"2fa:{tenant_a.user.username}").count() == 1
    assert AuditEvent.objects.filter(action="two_factor_failed", actor=tenant_a.user).count() == 1
    assert client.get(reverse("accounts:account")).status_code == 302  # still not through
    # Not a number at all: refused the same way, nothing crashes.
    assert client.post(reverse("twofactor:verify"), {"code": "<script>"}).status_code == 400


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(tenant_a: Tenant) -> None:
    enrolled(tenant_a.user)
    current = code()
    first = log_in(tenant_a.user.username)
    assert first.post(reverse("twofactor:verify"), {"code": current}).status_code == 302
    # Someone who saw the code over the shoulder, with the password, within the same 30 seconds: refused.
    second = log_in(tenant_a.user.username)
    assert second.post(reverse("twofactor:verify"), {"code": current}).status_code == 400
    # Nor an older code (the previous step) once a later one was used.
    assert second.post(reverse("twofactor:verify"), {"code": code(offset_steps=-1)}).status_code == 400
    # The next step's code works (the clock of a phone may run ahead).
    assert second.post(reverse("twofactor:verify"), {"code": code(offset_steps=1)}).status_code == 302


@pytest.mark.django_db
def test_the_first_code_of_an_enrolment_cannot_log_in_again(tenant_a: Tenant) -> None:
    client = log_in(tenant_a.user.username)
    secret = page_secret(client.get(reverse("twofactor:setup")).content.decode())
    first = code(secret)
    assert client.post(reverse("twofactor:setup"), {"code": first}).status_code == 302
    other = log_in(tenant_a.user.username)
    assert other.post(reverse("twofactor:verify"), {"code": first}).status_code == 400


@pytest.mark.django_db
def test_recovery_code_logs_in_once_only(tenant_a: Tenant) -> None:
    client = log_in(tenant_a.user.username)
    secret = page_secret(client.get(reverse("twofactor:setup")).content.decode())
    client.post(reverse("twofactor:setup"), {"code": code(secret)})
    codes = re.findall(
        r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>",
        client.get(reverse("twofactor:recovery_codes")).content.decode(),
    )
    recovery = codes[3]
    once = log_in(tenant_a.user.username)
    response = once.post(
        reverse("twofactor:verify"), {"code": recovery.upper().replace("-", " ")}, follow=True
    )
    assert response.status_code == 200 and "9 over" in response.content.decode()
    assert AuditEvent.objects.filter(action="recovery_code_used", actor=tenant_a.user).exists()
    twice = log_in(tenant_a.user.username)
    assert twice.post(reverse("twofactor:verify"), {"code": recovery}).status_code == 400
    assert services.unused_recovery_codes(tenant_a.user) == 9


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(tenant_a: Tenant) -> None:
    user = enrolled(tenant_a.user)
    old = services.new_recovery_codes(user, code())
    assert old is not None
    client = Client()
    client.force_login(user)
    assert client.post(reverse("twofactor:recovery_codes"), {"code": code(offset_steps=1)}).status_code == 302
    new = re.findall(
        r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>",
        client.get(reverse("twofactor:recovery_codes")).content.decode(),
    )
    assert len(new) == 10 and not set(new) & set(old)
    assert not services.use_recovery_code(user, old[0]) and services.use_recovery_code(user, new[0])


@pytest.mark.django_db
def test_lockout_after_too_many_wrong_codes_per_user_and_per_address(
    tenant_a: Tenant, settings: Settings
) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    enrolled(tenant_a.user)
    client = log_in(tenant_a.user.username)
    assert client.post(reverse("twofactor:verify"), {"code": "111111"}).status_code == 400
    assert client.post(reverse("twofactor:verify"), {"code": "222222"}).status_code == 400
    # Logging in again with the right password does not forgive the wrong codes.
    client = log_in(tenant_a.user.username)
    locked = client.post(reverse("twofactor:verify"), {"code": "333333"})
    assert locked.status_code == 429 and "Te veel verkeerde codes" in locked.content.decode()
    # Logged out, and the password step refuses this name for the window, even with the right password.
    assert client.get(reverse("accounts:account")).status_code == 302
    again = Client().post(
        reverse("accounts:login"), {"username": tenant_a.user.username, "password": PASSWORD}
    )
    assert again.status_code == 429
    # The same address is locked for another account too (per address), even with a right code later.
    enrolled(tenant_a.griffier)
    LoginFailure.objects.update(username="someone-else")
    other = Client()
    other.force_login(tenant_a.griffier)
    session = other.session
    session.pop("toerusting_second_step", None)
    session.save()
    assert other.post(reverse("twofactor:verify"), {"code": code()}).status_code == 429
    # While locked, switching off or making new recovery codes is refused too, even with a right code.
    member = Client()
    member.force_login(tenant_a.user)
    disable = member.post(reverse("twofactor:disable"), {"password": PASSWORD, "code": code(offset_steps=1)})
    assert disable.status_code == 429 and services.has_second_factor(tenant_a.user)


@pytest.mark.django_db
def test_griffier_staff_and_operator_must_enrol_before_any_page(tenant_a: Tenant) -> None:
    staff = UserFactory(username="medewerker", is_staff=True)
    operator = UserFactory(username="beheerder", is_staff=True, is_superuser=True)
    for user in (tenant_a.griffier, staff, operator):
        client = log_in(user.username)
        for url in (
            reverse("portal:home"),
            reverse("accounts:account"),
            "/o/aadorp/",
            "/o/aadorp/logboek/",
            "/o/aadorp/plan/",
            reverse("catalogue:list"),
            "/beheer/",
            reverse("twofactor:verify"),
        ):
            response = client.get(url)
            assert response.status_code == 302, (user, url)
            assert response.url.startswith(reverse("twofactor:setup")), (user, url, response.url)
        # A POST elsewhere does not go through either.
        assert client.post(reverse("accounts:change_password"), {}).status_code == 302
        assert client.get(reverse("twofactor:setup")).status_code == 200
        secret = page_secret(client.get(reverse("twofactor:setup")).content.decode())
        assert client.post(reverse("twofactor:setup"), {"code": code(secret)}).status_code == 302
        assert client.get(reverse("accounts:account")).status_code == 200
    # A member without an app is not asked anything.
    member = log_in(tenant_a.user.username)
    assert member.get(reverse("accounts:account")).status_code == 200


@pytest.mark.django_db
def test_members_may_choose_and_a_new_griffier_is_asked_at_the_next_check(
    tenant_a: Tenant, settings: Settings
) -> None:
    settings.TWO_FACTOR_RECHECK_SECONDS = 0
    client = log_in(tenant_a.user.username)
    assert client.get(reverse("accounts:account")).status_code == 200
    FunctieFactory(
        person=tenant_a.person,
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="griffiemedewerker",
    )
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response.url.startswith(reverse("twofactor:setup"))


@pytest.mark.django_db
def test_disable_needs_password_and_code(tenant_a: Tenant) -> None:
    user = enrolled(tenant_a.user)
    client = Client()
    client.force_login(user)
    bad_password = client.post(reverse("twofactor:disable"), {"password": "fout", "code": code()})
    assert bad_password.status_code == 400 and "Dit is niet uw wachtwoord" in bad_password.content.decode()
    bad_code = client.post(reverse("twofactor:disable"), {"password": PASSWORD, "code": "000000"})
    assert bad_code.status_code == 400 and services.has_second_factor(user)
    done = client.post(reverse("twofactor:disable"), {"password": PASSWORD, "code": code(offset_steps=1)})
    assert done.status_code == 302 and not services.has_second_factor(user)
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="two_factor_disabled", actor=user).exists()
    # Next login: no code asked.
    assert log_in(user.username).get(reverse("accounts:account")).status_code == 200


@pytest.mark.django_db
def test_griffie_resets_a_member_logged_emailed_and_enrols_again(
    tenant_a: Tenant, tenant_b: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    member = enrolled(tenant_a.user)
    member.email = "lid@aadorp.example"
    member.save()
    services.new_recovery_codes(member, code())
    session_of_member = log_in(member.username)
    session_of_member.post(reverse("twofactor:verify"), {"code": code(offset_steps=1)})
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    listing = griffie.get(reverse("twofactor:people", kwargs={"org": "aadorp"}))
    html = listing.content.decode()
    reset_url = reverse("twofactor:reset", kwargs={"org": "aadorp", "user_id": member.pk})
    assert listing.status_code == 200 and reset_url in html
    # Without the check of identity and a reason: nothing happens.
    refused = griffie.post(reset_url, {"reason": ""})
    assert refused.status_code == 400 and services.has_second_factor(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = griffie.post(
            reset_url, {"identity_checked": "on", "reason": "Nieuwe telefoon, gezien aan de balie"}
        )
    assert response.status_code == 302
    assert not services.has_second_factor(member) and not RecoveryCode.objects.filter(user=member).exists()
    assert EnrolmentDemand.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert event.actor == tenant_a.griffier and event.organisation == tenant_a.organisation
    assert event.details["reason"] == "Nieuwe telefoon, gezien aan de balie"
    assert event.details["user_id"] == member.pk
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lid@aadorp.example"]
    assert mail.outbox[0].subject == "Uw tweede inlogstap is teruggezet"
    # The member's session ended; at the next login they must set up the app again (even as a member).
    assert session_of_member.get(reverse("accounts:account")).status_code == 302
    again = log_in(member.username)
    response = again.get(reverse("accounts:account"))
    assert response.status_code == 302 and response.url.startswith(reverse("twofactor:setup"))
    # Another organisation's griffie sees none of this: 404 on the page and for the member.
    other = Client()
    other.force_login(tenant_b.griffier)
    assert other.get(reverse("twofactor:people", kwargs={"org": "aadorp"})).status_code == 404
    assert (
        other.post(
            reverse("twofactor:reset", kwargs={"org": "bdorp", "user_id": member.pk}),
            {"identity_checked": "on", "reason": "x"},
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_only_the_operator_resets_a_griffier(tenant_a: Tenant) -> None:
    colleague = UserFactory(username="griffiemedewerker")
    FunctieFactory(
        person=PersonFactory(user=colleague),
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="griffiemedewerker",
    )
    enrolled(colleague)
    enrolled(tenant_a.griffier)
    url = reverse("twofactor:reset", kwargs={"org": "aadorp", "user_id": colleague.pk})
    griffie = Client()
    griffie.force_login(tenant_a.griffier)
    assert griffie.get(url).status_code == 403
    own = reverse("twofactor:reset", kwargs={"org": "aadorp", "user_id": tenant_a.griffier.pk})
    assert griffie.get(own).status_code == 403
    member = Client()
    member.force_login(tenant_a.user)
    assert member.get(reverse("twofactor:people", kwargs={"org": "aadorp"})).status_code == 403
    operator = Client()
    operator.force_login(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    assert (
        operator.post(url, {"identity_checked": "on", "reason": "Gebeld op bekend nummer"}).status_code == 302
    )
    assert not services.has_second_factor(colleague)
    assert (
        AuditEvent.objects.filter(action="two_factor_reset", organisation=tenant_a.organisation).count() == 1
    )


@pytest.mark.django_db
def test_people_page_queries_do_not_grow(tenant_a: Tenant, django_assert_max_num_queries: Any) -> None:
    client = Client()
    client.force_login(tenant_a.griffier)
    url = reverse("twofactor:people", kwargs={"org": "aadorp"})
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    for n in range(12):
        user = enrolled(UserFactory(username=f"lid-{n}"))
        FunctieFactory(
            person=PersonFactory(user=user),
            organisation=tenant_a.organisation,
            body=tenant_a.raad,
            role="raadslid",
        )
    with django_assert_max_num_queries(14):
        assert client.get(url).content.decode().count("herstellen/") >= 12


@pytest.mark.django_db
def test_a_secret_under_another_key_does_not_open(tenant_a: Tenant, settings: Settings) -> None:
    user = enrolled(tenant_a.user)
    assert services.check_totp(user, code())
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert not services.check_totp(user, code(offset_steps=1))


@pytest.mark.django_db
def test_demo_griffier_logs_in_with_the_documented_key(settings: Settings) -> None:
    from django.core.management import call_command

    settings.DEBUG = True
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_two_factor", stdout=devnull)
    from toerusting.twofactor.demo import read_demo_file

    demo = read_demo_file(Path(settings.CONTENT_DIR) / "demo" / "two-factor" / "accounts.yaml")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "griffier", "password": "Demo-Toerusting-2026"})
    assert client.get(reverse("accounts:account")).url.startswith(reverse("twofactor:verify"))
    assert client.post(reverse("twofactor:verify"), {"code": code(demo.secret)}).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
    # Outside development mode the loader refuses: a known key must never reach real accounts.
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_two_factor")


@pytest.mark.django_db
def test_operator_resets_staff_in_the_admin_recorded_in_the_operators_trail(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = enrolled(UserFactory(username="medewerker", is_staff=True, email="mw@platform.example"))
    operator = enrolled(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    client = Client()
    client.force_login(operator)
    changelist = reverse("admin:twofactor_totpdevice_changelist")
    assert client.get(changelist).status_code == 200
    ids = [str(TotpDevice.objects.get(user=staff).pk), str(TotpDevice.objects.get(user=operator).pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "reset_second_step", "_selected_action": ids})
    assert response.status_code == 302
    # The staff member is reset, the operator's own app stays (nobody resets their own).
    assert not services.has_second_factor(staff) and services.has_second_factor(operator)
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert event.organisation is None and event.actor == operator and event.details["user_id"] == staff.pk
    assert [m.to for m in mail.outbox] == [["mw@platform.example"]]
    assert "beheerder van het platform" in mail.outbox[0].body


@pytest.mark.django_db
def test_staff_who_may_view_devices_cannot_reset_them_in_the_admin() -> None:
    """Only the operator resets in the admin: a staff account that may look at the devices resets nobody."""
    from django.contrib.auth.models import Permission

    operator = enrolled(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    viewer = enrolled(UserFactory(username="kijker", is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_totpdevice"))
    client = Client()
    client.force_login(viewer)
    changelist = reverse("admin:twofactor_totpdevice_changelist")
    assert client.get(changelist).status_code == 200
    ids = [str(TotpDevice.objects.get(user=operator).pk)]
    client.post(changelist, {"action": "reset_second_step", "_selected_action": ids})
    assert services.has_second_factor(operator)
    assert not AuditEvent.objects.filter(action="two_factor_reset").exists()


@pytest.mark.django_db
def test_the_second_step_answers_a_clean_503_when_the_database_is_away(
    monkeypatch: pytest.MonkeyPatch, tenant_a: Tenant
) -> None:
    """The check runs before the view, where the view's 503 does not reach: an outage there is the same
    clean 503 page, not a 500, and no page is served without the check."""
    from django.db import OperationalError

    from toerusting.twofactor import middleware

    def away(user: object) -> str:
        raise OperationalError("connection refused")

    client = Client()
    client.force_login(tenant_a.griffier)
    monkeypatch.setattr(middleware.services, "needed", away)
    monkeypatch.setattr(middleware.settings, "TWO_FACTOR_RECHECK_SECONDS", 0)
    session = client.session
    session[middleware.SESSION_KEY] = {"user": tenant_a.griffier.pk, "checked_at": 0}
    session.save()
    response = client.get(reverse("planner:plan", kwargs={"org": tenant_a.organisation.slug}))
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and "Er ging iets mis" not in response.content.decode()
