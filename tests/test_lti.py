"""LTI 1.3 end to end against the test platform (tests/lti_platform.py): login initiation, the platform's
authorisation endpoint, the launch, the member on the meeting page; deep linking with our signed answer;
refusals (bad signature, replay, unknown deployment, wrong audience and more), each audited; the key set
during a rotation; the griffie's registration pages."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.lti_objects import register_platform
from tests.lti_platform import CLAIM, DL_CLAIM, INSTRUCTOR, Platform, PlatformError, new_key
from toerusting import csp
from toerusting.audit.models import AuditEvent
from toerusting.embed import services as embed_services
from toerusting.embed.models import RisConnection, RisIdentity, TabSession
from toerusting.lti.models import PlatformRegistration
from toerusting.organisations.models import Functie

TOOL = "http://testserver"


@pytest.fixture
def platform(tenant_a: Tenant) -> Iterator[Platform]:
    platform = Platform()
    platform.tool_login_url = f"{TOOL}/lti/login/"
    platform.tool_launch_url = f"{TOOL}/lti/launch/"
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    platform.user["email"] = tenant_a.user.email
    register_platform(tenant_a, platform)
    yield platform
    platform.close()


def start(client: Client, platform: Platform) -> dict[str, str]:
    """The platform starts a launch: our login initiation answers with a redirect to its authorisation
    endpoint; the query it carries."""
    response = client.post(reverse("lti:login"), platform.login_fields())
    assert response.status_code == 302, response.content.decode()
    location = response["Location"]
    assert location.startswith(platform.auth_url + "?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def launch(client: Client, platform: Platform, **overrides: Any) -> Any:
    """Login initiation, the platform's authorisation, and the form_post of the id_token to our launch."""
    target, fields = platform.authorize(start(client, platform), **overrides)
    return client.post(target.removeprefix(TOOL), fields)


def refusals() -> list[str]:
    return [event.details["reason"] for event in AuditEvent.objects.filter(action="lti_launch_failed")]


def assert_refused(response: Any, reason: str) -> None:
    assert response.status_code == 403
    assert (
        f"Reason for the griffie: {reason}" in response.content.decode()
        or reason in response.content.decode()
    )
    assert refusals()[-1:] == [reason] or reason in refusals()


# -- the launch -------------------------------------------------------------------------------------------


def test_member_launches_into_the_meeting_page(client: Client, platform: Platform, tenant_a: Tenant) -> None:
    query = start(client, platform)
    assert query["redirect_uri"] == f"{TOOL}/lti/launch/"
    platform.custom = {"meeting": tenant_a.meeting.source_id}
    target, fields = platform.authorize(query)
    response = client.post(target.removeprefix(TOOL), fields)
    assert response.status_code == 302
    session = TabSession.objects.get(user=tenant_a.user)
    expected = reverse(
        "embed:meeting", kwargs={"org": tenant_a.organisation.slug, "meeting_id": tenant_a.meeting.pk}
    )
    assert response["Location"] == f"{expected}?s={session.key}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert tenant_a.meeting.name in page.content.decode()
    # Mapped by e-mail the first time, by the platform's subject afterwards (the RIS tab's rules).
    identity = RisIdentity.objects.get(subject="ris-user-42")
    assert identity.user == tenant_a.user
    assert identity.connection.organisation == tenant_a.organisation
    event = AuditEvent.objects.get(action="lti_launch")
    assert event.actor == tenant_a.user and event.organisation == tenant_a.organisation
    assert event.details["meeting"] == tenant_a.meeting.pk


def test_agenda_item_by_our_id_in_the_target_link(
    client: Client, platform: Platform, tenant_a: Tenant
) -> None:
    platform.target_link_uri = f"{TOOL}/lti/launch/?agenda_item={tenant_a.agenda_item.pk}"
    response = launch(client, platform)
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse(
            "embed:agenda_item",
            kwargs={"org": tenant_a.organisation.slug, "item_id": tenant_a.agenda_item.pk},
        )
    )
    assert tenant_a.agenda_item.title in client.get(response["Location"]).content.decode()


