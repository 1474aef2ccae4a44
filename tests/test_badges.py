"""Open badges (issue 19, part 6): a badge is defined by the griffie, earned through the real pipeline
(modules completed on the site, attendance registered by the griffie), issued as an Open Badges 3.0 VC-JWT
signed with the organisation's key, and checked on the public verification page."""

from __future__ import annotations

import base64
import gzip
import io
import json
from typing import Any

import jwt
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant, planner_objects
from tests.factories import make_module
from toerusting.audit.models import AuditEvent
from toerusting.badges.models import Award, BadgeDefinition
from toerusting.privacy import selectors as privacy_selectors
from toerusting.privacy import services as privacy_services
from toerusting.signingkeys import selectors as key_selectors
from toerusting.signingkeys import services as key_services

OB_CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _griffie(tenant: Tenant) -> Client:
    client = Client()
    client.force_login(tenant.griffier)
    return client


def _member(tenant: Tenant) -> Client:
    client = Client()
    client.force_login(tenant.user)
    return client


def _define_module_badge(tenant: Tenant, slugs: list[str], name: str = "Goed voorbereid") -> BadgeDefinition:
    response = _griffie(tenant).post(
        reverse("badges:create", kwargs={"org": tenant.organisation.slug}),
        {
            "name": name,
            "description": "Heeft de modules over de voorbereiding van een raadsvergadering afgerond.",
            "criteria": "Alle modules over het lezen van raadsstukken en het stellen van vragen afgerond.",
            "design": "ster",
            "rule": "modules",
            "items": slugs,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return BadgeDefinition.objects.get(organisation=tenant.organisation, name=name)


def _complete(client: Client, slug: str) -> None:
    response = client.post(reverse("learning:done", kwargs={"slug": slug}))
    assert response.status_code == 302


def _earn(tenant: Tenant, django_capture_on_commit_callbacks: Any) -> Award:
    """The member completes the two modules of a badge on the site and so earns it."""
    second = make_module(
        f"{tenant.organisation.slug}-vragen", organisation=tenant.organisation, title="Vragen"
    )
    _define_module_badge(tenant, [tenant.module.slug, second.slug])
    member = _member(tenant)
    _complete(member, tenant.module.slug)
    assert not Award.objects.exists(), "one of two modules earns nothing yet"
    with django_capture_on_commit_callbacks(execute=True):
        _complete(member, second.slug)
    return Award.objects.get(user=tenant.user)


def _signed_file(tenant: Tenant, award: Award) -> str:
    response = _member(tenant).get(
        reverse("badges:download_signed", kwargs={"org": tenant.organisation.slug, "award_id": award.pk})
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode()


def _check(text: str, client: Client | None = None) -> str:
    response = (client or Client()).post(reverse("badges:verify"), {"credential": text})
    assert response.status_code == 200
    return response.content.decode()


def _token_of(signed_file: str) -> str:
    data = json.loads(signed_file)
    assert data["type"] == "EnvelopedVerifiableCredential"
    prefix = "data:application/vc+jwt,"
    assert data["id"].startswith(prefix)
    return str(data["id"][len(prefix) :])


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_completing_the_modules_awards_a_badge_whose_credential_verifies(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    award = _earn(tenant_a, django_capture_on_commit_callbacks)

    # The member is told by e-mail, and sees the badge on their page.
    assert len(mail.outbox) == 1 and "Goed voorbereid" in mail.outbox[0].subject
    page = _member(tenant_a).get(reverse("badges:mine", kwargs={"org": tenant_a.organisation.slug}))
    assert "Goed voorbereid" in page.content.decode()

    # The credential is an OpenBadgeCredential signed with the organisation's EdDSA badge key.
    token = _token_of(_signed_file(tenant_a, award))
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["kid"] in {k["kid"] for k in key_selectors.jwks("badges", tenant_a.organisation)["keys"]}
    public = jwt.PyJWK(key_selectors.public_jwk(header["kid"], "badges")).key
    payload = jwt.decode(token, public, algorithms=["EdDSA"])
    assert payload["@context"] == OB_CONTEXTS
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["issuer"]["id"].endswith(f"/badges/uitgever/{tenant_a.organisation.slug}/")
    assert payload["jti"] == payload["id"] == f"urn:uuid:{award.uid}"
    assert payload["validFrom"].endswith("Z")
    subject = payload["credentialSubject"]
    assert subject["achievement"]["criteria"]["narrative"].startswith("Alle modules")
    assert subject["achievement"]["image"]["type"] == "Image"
    # Named by a salted hash of the e-mail address only: no name, no address in the badge.
    [identity] = subject["identifier"]
    assert identity["identityType"] == "emailAddress" and identity["hashed"] is True
    assert identity["identityHash"].startswith("sha256$")
    assert "lid@aadorp.example" not in token and "lid@aadorp.example" not in json.dumps(payload)
    assert tenant_a.person.family_name not in json.dumps(payload)

    # The readable version is the same credential without the proof.
    plain = _member(tenant_a).get(
        reverse("badges:download_plain", kwargs={"org": tenant_a.organisation.slug, "award_id": award.pk})
    )
    assert {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf")} == json.loads(plain.content)

    # The public verification page (no login) says it is valid, and names no holder.
    body = _check(_signed_file(tenant_a, award))
    assert "Geldige badge" in body and "Goed voorbereid" in body
    assert tenant_a.person.family_name not in body
    # The JWT alone is accepted too, and as an uploaded file.
    assert "Geldige badge" in _check(token)
    upload = Client().post(
        reverse("badges:verify"),
        {"file": io.BytesIO(_signed_file(tenant_a, award).encode())},
    )
    assert "Geldige badge" in upload.content.decode()
    assert AuditEvent.objects.filter(action="badge", details__change="awarded").count() == 1


def test_a_failing_award_never_undoes_the_completion(
    tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing a badge can fail (a key that no longer opens): the member's completion stays, the badge comes
    with the catch-up once it works again."""
    from toerusting.badges import services as badge_services
    from toerusting.learning.models import Progress

    _define_module_badge(tenant_a, [tenant_a.module.slug])

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the key does not open")

    monkeypatch.setattr(badge_services, "award_earned", broken)
    _complete(_member(tenant_a), tenant_a.module.slug)
    assert Progress.objects.filter(user=tenant_a.user, completed_at__isnull=False).exists()
    assert not Award.objects.exists()
    monkeypatch.undo()
    badge_services.catch_up(tenant_a.organisation)
    assert Award.objects.filter(user=tenant_a.user).exists()


def test_a_changed_credential_fails(tenant_a: Tenant, django_capture_on_commit_callbacks: Any) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    token = award.credential
    head, body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["name"] = "Burgemeester in opleiding"
    forged = ".".join([head, _b64(payload), signature])
    result = _check(forged)
    assert "Geen geldige badge" in result and "gewijzigd" in result
    assert "Geldige badge" not in result.replace("Geen geldige badge", "")


def test_bad_input_is_explained(db: None) -> None:
    assert "drie delen" in _check("dit is geen badge")
    assert "geen geldige JSON" in _check('{"id": ')
    assert "leesbare versie" in _check(json.dumps({"credentialSubject": {}}))
    missing = _check("eyJhbGciOiJFZERTQSIsImtpZCI6Im9uYmVrZW5kIn0.e30.c2ln")
    assert "niet ondertekend met een sleutel" in missing


def test_a_key_of_another_organisation_cannot_issue_for_the_first(
    tenant_a: Tenant, tenant_b: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    payload = jwt.decode(award.credential, options={"verify_signature": False})
    forged = key_services.sign_jwt("badges", payload, tenant_b.organisation, algorithm="EdDSA")
    assert "niet ondertekend door de uitgever" in _check(forged)


def test_a_revoked_badge_says_so(tenant_a: Tenant, django_capture_on_commit_callbacks: Any) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    griffie = _griffie(tenant_a)
    url = reverse("badges:revoke", kwargs={"org": tenant_a.organisation.slug, "award_id": award.pk})
    assert griffie.post(url, {"reason": ""}).status_code == 302
    award.refresh_from_db()
    assert award.revoked_at is None, "no reason, no revocation"
    # A member cannot revoke.
    assert _member(tenant_a).post(url, {"reason": "Zomaar"}).status_code == 403
    assert griffie.post(url, {"reason": "Ten onrechte toegekend"}).status_code == 302
    body = _check(award.credential)
    assert "Ingetrokken badge" in body and "Ten onrechte toegekend" in body
    assert AuditEvent.objects.filter(action="badge", details__change="revoked").exists()


def test_key_rotation_keeps_old_badges_valid(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    import datetime as dt

    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    old_kid = jwt.get_unverified_header(award.credential)["kid"]
    key_services.rotate("badges", tenant_a.organisation, overlap=dt.timedelta(0))
    assert old_kid not in {k["kid"] for k in key_selectors.jwks("badges", tenant_a.organisation)["keys"]}
    assert "Geldige badge" in _check(award.credential)
    # A badge awarded now is signed with the new key.
    third = make_module("aadorp-derde", organisation=tenant_a.organisation, title="Derde")
    _define_module_badge(tenant_a, [third.slug], name="Derde stap")
    _complete(_member(tenant_a), third.slug)
    newer = Award.objects.get(definition__name="Derde stap")
    assert jwt.get_unverified_header(newer.credential)["kid"] != old_kid
    assert "Geldige badge" in _check(newer.credential)


def test_attendance_registered_by_the_griffie_awards_a_training_badge(tenant_a: Tenant) -> None:
    objects = planner_objects(tenant_a)
    griffie = _griffie(tenant_a)
    response = griffie.post(
        reverse("badges:create", kwargs={"org": tenant_a.organisation.slug}),
        {
            "name": "Inwerkavond bijgewoond",
            "description": "Was bij de inwerkavond voor nieuwe raadsleden.",
            "criteria": "Aanwezig bij de inwerkavond van het opleidingsplan.",
            "design": "schild",
            "rule": "training",
            "activity": str(objects.activity.pk),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert not Award.objects.exists()
    response = griffie.post(
        reverse(
            "planner:session", kwargs={"org": tenant_a.organisation.slug, "planned_id": objects.session.pk}
        ),
        {"present": [str(tenant_a.person.pk)]},
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.user == tenant_a.user and award.definition.name == "Inwerkavond bijgewoond"


def test_a_badge_defined_later_is_awarded_to_who_already_met_it(tenant_a: Tenant) -> None:
    _complete(_member(tenant_a), tenant_a.module.slug)
    _define_module_badge(tenant_a, [tenant_a.module.slug])
    assert Award.objects.filter(user=tenant_a.user).count() == 1


def test_a_badge_without_its_rule_is_refused_and_nothing_is_saved(tenant_a: Tenant) -> None:
    response = _griffie(tenant_a).post(
        reverse("badges:create", kwargs={"org": tenant_a.organisation.slug}),
        {"name": "Leeg", "description": "x", "criteria": "x", "design": "ster", "rule": "modules"},
    )
    assert response.status_code == 400
    assert "Kies ten minste één" in response.content.decode()
    assert not BadgeDefinition.objects.exists()
    member = _member(tenant_a).get(reverse("badges:create", kwargs={"org": tenant_a.organisation.slug}))
    assert member.status_code == 403


def test_sharing_and_the_name_are_the_members_choice(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    shared = reverse("badges:shared", kwargs={"award_uid": award.uid})
    assert Client().get(shared).status_code == 404, "not shared by default"
    url = reverse("badges:award", kwargs={"org": tenant_a.organisation.slug, "award_id": award.pk})
    member = _member(tenant_a)
    first = award.credential
    assert member.post(url, {"is_public": "on"}).status_code == 302
    page = Client().get(shared)
    assert page.status_code == 200 and "Geldige badge" in page.content.decode()
    assert tenant_a.person.family_name not in page.content.decode()
    # With the name: the credential is issued again and names the member; the earlier one stays valid.
    tenant_a.user.first_name, tenant_a.user.last_name = "Lid", "Van Aadorp"
    tenant_a.user.save()
    assert member.post(url, {"is_public": "on", "include_name": "on"}).status_code == 302
    award.refresh_from_db()
    assert award.credential != first
    assert "Lid Van Aadorp" in Client().get(shared).content.decode()
    assert "Geldige badge" in _check(first)
    # Withdrawn: the page is gone.
    assert member.post(url, {}).status_code == 302
    assert Client().get(shared).status_code == 404
    # Another member does not see the award.
    assert _griffie(tenant_a).get(url).status_code == 404


def test_issuer_profile_and_keys_are_public(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    payload = jwt.decode(award.credential, options={"verify_signature": False})
    profile = Client().get(reverse("badges:issuer", kwargs={"org": tenant_a.organisation.slug})).json()
    assert profile["id"] == payload["issuer"]["id"] and profile["name"] == tenant_a.organisation.name
    keys = Client().get(profile["jwks_uri"].split("localhost:8000", 1)[-1]).json()
    kid = jwt.get_unverified_header(award.credential)["kid"]
    assert [k["kid"] for k in keys["keys"]] == [kid]
    assert all("d" not in k for k in keys["keys"]), "no private part"
    assert Client().get(reverse("badges:jwks", kwargs={"org": "bestaat-niet"})).status_code == 404


def test_the_verification_page_is_rate_limited(db: None, settings: Any) -> None:
    settings.BADGES_MAX_CHECKS_PER_WINDOW = 2
    client = Client()
    for _attempt in range(2):
        assert client.post(reverse("badges:verify"), {"credential": "x"}).status_code == 200
    assert client.post(reverse("badges:verify"), {"credential": "x"}).status_code == 429


def test_personal_data_export_and_erase(tenant_a: Tenant, django_capture_on_commit_callbacks: Any) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    sections = privacy_selectors.personal_data(tenant_a.user)
    [found] = [s for s in sections if s["model"] == "badges.award"]
    assert found["records"][0]["Badge"] == "Goed voorbereid"
    counts = privacy_services.erase(tenant_a.user)
    assert counts["badges.award"] == 1
    assert not Award.objects.filter(pk=award.pk).exists()
    assert "niet meer" in _check(award.credential)


def test_demo_loads_twice_and_awards_through_the_services(tenant_a: Tenant, tmp_path: Any) -> None:
    from toerusting.badges.demo import load_demo, read_demo_file
    from toerusting.contentfiles import ContentError

    planner_objects(tenant_a)
    national = make_module("landelijke-module-badge", title="Landelijk")
    path = tmp_path / "badges.yaml"
    path.write_text(
        "badges:\n"
        f"  - organisation: {tenant_a.organisation.slug}\n"
        "    name: Landelijk gevolgd\n    description: Beschrijving\n    criteria: Voorwaarden\n"
        f"    design: ster\n    rule: modules\n    items: [{national.slug}]\n"
        f"    completed_by: [{tenant_a.user.username}]\n"
        f"  - organisation: {tenant_a.organisation.slug}\n"
        "    name: Inwerkavond\n    description: Beschrijving\n    criteria: Voorwaarden\n"
        f"    design: schild\n    rule: training\n    training: {tenant_a.module.slug}\n",
        encoding="utf-8",
    )
    for _ in range(2):
        assert load_demo(read_demo_file(path)) == (2, 1)
    assert BadgeDefinition.objects.filter(organisation=tenant_a.organisation).count() == 2
    award = Award.objects.get()
    assert award.user == tenant_a.user and "Geldige badge" in _check(award.credential)

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        "badges:\n  - organisation: elders\n    name: X\n    description: a\n    criteria: b\n"
        "    design: rond\n    rule: modules\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_demo(read_demo_file(wrong))
    assert "wrong.yaml:6: design" in str(error.value) and "design" in str(error.value)


def test_a_badge_switched_off_is_no_longer_awarded(tenant_a: Tenant) -> None:
    definition = _define_module_badge(tenant_a, [tenant_a.module.slug])
    url = reverse("badges:edit", kwargs={"org": tenant_a.organisation.slug, "definition_id": definition.pk})
    response = _griffie(tenant_a).post(
        url,
        {
            "name": "Goed voorbereid (oud)",
            "description": definition.description,
            "criteria": definition.criteria,
            "design": "lint",
            "rule": "modules",
            "items": [tenant_a.module.slug],
        },
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.name == "Goed voorbereid (oud)" and not definition.is_active
    assert AuditEvent.objects.filter(action="badge", details__change="changed").exists()
    _complete(_member(tenant_a), tenant_a.module.slug)
    assert not Award.objects.exists()


def _status_list(tenant: Tenant) -> dict[str, Any]:
    """The issuer's revocation list as a verifier elsewhere reads it: fetched, its signature checked against
    the issuer's published keys."""
    response = Client().get(reverse("badges:status_list", kwargs={"org": tenant.organisation.slug}))
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    header = jwt.get_unverified_header(token)
    assert header["kid"] in {k["kid"] for k in key_selectors.jwks("badges", tenant.organisation)["keys"]}
    public = jwt.PyJWK(key_selectors.public_jwk(header["kid"], "badges")).key
    return dict(jwt.decode(token, public, algorithms=["EdDSA"]))


def _bit(status_list: dict[str, Any], position: int) -> bool:
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u"), "multibase base64url"
    raw = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(raw))
    assert len(bits) == 131_072 // 8, "the spec's minimum length"
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def test_a_revocation_is_published_in_the_issuers_status_list(
    tenant_a: Tenant, tenant_b: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    """W3C Bitstring Status List: the credential names its bit in the issuer's list, and the list (signed
    with the issuer's badge key) sets that bit once the griffie revoked the badge, and no other."""
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    _define_module_badge(tenant_b, [tenant_b.module.slug])
    _complete(_member(tenant_b), tenant_b.module.slug)
    other = Award.objects.get(user=tenant_b.user)
    payload = jwt.decode(award.credential, options={"verify_signature": False})
    entry = payload["credentialStatus"]
    list_url = entry["statusListCredential"]
    assert list_url.endswith(f"/badges/uitgever/{tenant_a.organisation.slug}/intrekkingen/")
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    position = int(entry["statusListIndex"])
    assert entry["id"] == f"{list_url}#{position}"
    assert "Geldige badge" in _check(award.credential), "a credential with a status still verifies here"

    listed = _status_list(tenant_a)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["id"] == listed["jti"] == list_url
    assert listed["issuer"] == listed["iss"] == payload["issuer"]["id"]
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert not _bit(listed, position)

    url = reverse("badges:revoke", kwargs={"org": tenant_a.organisation.slug, "award_id": award.pk})
    assert _griffie(tenant_a).post(url, {"reason": "Ten onrechte toegekend"}).status_code == 302
    assert _bit(_status_list(tenant_a), position)
    # The other organisation's list is its own: its badge stays unrevoked there.
    other_position = int(
        jwt.decode(other.credential, options={"verify_signature": False})["credentialStatus"][
            "statusListIndex"
        ]
    )
    assert not _bit(_status_list(tenant_b), other_position)
    assert sum(_bit(_status_list(tenant_b), p) for p in {position, other_position}) == 0


def test_status_positions_are_unique_and_an_old_award_gets_one_when_reissued(
    tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    award = _earn(tenant_a, django_capture_on_commit_callbacks)
    third = make_module("aadorp-derde", organisation=tenant_a.organisation, title="Derde")
    _define_module_badge(tenant_a, [third.slug], name="Derde stap")
    _complete(_member(tenant_a), third.slug)
    newer = Award.objects.get(definition__name="Derde stap")
    assert newer.status_index is not None and newer.status_index != award.status_index

    # An award signed before the list existed: no status until its credential is issued again.
    Award.objects.filter(pk=award.pk).update(status_index=None, status_organisation=None)
    award.refresh_from_db()
    url = reverse("badges:award", kwargs={"org": tenant_a.organisation.slug, "award_id": award.pk})
    assert _member(tenant_a).post(url, {"include_name": "on"}).status_code == 302
    award.refresh_from_db()
    assert award.status_index is not None and award.status_organisation_id == tenant_a.organisation.pk
    payload = jwt.decode(award.credential, options={"verify_signature": False})
    assert payload["credentialStatus"]["statusListIndex"] == str(award.status_index)


def test_an_organisation_without_badges_has_no_status_list(tenant_a: Tenant) -> None:
    assert (
        Client().get(reverse("badges:status_list", kwargs={"org": tenant_a.organisation.slug})).status_code
        == 404
    )
    assert Client().get(reverse("badges:status_list", kwargs={"org": "bestaat-niet"})).status_code == 404
