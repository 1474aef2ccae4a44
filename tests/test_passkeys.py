"""Passkeys (WebAuthn) at the second login step: adding one from Mijn account (options, the answer of a
software authenticator, checked by py_webauthn), logging in with it instead of a code, a challenge that
works once and only in its own session, a wrong origin, a use counter that goes back (flagged as a copy),
removal with the password, the rate limit and audit trail, and the griffie's reset removing passkeys."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from tests.softkey import SoftKey, b64url
from tests.test_two_factor import PASSWORD, enrolled, log_in
from toerusting.accounts.models import User
from toerusting.audit.models import Action, AuditEvent
from toerusting.twofactor import middleware, passkeys, services
from toerusting.twofactor.models import Passkey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _relying_party(settings: Settings) -> None:
    settings.WEBAUTHN_RP_ID = "testserver"
    settings.WEBAUTHN_ORIGIN = ["http://testserver"]


def options(client: Client, name: str) -> dict[str, object]:
    response = client.post(reverse(name))
    assert response.status_code == 200, response.content.decode()
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def add_passkey(client: Client, key: SoftKey, name: str = "Laptop") -> Passkey:
    answer = key.create(options(client, "twofactor:passkey_registration_options"))
    response = client.post(reverse("twofactor:passkeys"), {"name": name, "credential": answer})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Passkey.objects.get(credential_id=b64url(key.credential_id))


def member_with_passkey(tenant: Tenant) -> tuple[User, SoftKey]:
    user = enrolled(tenant.user)
    client = Client()
    client.force_login(user)
    key = SoftKey()
    add_passkey(client, key)
    return user, key


def test_a_member_adds_a_passkey_and_sees_it_listed(tenant_a: Tenant, client: Client) -> None:
    user = enrolled(tenant_a.user)
    client.force_login(user)
    status = client.get(reverse("twofactor:setup")).content.decode()
    assert reverse("twofactor:passkeys") in status
    page = client.get(reverse("twofactor:passkeys"))
    html = page.content.decode()
    assert page.status_code == 200 and "twofactor/passkeys.js" in html and "<script>" not in html
    data = options(client, "twofactor:passkey_registration_options")
    assert data["rp"] == {"id": "testserver", "name": "Toerusting"}
    assert data["authenticatorSelection"]["userVerification"] == "preferred"
    key = SoftKey()
    passkey = add_passkey(client, key, "Blauwe sleutel")
    assert passkey.user == user and passkey.sign_count == 0 and passkey.transports == ["internal"]
    listed = client.get(reverse("twofactor:passkeys")).content.decode()
    assert "Blauwe sleutel" in listed and "nog niet" in listed
    event = AuditEvent.objects.get(action=Action.PASSKEY_ADDED)
    assert event.actor == user and event.target == "Blauwe sleutel"
    # The same authenticator again is named in the next options' exclusion list, and refused if sent.
    again = options(client, "twofactor:passkey_registration_options")
    assert [c["id"] for c in again["excludeCredentials"]] == [passkey.credential_id]  # type: ignore[index]
    refused = client.post(
        reverse("twofactor:passkeys"), {"name": "Nog eens", "credential": key.create(again)}
    )
    assert refused.status_code == 400 and "eerder toegevoegd" in refused.content.decode()


def test_a_passkey_needs_the_app_first(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    assert client.get(reverse("twofactor:passkeys")).url == reverse("twofactor:setup")
    response = client.post(reverse("twofactor:passkey_registration_options"))
    assert response.status_code == 400 and "authenticator-app" in json.loads(response.content)["error"]


def test_logging_in_with_a_passkey_instead_of_a_code(tenant_a: Tenant) -> None:
    user, key = member_with_passkey(tenant_a)
    client = log_in(user.username, next_path="/account/")
    verify = client.get(reverse("twofactor:verify"))
    assert "Inloggen met een passkey" in verify.content.decode()
    # Nothing else opens before the second step, but the passkey's options do.
    assert client.get(reverse("accounts:account")).status_code == 302
    data = options(client, "twofactor:passkey_login_options")
    assert [c["id"] for c in data["allowCredentials"]] == [Passkey.objects.get().credential_id]  # type: ignore[index]
    response = client.post(
        reverse("twofactor:passkey_login"), {"credential": key.get(data), "next": "/account/"}
    )
    assert response.status_code == 302 and response.url == "/account/"
    assert client.get(reverse("accounts:account")).status_code == 200
    passkey = Passkey.objects.get()
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    assert AuditEvent.objects.filter(action=Action.PASSKEY_USED, actor=user).count() == 1


def test_a_challenge_works_once_and_only_in_its_own_session(tenant_a: Tenant) -> None:
    user, key = member_with_passkey(tenant_a)
    first = log_in(user.username)
    data = options(first, "twofactor:passkey_login_options")
    answer = key.get(data)
    # Another session (an attacker who caught the answer) has no such challenge.
    other = log_in(user.username)
    stolen = other.post(reverse("twofactor:passkey_login"), {"credential": answer})
    assert stolen.status_code == 400 and "verlopen of al gebruikt" in stolen.content.decode()
    assert middleware.SESSION_KEY not in other.session or not other.session[middleware.SESSION_KEY].get(
        "verified"
    )
    assert first.post(reverse("twofactor:passkey_login"), {"credential": answer}).status_code == 302
    # The same answer once more (a replay in a new login of the same browser): the challenge is used up.
    replay = log_in(user.username)
    replay.post(reverse("twofactor:passkey_login_options"))
    again = replay.post(reverse("twofactor:passkey_login"), {"credential": answer})
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action=Action.PASSKEY_FAILED).count() == 2


def test_an_answer_for_another_origin_is_refused(tenant_a: Tenant) -> None:
    user, key = member_with_passkey(tenant_a)
    client = log_in(user.username)
    data = options(client, "twofactor:passkey_login_options")
    phished = key.get(data, origin="https://toerusting.phishing.example")
    response = client.post(reverse("twofactor:passkey_login"), {"credential": phished})
    assert response.status_code == 400 and "niet kunnen controleren" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.PASSKEY_FAILED)
    assert event.details["reason"] == "invalid"
    # Adding a passkey from another origin is refused the same way.
    client.force_login(user)
    answer = SoftKey().create(
        options(client, "twofactor:passkey_registration_options"), origin="https://elders.example"
    )
    added = client.post(reverse("twofactor:passkeys"), {"name": "Elders", "credential": answer})
    assert added.status_code == 400 and Passkey.objects.count() == 1


def test_the_origin_defaults_to_the_request_when_its_host_is_the_rp_id(
    tenant_a: Tenant, settings: Settings
) -> None:
    settings.WEBAUTHN_RP_ID = ""
    settings.WEBAUTHN_ORIGIN = []
    settings.ALLOWED_HOSTS = ["127.0.0.1", "*.example", "testserver"]
    assert passkeys.rp_id() == "testserver"
    user = enrolled(tenant_a.user)
    client = Client()
    client.force_login(user)
    add_passkey(client, SoftKey())
    settings.ALLOWED_HOSTS = ["toerusting.example.nl", "testserver"]
    response = client.post(reverse("twofactor:passkey_registration_options"))
    answer = SoftKey().create(json.loads(response.content))
    refused = client.post(reverse("twofactor:passkeys"), {"name": "Tweede", "credential": answer})
    assert refused.status_code == 400 and "werken niet op dit adres" in refused.content.decode()


def test_a_counter_that_goes_back_blocks_the_passkey_as_a_copy(tenant_a: Tenant) -> None:
    user, key = member_with_passkey(tenant_a)
    client = log_in(user.username)
    assert (
        client.post(
            reverse("twofactor:passkey_login"),
            {"credential": key.get(options(client, "twofactor:passkey_login_options"), count=5)},
        ).status_code
        == 302
    )
    copy = log_in(user.username)
    answer = key.get(options(copy, "twofactor:passkey_login_options"), count=3)
    response = copy.post(reverse("twofactor:passkey_login"), {"credential": answer})
    assert response.status_code == 400 and "gekopieerd" in response.content.decode()
    passkey = Passkey.objects.get()
    assert passkey.clone_warning_at is not None and passkey.sign_count == 5
    warning = AuditEvent.objects.get(action=Action.PASSKEY_CLONE_WARNING)
    assert warning.details["stored"] == 5 and warning.details["received"] == 3
    # Blocked from now on, even with a higher counter; the app's code still works.
    later = log_in(user.username)
    blocked = later.post(reverse("twofactor:passkey_login_options"))
    assert blocked.status_code == 400
    client.force_login(user)
    assert "mogelijk gekopieerd" in client.get(reverse("twofactor:passkeys")).content.decode()


def test_wrong_passkey_answers_count_toward_the_login_limit(tenant_a: Tenant, settings: Settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    user, _key = member_with_passkey(tenant_a)
    client = log_in(user.username)
    statuses = []
    for _attempt in range(3):
        options(client, "twofactor:passkey_login_options")
        statuses.append(client.post(reverse("twofactor:passkey_login"), {"credential": "{}"}).status_code)
    assert statuses == [400, 400, 429]
    # The session ended; the password step refuses the name for now.
    again = Client().post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert again.status_code != 302


def test_removing_a_passkey_asks_for_the_password(tenant_a: Tenant, client: Client) -> None:
    user, _key = member_with_passkey(tenant_a)
    passkey = Passkey.objects.get()
    client.force_login(user)
    url = reverse("twofactor:passkey_remove", args=[passkey.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"password": "niet-mijn-wachtwoord"})
    assert wrong.status_code == 400 and Passkey.objects.exists()
    assert client.post(url, {"password": PASSWORD}).url == reverse("twofactor:passkeys")
    assert not Passkey.objects.exists()
    assert AuditEvent.objects.get(action=Action.PASSKEY_REMOVED).target == "Laptop"
    # Someone else's passkey is not found.
    _other, _other_key = member_with_passkey(tenant_a_colleague(tenant_a))
    assert client.get(reverse("twofactor:passkey_remove", args=[Passkey.objects.get().pk])).status_code == 404


def tenant_a_colleague(tenant: Tenant) -> Tenant:
    """The same organisation with its griffier as the user (for a second person with a passkey)."""
    return Tenant(**{**tenant.__dict__, "user": tenant.griffier})


def test_the_griffies_reset_and_switching_off_remove_passkeys(tenant_a: Tenant, client: Client) -> None:
    user, _key = member_with_passkey(tenant_a)
    enrolled(tenant_a.griffier)
    client.force_login(tenant_a.griffier)
    response = client.post(
        reverse("twofactor:reset", kwargs={"org": tenant_a.organisation.slug, "user_id": user.pk}),
        {"identity_checked": "on", "reason": "Telefoon en sleutel kwijt, aan de balie gecontroleerd"},
    )
    assert response.status_code == 302
    assert not Passkey.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action=Action.TWO_FACTOR_RESET).details["passkeys_removed"] == 1
    member_with_passkey(tenant_a)
    services.disable(user)
    assert not Passkey.objects.filter(user=user).exists()
