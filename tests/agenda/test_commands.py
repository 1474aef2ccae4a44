"""The import command on every format, and the corpus of bad input: named errors, nothing written."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import Tenant
from toerusting.agenda.models import AgendaItem, Document, Meeting

SAMPLES = Path(__file__).parent / "samples"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), AgendaItem.objects.count(), Document.objects.count()


@pytest.mark.parametrize(
    ("name", "format_name", "created"),
    [
        ("notubiz/meeting_nested.json", "notubiz", 1),
        ("openbesluitvorming/entity_meeting.json", "openbesluitvorming", 1),
        ("openbesluitvorming/export_snapshot.ndjson", "openbesluitvorming", 2),
        ("ori/search_response.json", "ori", 1),
        ("go/v1_meetings.json", "go", 2),
        ("go/v2_meetings.json", "go", 2),
        ("ical/feed.ics", "ical", 7),
    ],
)
def test_import_every_format_then_reimport_changes_nothing(
    tenant_a: Tenant, name: str, format_name: str, created: int
) -> None:
    args = [str(SAMPLES / name), f"--format={format_name}", "--org=aadorp"]
    if format_name == "ical":
        args += ["--from=2026-01-01", "--until=2027-01-01"]
    out, err = run(*args)
    assert f"{created} created" in out and "0 failed" in out
    assert "[##############################]" in err  # the progress bar, at its end
    before = (counts(), list(Meeting.objects.values_list("content_hash", "updated_at")))
    out, _ = run(*args)
    # Every entry is unchanged now; the export feed also holds a delete of a meeting that is not here.
    unchanged = created + (1 if name.endswith(".ndjson") else 0)
    assert f"0 created, 0 updated, {unchanged} unchanged, 0 deleted, 0 failed" in out
    assert (counts(), list(Meeting.objects.values_list("content_hash", "updated_at"))) == before


# The corpus of bad input: what is wrong, and the words the error must contain.
BAD = [
    ("bad/malformed_notubiz.json", "notubiz", ["malformed_notubiz.json:3", "not valid JSON"]),
    ("bad/wrong_shape_notubiz.json", "notubiz", ["Notubiz event list", "/events/meetings/{id}"]),
    (
        "bad/invalid_date_notubiz.json",
        "notubiz",
        ["record 1 (meeting 5)", "plannings[0].start_date", "2026-02-30"],
    ),
    ("bad/item_without_title_notubiz.json", "notubiz", ["meeting 6", "agenda_items[0]", "title"]),
    ("bad/unknown_org_openbesluitvorming.json", "openbesluitvorming", ["nergenshuizen", "no organisation"]),
    ("bad/broken_line_openbesluitvorming.ndjson", "openbesluitvorming", ["ndjson:2", "not valid JSON"]),
    ("bad/broken_ical.ics", "ical", ["broken_ical.ics", "iCalendar"]),
    ("bad/wrong_shape_ori.json", "ori", ["Elasticsearch"]),
    ("bad/invalid_date_go.json", "go", ["record 1 (meeting 1)", "date", "13-03-2025"]),
    ("notubiz/meeting_nested.json", "ical", ["not an iCalendar feed"]),
    ("ical/feed.ics", "notubiz", ["not valid JSON"]),
    ("does-not-exist.json", "notubiz", ["cannot be read"]),
]


@pytest.mark.parametrize(("name", "format_name", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named_and_writes_nothing(
    tenant_a: Tenant, name: str, format_name: str, words: list[str]
) -> None:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import", str(SAMPLES / name), f"--format={format_name}", stdout=out, stderr=err)
    message = f"{err.getvalue()}\n{out.getvalue()}\n{error.value}"
    for word in words:
        assert word in message, message
    assert str(error.value).count("nothing was imported") <= 1, error.value  # said once, not twice
    assert counts() == (0, 0, 0)


def test_unknown_org_option(db: None) -> None:
    with pytest.raises(CommandError, match="--org: no organisation with key 'nergenshuizen'"):
        run(str(SAMPLES / "notubiz/meeting_nested.json"), "--format=notubiz", "--org=nergenshuizen")


def test_a_bad_record_among_good_ones_fails_alone(tenant_a: Tenant, tmp_path: Path) -> None:
    good = (SAMPLES / "notubiz/meeting_nested.json").read_text()
    bad = (SAMPLES / "bad/invalid_date_notubiz.json").read_text()
    mixed = tmp_path / "mixed.json"
    mixed.write_text(f"[{good}, {bad}]")
    err = StringIO()
    with pytest.raises(CommandError, match="1 created, 0 updated, 0 unchanged, 0 deleted, 1 failed"):
        call_command("import", str(mixed), "--format=notubiz", "--org=aadorp", stdout=StringIO(), stderr=err)
    assert "mixed.json: record 2 (meeting 5): plannings[0].start_date" in err.getvalue()
    assert list(Meeting.objects.values_list("source_id", flat=True)) == ["4700"]
