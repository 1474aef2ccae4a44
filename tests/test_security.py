"""Security findings of issue 10, each with the attack that worked before it was fixed.

Render-side link check and Content-Security-Policy; the RIS launch (operators, disabled accounts, account
creation, long jti); the tab session (binding, life, revocation, clean-up, logs); HSTS, the example
SECRET_KEY and the frame origins of a RIS connection.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.test_embed import SECRET, launch, token
from toerusting import csp
from toerusting.accounts.models import User
from toerusting.agenda.models import Document
from toerusting.embed.models import RisConnection, RisIdentity, TabSession, UsedLaunchToken
from toerusting.logfilters import MaskUrlSecrets
from toerusting.organisations.models import Functie

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ris(tenant_a: Tenant) -> RisConnection:
    connection = tenant_a.ris
    connection.key = SECRET
    connection.save()
    return connection


def key_of(location: str) -> str:
    return location.split("s=")[1]


# --- 1. Stored XSS, render side, and the Content-Security-Policy ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:x()",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/relatief",
    ],
)
def test_meeting_page_links_only_http_documents(client: Client, tenant_a: Tenant, address: str) -> None:
    meeting = tenant_a.meeting
    Document.objects.create(meeting=meeting, source_id="d-bad", title="Kwaadaardig stuk", url=address)
    Document.objects.create(
        meeting=meeting,
        agenda_item=tenant_a.agenda_item,
        source_id="d-bad-2",
        title="Kwaadaardige bijlage",
        url=address,
    )
    Document.objects.create(
        meeting=meeting, source_id="d-good", title="Raadsvoorstel", url="https://ris.aadorp.example/stuk.pdf"
    )
    meeting.source_url = address
    meeting.save()
    client.force_login(tenant_a.user)
    url = reverse("recommendations:meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    html = client.get(url).content.decode()
    assert "Kwaadaardig stuk" in html and "Kwaadaardige bijlage" in html  # shown, as text
    assert 'href="https://ris.aadorp.example/stuk.pdf"' in html
    for forbidden in ("javascript:", "JavaScript:", "data:text", "vbscript:", "//evil.example", "/relatief"):
        assert f'href="{forbidden}' not in html
        assert f'href=" {forbidden}' not in html
    assert "java\tscript" not in html.split("Kwaadaardig stuk")[0][-200:]


@pytest.mark.django_db
def test_every_kind_of_page_sends_a_strict_policy(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    for url in (
        reverse("portal:home"),
        reverse("catalogue:list"),
        reverse("organisations:overview", kwargs={"org": "aadorp"}),
        reverse("recommendations:meeting", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk}),
        "/bestaat-niet/",
    ):
        response = client.get(url)
        policy = csp.directives(response["Content-Security-Policy"])
        assert policy["default-src"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'", url
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert policy["script-src"].startswith("'self' 'nonce-"), url
        assert policy["img-src"] == "'self' data:", url
    anonymous = Client().get(reverse("accounts:login"))
    assert csp.directives(anonymous["Content-Security-Policy"])["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_nonce_is_new_for_every_response(client: Client) -> None:
    first = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    second = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert csp.directives(first)["script-src"] != csp.directives(second)["script-src"]


@pytest.mark.django_db
def test_the_cached_tab_gets_the_nonce_of_each_response(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    tenant_a.organisation.theme = {"--toerusting-color-primary": "#00587a"}
    tenant_a.organisation.save()
    location = launch(client, token(meeting=tenant_a.meeting.source_id))["Location"]
    for _ in range(2):  # the second response comes from the cache
        response = client.get(location)
        nonce = csp.directives(response["Content-Security-Policy"])["style-src"].split("'nonce-")[1][:-1]
        assert f'<style nonce="{nonce}">' in response.content.decode()
        assert (
            csp.directives(response["Content-Security-Policy"])["frame-ancestors"]
            == tenant_a.ris.frame_origins[0]
        )


# --- 3. A launch never maps to staff or superusers; 4. disabled accounts ----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_a_launch_with_an_operators_email_is_refused(
    client: Client, ris: RisConnection, tenant_a: Tenant, tenant_b: Tenant, flag: str
) -> None:
    ris.create_accounts = True
    ris.save()
    UserFactory(username="beheer", email="beheer@platform.example", **{flag: True})
    response = launch(client, token(sub="ris-beheer", email="beheer@platform.example"))
    assert response.status_code == 403
    assert response.context["reason"] == "not_allowed"
    assert not RisIdentity.objects.filter(subject="ris-beheer").exists()
    assert not TabSession.objects.filter(user__username="beheer").exists()
    assert User.objects.filter(email__iexact="beheer@platform.example").count() == 1  # none created


@pytest.mark.django_db
def test_an_identity_that_points_at_a_superuser_is_refused(client: Client, ris: RisConnection) -> None:
    operator = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    RisIdentity.objects.create(connection=ris, subject="ris-beheer", user=operator)
    response = launch(client, token(sub="ris-beheer"))
    assert response.status_code == 403
    assert response.context["reason"] == "not_allowed"


@pytest.mark.django_db
def test_a_superusers_tab_session_sees_nothing(client: Client, tenant_a: Tenant, tenant_b: Tenant) -> None:
    """A tab session of an operator (made before this fix) no longer opens B's own items."""
    operator = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    TabSession.objects.filter(key=tenant_a.tab_key).update(user=operator)
    url = reverse("embed:learning_item", kwargs={"org": "aadorp", "slug": tenant_b.module.slug})
    assert client.get(url, {"s": tenant_a.tab_key}).status_code == 403


