"""The push API: token per organisation, upsert with the tree, cancel, delete, JSON errors, size limit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.models import AgendaItem, Meeting, PushToken


@pytest.fixture
def token(tenant_a: Tenant) -> str:
    return services.issue_push_token(tenant_a.organisation, "Notubiz")[1]


def meeting(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "ris:4700",
        "name": "Gemeenteraad",
        "start": "2026-05-12T19:30:00+02:00",
        "end": "2026-05-12T23:00:00+02:00",
        "location": "Raadzaal",
        "gremium": {"id": "12", "name": "Gemeenteraad"},
        "url": "https://aadorp.example/raad/4700",
        "items": [
            {"id": "1", "number": "1.", "title": "Opening"},
            {
                "id": "2",
                "number": "2.",
                "title": "Hamerstukken",
                "is_heading": True,
                "items": [
                    {
                        "id": "3",
                        "number": "2a.",
                        "title": "Raadsvoorstel Verordening OZB 2027 (23207)",
                        "documents": [
                            {
                                "id": "d1",
                                "title": "Raadsvoorstel",
                                "url": "https://ris.example/d1.pdf",
                                "mime_type": "application/pdf",
                            }
                        ],
                    }
                ],
            },
        ],
    }
    body.update(changes)
    return body


def post(client: Client, name: str, body: Any, token: str = "", **extra: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        reverse(f"agenda_api:{name}"),
        data=data,
        content_type=extra.pop("content_type", "application/json"),
        **headers,
        **extra,
    )


def test_upsert_creates_then_is_idempotent(client: Client, tenant_a: Tenant, token: str) -> None:
    first = post(client, "meetings", meeting(), token)
    assert first.status_code == 201, first.content
    assert first.json() == {"status": "created", "id": "ris:4700", "agenda_items": 3, "warnings": []}
    row = Meeting.objects.get()
    assert (row.organisation, row.source, row.gremium) == (tenant_a.organisation, "push", tenant_a.raad)
    assert AgendaItem.objects.get(source_id="3").title == "Verordening OZB 2027"
    again = post(client, "meetings", meeting(), token)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    changed = post(client, "meetings", meeting(name="Gemeenteraad (extra)"), token)
    assert changed.json()["status"] == "updated"
    assert Meeting.objects.get().name == "Gemeenteraad (extra)"


def test_cancel_and_delete(client: Client, token: str) -> None:
    post(client, "meetings", meeting(), token)
    cancelled = post(client, "cancel", {"id": "ris:4700"}, token)
    assert cancelled.status_code == 200 and cancelled.json() == {"status": "cancelled", "id": "ris:4700"}
    assert Meeting.objects.get().status == "geannuleerd"
    deleted = post(client, "delete", {"id": "ris:4700"}, token)
    assert deleted.json() == {"status": "deleted", "id": "ris:4700"}
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()
    missing = post(client, "delete", {"id": "ris:4700"}, token)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_a_token_reaches_only_its_own_organisation(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    token_b = services.issue_push_token(tenant_b.organisation, "GO")[1]
    token_a = services.issue_push_token(tenant_a.organisation, "Notubiz")[1]
    post(client, "meetings", meeting(), token_a)
    assert post(client, "cancel", {"id": "ris:4700"}, token_b).status_code == 404
    assert post(client, "delete", {"id": "ris:4700"}, token_b).status_code == 404
    post(client, "meetings", meeting(name="Raad van B"), token_b)
    names = dict(Meeting.objects.values_list("organisation__slug", "name"))
    assert names == {"aadorp": "Gemeenteraad", "beestad": "Raad van B"}


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer trt_nope_nope", "Basic dXNlcjpwYXNz", "Bearer trt_{prefix}_wrongsecret"],
)
def test_missing_or_wrong_token_is_401(client: Client, tenant_a: Tenant, header: str) -> None:
    token, _ = services.issue_push_token(tenant_a.organisation, "Notubiz")
    response = client.post(
        reverse("agenda_api:meetings"),
        data=json.dumps(meeting()),
        content_type="application/json",
        HTTP_AUTHORIZATION=header.format(prefix=token.prefix),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Meeting.objects.exists()


def test_revoked_token_is_refused(client: Client, tenant_a: Tenant) -> None:
    token, plain = services.issue_push_token(tenant_a.organisation, "Notubiz")
    services.revoke_push_token(token)
    assert post(client, "meetings", meeting(), plain).status_code == 401


def test_only_a_hash_is_stored(tenant_a: Tenant, token: str) -> None:
    row = PushToken.objects.get()
    assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    assert services.organisation_for_token(token) == tenant_a.organisation


BAD_BODIES = [
    ({**meeting(), "start": "2026-02-30T19:30:00+01:00"}, "start"),
    ({**meeting(), "start": "2026-05-12T19:30:00"}, "start"),  # no offset: ambiguous
    ({k: v for k, v in meeting().items() if k != "name"}, "name"),
    ({**meeting(), "status": "verplaatst"}, "status"),
    ({**meeting(), "colour": "red"}, "colour"),
    ({**meeting(), "end": "2026-05-12T18:00:00+02:00"}, "end"),
    ({**meeting(), "items": [{"id": "1", "title": ""}]}, "items[0].title"),
    ({**meeting(), "items": [{"id": "1", "title": "A", "items": [{"id": "2"}]}]}, "items[0].items[0].title"),
    (
        {
            **meeting(),
            "items": [{"id": "1", "title": "A", "documents": [{"id": "d", "title": "x", "url": "ftp://x"}]}],
        },
        "items[0].documents[0].url",
    ),
    ([], "(body)"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_invalid_body_names_the_field_and_writes_nothing(
    client: Client, token: str, body: Any, field: str
) -> None:
    response = post(client, "meetings", body, token)
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["error"] == "invalid"
    assert field in [problem["field"] for problem in answer["fields"]], answer
    assert not Meeting.objects.exists()


def test_not_json_says_where(client: Client, token: str) -> None:
    response = post(client, "meetings", '{"id": "x",\n "name": }', token)
    assert response.status_code == 400
    assert response.json()["error"] == "not_json"
    assert "line 2" in response.json()["message"]


def test_wrong_content_type(client: Client, token: str) -> None:
    response = post(client, "meetings", "id=x", token, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"


def test_oversized_body_is_413(client: Client, token: str, settings: Settings) -> None:
    settings.AGENDA_PUSH_MAX_BYTES = 1000
    body = meeting(items=[{"id": str(i), "title": "Agendapunt " + "x" * 50} for i in range(40)])
    response = post(client, "meetings", body, token)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert not Meeting.objects.exists()


def test_get_is_405_json(client: Client) -> None:
    response = client.get(reverse("agenda_api:meetings"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"


def test_duplicate_item_ids_are_reported_as_warnings(client: Client, token: str) -> None:
    body = meeting(items=[{"id": "1", "title": "Opening"}, {"id": "1", "title": "Opening (2)"}])
    answer = post(client, "meetings", body, token).json()
    assert answer["status"] == "created" and "appears twice" in answer["warnings"][0]
    assert AgendaItem.objects.count() == 1


def test_openapi_is_served(client: Client) -> None:
    document = client.get(reverse("agenda_api:openapi")).json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/meetings", "/meetings/cancel", "/meetings/delete"}


@pytest.mark.django_db
def test_nul_characters_are_removed_not_a_server_error(client: Client, token: str) -> None:
    body = meeting(id="ris:\u00004700", name="Gemeente\u0000raad")
    body["items"][0]["title"] = "Ope\u0000ning"
    assert post(client, "meetings", body, token).status_code in {200, 201}
    stored = Meeting.objects.get(source_id="ris:4700")
    assert stored.name == "Gemeenteraad"
    assert stored.agenda_items.filter(title="Opening").exists()
    # An id that is only NUL is refused as blank, for cancel and delete alike.
    assert post(client, "cancel", {"id": "\u0000"}, token).status_code == 400
    assert post(client, "delete", {"id": "\u0000"}, token).status_code == 400
