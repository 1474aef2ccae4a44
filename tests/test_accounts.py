"""Logging in and out, and the rate limit on failed logins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from toerusting.accounts.models import LoginFailure

PASSWORD = "Correct-Paard-Batterij-9"


def login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


@pytest.mark.django_db
def test_login_and_logout(client: Client, tenant_a: Tenant) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": tenant_a.user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    home = client.get(reverse("portal:home"))
    assert tenant_a.person.given_name in home.content.decode()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert (
        client.get(reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug})).status_code
        == 302
    )


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client: Client, tenant_a: Tenant) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": tenant_a.user.username, "password": "fout"}
    )
    assert response.status_code == 200
    assert "utrecht-alert--error" in response.content.decode()
    assert LoginFailure.objects.count() == 1


@pytest.mark.django_db
def test_too_many_failures_block_even_the_right_password(client: Client, tenant_a: Tenant, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert login(client, tenant_a.user.username, "fout") == 200
    assert login(client, tenant_a.user.username, PASSWORD) == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_from_one_address_block_other_usernames(client: Client, tenant_a: Tenant, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    for name in ("a", "b", "c"):
        login(client, name, "fout")
    assert login(client, tenant_a.user.username, PASSWORD) == 429


@pytest.mark.django_db
def test_failures_expire_after_the_window(client: Client, tenant_a: Tenant, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        login(client, tenant_a.user.username, "fout")
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 0
    assert login(client, tenant_a.user.username, PASSWORD) == 302


@pytest.mark.django_db
def test_success_clears_earlier_failures(client: Client, tenant_a: Tenant) -> None:
    login(client, tenant_a.user.username, "fout")
    assert login(client, tenant_a.user.username, PASSWORD) == 302
    assert LoginFailure.objects.filter(username=tenant_a.user.username).count() == 0


@pytest.mark.django_db
def test_admin_login_is_rate_limited_too(client: Client, settings) -> None:
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "beheer", "password": "fout"})
    response = client.post(reverse("admin:login"), {"username": "beheer", "password": "fout"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_address_behind_a_trusted_proxy(client: Client, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_MAX_FAILURES = 2
    for name in ("a", "b"):
        client.post(
            reverse("accounts:login"),
            {"username": name, "password": "x"},
            headers={"x-forwarded-for": "203.0.113.7"},
        )
    assert LoginFailure.objects.filter(client_address="203.0.113.7").count() == 2
    other = client.post(
        reverse("accounts:login"),
        {"username": "c", "password": "x"},
        headers={"x-forwarded-for": "198.51.100.9"},
    )
    assert other.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lookalike",
    ["we\N{FULLWIDTH LATIN SMALL LETTER T}houder", "\N{MATHEMATICAL BOLD SMALL W}ethouder", "WETHOUDER"],
)
def test_lookalike_usernames_share_the_limit_of_the_account(settings, lookalike: str) -> None:
    """Django's login form folds a username with NFKC, so a lookalike logs in as the real account:
    the limit must count it as the same name."""
    from tests.factories import UserFactory

    UserFactory(username="wethouder")
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert login(Client(REMOTE_ADDR="198.51.100.1"), "wethouder", "fout") == 200
    other_address = Client(REMOTE_ADDR="198.51.100.2")
    assert login(other_address, lookalike, PASSWORD) == 429
    assert "_auth_user_id" not in other_address.session