@pytest.mark.django_db
def test_a_member_without_a_current_functie_is_refused(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    Functie.objects.filter(person__user=tenant_a.user).update(
        start_date=dt.date.today() + dt.timedelta(days=30)
    )
    response = launch(client, token())
    assert response.status_code == 403
    assert response.context["reason"] == "not_member"


@pytest.mark.django_db
def test_a_disabled_account_cannot_launch(client: Client, ris: RisConnection, tenant_a: Tenant) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    tenant_a.user.is_active = False
    tenant_a.user.save()
    response = launch(client, token())
    assert response.status_code == 403
    assert response.context["reason"] == "account_disabled"


@pytest.mark.django_db
def test_a_disabled_account_loses_its_open_tab_at_the_next_request(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    location = launch(client, token())["Location"]
    assert Client().get(location).status_code == 200
    User.objects.filter(pk=tenant_a.user.pk).update(is_active=False)  # as a bulk change or SQL would
    assert Client().get(location).status_code == 403


# --- 5. Accounts a RIS may create -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["burgemeester", "griffier", "griffiemedewerker", "wethouder", ""])
def test_a_ris_creates_accounts_for_member_roles_only(
    client: Client, ris: RisConnection, tenant_a: Tenant, role: str
) -> None:
    ris.create_accounts = True
    ris.save()
    response = launch(
        client, token(sub="nieuw", email="nieuw@aadorp.example", name="Nieuwe Persoon", role=role)
    )
    assert response.status_code == 403
    assert response.context["reason"] == "role_not_allowed"
    assert not User.objects.filter(email="nieuw@aadorp.example").exists()


@pytest.mark.django_db
def test_a_ris_cannot_take_another_organisations_email_address(
    client: Client, ris: RisConnection, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    """Before: A's RIS created an account with B's member's address, so B could no longer link it."""
    ris.create_accounts = True
    ris.save()
    tenant_b.user.email = "lid@beestad.example"
    tenant_b.user.save()
    response = launch(
        client,
        token(sub="kaper", email="LID@beestad.example", role="raadslid", fractie=tenant_a.fractie.name),
    )
    assert response.status_code == 403
    assert response.context["reason"] == "email_taken"
    assert User.objects.filter(email__iexact="lid@beestad.example").count() == 1


@pytest.mark.django_db
def test_a_disabled_account_with_the_email_is_not_replaced(client: Client, ris: RisConnection) -> None:
    ris.create_accounts = True
    ris.save()
    UserFactory(username="oud-lid", email="oud@aadorp.example", is_active=False)
    response = launch(client, token(sub="oud", email="oud@aadorp.example", role="raadslid"))
    assert response.status_code == 403
    assert response.context["reason"] == "email_taken"


# --- 6. The tab session: bound, short, revocable, cleaned up, kept out of logs ----------------------------


@pytest.mark.django_db
def test_the_tab_session_is_bound_to_the_browser_that_launched_it(
    ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (raadslid)")
    location = launch(browser, token())["Location"]
    assert browser.get(location).status_code == 200
    assert Client(HTTP_USER_AGENT="curl/8.0").get(location).status_code == 403
    assert Client().get(location).status_code == 403


@pytest.mark.django_db
def test_the_tab_session_is_bound_to_its_connection(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    location = launch(client, token())["Location"]
    ris.is_active = False
    ris.save()
    assert client.get(location).status_code == 403


@pytest.mark.django_db
def test_a_tab_session_lasts_half_an_hour(
    client: Client, ris: RisConnection, tenant_a: Tenant, settings: Any
) -> None:
    from django.conf import settings as django_settings

    assert django_settings.EMBED_SESSION_SECONDS == 1800 or os.environ.get("EMBED_SESSION_SECONDS")
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    launch(client, token())
    session = TabSession.objects.filter(user=tenant_a.user).get()
    assert session.expires_at - session.created_at <= dt.timedelta(
        seconds=django_settings.EMBED_SESSION_SECONDS + 1
    )


@pytest.mark.django_db
def test_a_launch_cleans_up_expired_sessions_and_tokens(
    client: Client, ris: RisConnection, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    TabSession.objects.filter(key=tenant_b.tab_key).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    UsedLaunchToken.objects.create(
        connection=ris, jti="oud", expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert launch(client, token()).status_code == 302
    assert not TabSession.objects.filter(key=tenant_b.tab_key).exists()
    assert not UsedLaunchToken.objects.filter(jti="oud").exists()
    assert TabSession.objects.filter(key=tenant_a.tab_key).exists()


@pytest.mark.django_db
def test_logging_out_ends_the_tab_sessions(client: Client, ris: RisConnection, tenant_a: Tenant) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    location = launch(Client(), token())["Location"]
    client.force_login(tenant_a.user)
    client.post(reverse("accounts:logout"))
    assert not TabSession.objects.filter(user=tenant_a.user).exists()
    assert Client().get(location).status_code == 403


@pytest.mark.django_db
def test_disabling_an_account_in_the_admin_ends_its_tab_sessions(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    launch(Client(), token())
    operator = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    client.force_login(operator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [tenant_a.user.pk]},
    )
    assert response.status_code == 302
    tenant_a.user.refresh_from_db()
    assert not tenant_a.user.is_active
    assert not TabSession.objects.filter(user=tenant_a.user).exists()


@pytest.mark.django_db
def test_the_griffie_ends_a_members_tab_sessions(
    client: Client, ris: RisConnection, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    location = launch(Client(), token())["Location"]
    url = reverse("tabsessions:list", kwargs={"org": "aadorp"})
    client.force_login(tenant_a.user)
    assert client.get(url).status_code == 403  # a raadslid may not
    assert client.post(url, {"member": "all"}).status_code == 403
    client.force_login(tenant_a.griffier)
    page = client.get(url)
    assert page.status_code == 200
    assert tenant_a.person.full_name in page.content.decode()
    assert tenant_b.person.full_name not in page.content.decode()
    assert client.post(url, {"member": str(tenant_b.griffier.pk)}).status_code == 400  # not in this list
    assert client.post(url, {"member": str(tenant_a.user.pk)}).status_code == 302
    assert Client().get(location).status_code == 403
    assert TabSession.objects.filter(key=tenant_a.tab_key).exists()  # the griffier's own stays
    assert TabSession.objects.filter(key=tenant_b.tab_key).exists()  # B's stay
    client.post(url, {"member": "all"})
    assert not TabSession.objects.filter(connection__organisation=tenant_a.organisation).exists()
    assert TabSession.objects.filter(key=tenant_b.tab_key).exists()


@pytest.mark.django_db
def test_an_operator_ends_a_tab_session_in_the_admin(client: Client, tenant_a: Tenant) -> None:
    session = TabSession.objects.get(key=tenant_a.tab_key)
    client.force_login(UserFactory(username="beheer", is_superuser=True, is_staff=True))
    url = reverse("admin:embed_tabsession_delete", args=[session.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TabSession.objects.filter(key=tenant_a.tab_key).exists()
    assert (
        Client().get(reverse("embed:upcoming", kwargs={"org": "aadorp"}), {"s": tenant_a.tab_key}).status_code
        == 403
    )


def _record(logger: str, message: str, *args: Any) -> logging.LogRecord:
    return logging.LogRecord(logger, logging.INFO, __file__, 1, message, args, None)


def test_the_log_filter_masks_tab_keys_and_launch_tokens() -> None:
    log_filter = MaskUrlSecrets()
    access = _record(
        "django.server", '"%s" %s %s', "GET /embed/aadorp/?s=GEHEIM-sleutel_123&x=1 HTTP/1.1", "200", "5"
    )
    assert log_filter.filter(access)
    assert "GEHEIM" not in access.getMessage()
    assert "/embed/aadorp/?s=[hidden]&x=1" in access.getMessage()
    launch_line = _record("django.request", "Forbidden: %s", "/embed/launch/?token=eyJhbGciOi.abc.def")
    log_filter.filter(launch_line)
    assert "eyJ" not in launch_line.getMessage()
    plain = _record("django.server", '"%s" %s %s', "GET /catalogus/?sort=s HTTP/1.1", "200", "5")
    log_filter.filter(plain)
    assert plain.getMessage() == '"GET /catalogus/?sort=s HTTP/1.1" 200 5'


def test_the_log_filter_is_on_the_request_and_server_loggers() -> None:
    """Through the configured logging (settings.LOGGING): what the handlers write has no key."""
    import io

    written = io.StringIO()
    loggers = [logging.getLogger("django.server"), logging.getLogger("django.request"), logging.getLogger()]
    # The handlers of settings.LOGGING (pytest adds its own capture handlers to the root logger).
    handlers = [h for logger in loggers for h in logger.handlers if type(h) is logging.StreamHandler]
    assert len(handlers) == 3
    streams = [handler.setStream(written) for handler in handlers]  # type: ignore[attr-defined]
    try:
        logging.getLogger("django.server").info('"%s" %s %s', "GET /embed/a/?s=GEHEIM1 HTTP/1.1", "200", "1")
        logging.getLogger("django.request").warning("Forbidden: %s", "/embed/a/?s=GEHEIM2")
        logging.getLogger("toerusting").warning("elders: /embed/launch/?token=GEHEIM3")
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.setStream(stream)  # type: ignore[attr-defined]
    assert written.getvalue().count("[hidden]") == 3, written.getvalue()
    assert "GEHEIM" not in written.getvalue()


# --- 7. HSTS, the example SECRET_KEY, frame origins, long jti ---------------------------------------------


def _settings_in_a_fresh_process(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY"} and not k.startswith("SECURE_")
    }
    return subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", f"import toerusting.settings as s; {code}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_example_secret_key_is_refused_in_production() -> None:
    example = dict(
        line.split("=", 1)
        for line in (ROOT / "dotenv.example").read_text().splitlines()
        if line.startswith("SECRET_KEY=")
    )["SECRET_KEY"]
    refused = _settings_in_a_fresh_process({"DEBUG": "false", "SECRET_KEY": example}, "print('started')")
    assert refused.returncode != 0
    assert "example value from dotenv.example" in refused.stderr
    accepted = _settings_in_a_fresh_process({"DEBUG": "false", "SECRET_KEY": "x" * 50}, "print('started')")
    assert accepted.returncode == 0, accepted.stderr


def test_hsts_is_read_from_the_environment() -> None:
    result = _settings_in_a_fresh_process(
        {
            "DEBUG": "false",
            "SECRET_KEY": "y" * 50,
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
        },
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
    )
    assert result.stdout.split() == ["31536000", "True", "True"], result.stderr
    default = _settings_in_a_fresh_process(
        {"DEBUG": "false", "SECRET_KEY": "y" * 50}, "print(s.SECURE_HSTS_SECONDS)"
    )
    assert default.stdout.strip() == "0"


@pytest.mark.django_db
def test_hsts_header_is_sent_over_https(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("origins", "problem"),
    [
        (["*"], "jokertekens"),
        (["https://*.ris.example"], "jokertekens"),
        (["https://ris.example/pagina"], "geen pad"),
        (["https://ris.example/"], "geen pad"),
        (["https://ris.example?x=1"], "geen pad"),
        (["http://ris.example"], "gebruik https"),
        (["ftp://ris.example"], "gebruik schema en host"),
        (["ris.example"], "gebruik schema en host"),
        (["https://user:pw@ris.example"], "geen gebruikersnaam"),
        (["https://ris.example:99999"], "geen geldige"),
        ("https://ris.example", "lijst van origins"),
        ([42], "een origin is een tekst"),
    ],
)
def test_frame_origins_are_checked(tenant_a: Tenant, origins: Any, problem: str) -> None:
    connection = tenant_a.ris
    connection.frame_origins = origins
    with pytest.raises(ValidationError, match=problem):
        connection.full_clean()


@pytest.mark.django_db
def test_good_frame_origins_pass(tenant_a: Tenant) -> None:
    connection = tenant_a.ris
    connection.frame_origins = ["https://ris.example", "https://ris.example:8443", "http://127.0.0.1:8001"]
    connection.frame_origins += ["http://localhost:8001", "http://[::1]:8001"]
    connection.full_clean()


@pytest.mark.django_db
def test_the_admin_refuses_a_wildcard_origin(client: Client, tenant_a: Tenant) -> None:
    client.force_login(UserFactory(username="beheer", is_superuser=True, is_staff=True))
    url = reverse("admin:embed_risconnection_change", args=[tenant_a.ris.pk])
    response = client.post(
        url,
        {
            "organisation": tenant_a.organisation.pk,
            "name": "Test-RIS",
            "issuer": tenant_a.ris.issuer,
            "algorithm": "HS256",
            "key": "x" * 40,
            "frame_origins": '["*"]',
            "agenda_source": "push",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "jokertekens (*) zijn niet toegestaan" in response.content.decode()
    tenant_a.ris.refresh_from_db()
    assert tenant_a.ris.frame_origins == ["https://ris.aadorp.example"]


@pytest.mark.django_db
def test_a_jti_longer_than_200_characters_is_refused(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    long_jti = "a" * 201
    response = launch(client, token(jti=long_jti))
    assert response.status_code == 403
    assert response.context["reason"] == "malformed"
    assert not UsedLaunchToken.objects.exists()
    # Before, the jti was cut to 200 characters: a second token with the same first 200 was a "replay".
    assert launch(client, token(jti="a" * 200)).status_code == 302
