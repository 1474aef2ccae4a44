"""Regression tests for bad input (issue 10): every bad file, feed or body gets a one-line answer that
names the file, the place and the problem, nothing half-written; a bad meeting fails alone."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.agenda.fakes import FakeTransport
from tests.agenda.test_api import meeting as push_body
from tests.agenda.test_api import post
from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.http import HttpClient
from toerusting.agenda.models import AgendaItem, AgendaSource, Document, Meeting

SAMPLES = Path(__file__).parent / "samples"


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), AgendaItem.objects.count(), Document.objects.count()


def run_import(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *args: str) -> str:
    """The import fails; returns the whole message (stderr and the error)."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import", str(path), *args, stdout=out, stderr=err)
    return f"{err.getvalue()}\n{error.value}"


def ical(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\n{body}END:VCALENDAR\r\n".encode()


GOOD_EVENT = "UID:goed@aadorp\r\nDTSTART:20260521T193000\r\nSUMMARY:Gemeenteraad\r\n"


# --- 1. iCal recurrence without end -----------------------------------------------------------------


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_ical_rule_more_often_than_daily_is_refused_by_uid(
    tenant_a: Tenant, tmp_path: Path, frequency: str
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(
        ical(f"UID:storm@x\r\nDTSTART:20260101T000000\r\nRRULE:FREQ={frequency}\r\nSUMMARY:x\r\n")
    )
    message = refused(feed, "--format=ical", "--org=aadorp")
    assert "feed.ics: VEVENT 1 (UID storm@x): RRULE: FREQ=" + frequency in message
    assert counts() == (0, 0, 0)


def test_ical_daily_rule_from_1900_is_refused_and_the_window_clamped(
    tenant_a: Tenant, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(
        ical("UID:eeuw@x\r\nDTSTART:19000101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Oud\r\n", GOOD_EVENT)
    )
    message = refused(feed, "--format=ical", "--org=aadorp")
    assert "UID eeuw@x" in message and "more than 500 meetings" in message
    assert list(Meeting.objects.values_list("source_id", flat=True)) == ["goed@aadorp"]


def test_ical_daily_rule_that_hides_minutes_is_refused(tenant_a: Tenant, tmp_path: Path) -> None:
    minutes = ",".join(str(m) for m in range(60))
    feed = tmp_path / "feed.ics"
    feed.write_bytes(
        ical(
            f"UID:stiekem@x\r\nDTSTART:20260101T000000\r\nRRULE:FREQ=DAILY;BYMINUTE={minutes}\r\nSUMMARY:x\r\n"
        )
    )
    assert "UID stiekem@x" in refused(feed, "--format=ical", "--org=aadorp")
    assert counts() == (0, 0, 0)


def test_ical_window_longer_than_five_years_is_refused(tenant_a: Tenant) -> None:
    message = refused(
        SAMPLES / "ical/feed.ics", "--format=ical", "--org=aadorp", "--from=2000-01-01", "--until=2030-01-01"
    )
    assert "feed.ics: the window 2000-01-01 to 2030-01-01 is longer than 1827 days" in message
    assert counts() == (0, 0, 0)


def test_ical_weekly_rule_is_still_expanded(tenant_a: Tenant, tmp_path: Path) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(
        ical("UID:week@x\r\nDTSTART:20260105T190000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:x\r\n")
    )
    out, _ = run_import(feed, "--format=ical", "--org=aadorp", "--from=2026-01-01", "--until=2026-03-01")
    assert "4 created" in out


# --- 2. Tracebacks become messages --------------------------------------------------------------------


def test_deeply_nested_json_file_is_refused_by_line(tenant_a: Tenant, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"meeting":\n' + "[" * 300 + "]" * 300 + "}")
    message = refused(deep, "--format=notubiz", "--org=aadorp")
    assert "deep.json:2: JSON nested deeper than 64 levels" in message
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("format_name", ["openbesluitvorming", "ori", "go"])
def test_deeply_nested_json_is_refused_in_every_json_format(
    tenant_a: Tenant, tmp_path: Path, format_name: str
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    assert "nested deeper than 64 levels" in refused(deep, f"--format={format_name}", "--org=aadorp")


def test_push_api_refuses_50000_levels_with_a_json_400(client: Client, tenant_a: Tenant) -> None:
    token = services.issue_push_token(tenant_a.organisation, "RIS")[1]
    response = post(client, "meetings", "[" * 50_000 + "]" * 50_000, token)
    assert response.status_code == 400
    assert response.json()["error"] == "too_deep"
    assert "64 levels" in response.json()["message"]


def test_ical_dtstart_that_is_not_a_date_fails_alone(tenant_a: Tenant, tmp_path: Path) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(ical("UID:kapot@x\r\nDTSTART:hello\r\nSUMMARY:x\r\n", GOOD_EVENT))
    message = refused(feed, "--format=ical", "--org=aadorp")
    assert "feed.ics: VEVENT 1 (UID kapot@x): DTSTART:" in message
    assert "1 created" in message and "1 failed" in message


OVERFLOW = "0001-01-01T00:30:00+14:00"


def test_a_date_that_overflows_fails_alone_and_is_counted(tenant_a: Tenant, tmp_path: Path) -> None:
    hits = json.loads((SAMPLES / "ori/search_response.json").read_text())
    bad = json.loads(json.dumps(hits["hits"]["hits"][0]))
    bad["_id"] = bad["_source"]["@id"] = "9999"
    bad["_source"]["start_date"] = OVERFLOW
    hits["hits"]["hits"].append(bad)
    path = tmp_path / "ori.json"
    path.write_text(json.dumps(hits))
    message = refused(path, "--format=ori", "--org=aadorp")
    assert f"start_date: {OVERFLOW!r} cannot be converted to UTC" in message
    assert "1 created" in message and "1 failed" in message
    assert Meeting.objects.count() == 1


def test_a_live_source_with_an_overflowing_date_reports_it(tenant_a: Tenant) -> None:
    source = AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="openbesluitvorming", settings={"source_key": "aadorp"}
    )
    row = {
        "seq": 1,
        "op": "upsert",
        "entity_id": "meeting:x:gemeente:aadorp:1",
        "payload": {"name": "Raad", "start_date": OVERFLOW},
    }
    fake = FakeTransport()
    fake.add(
        "/api/export/snapshot",
        json.dumps(row).encode(),
        headers={"X-Has-More": "false", "X-Changes-Cursor": "c5"},
    )
    summary = services.sync_organisation("aadorp", client=HttpClient(fake, sleep=lambda s: None))
    assert summary.failed == 1 and "cannot be converted to UTC" in summary.problems[0]
    source.refresh_from_db()
    assert "1 failed" in source.last_summary
    # The monitoring counters (Prometheus) count the run as failed.
    assert (source.sync_runs, source.sync_failures) == (1, 1)


def test_push_api_answers_an_overflowing_date_with_400(client: Client, tenant_a: Tenant) -> None:
    token = services.issue_push_token(tenant_a.organisation, "RIS")[1]
    response = post(client, "meetings", push_body(start=OVERFLOW, end=None), token)
    assert response.status_code == 400
    assert response.json()["fields"][0]["field"] == "start"
    assert Meeting.objects.count() == 0


# --- 3. Long titles -------------------------------------------------------------------------------------


def notubiz_meeting(title: str, url: str = "https://ris.example/d1.pdf") -> dict[str, Any]:
    return {
        "meeting": {
            "id": 77,
            "plannings": [{"start_date": "2026-03-26 19:30:00"}],
            "attributes": [{"id": 1, "value": "Gemeenteraad"}],
            "agenda_items": [
                {
                    "id": 1,
                    "type_data": {
                        "attributes": [{"id": 1, "value": title}, {"id": 3, "value": "Toelichting"}]
                    },
                    "documents": [{"id": 5, "title": "Voorstel", "url": url}],
                }
            ],
        }
    }


def test_a_2_mb_title_is_capped_and_kept_whole_in_the_description(tenant_a: Tenant, tmp_path: Path) -> None:
    title = ("Verordening " + "woonruimtebemiddeling (23207) - " * 70_000)[:2_000_000]
    path = tmp_path / "lang.json"
    path.write_text(json.dumps(notubiz_meeting(title)))
    out, err = run_import(path, "--format=notubiz", "--org=aadorp")
    assert "1 created" in out and "the title has 2000000 characters" in err
    item = AgendaItem.objects.get()
    assert len(item.original_title) <= 1000 and len(item.title) <= 1000
    assert item.description.startswith(title) and item.description.endswith("Toelichting")


# --- 4. Silent corruption --------------------------------------------------------------------------------


def test_unknown_tzid_is_named_not_read_as_amsterdam(tenant_a: Tenant, tmp_path: Path) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_bytes(
        ical("UID:mars@x\r\nDTSTART;TZID=Mars/Olympus:20260521T193000\r\nSUMMARY:x\r\n", GOOD_EVENT)
    )
    message = refused(feed, "--format=ical", "--org=aadorp", "--from=2026-01-01", "--until=2027-01-01")
    assert "UID mars@x): DTSTART: TZID 'Mars/Olympus' is not a known time zone" in message
    assert list(Meeting.objects.values_list("source_id", flat=True)) == ["goed@aadorp"]


def test_latin1_ics_file_is_refused_by_line_and_byte(tenant_a: Tenant, tmp_path: Path) -> None:
    feed = tmp_path / "latin1.ics"
    feed.write_bytes(ical(GOOD_EVENT.replace("Gemeenteraad", "Caf\u00e9")).decode().encode("latin-1"))
    message = refused(feed, "--format=ical", "--org=aadorp")
    assert "latin1.ics:7: not UTF-8 text (byte 0xE9)" in message
    assert counts() == (0, 0, 0)


def test_live_ical_in_a_declared_charset_is_decoded(tenant_a: Tenant) -> None:
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="ical", base_url="https://aadorp.example/raad.ics"
    )
    fake = FakeTransport()
    body = ical(GOOD_EVENT.replace("Gemeenteraad", "Caf\u00e9")).decode().encode("latin-1")
    fake.add("/raad.ics", body, headers={"Content-Type": "text/calendar; charset=ISO-8859-1"})
    summary = services.sync_organisation("aadorp", client=HttpClient(fake, sleep=lambda s: None))
    assert summary.failed == 0
    assert Meeting.objects.get().name == "Caf\u00e9"


# --- 6. Only http(s) links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "/d1.pdf"],
)
def test_import_keeps_only_http_links_and_names_the_document(
    tenant_a: Tenant, tmp_path: Path, url: str
) -> None:
    path = tmp_path / "xss.json"
    path.write_text(json.dumps(notubiz_meeting("Bestemmingsplan", url=url)))
    _, err = run_import(path, "--format=notubiz", "--org=aadorp")
    assert "(meeting 77): document 5 (Voorstel): the link" in err and "only http and https" in err
    assert list(Document.objects.values_list("url", flat=True)) == [""]


def test_every_source_passes_the_same_link_check(tenant_a: Tenant) -> None:
    record = services.read_file(
        json.dumps(notubiz_meeting("Bestemmingsplan", url="javascript:alert(1)")).encode(), "notubiz", "x"
    )[0]
    record.source = "push"  # type: ignore[union-attr]
    _, meeting, warnings = services.push_meeting(tenant_a.organisation, record)  # type: ignore[arg-type]
    assert any("javascript:alert(1)" in warning for warning in warnings)
    assert not Document.objects.filter(meeting=meeting).exclude(url="").exists()


# --- 7. Files with nothing to read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "format_name", "words"),
    [
        (b"", "notubiz", "the file is empty"),
        (b"[]", "notubiz", "holds no meetings"),
        (b'{"meetings": []}', "notubiz", "holds no meetings"),
        (b"[]", "go", "holds no meetings"),
        (b"\n\n", "openbesluitvorming", "the file is empty"),
        (b'{"hits": {"hits": []}}', "ori", "holds no meetings"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "ical", "has no VEVENT"),
        (b"", "ical", "the file is empty"),
    ],
)
def test_a_file_without_meetings_is_an_error_that_says_why(
    tenant_a: Tenant, tmp_path: Path, content: bytes, format_name: str, words: str
) -> None:
    path = tmp_path / "leeg.dat"
    path.write_bytes(content)
    message = refused(path, f"--format={format_name}", "--org=aadorp")
    assert "leeg.dat" in message and words in message and "0 agenda items read" not in message
    assert counts() == (0, 0, 0)


def test_a_live_feed_whose_cursor_does_not_move_is_stopped(tenant_a: Tenant) -> None:
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="openbesluitvorming", settings={"source_key": "aadorp"}
    )
    fake = FakeTransport()
    fake.add(
        "/api/export/snapshot",
        (SAMPLES / "openbesluitvorming/export_snapshot.ndjson").read_bytes(),
        headers={"X-Has-More": "true", "X-Next-Cursor": "s2"},
    )  # every page says "more from s2", also the page at s2
    summary = services.sync_organisation("aadorp", client=HttpClient(fake, sleep=lambda s: None))
    assert summary.failed == 1 and "X-Next-Cursor 's2' is the cursor just read" in summary.problems[0]


def test_an_offset_beyond_14_hours_is_stored_as_the_same_moment_in_utc(
    client: Client, tenant_a: Tenant
) -> None:
    token = services.issue_push_token(tenant_a.organisation, "RIS")[1]
    response = post(client, "meetings", push_body(start="2093-09-27T20:54:43-22:25", end=None), token)
    assert response.status_code == 201
    stored = Meeting.objects.get().start
    assert stored == dt.datetime(2093, 9, 28, 19, 19, 43, tzinfo=dt.UTC)
