"""Live sources through the HTTP client with a fake transport (no network): paging, cursors, retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.agenda.fakes import FakeTransport
from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.http import FetchError, HttpClient, Request, Response, urllib_transport
from toerusting.agenda.models import AgendaSource, Meeting

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def client(transport: FakeTransport) -> HttpClient:
    return HttpClient(transport, sleep=lambda seconds: None)


def test_notubiz_pages_through_events_and_reads_each_meeting(tenant_a: Tenant) -> None:
    source = AgendaSource.objects.create(
        organisation=tenant_a.organisation,
        kind="notubiz",
        settings={"organisation_id": 686, "gremia": {"12": "raad"}},
    )
    fake = FakeTransport()
    fake.add(
        "/events",
        json.dumps(
            {
                "events": [{"id": 4700, "type": "meeting", "permission_group": "public"}],
                "pagination": {"has_more_pages": True},
            }
        ).encode(),
        query={"page": "1"},
    )
    fake.add(
        "/events",
        json.dumps(
            {
                "events": [
                    {"id": 4801, "type": "meeting", "permission_group": "private"},
                    {"id": 4802, "type": "meeting"},
                ],
                "pagination": {"has_more_pages": False},
            }
        ).encode(),
        query={"page": "2"},
    )
    fake.add("/events/meetings/4700", sample("notubiz/meeting_nested.json"))
    meetings = json.loads(sample("notubiz/meetings_list.json"))["meetings"]
    fake.add("/events/meetings/4802", json.dumps(meetings[2]).encode())
    summary = services.sync_organisation("aadorp", client=client(fake))
    assert (summary.created, summary.failed) == (2, 0)
    assert Meeting.objects.get(source_id="4700").gremium == tenant_a.raad
    assert not any("4801" in r.url for r in fake.requests)  # private events are not fetched
    first = fake.requests[0].url
    assert "organisation_id=686" in first and "version=1.17.0" in first and "format=json" in first
    source.refresh_from_db()
    assert source.cursor and source.last_synced_at is not None
    assert "2 created" in source.last_summary
    assert (source.sync_runs, source.sync_failures) == (1, 0)
    # The second run is a no-op.
    again = services.sync_organisation("aadorp", client=client(fake))
    assert (again.created, again.unchanged) == (0, 2)


def test_openbesluitvorming_snapshot_then_changes_with_cursor(tenant_a: Tenant) -> None:
    source = AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="openbesluitvorming", settings={"source_key": "aadorp"}
    )
    lines = sample("openbesluitvorming/export_snapshot.ndjson").splitlines()
    fake = FakeTransport()
    fake.add(
        "/api/export/snapshot",
        b"\n".join(lines[:2]),
        query={"source": "aadorp"},
        headers={"X-Next-Cursor": "s2", "X-Has-More": "true"},
    )
    fake.add(
        "/api/export/snapshot",
        b"\n".join(lines[2:]),
        query={"source": "aadorp", "cursor": "s2"},
        headers={"X-Has-More": "false", "X-Changes-Cursor": "c10"},
    )
    summary = services.sync_organisation("aadorp", client=client(fake))
    assert (summary.created, summary.failed) == (2, 0)
    source.refresh_from_db()
    assert source.cursor == "changes:c10"
    # The next sync asks the changes feed from the stored cursor.
    fake.add(
        "/api/export/changes",
        b"",
        query={"source": "aadorp", "cursor": "c10"},
        headers={"X-Has-More": "false", "X-Changes-Cursor": "c11"},
    )
    services.sync_organisation("aadorp", client=client(fake))
    assert fake.requests[-1].url.endswith("/api/export/changes?source=aadorp&cursor=c10")
    source.refresh_from_db()
    assert source.cursor == "changes:c11"


def test_openbesluitvorming_since_uses_search_and_entities(
    tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = AgendaSource.objects.create(
        organisation=tenant_a.organisation,
        kind="openbesluitvorming",
        settings={"source_key": "aadorp"},
        cursor="changes:c10",
    )
    fake = FakeTransport()
    fake.add(
        "/api/search",
        sample("openbesluitvorming/search.json"),
        query={"entityType": "Meeting", "dateFrom": "2025-01-01"},
    )
    fake.add(
        "/api/entities/meeting%3Anotubiz%3Agemeente%3Aaadorp%3A830424",
        sample("openbesluitvorming/entity_meeting.json"),
    )
    monkeypatch.setattr(services.live, "HttpClient", lambda: client(fake))
    out, err = StringIO(), StringIO()
    call_command("sync", "--org=aadorp", "--since=2025-01-01", stdout=out, stderr=err)
    assert "1 created" in out.getvalue()
    assert "sync aadorp: 1 meeting(s) read" in err.getvalue()  # the progress bar
    source.refresh_from_db()
    assert source.cursor == "changes:c10"  # --since does not move the cursor


def test_a_failure_stops_the_cursor_and_exits_non_zero(
    tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="openbesluitvorming", settings={"source_key": "aadorp"}
    )
    fake = FakeTransport()
    fake.add(
        "/api/export/snapshot",
        b'{"seq":1,"op":"upsert","entity_id":"meeting:x:gemeente:aadorp:1","payload":{"name":"Raad"}}',
        headers={"X-Has-More": "false", "X-Changes-Cursor": "c5"},
    )
    summary = services.sync_organisation("aadorp", client=client(fake))
    assert summary.failed == 1 and "sortDate" in summary.problems[0]
    source.refresh_from_db()
    assert source.cursor == ""  # not moved past the failed meeting
    monkeypatch.setattr(services.live, "HttpClient", lambda: client(fake))
    err = StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("sync", "--org=aadorp", stdout=StringIO(), stderr=err)
    assert "meeting:x:gemeente:aadorp:1" in err.getvalue()


def test_unreachable_source_is_reported_not_raised(tenant_a: Tenant) -> None:
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="go", base_url="https://raad.aadorp.example/api"
    )
    summary = services.sync_organisation("aadorp", client=client(FakeTransport()))
    assert summary.failed == 1 and "HTTP 404" in summary.problems[0]


def test_go_and_ical_live(tenant_a: Tenant) -> None:
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="go", base_url="https://raad.aadorp.example/api"
    )
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="ical", base_url="https://aadorp.example/raad.ics"
    )
    fake = FakeTransport()
    fake.add("/api/v2/meetings", sample("go/v2_meetings.json"))
    fake.add("/raad.ics", sample("ical/feed.ics"))
    summary = services.sync_organisation("aadorp", since=None, client=client(fake))
    assert summary.failed == 0
    assert Meeting.objects.filter(source="go").count() == 2
    assert Meeting.objects.filter(source="ical").exists()


@pytest.mark.django_db
def test_unknown_organisation() -> None:
    with pytest.raises(CommandError, match="no organisation"):
        call_command("sync", org="nergenshuizen", stdout=StringIO(), stderr=StringIO())


def test_no_live_source_configured(tenant_a: Tenant) -> None:
    with pytest.raises(CommandError, match="no active live agenda source"):
        call_command("sync", org="aadorp", stdout=StringIO(), stderr=StringIO())


def test_client_retries_429_with_retry_after_then_gives_up() -> None:
    waits: list[float] = []
    answers = iter(
        [Response(429, b"", {"retry-after": "7"}), Response(503, b""), Response(200, b'{"ok": true}')]
    )
    http = HttpClient(lambda request, timeout: next(answers), sleep=waits.append)
    assert http.get_json("https://example.test/x") == {"ok": True}
    assert waits == [7.0, 2.0]
    failing = HttpClient(lambda request, timeout: Response(500, b"kapot"), sleep=waits.append, retries=1)
    with pytest.raises(FetchError, match=r"HTTP 500: kapot"):
        failing.get("https://example.test/y")


@pytest.fixture
def local_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"path": self.path, "agent": self.headers["User-Agent"]}).encode()
            self.send_response(200 if self.path != "/missing" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urllib_transport_against_a_local_server(local_server: str) -> None:
    http = HttpClient(urllib_transport, timeout=5)
    answer = http.get_json(http.url(local_server, "events", {"page": 1}))
    assert answer["path"] == "/events?page=1" and answer["agent"].startswith("Toerusting/")
    with pytest.raises(FetchError, match="HTTP 404"):
        http.get(f"{local_server}/missing")
    with pytest.raises(FetchError, match="only http"):
        urllib_transport(Request("GET", "file:///etc/passwd"), 1)
