"""Secrets at rest and Toerusting's own signing keys: encrypted storage, rotation without downtime."""

from __future__ import annotations

import datetime as dt
import io

import jwt
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

from tests.conftest import Tenant
from toerusting import encryption
from toerusting.audit.models import AuditEvent
from toerusting.signingkeys import selectors, services
from toerusting.signingkeys.models import KeyState, SigningKey

pytestmark = pytest.mark.django_db


def _raw_private_key(key: SigningKey) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM signingkeys_signingkey WHERE id = %s", [key.pk])
        return str(cursor.fetchone()[0])


def _verify(token: str, purpose: str) -> dict[str, object]:
    kid = jwt.get_unverified_header(token)["kid"]
    keys = {k["kid"]: k for k in selectors.jwks(purpose)["keys"]}
    assert kid in keys, "the token's key is not in the published key set"
    public = RSAAlgorithm.from_jwk(keys[kid])
    return jwt.decode(token, public, algorithms=["RS256"], audience="platform")  # type: ignore[arg-type]


def test_a_value_is_encrypted_and_bound_to_its_place() -> None:
    stored = encryption.encrypt("client-secret-123", "embed.risconnection.key")
    assert "client-secret-123" not in stored
    assert encryption.decrypt(stored, "embed.risconnection.key") == "client-secret-123"
    with pytest.raises(encryption.Unreadable):
        encryption.decrypt(stored, "other.model.field")
    with pytest.raises(encryption.Unreadable, match="not an encrypted value"):
        encryption.decrypt("enc1:abc:%%%", "embed.risconnection.key")


def test_secret_key_rotation_keeps_secrets_readable_and_reencrypts() -> None:
    with override_settings(SECRET_KEY="old-secret-" + "x" * 40):
        key = services.active_key("test")
        old_raw = _raw_private_key(key)
    new = "new-secret-" + "y" * 40
    with (
        override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(encryption.Unreadable, match="SECRET_KEY_FALLBACKS"),
    ):
        SigningKey.objects.get(pk=key.pk)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=["old-secret-" + "x" * 40]):
        assert SigningKey.objects.get(pk=key.pk).private_key == key.private_key
        out = io.StringIO()
        call_command("reencrypt_secrets", stdout=out)
        assert "signingkeys.SigningKey.private_key: 1 re-encrypted" in out.getvalue()
        assert _raw_private_key(key) != old_raw
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]):
        assert SigningKey.objects.get(pk=key.pk).private_key == key.private_key
        out = io.StringIO()
        call_command("reencrypt_secrets", stdout=out)
        assert "0 value(s) re-encrypted" in out.getvalue()


def test_the_private_key_is_stored_encrypted() -> None:
    key = services.active_key("test")
    assert key.private_key.startswith("-----BEGIN PRIVATE KEY-----")
    raw = _raw_private_key(key)
    assert raw.startswith("enc1:") and "PRIVATE KEY" not in raw


def test_one_active_key_made_on_first_use_and_audited() -> None:
    first = services.active_key("test")
    assert services.active_key("test") == first
    assert SigningKey.objects.filter(purpose="test").count() == 1
    assert AuditEvent.objects.filter(action="key_created", target=first.kid).exists()
    assert first.kid == services.thumbprint(first.public_jwk)


def test_rotation_keeps_old_signatures_valid_during_the_overlap() -> None:
    old_token = services.sign_jwt("test", {"sub": "1", "aud": "platform"})
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    new_key = services.rotate("test", overlap=dt.timedelta(days=7))
    assert new_key.kid != old_kid
    assert [k["kid"] for k in selectors.jwks("test")["keys"]] == [new_key.kid, old_kid]
    new_token = services.sign_jwt("test", {"sub": "2", "aud": "platform"})
    assert jwt.get_unverified_header(new_token)["kid"] == new_key.kid
    assert _verify(old_token, "test")["sub"] == "1"
    assert _verify(new_token, "test")["sub"] == "2"
    event = AuditEvent.objects.get(action="key_rotated")
    assert event.details["previous"] == old_kid and event.target == new_key.kid


def test_after_the_overlap_the_old_key_is_retired_but_still_verifies_what_it_signed() -> None:
    old = services.active_key("test")
    services.rotate("test", overlap=dt.timedelta(days=7))
    assert services.retire_expired(timezone.now() + dt.timedelta(days=6)) == 0
    assert services.retire_expired(timezone.now() + dt.timedelta(days=8)) == 1
    old.refresh_from_db()
    assert old.state == KeyState.RETIRED and old.private_key == ""
    assert old.kid not in [k["kid"] for k in selectors.jwks("test")["keys"]]
    assert selectors.public_jwk(old.kid, "test") == old.public_jwk
    assert selectors.public_jwk(old.kid, "test", accepted_only=True) is None
    with pytest.raises(ValueError, match="retired"):
        services.private_key_of(old)


def test_keys_are_per_organisation_and_ed25519_signs(tenant_a: Tenant, tenant_b: Tenant) -> None:
    a = services.active_key("badges", tenant_a.organisation, "EdDSA")
    b = services.active_key("badges", tenant_b.organisation, "EdDSA")
    assert a.kid != b.kid
    assert selectors.jwks("badges", tenant_a.organisation)["keys"] == [a.public_jwk]
    token = services.sign_jwt("badges", {"sub": "x"}, tenant_a.organisation, algorithm="EdDSA")
    public = OKPAlgorithm.from_jwk(a.public_jwk)
    assert jwt.decode(token, public, algorithms=["EdDSA"])["sub"] == "x"  # type: ignore[arg-type]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, OKPAlgorithm.from_jwk(b.public_jwk), algorithms=["EdDSA"])  # type: ignore[arg-type]


def test_rotate_keys_command(tenant_a: Tenant) -> None:
    out = io.StringIO()
    call_command("rotate_keys", "lti", "--organisation", tenant_a.organisation.slug, stdout=out)
    assert "signs for lti" in out.getvalue()
    assert SigningKey.objects.get(purpose="lti").organisation == tenant_a.organisation
    with pytest.raises(CommandError, match="No organisation with slug 'nergens'"):
        call_command("rotate_keys", "lti", "--organisation", "nergens")
    with pytest.raises(CommandError, match="Name the purpose"):
        call_command("rotate_keys")


def test_the_admin_never_shows_the_private_key(admin_client: Client) -> None:
    key = services.active_key("test")
    page = admin_client.get(f"/beheer/signingkeys/signingkey/{key.pk}/change/")
    assert page.status_code == 200, page.status_code
    assert key.kid in page.content.decode()
    assert "PRIVATE KEY" not in page.content.decode() and "enc1:" not in page.content.decode()
