"""The RIS connection's launch key: stored encrypted (also rows written before, through the data
migration), never shown again in the admin, and rotated without downtime: a next key is accepted next to
the current one (by kid when the token names one), promoting it retires the old key, every change is in
the audit trail without the key itself."""

from __future__ import annotations

import importlib
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection as db
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import UserFactory
from tests.test_embed import ISSUER, launch, token
from toerusting.audit.models import Action, AuditEvent
from toerusting.embed import services
from toerusting.embed.models import RisConnection, RisIdentity, TabSession

pytestmark = pytest.mark.django_db

OLD = "het-oude-gedeelde-geheim-van-de-ris-leverancier-2025"
NEW = "het-nieuwe-gedeelde-geheim-van-de-ris-leverancier-2026"


@pytest.fixture
def ris(tenant_a: Tenant) -> RisConnection:
    connection = tenant_a.ris
    services.replace_key(None, connection, OLD)
    RisIdentity.objects.create(connection=connection, subject="ris-user-1", user=tenant_a.user)
    return connection


def stored(column: str, pk: int) -> str:
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM embed_risconnection WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def launches(client: Client, key: str, **headers: str) -> str:
    """The outcome of a launch with a token signed by this key: "ok" or the refusal's reason."""
    value = token(key=key) if not headers else _with_headers(key, headers)
    response = launch(client, value)
    if response.status_code == 302:
        return "ok"
    return str(response.context["reason"])


def _with_headers(key: str, headers: dict[str, str]) -> str:
    claims = jwt.decode(token(key=key), key, algorithms=["HS256"], audience="toerusting")
    claims["jti"] = uuid.uuid4().hex
    return jwt.encode(claims, key, algorithm="HS256", headers=headers)


def test_the_key_is_stored_encrypted(ris: RisConnection) -> None:
    raw = stored("key", ris.pk)
    assert raw.startswith("enc1:") and OLD not in raw
    assert RisConnection.objects.get(pk=ris.pk).key == OLD
    services.add_next_key(None, ris, NEW)
    assert NEW not in stored("next_key", ris.pk) and stored("next_key", ris.pk).startswith("enc1:")


def test_rotation_without_downtime(ris: RisConnection, client: Client) -> None:
    sessions = TabSession.objects.count()
    assert launches(client, OLD) == "ok"
    assert launches(client, NEW) == "bad_signature"
    services.add_next_key(None, ris, NEW)
    # The overlap: both keys launch.
    assert launches(client, OLD) == "ok"
    assert launches(client, NEW) == "ok"
    services.promote_next_key(None, RisConnection.objects.get(pk=ris.pk))
    # The old key is retired: its tokens are refused, the new key launches.
    assert launches(client, OLD) == "bad_signature"
    assert launches(client, NEW) == "ok"
    changes = list(
        AuditEvent.objects.filter(action=Action.RIS_KEY_CHANGED)
        .order_by("pk")
        .values_list("details", flat=True)
    )
    assert [c["change"] for c in changes] == ["replaced", "next_key_added", "next_key_promoted"]
    assert all(OLD not in str(c) and NEW not in str(c) for c in changes)
    assert TabSession.objects.count() == sessions + 4


def test_a_kid_picks_its_key(ris: RisConnection, client: Client) -> None:
    services.replace_key(None, ris, OLD, "2025")
    services.add_next_key(None, RisConnection.objects.get(pk=ris.pk), NEW, "2026")
    assert launches(client, NEW, kid="2026") == "ok"
    assert launches(client, OLD, kid="2025") == "ok"
    # A token whose kid names the new key but is signed with the old one is refused.
    assert launches(client, OLD, kid="2026") == "bad_signature"
    # An unknown kid: both keys are tried.
    assert launches(client, NEW, kid="elders") == "ok"


def test_discarding_the_next_key_stops_accepting_it(ris: RisConnection, client: Client) -> None:
    services.add_next_key(None, ris, NEW)
    services.discard_next_key(None, RisConnection.objects.get(pk=ris.pk))
    assert launches(client, NEW) == "bad_signature"
    assert launches(client, OLD) == "ok"


def test_bad_keys_are_refused_with_a_clear_message(ris: RisConnection) -> None:
    with pytest.raises(ValidationError, match="32"):
        services.add_next_key(None, ris, "te-kort")
    with pytest.raises(ValidationError, match=r"verschillen|differ"):
        services.add_next_key(None, ris, OLD)
    with pytest.raises(ValidationError):
        services.promote_next_key(None, ris)
    ris.algorithm = "ES256"
    assert "PEM" in (services.key_problem("ES256", "geen sleutel") or "")
    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    assert services.key_problem("ES256", pem) is None
    assert services.key_problem("RS256", pem) is not None


