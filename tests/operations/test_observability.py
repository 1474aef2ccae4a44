"""Health endpoints, Prometheus metrics and structured logs."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import psycopg.errors
import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import Client
from pytest_django.fixtures import Settings

from tests.database_errors import broken_connection, wrapped
from toerusting.agenda.models import AgendaSource
from toerusting.operations import logs, startup

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "agenda"]}}


# --- health ---------------------------------------------------------------------------------------------


def test_live_answers_without_the_database(client: Client) -> None:
    # No django_db mark: pytest-django refuses every database access, so this passes only without one.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_ready_fails_when_the_database_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise DatabaseError("down")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_ready_checks_database_cache_migrations_and_reports_the_backlog(
    client: Client, settings: Settings
) -> None:
    settings.TASKS = DATABASE_TASKS
    response = client.get("/health/ready")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == body["cache"] == body["migrations"] == "ok"
    assert body["tasks"] == {"status": "ok", "queued": 0, "oldest_seconds": 0}

    from django_tasks_db.models import DBTaskResult

    from toerusting.embed.tasks import clean_up_task

    clean_up_task.enqueue()
    DBTaskResult.objects.update(enqueued_at="2020-01-01T00:00:00Z")
    body = client.get("/health/ready").json()
    assert body["status"] == "degraded"
    assert body["tasks"]["status"] == "behind"
    assert body["tasks"]["queued"] == 1


@pytest.mark.django_db
def test_ready_fails_with_unapplied_migrations(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "unapplied_migrations", lambda using="default": ["agenda.0099_future"])
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["migrations"] == "unapplied"


@pytest.mark.django_db
def test_ready_fails_when_the_cache_is_unreachable(client: Client, settings: Settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9",
        }
    }
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"


# --- metrics --------------------------------------------------------------------------------------------


def metric(text: str, prefix: str) -> float:
    values = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix)]
    assert values, f"{prefix} not in the metrics"
    return sum(values)


@pytest.mark.django_db
def test_metrics_count_requests_sync_runs_and_the_queue(
    client: Client, settings: Settings, tenant_a: object
) -> None:
    settings.TASKS = DATABASE_TASKS
    before = client.get("/metrics").content.decode()
    requests = 'toerusting_http_requests_total{method="GET",route="health_live",status="200"}'
    start = metric(before, requests) if requests in before else 0.0
    client.get("/health/live")
    client.get("/health/live")
    AgendaSource.objects.create(
        organisation=tenant_a.organisation,  # type: ignore[attr-defined]
        kind="ical",
        base_url="https://example.org/feed.ics",
        sync_runs=7,
        sync_failures=2,
    )
    from toerusting.embed.tasks import clean_up_task

    clean_up_task.enqueue()
    text = client.get("/metrics").content.decode()
    assert metric(text, requests) == start + 2
    assert metric(text, 'toerusting_http_request_duration_seconds_count{route="health_live"}') >= 2
    assert metric(text, 'toerusting_agenda_sync_runs_total{organisation="aadorp",source="ical"}') == 7
    assert metric(text, 'toerusting_agenda_sync_failures_total{organisation="aadorp",source="ical"}') == 2
    assert metric(text, 'toerusting_task_queue_length{queue="default"}') == 1
    assert metric(text, 'toerusting_task_queue_length{queue="agenda"}') == 0


@pytest.mark.django_db
def test_metrics_are_not_for_everyone(client: Client, settings: Settings) -> None:
    # Through a reverse proxy (X-Forwarded-For), or from another network: refused.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    # With a token, only the token counts.
    settings.METRICS_TOKEN = "scrape-" + "s" * 30
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    ok = client.get(
        "/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}", REMOTE_ADDR="203.0.113.9"
    )
    assert ok.status_code == 200


# --- logs -----------------------------------------------------------------------------------------------


def test_json_lines_mask_url_secrets_and_carry_the_request_id() -> None:
    record = logging.makeLogRecord(
        {
            "name": "django.request",
            "levelname": "WARNING",
            "msg": "Forbidden: %s",
            "args": ("/embed/x/?s=SESSIONKEY123&token=eyJhbGciOi.abc.def",),
            "status_code": 403,
            "request": object(),
        }
    )
    token = logs.request_id.set("req-12345678")
    try:
        logs.RequestIdFilter().filter(record)
        line = logs.JsonFormatter().format(record)
    finally:
        logs.request_id.reset(token)
    entry = json.loads(line)
    assert entry["request_id"] == "req-12345678"
    assert entry["level"] == "WARNING"
    assert entry["status_code"] == 403
    assert "request" not in entry
    assert "SESSIONKEY123" not in line
    assert "eyJhbGciOi" not in line
    assert entry["message"] == "Forbidden: /embed/x/?s=[hidden]&token=[hidden]"


@pytest.mark.django_db
def test_every_request_gets_an_id_and_one_access_line(
    client: Client, caplog: pytest.LogCaptureFixture, settings: Settings
) -> None:
    logging.getLogger("toerusting.access").setLevel(logging.INFO)
    with caplog.at_level(logging.INFO, logger="toerusting.access"):
        response = client.get("/health/live?s=SECRETSESSIONKEY")
        given = client.get("/health/live", HTTP_X_REQUEST_ID="from-the-proxy-42")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    assert given["X-Request-ID"] == "from-the-proxy-42"
    lines = [logs.JsonFormatter().format(r) for r in caplog.records if r.name == "toerusting.access"]
    entries = [json.loads(line) for line in lines]
    assert [e["path"] for e in entries] == ["/health/live", "/health/live"]
    assert entries[0]["status"] == 200
    assert "SECRETSESSIONKEY" not in "".join(lines)


# --- database outage ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        lambda: OperationalError("connection refused"),
        lambda: InterfaceError("connection already closed"),
        broken_connection,
    ],
    ids=["operational", "interface", "no sqlstate"],
)
def test_a_database_outage_is_a_clean_503(
    client: Client, monkeypatch: pytest.MonkeyPatch, settings: Settings, error: Callable[[], Exception]
) -> None:
    settings.DEBUG = False

    def refused(*_args: object, **_kwargs: object) -> None:
        raise error()

    monkeypatch.setattr("toerusting.catalogue.views.selectors.browse_for_user", refused)
    response = client.get("/catalogus/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Even niet bereikbaar" in body
    assert "Traceback" not in body and "connection refused" not in body


def test_only_errors_that_say_the_database_is_away_count_as_an_outage() -> None:
    import sqlite3

    from toerusting.outage import database_away

    assert database_away(broken_connection())
    assert database_away(OperationalError("connection refused"))
    assert database_away(InterfaceError("connection already closed"))
    # Errors the server sent (with a SQLSTATE), SQLite's errors and a DatabaseError of our own are faults.
    assert not database_away(
        wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout"))
    )
    assert not database_away(wrapped(sqlite3.DatabaseError("database disk image is malformed")))
    assert not database_away(DatabaseError("no cause"))
    assert not database_away(ValueError("a bug"))


@pytest.mark.django_db
def test_a_database_outage_on_the_api_is_json(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("toerusting.agenda.api.openapi_document", refused)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        lambda: ValueError("a bug"),
        # An error the server sent has a SQLSTATE: our fault, not an outage.
        lambda: wrapped(psycopg.errors.UndefinedTable('relation "catalogue_item" does not exist')),
    ],
    ids=["bug", "server error"],
)
def test_other_errors_are_still_500(
    client: Client, monkeypatch: pytest.MonkeyPatch, settings: Settings, error: Callable[[], Exception]
) -> None:
    settings.DEBUG = False
    client.raise_request_exception = False

    def broken(*_args: object, **_kwargs: object) -> None:
        raise error()

    monkeypatch.setattr("toerusting.catalogue.views.selectors.browse_for_user", broken)
    assert client.get("/catalogus/").status_code == 500
