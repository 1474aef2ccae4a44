"""Logging in through an organisation's own identity provider, against a real certified provider
(panva/node-oidc-provider on loopback, tests/oidc_fixtures.py): the provider's own login and consent pages are
filled in over HTTP, Toerusting is driven through Django's test client. The happy path, the matching rules
(verified e-mail address, employee number, never a name), new accounts limited to member roles, each failure
answered with a clear page, the logout at both ends, the griffie's page and the audit trail."""

from __future__ import annotations

import html
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.db import connection
from django.test import Client

from tests.conftest import Tenant
from tests.factories import FunctieFactory
from tests.oidc_fixtures import (
    SECRET,
    RunningProvider,
    follow,
    forms_of,
    log_in_at_provider,
    oidc_provider,  # noqa: F401
    submit,
)
from toerusting import csp
from toerusting.accounts.models import User
from toerusting.audit.models import AuditEvent
from toerusting.oidc.models import OidcIdentity, OidcProvider
from toerusting.organisations.models import Functie
from toerusting.privacy import selectors as privacy_selectors

pytestmark = pytest.mark.django_db


def configure(tenant: Tenant, provider: RunningProvider, **fields: Any) -> OidcProvider:
    values: dict[str, Any] = {
        "enabled": True,
        "issuer": provider.issuer,
        "client_id": "toerusting",
        "client_secret": SECRET,
        "scopes": "openid email profile toerusting",
        **fields,
    }
    return OidcProvider.objects.create(organisation=tenant.organisation, **values)


@pytest.fixture
def people(tenant_a: Tenant, tenant_b: Tenant) -> Tenant:
    """The provider's accounts match these addresses (tests/oidc_provider/provider.js)."""
    User.objects.filter(pk=tenant_a.griffier.pk).update(email="griffier@aadorp.test")
    User.objects.filter(pk=tenant_a.user.pk).update(email="lid@aadorp.test")
    User.objects.filter(pk=tenant_b.user.pk).update(email="lid@beekdal.test")
    User.objects.create_superuser("beheer", "beheer@toerusting.test", "Correct-Paard-Batterij-9")
    return tenant_a


def start(client: Client, slug: str = "aadorp") -> str:
    response = client.post(f"/o/{slug}/inloggen/")
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def log_in(client: Client, http: requests.Session, login: str, slug: str = "aadorp") -> Any:
    """The whole round trip: Toerusting → the provider's pages → back to Toerusting's redirect URI."""
    back = log_in_at_provider(http, start(client, slug), login)
    assert back.startswith("http://testserver/inloggen/oidc/terug/"), back
    return client.get(back)


def logged_in_user(client: Client) -> int | None:
    from django.contrib.auth import get_user

    user = get_user(client)  # type: ignore[arg-type]
    return user.pk if user.is_authenticated else None


def failures(tenant: Tenant) -> list[str]:
    return [
        e.details.get("reason", "")
        for e in AuditEvent.objects.filter(organisation=tenant.organisation, action="oidc_login_failed")
    ]


# --- The happy path -----------------------------------------------------------------------------------------