def test_the_data_migration_encrypts_keys_written_in_plain_text(ris: RisConnection) -> None:
    with db.cursor() as cursor:
        cursor.execute("UPDATE embed_risconnection SET key = %s WHERE id = %s", [OLD, ris.pk])
    assert stored("key", ris.pk) == OLD
    # The field reads the legacy plain text as it is.
    assert RisConnection.objects.get(pk=ris.pk).key == OLD
    migration = importlib.import_module("toerusting.embed.migrations.0003_encrypted_keys_and_next_key")
    migration.encrypt_existing_keys(apps, None)
    assert stored("key", ris.pk).startswith("enc1:") and OLD not in stored("key", ris.pk)
    assert RisConnection.objects.get(pk=ris.pk).key == OLD


def test_the_admin_never_shows_the_key_and_rotates_it(ris: RisConnection, client: Client) -> None:
    services.add_next_key(None, ris, NEW, "2026")
    operator = UserFactory(username="beheerder", is_staff=True, is_superuser=True)
    client.force_login(operator)
    change_url = reverse("admin:embed_risconnection_change", args=[ris.pk])
    for url in (reverse("admin:embed_risconnection_changelist"), change_url):
        body = client.get(url).content.decode()
        assert OLD not in body and NEW not in body
        assert "ingesteld (laatste wijziging" in body
    page = client.get(change_url)
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {
            "organisation": ris.organisation.pk,
            "frame_origins": '["https://ris.aadorp.example"]',
            "create_accounts": "",
            "is_active": "on",
            "new_key": "",
            "new_next_key": "",
        }
    )
    # Saving without a new key keeps both keys.
    assert client.post(change_url, data).status_code == 302
    kept = RisConnection.objects.get(pk=ris.pk)
    assert (kept.key, kept.next_key) == (OLD, NEW)
    # A key that is too short: an error at its field, nothing saved.
    refused = client.post(change_url, {**data, "new_key": "kort"})
    assert refused.status_code == 200 and "32" in refused.content.decode()
    assert RisConnection.objects.get(pk=ris.pk).key == OLD
    # The action promotes the next key.
    response = client.post(
        reverse("admin:embed_risconnection_changelist"),
        {"action": "promote_next_key", "_selected_action": [ris.pk]},
    )
    assert response.status_code == 302
    promoted = RisConnection.objects.get(pk=ris.pk)
    assert (promoted.key, promoted.key_id, promoted.next_key) == (NEW, "2026", "")
    event = AuditEvent.objects.filter(action=Action.RIS_KEY_CHANGED).latest("pk")
    assert event.actor == operator and event.details["change"] == "next_key_promoted"
    assert event.organisation == ris.organisation
    assert ris.issuer == ISSUER


def test_the_griffie_rotates_the_key_on_its_page(
    ris: RisConnection, tenant_a: Tenant, client: Client
) -> None:
    url = reverse("tabsessions:keys", kwargs={"org": tenant_a.organisation.slug})
    client.force_login(tenant_a.user)
    assert client.get(url).status_code == 403
    client.force_login(tenant_a.griffier)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and OLD not in body and "ingesteld (laatste wijziging" in body
    prefix = f"k{ris.pk}"
    short = client.post(url, {"connection": ris.pk, "action": "next", f"{prefix}-key": "kort"})
    assert short.status_code == 400 and "minstens 32 tekens" in short.content.decode()
    added = client.post(
        url, {"connection": ris.pk, "action": "next", f"{prefix}-key": NEW, f"{prefix}-key_id": "2026"}
    )
    assert added.status_code == 302
    body = client.get(url).content.decode()
    assert NEW not in body and OLD not in body and "kid 2026" in body
    assert launches(client, OLD) == "ok" and launches(client, NEW) == "ok"
    client.force_login(tenant_a.griffier)
    assert client.post(url, {"connection": ris.pk, "action": "promote"}).status_code == 302
    assert launches(client, OLD) == "bad_signature"
    events = AuditEvent.objects.filter(action=Action.RIS_KEY_CHANGED, actor=tenant_a.griffier)
    assert [e.details["change"] for e in events.order_by("pk")] == ["next_key_added", "next_key_promoted"]
    assert all(e.organisation == tenant_a.organisation for e in events)


def test_the_griffie_cannot_touch_another_organisations_connection(
    ris: RisConnection, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    client.force_login(tenant_b.griffier)
    url = reverse("tabsessions:keys", kwargs={"org": tenant_b.organisation.slug})
    response = client.post(url, {"connection": ris.pk, "action": "promote"})
    assert response.status_code == 404
    other = client.post(url, {"connection": ris.pk, "action": "next", f"k{ris.pk}-key": NEW})
    assert other.status_code == 404 and RisConnection.objects.get(pk=ris.pk).next_key == ""
    assert not AuditEvent.objects.filter(action=Action.RIS_KEY_CHANGED, actor=tenant_b.griffier).exists()