def test_another_organisations_meeting_is_not_opened(
    client: Client, platform: Platform, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    platform.custom = {"toerusting_meeting": str(tenant_b.meeting.pk)}
    response = launch(client, platform)
    assert response["Location"].startswith(
        reverse("embed:upcoming", kwargs={"org": tenant_a.organisation.slug})
    )


def test_launch_creates_a_member_for_a_learner_only(
    client: Client, platform: Platform, tenant_a: Tenant
) -> None:
    registration = PlatformRegistration.objects.get(issuer=platform.issuer)
    registration.member_role = "raadslid"
    from toerusting.lti import services

    services.save_registration(registration, actor=None, frame_origins=[], agenda_source="push")
    platform.user = {"sub": "nieuw-1", "name": "Bram Bakker", "email": "bram@aadorp.example"}
    platform.custom = {"fractie": tenant_a.fractie.name}
    assert launch(client, platform).status_code == 302
    functie = Functie.objects.get(person__user__email="bram@aadorp.example")
    assert functie.role == "raadslid" and functie.organisation == tenant_a.organisation

    # An instructor (for example the griffie in the platform) gets no account from a launch.
    platform.user = {"sub": "nieuw-2", "name": "Gea Griffioen", "email": "gea@aadorp.example"}
    platform.roles = [INSTRUCTOR]
    platform.custom = {}
    assert_refused(launch(client, platform), "role_not_allowed")
    # Nor does a launch that names a role that is not a member role.
    platform.roles = [INSTRUCTOR]
    platform.custom = {"role": "griffier"}
    assert_refused(launch(client, platform), "role_not_allowed")


def test_an_operator_is_never_mapped(client: Client, platform: Platform) -> None:
    operator = UserFactory(
        username="beheerder", email="beheer@toerusting.example", is_staff=True, is_superuser=True
    )
    platform.user = {"sub": "ops", "email": operator.email}
    assert_refused(launch(client, platform), "not_allowed")


# -- refusals ---------------------------------------------------------------------------------------------


def test_bad_signature(client: Client, platform: Platform) -> None:
    response = launch(client, platform, key=new_key())  # the platform's kid, another key
    assert_refused(response, "bad_signature")
    assert not TabSession.objects.filter(connection__issuer__startswith="lti:").exists()


def test_a_forged_post_does_not_use_up_the_state_of_a_real_launch(client: Client, platform: Platform) -> None:
    """Someone who saw the state posts a token with a wrong signature first: refused, and the real launch
    with the same state still works."""
    query = start(client, platform)
    target, forged = platform.authorize(query, key=new_key())
    _target, real = platform.authorize(query)
    assert forged["state"] == real["state"]
    assert_refused(client.post(target.removeprefix(TOOL), forged), "bad_signature")
    assert client.post(target.removeprefix(TOOL), real).status_code == 302


def test_a_key_set_on_a_private_address_is_never_fetched(
    client: Client, platform: Platform, settings: Any
) -> None:
    """In production the platform's key set may not be on our own network (toerusting.outbound): refused
    before any request, and the audit trail names the host, not what answered there."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    assert_refused(launch(client, platform), "platform_unreachable")
    assert platform.jwks_requests == 0
    detail = AuditEvent.objects.filter(action="lti_launch_failed").last()
    assert detail is not None and "private or local address" in str(detail.details)


def test_unknown_kid_is_fetched_again_after_the_platform_rotates(
    client: Client, platform: Platform, settings: Any
) -> None:
    settings.LTI_JWKS_MIN_REFETCH_SECONDS = 0
    assert launch(client, platform).status_code == 302  # our cache now holds the first key set
    assert platform.jwks_requests == 1
    assert launch(client, platform).status_code == 302
    assert platform.jwks_requests == 1  # a known kid: from the cache
    platform.rotate_key()
    assert launch(client, platform).status_code == 302
    assert platform.jwks_requests == 2
    # A kid the platform does not publish at all stays refused.
    assert_refused(launch(client, platform, kid="not-published"), "bad_signature")


def test_made_up_kids_do_not_make_us_fetch_the_keys_again_and_again(
    client: Client, platform: Platform, settings: Any
) -> None:
    settings.LTI_JWKS_MIN_REFETCH_SECONDS = 3600
    assert launch(client, platform).status_code == 302
    for n in range(3):
        assert_refused(launch(client, platform, kid=f"verzonnen-{n}"), "bad_signature")
    assert platform.jwks_requests == 1


def test_replayed_launch(client: Client, platform: Platform) -> None:
    target, fields = platform.authorize(start(client, platform))
    assert client.post(target.removeprefix(TOOL), fields).status_code == 302
    assert_refused(client.post(target.removeprefix(TOOL), fields), "replayed")


def test_replayed_nonce_with_a_new_state(client: Client, platform: Platform) -> None:
    first = start(client, platform)
    _target, fields = platform.authorize(first)
    assert client.post("/lti/launch/", fields).status_code == 302
    second = start(client, platform)
    # The old id_token (its nonce used) with the new state.
    assert_refused(
        client.post("/lti/launch/", {"id_token": fields["id_token"], "state": second["state"]}), "replayed"
    )


def test_unknown_deployment(client: Client, platform: Platform) -> None:
    response = launch(client, platform, **{CLAIM + "deployment_id": "deployment-elders"})
    assert_refused(response, "unknown_deployment")
    # Named already in the login initiation: refused there.
    platform.deployment_id = "deployment-elders"
    assert_refused(client.post(reverse("lti:login"), platform.login_fields()), "unknown_deployment")


def test_wrong_audience(client: Client, platform: Platform) -> None:
    assert_refused(launch(client, platform, aud="een-ander-tool"), "wrong_audience")
    assert_refused(launch(client, platform, aud=[platform.client_id, "ander"], azp="ander"), "wrong_audience")


def test_unknown_platform(client: Client, platform: Platform) -> None:
    fields = platform.login_fields() | {"iss": "https://onbekend.example"}
    assert_refused(client.post(reverse("lti:login"), fields), "unknown_platform")


def test_expired_token(client: Client, platform: Platform) -> None:
    assert_refused(launch(client, platform, exp=1_000_000_000, iat=999_999_000), "expired")


def test_wrong_version_and_message_type(client: Client, platform: Platform) -> None:
    assert_refused(launch(client, platform, **{CLAIM + "version": "1.1"}), "wrong_message")
    assert_refused(
        launch(client, platform, **{CLAIM + "message_type": "LtiSubmissionReviewRequest"}), "wrong_message"
    )


def test_target_link_on_another_host(client: Client, platform: Platform) -> None:
    assert_refused(
        launch(client, platform, **{CLAIM + "target_link_uri": "https://elders.example/x"}), "wrong_target"
    )


def test_state_from_another_browser(platform: Platform) -> None:
    """The state belongs to the browser we sent to the platform: another browser (without the state cookie,
    another User-Agent) cannot use the id_token."""
    ours = Client(HTTP_USER_AGENT="Browser A")
    target, fields = platform.authorize(start(ours, platform))
    other = Client(HTTP_USER_AGENT="Browser B")
    assert_refused(other.post(target.removeprefix(TOOL), fields), "state")
    # Without the cookie (blocked in a frame) but from the same browser, the launch works.
    same = Client(HTTP_USER_AGENT="Browser A")
    assert same.post(target.removeprefix(TOOL), fields).status_code == 302


def test_a_wrong_state_cookie_is_refused(client: Client, platform: Platform) -> None:
    query = start(client, platform)
    _target, fields = platform.authorize(query)
    from toerusting.lti.services import state_cookie_name

    client.cookies[state_cookie_name(query["state"])] = "iets-anders"
    assert_refused(client.post("/lti/launch/", fields), "state")


def test_refusal_page_is_dutch_and_audited(client: Client, platform: Platform, tenant_a: Tenant) -> None:
    response = launch(client, platform, key=new_key())
    body = response.content.decode()
    assert "niet goed ondertekend" in body
    event = AuditEvent.objects.get(action="lti_launch_failed")
    assert event.organisation == tenant_a.organisation and event.details["reason"] == "bad_signature"


# -- deep linking and our keys ----------------------------------------------------------------------------


def deep_link(client: Client, platform: Platform, value: str) -> str:
    """A deep-linking request, the picker, a choice; the JWT our answer posts back to the platform."""
    platform.message_type = "LtiDeepLinkingRequest"
    picker = launch(client, platform)
    assert picker.status_code == 200, picker.content.decode()
    html = picker.content.decode()
    key = re.search(r'name="key" value="([^"]+)"', html)
    assert key is not None
    answer = client.post(reverse("lti:deep_link"), {"key": key.group(1), "content": value})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert f'action="{platform.return_url}"' in body
    directives = csp.directives(answer["Content-Security-Policy"])
    assert platform.issuer in directives["form-action"]
    token = re.search(r'name="JWT" value="([^"]+)"', body)
    assert token is not None
    platform.message_type = "LtiResourceLinkRequest"
    return token.group(1)


def test_deep_linking_round_trip(client: Client, platform: Platform, tenant_a: Tenant) -> None:
    platform.tool_jwks = lambda: client.get(reverse("lti:jwks")).json()
    platform.message_type = "LtiDeepLinkingRequest"
    picker = launch(client, platform).content.decode()
    assert tenant_a.meeting.name in picker and tenant_a.agenda_item.title in picker
    token = deep_link(client, platform, f"agenda_item:{tenant_a.agenda_item.pk}")
    claims = platform.verify_deep_link_response(token)
    [item] = claims[DL_CLAIM + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["title"] == tenant_a.agenda_item.title
    assert AuditEvent.objects.filter(action="lti_deep_link", organisation=tenant_a.organisation).exists()
    # The member follows the placed link: the platform launches its url.
    platform.target_link_uri = item["url"]
    response = launch(client, platform)
    assert response["Location"].startswith(
        reverse(
            "embed:agenda_item",
            kwargs={"org": tenant_a.organisation.slug, "item_id": tenant_a.agenda_item.pk},
        )
    )


def test_deep_linking_answer_is_used_once(client: Client, platform: Platform, tenant_a: Tenant) -> None:
    platform.message_type = "LtiDeepLinkingRequest"
    html = launch(client, platform).content.decode()
    key = re.search(r'name="key" value="([^"]+)"', html)
    assert key is not None
    data = {"key": key.group(1), "content": f"meeting:{tenant_a.meeting.pk}"}
    assert client.post(reverse("lti:deep_link"), data).status_code == 200
    assert client.post(reverse("lti:deep_link"), data).status_code == 403


def test_deep_linking_offers_nothing_of_another_organisation(
    client: Client, platform: Platform, tenant_b: Tenant
) -> None:
    platform.message_type = "LtiDeepLinkingRequest"
    html = launch(client, platform).content.decode()
    assert tenant_b.meeting.name not in html
    key = re.search(r'name="key" value="([^"]+)"', html)
    assert key is not None
    answer = client.post(
        reverse("lti:deep_link"), {"key": key.group(1), "content": f"meeting:{tenant_b.meeting.pk}"}
    )
    assert answer.status_code == 400


def test_key_rotation_keeps_both_signatures_valid(
    client: Client, platform: Platform, tenant_a: Tenant
) -> None:
    platform.tool_jwks = lambda: client.get(reverse("lti:jwks")).json()
    before = deep_link(client, platform, f"meeting:{tenant_a.meeting.pk}")
    call_command("rotate_keys", "lti")
    after = deep_link(client, platform, f"meeting:{tenant_a.meeting.pk}")
    kids = {key["kid"] for key in client.get(reverse("lti:jwks")).json()["keys"]}
    assert jwt.get_unverified_header(before)["kid"] != jwt.get_unverified_header(after)["kid"]
    assert {jwt.get_unverified_header(before)["kid"], jwt.get_unverified_header(after)["kid"]} == kids
    platform.verify_deep_link_response(before)
    platform.verify_deep_link_response(after)
    # A forged answer (our kid, another key) is refused by the platform.
    forged = jwt.encode(
        jwt.decode(after, options={"verify_signature": False}),
        new_key(),
        algorithm="RS256",
        headers={"kid": jwt.get_unverified_header(after)["kid"]},
    )
    with pytest.raises(jwt.InvalidSignatureError):
        platform.verify_deep_link_response(forged)
    with pytest.raises(PlatformError):
        platform.verify_deep_link_response(
            jwt.encode({"iss": "x"}, new_key(), algorithm="RS256", headers={"kid": "onbekend"})
        )


def test_jwks_is_public(client: Client, db: None) -> None:
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["kty"] == "RSA" and "d" not in key and key["kid"]


# -- the griffie's pages ----------------------------------------------------------------------------------


def test_griffie_registers_a_platform(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    org = tenant_a.organisation.slug
    listing = client.get(reverse("ltiplatforms:list", kwargs={"org": org}))
    assert listing.status_code == 200 and "http://testserver/lti/jwks/" in listing.content.decode()
    data = {
        "name": "Notubiz",
        "issuer": "https://platform.aadorp.example",
        "client_id": "abc-123",
        "deployment_lines": "dep-1\ndep-2",
        "auth_login_url": "https://platform.aadorp.example/auth",
        "jwks_url": "https://platform.aadorp.example/jwks",
        "frame_origin_lines": "https://platform.aadorp.example",
        "agenda_source": "push",
        "member_role": "raadslid",
        "is_active": "on",
    }
    bad = client.post(reverse("ltiplatforms:new", kwargs={"org": org}), data | {"frame_origin_lines": "*"})
    assert bad.status_code == 400 and not PlatformRegistration.objects.exists()
    response = client.post(reverse("ltiplatforms:new", kwargs={"org": org}), data)
    assert response.status_code == 302
    registration = PlatformRegistration.objects.get(client_id="abc-123")
    assert registration.deployment_ids == ["dep-1", "dep-2"]
    assert registration.connection.frame_origins == ["https://platform.aadorp.example"]
    assert registration.connection.create_accounts
    event = AuditEvent.objects.get(action="lti_registration")
    assert event.actor == tenant_a.griffier and event.details["created"] is True
    edit = reverse("ltiplatforms:edit", kwargs={"org": org, "registration_id": registration.pk})
    assert "dep-2" in client.get(edit).content.decode()
    assert client.post(edit, data | {"deployment_lines": "dep-3"}).status_code == 302
    registration.refresh_from_db()
    assert registration.deployment_ids == ["dep-3"]
    assert AuditEvent.objects.filter(action="lti_registration").first().details["changed"] == [
        "deployment_ids"
    ]


def test_platform_connection_takes_no_signed_tab_launch(client: Client, platform: Platform) -> None:
    """The RIS connection behind a registration has a public key whose private half nobody has."""
    registration = PlatformRegistration.objects.get(issuer=platform.issuer)
    token = jwt.encode(
        {"iss": registration.connection.issuer, "aud": "toerusting"}, new_key(), algorithm="RS256"
    )
    response = client.get(reverse("embed:launch"), {"token": token})
    assert response.status_code == 403
    # Not even when someone gave it a shared secret they know: its issuer takes no tab token at all, and the
    # griffie's page of RIS keys does not list it.
    connection = registration.connection
    secret = "een-gedeeld-geheim-van-minstens-32-tekens"
    RisConnection.objects.filter(pk=connection.pk).update(algorithm="HS256")
    connection.refresh_from_db()
    connection.key = secret
    connection.save(update_fields=["key"])
    claims = {
        "iss": connection.issuer,
        "aud": "toerusting",
        "sub": "iemand",
        "org": connection.organisation.slug,
        "iat": int(time.time()),
        "exp": int(time.time()) + 60,
    }
    claims["jti"] = "eenmalig-1"
    with pytest.raises(embed_services.LaunchRefused) as refused:
        embed_services.verify(jwt.encode(claims, secret, algorithm="HS256"))
    assert refused.value.reason == "unknown_issuer"
    griffier = connection.organisation.functies.filter(role="griffier").first()
    assert griffier is not None
    client.force_login(griffier.person.user)
    page = client.get(reverse("tabsessions:keys", kwargs={"org": connection.organisation.slug}))
    assert page.status_code == 200 and connection.issuer not in page.content.decode()


def test_the_members_data_shows_and_erases_the_platform_link(
    client: Client, platform: Platform, tenant_a: Tenant
) -> None:
    """The LTI app keeps nothing about a person itself; the link with the platform's user is the RIS tab's
    identity, so Mijn gegevens shows it and deletion removes it."""
    from toerusting.privacy import selectors as privacy_selectors
    from toerusting.privacy import services as privacy_services

    assert launch(client, platform).status_code == 302
    exported = {part["model"]: part for part in privacy_selectors.personal_data(tenant_a.user)}
    links = json.dumps(exported["embed.risidentity"], default=str)
    assert "ris-user-42" in links and "LTI: Test-RIS Aadorp" in links
    privacy_services.erase(tenant_a.user)
    assert not RisIdentity.objects.filter(user=tenant_a.user).exists()
    assert not TabSession.objects.filter(user=tenant_a.user).exists()


def test_state_cookie_over_https_is_partitioned_and_secure(client: Client, platform: Platform) -> None:
    response = client.post(reverse("lti:login"), platform.login_fields(), secure=True)
    assert response.status_code == 302
    [cookie] = [c for name, c in response.cookies.items() if name.startswith("lti1p3-state-")]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/lti/"
    assert cookie["samesite"] == "None; Partitioned"