def test_the_authorization_request_uses_pkce_state_and_nonce(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider)
    query = parse_qs(urlparse(start(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == ["http://testserver/inloggen/oidc/terug/"]
    assert query["client_id"] == ["toerusting"]
    # A second start has new values: nothing is reused between logins.
    again = parse_qs(urlparse(start(client)).query)
    assert again["state"] != query["state"] and again["nonce"] != query["nonce"]


def test_griffier_logs_in_and_still_gives_the_second_step(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """Matched on the verified address; without the organisation's statement that the provider asks for a
    second factor, the griffie still sets up and gives Toerusting's own code."""
    configure(people, oidc_provider)
    response = log_in(client, requests.Session(), "griffier@aadorp.test")
    assert response.status_code == 302
    assert logged_in_user(client) == people.griffier.pk
    assert client.get("/o/aadorp/logboek/")["Location"].startswith("/account/tweestaps/")
    identity = OidcIdentity.objects.get(user=people.griffier)
    assert identity.subject == "griffier@aadorp.test"  # the provider's sub
    event = AuditEvent.objects.get(organisation=people.organisation, action="oidc_login")
    assert event.actor_id == people.griffier.pk and event.target == oidc_provider.issuer
    assert event.details == {"second_step_at_provider": False}


def test_a_provider_that_asks_for_a_second_factor_passes_the_second_step(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider, provider_enforces_mfa=True)
    response = log_in(client, requests.Session(), "griffier@aadorp.test")
    assert response["Location"] == "/"
    page = client.get("/o/aadorp/logboek/")
    assert page.status_code == 200
    assert "via de inlogdienst van de organisatie" in page.content.decode()


def test_the_providers_second_factor_does_not_open_another_organisations_pages(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    tenant_b: Tenant,
    client: Client,
) -> None:
    """A griffier of Aadorp who is also griffier of Beekdal: Aadorp's statement about its provider does not
    count for Beekdal, so Toerusting still asks its own code before any page."""
    person = Functie.objects.filter(person__user=people.griffier).first()
    assert person is not None
    FunctieFactory(
        person=person.person,
        organisation=tenant_b.organisation,
        body=tenant_b.raad,
        role="griffier",
        start_date=person.start_date,
    )
    configure(people, oidc_provider, provider_enforces_mfa=True)
    log_in(client, requests.Session(), "griffier@aadorp.test")
    assert logged_in_user(client) == people.griffier.pk
    for url in ("/o/aadorp/logboek/", f"/o/{tenant_b.organisation.slug}/logboek/"):
        assert client.get(url)["Location"].startswith("/account/tweestaps/"), url


def test_next_page_after_login_stays_on_this_site(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider, provider_enforces_mfa=True)
    http = requests.Session()
    url = client.post("/o/aadorp/inloggen/", {"next": "/o/aadorp/agenda/"})["Location"]
    assert client.get(log_in_at_provider(http, url, "lid@aadorp.test"))["Location"] == "/o/aadorp/agenda/"
    client.logout()
    url = client.post("/o/aadorp/inloggen/", {"next": "https://elders.example/"})["Location"]
    assert client.get(log_in_at_provider(http, url, "lid@aadorp.test"))["Location"] == "/"


# --- Matching rules -----------------------------------------------------------------------------------------


def test_a_known_subject_logs_in_again_through_its_link(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider)
    log_in(client, requests.Session(), "lid@aadorp.test")
    assert logged_in_user(client) == people.user.pk
    client.logout()
    # The address in Toerusting changes; the link with the provider's subject still finds the member.
    User.objects.filter(pk=people.user.pk).update(email="nieuw-adres@aadorp.test")
    log_in(client, requests.Session(), "lid@aadorp.test")
    assert logged_in_user(client) == people.user.pk
    assert OidcIdentity.objects.filter(user=people.user).count() == 1


@pytest.mark.parametrize(
    ("login", "reason", "text"),
    [
        ("onbevestigd@aadorp.test", "email_unverified", "bevestigt niet dat uw e-mailadres"),
        ("beheer@toerusting.test", "not_allowed", "beheerders en medewerkers van het platform"),
        ("lid@beekdal.test", "email_taken", "hoort bij een account dat geen deel uitmaakt"),
        ("nieuw@aadorp.test", "unknown_user", "geen Toerusting-account"),
    ],
)
def test_who_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
    login: str,
    reason: str,
    text: str,
) -> None:
    """Never by a name: an unverified address, an operator, another organisation's member and an unknown
    person are refused, with a page that says why; nothing is written but the audit event."""
    if login == "onbevestigd@aadorp.test":
        User.objects.filter(pk=people.user.pk).update(email="onbevestigd@aadorp.test")
    configure(people, oidc_provider)
    users = User.objects.count()
    response = log_in(client, requests.Session(), login)
    assert response.status_code in (400, 403)
    assert text in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert logged_in_user(client) is None
    assert not OidcIdentity.objects.exists()
    assert User.objects.count() == users
    assert failures(people) == [reason]


def test_new_accounts_only_for_member_roles(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """The RIS launch's rule: a new account for a member role named in the role claim, never the griffie."""
    configure(people, oidc_provider, create_accounts=True, provider_enforces_mfa=True)
    refused = log_in(client, requests.Session(), "nieuwe-griffier@aadorp.test")
    assert refused.status_code == 400
    assert "alleen gemaakt voor leden" in refused.content.decode()
    assert not User.objects.filter(email="nieuwe-griffier@aadorp.test").exists()
    assert failures(people) == ["role_not_allowed"]

    log_in(client, requests.Session(), "nieuw@aadorp.test")
    user = User.objects.get(email="nieuw@aadorp.test")
    assert logged_in_user(client) == user.pk
    functie = Functie.objects.get(person__user=user)
    assert (functie.organisation, functie.role) == (people.organisation, "raadslid")
    assert not user.has_usable_password()


def test_matching_on_an_employee_number(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """Matched on the employee number linked to an account beforehand; the address plays no part."""
    provider = configure(people, oidc_provider, match_on="claim", identity_claim="employee_id")
    OidcIdentity.objects.create(provider=provider, subject="A-1001", user=people.user)
    log_in(client, requests.Session(), "griffier@aadorp.test")  # employee A-1001: linked to the raadslid
    assert logged_in_user(client) == people.user.pk
    client.logout()
    refused = log_in(client, requests.Session(), "lid@aadorp.test")  # A-2002: linked to nobody
    assert refused.status_code == 403
    assert logged_in_user(client) is None
    assert failures(people) == ["unknown_user"]


# --- Failures -----------------------------------------------------------------------------------------------


def test_state_that_this_browser_did_not_start(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider)
    back = log_in_at_provider(requests.Session(), start(Client()), "griffier@aadorp.test")
    response = client.get(back)  # another browser's answer
    assert response.status_code == 400
    assert "hoort niet bij een inlogpoging" in response.content.decode()
    assert logged_in_user(client) is None
    forged = client.get("/inloggen/oidc/terug/?code=abc&state=verzonnen")
    assert forged.status_code == 400


def test_a_replayed_code_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider, provider_enforces_mfa=True)
    http = requests.Session()
    back = log_in_at_provider(http, start(client), "lid@aadorp.test")
    assert client.get(back).status_code == 302
    client.logout()
    # The same answer again: its state is spent here.
    assert client.get(back).status_code == 400
    # The used code under a fresh state of this browser: the provider refuses it.
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    code = parse_qs(urlparse(back).query)["code"][0]
    replay = client.get("/inloggen/oidc/terug/", {"code": code, "state": state})
    assert replay.status_code == 400
    assert "verlopen of al gebruikt" in replay.content.decode()
    assert logged_in_user(client) is None
    assert failures(people) == ["code_rejected"]
    # The spent state belongs to no organisation: that refusal is in the operator's trail.
    assert AuditEvent.objects.filter(
        organisation=None, action="oidc_login_failed", details__reason="state_mismatch"
    ).exists()


def test_an_expired_code_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """The client toerusting-kort gets codes that live one second at the provider."""
    configure(people, oidc_provider, client_id="toerusting-kort")
    back = log_in_at_provider(requests.Session(), start(client), "lid@aadorp.test")
    time.sleep(2.5)
    response = client.get(back)
    assert response.status_code == 400
    assert "verlopen of al gebruikt" in response.content.decode()
    assert logged_in_user(client) is None
    assert failures(people) == ["code_rejected"]


def test_an_id_token_for_another_audience_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """The client toerusting-andere-doelgroep gets ID tokens signed by the provider for another audience."""
    configure(people, oidc_provider, client_id="toerusting-andere-doelgroep")
    response = log_in(client, requests.Session(), "lid@aadorp.test")
    assert response.status_code == 400
    assert "voor een andere toepassing" in response.content.decode()
    assert logged_in_user(client) is None
    assert not OidcIdentity.objects.exists()
    assert failures(people) == ["wrong_audience"]


def test_an_id_token_from_another_issuer_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """The client toerusting-andere-uitgever gets ID tokens, signed by the provider, naming another issuer."""
    configure(people, oidc_provider, client_id="toerusting-andere-uitgever")
    response = log_in(client, requests.Session(), "lid@aadorp.test")
    assert response.status_code == 400
    assert "onder een andere naam (issuer)" in response.content.decode()
    assert logged_in_user(client) is None
    assert failures(people) == ["wrong_issuer"]


def test_a_provider_under_another_issuer_is_refused(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    """The same provider reached as localhost: its discovery document names 127.0.0.1 as issuer."""
    configure(people, oidc_provider, issuer=f"http://localhost:{oidc_provider.port}")
    response = client.post("/o/aadorp/inloggen/")
    assert response.status_code == 400
    assert "onder een andere naam (issuer)" in response.content.decode()
    assert failures(people) == ["wrong_issuer"]


def test_an_unreachable_provider(people: Tenant, client: Client) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    OidcProvider.objects.create(
        organisation=people.organisation,
        enabled=True,
        issuer=f"http://127.0.0.1:{port}",
        client_id="toerusting",
        client_secret=SECRET,
    )
    response = client.post("/o/aadorp/inloggen/")
    assert response.status_code == 502
    assert "kan de inlogdienst van uw organisatie nu niet bereiken" in response.content.decode()
    assert failures(people) == ["unreachable"]


def test_a_provider_on_a_private_address_is_never_asked(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
    settings: Any,
) -> None:
    """In production an identity provider on our own network is refused before any request
    (toerusting.outbound; a deployment inside a council's network switches this on)."""
    configure(people, oidc_provider)
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    response = client.post("/o/aadorp/inloggen/")
    assert response.status_code == 502
    assert failures(people)[-1:] == ["unreachable"]


def test_the_login_button_may_lead_to_an_authorisation_endpoint_on_another_origin(
    people: Tenant, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some providers authorise on another host than their issuer (Azure AD v1: sts.windows.net and
    login.microsoftonline.com): the start page's form-action allows both, or the browser blocks the login."""
    from toerusting.oidc import services as oidc_services

    provider = OidcProvider.objects.create(
        organisation=people.organisation,
        enabled=True,
        issuer="https://sts.aadorp.example/tenant/",
        client_id="toerusting",
        client_secret=SECRET,
    )
    document = {"issuer": provider.issuer, "authorization_endpoint": "https://login.aadorp.example/authorize"}
    monkeypatch.setattr(oidc_services, "discover", lambda found: document)
    policy = client.get("/o/aadorp/inloggen/")["Content-Security-Policy"]
    form_action = next(part for part in policy.split("; ") if part.startswith("form-action"))
    assert form_action == "form-action 'self' https://sts.aadorp.example https://login.aadorp.example"


def test_a_switched_off_provider_has_no_login_page(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    provider = configure(people, oidc_provider)
    back = log_in_at_provider(requests.Session(), start(client), "lid@aadorp.test")
    OidcProvider.objects.filter(pk=provider.pk).update(enabled=False)
    assert client.get("/o/aadorp/inloggen/").status_code == 404
    assert client.get(back).status_code == 400  # switched off between the start and the answer
    assert logged_in_user(client) is None


# --- Logout -------------------------------------------------------------------------------------------------


def test_logout_ends_the_session_here_and_at_the_provider(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    configure(people, oidc_provider, provider_enforces_mfa=True)
    http = requests.Session()
    log_in(client, http, "lid@aadorp.test")
    # While the provider's session lasts, a new login there needs no password.
    client2 = Client()
    response = follow(http, start(client2))
    assert response.status_code in (302, 303) or 'name="login"' not in response.text

    answer = client.post("/account/uitloggen/")
    assert answer.status_code == 200
    elsewhere = answer.context["elsewhere"]
    body = answer.content.decode()
    assert f'<meta http-equiv="refresh" content="0; url={html.escape(elsewhere)}">' in body
    assert "Ook uitloggen bij mijn organisatie" in body
    end = urlparse(elsewhere)
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{oidc_provider.issuer}/session/end"
    query = parse_qs(end.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen/oidc/uitgelogd/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert logged_in_user(client) is None  # the local session ended at once

    confirm = follow(http, elsewhere)
    assert any("logout" in values or "xsrf" in values for _action, values in forms_of(confirm.text))
    done = submit(http, confirm, {"logout": "yes"})
    assert done.headers["Location"].startswith("http://testserver/inloggen/oidc/uitgelogd/")
    page = client.get(done.headers["Location"])
    assert page.status_code == 200
    assert "ook bij de inlogdienst van uw organisatie" in page.content.decode()
    # The provider's session has ended: a new login asks for the password again.
    again = follow(http, start(Client()))
    assert again.status_code == 200 and 'name="login"' in again.text


def test_a_password_login_logs_out_as_before(people: Tenant, client: Client) -> None:
    client.force_login(people.user)
    response = client.post("/account/uitloggen/")
    assert response.status_code == 200
    assert logged_in_user(client) is None


# --- The griffie's page, the admin, the login page and Mijn gegevens ----------------------------------------


def test_griffier_configures_the_provider_and_the_secret_is_never_shown(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    client.force_login(people.griffier)
    url = "/o/aadorp/inloggen-via-organisatie/"
    page = client.get(url)
    assert page.status_code == 200
    assert "http://testserver/inloggen/oidc/terug/" in page.content.decode()
    data = {
        "enabled": "on",
        "issuer": oidc_provider.issuer,
        "client_id": "toerusting",
        "scopes": "email profile",
        "match_on": "email",
        "require_email_verified": "on",
        "role_claim": "toerusting_role",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Vul het clientgeheim in" in refused.content.decode()
    assert not OidcProvider.objects.exists()

    assert client.post(url, {**data, "new_client_secret": SECRET}).status_code == 302
    provider = OidcProvider.objects.get()
    assert provider.client_secret == SECRET and provider.scopes == "openid email profile"
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM oidc_oidcprovider")
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and SECRET not in stored
    shown = client.get(url).content.decode()
    assert SECRET not in shown and "Clientgeheim: ingesteld." in shown
    # Saved without a new secret: the secret stays.
    assert client.post(url, {**data, "provider_enforces_mfa": "on"}).status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == SECRET and provider.provider_enforces_mfa
    events = AuditEvent.objects.filter(organisation=people.organisation, action="oidc_config_changed")
    assert [e.details["changed"] for e in events.order_by("pk")] == [
        sorted(["enabled", "issuer", "client_id", "client_secret"]),
        ["provider_enforces_mfa"],
    ]
    assert all(SECRET not in str(e.details) for e in events)
    # And the login through it works.
    client.logout()
    log_in(client, requests.Session(), "lid@aadorp.test")
    assert logged_in_user(client) == people.user.pk


def test_only_the_griffier_configures_it(people: Tenant, tenant_b: Tenant, client: Client) -> None:
    client.force_login(people.user)
    assert client.get("/o/aadorp/inloggen-via-organisatie/").status_code == 403
    client.force_login(tenant_b.griffier)
    assert client.get("/o/aadorp/inloggen-via-organisatie/").status_code == 404


def test_the_operator_configures_it_in_the_admin(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    operator = User.objects.get(username="beheer")
    client.force_login(operator)
    response = client.post(
        "/beheer/oidc/oidcprovider/add/",
        {
            "organisation": people.organisation.pk,
            "enabled": "on",
            "issuer": oidc_provider.issuer,
            "client_id": "toerusting",
            "new_client_secret": SECRET,
            "scopes": "openid email",
            "match_on": "email",
            "require_email_verified": "on",
            "role_claim": "toerusting_role",
            "identities-TOTAL_FORMS": "0",
            "identities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = OidcProvider.objects.get()
    assert provider.client_secret == SECRET
    change = client.get(f"/beheer/oidc/oidcprovider/{provider.pk}/change/").content.decode()
    assert SECRET not in change
    event = AuditEvent.objects.get(action="oidc_config_changed")
    assert event.organisation == people.organisation and event.actor_id == operator.pk
    # Linking an employee number to an account is recorded too.
    response = client.post(
        f"/beheer/oidc/oidcprovider/{provider.pk}/change/",
        {
            "organisation": people.organisation.pk,
            "enabled": "on",
            "issuer": oidc_provider.issuer,
            "client_id": "toerusting",
            "scopes": "openid email",
            "match_on": "claim",
            "identity_claim": "employee_id",
            "require_email_verified": "on",
            "role_claim": "toerusting_role",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-subject": "A-2002",
            "identities-0-user": str(people.user.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OidcIdentity.objects.get(subject="A-2002").user_id == people.user.pk
    provider.refresh_from_db()
    assert provider.client_secret == SECRET
    details = [e.details for e in AuditEvent.objects.filter(action="oidc_config_changed").order_by("pk")]
    assert details[1]["changed"] == ["identity_claim", "match_on"]
    assert details[2] == {"identities_added": 1, "identities_changed": 0, "identities_deleted": 0}


def test_the_login_page_offers_the_organisations_login(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    assert "Inloggen met het account van" not in client.get("/account/inloggen/").content.decode()
    configure(people, oidc_provider)
    page = client.get("/account/inloggen/").content.decode()
    assert "Inloggen met het account van Aadorp" in page and 'href="/o/aadorp/inloggen/"' in page
    start_page = client.get("/o/aadorp/inloggen/")
    assert start_page.status_code == 200
    assert "Inloggen met het account van Aadorp" in start_page.content.decode()
    # Its form leads to the provider (a redirect): its Content-Security-Policy allows that origin, no other.
    policy = csp.directives(start_page["Content-Security-Policy"])
    assert policy["form-action"] == f"'self' {oidc_provider.issuer}"
    assert (
        csp.directives(client.get("/account/inloggen/")["Content-Security-Policy"])["form-action"] == "'self'"
    )
    assert client.get("/o/beestad/inloggen/").status_code == 404


def test_the_link_is_in_my_data_and_erased_with_the_account(
    oidc_provider: RunningProvider,  # noqa: F811
    people: Tenant,
    client: Client,
) -> None:
    from toerusting.oidc import personal_data

    configure(people, oidc_provider)
    log_in(client, requests.Session(), "lid@aadorp.test")
    parts = {part["model"]: part for part in privacy_selectors.personal_data(people.user)}
    assert "lid@aadorp.test" in str(parts["oidc.oidcidentity"])
    assert personal_data.erase(people.user, people.organisation) == {"oidc.oidcidentity": 1}
    assert not OidcIdentity.objects.exists()
