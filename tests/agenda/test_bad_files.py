"""Bad files of every supported format, made from the recorded samples: each is answered by one line
that names the file, the place and the problem; the exit is non-zero and the database is unchanged."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import Tenant
from toerusting.agenda.models import AgendaItem, Document, Meeting

SAMPLES = Path(__file__).parent / "samples"
FORMATS = {
    "notubiz/meeting_nested.json": "notubiz",
    "notubiz/meetings_list.json": "notubiz",
    "go/v1_meetings.json": "go",
    "go/v2_meetings.json": "go",
    "ori/search_response.json": "ori",
    "openbesluitvorming/entity_meeting.json": "openbesluitvorming",
    "openbesluitvorming/export_snapshot.ndjson": "openbesluitvorming",
    "ical/feed.ics": "ical",
}


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def latin1(data: bytes) -> bytes:
    return data.replace(b"a", b"\xe4", 1)


def deep(data: bytes) -> bytes:
    return b"[" * 1000 + data + b"]" * 1000


def wrong_root(data: bytes) -> bytes:
    return b'"a text, not a document"' if not data.startswith(b"BEGIN") else b"BEGIN:VTODO\r\nEND:VTODO\r\n"


def empty(data: bytes) -> bytes:
    return b""


def garbage(data: bytes) -> bytes:
    return bytes(range(256)) * 4


BREAKS = {
    "truncated": truncated,
    "latin1": latin1,
    "deep": deep,
    "wrong_root": wrong_root,
    "empty": empty,
    "garbage": garbage,
}


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), AgendaItem.objects.count(), Document.objects.count()


@pytest.mark.parametrize("break_name", sorted(BREAKS))
@pytest.mark.parametrize("sample", sorted(FORMATS))
def test_a_broken_file_is_one_named_line_and_writes_nothing(
    tenant_a: Tenant, tmp_path: Path, sample: str, break_name: str
) -> None:
    data = BREAKS[break_name]((SAMPLES / sample).read_bytes())
    path = tmp_path / f"kapot-{Path(sample).name}"
    path.write_bytes(data)
    before = counts()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import", str(path), f"--format={FORMATS[sample]}", "--org=aadorp", stdout=out, stderr=err
        )
    message = str(error.value)
    if "failed" in message:  # meetings were read, each one failed: every failure is a named line
        problems = [line for line in err.getvalue().splitlines() if line.startswith("error: ")]
        assert problems and all(path.name in line for line in problems), err.getvalue()
        assert "0 created, 0 updated" in message
    else:
        assert "\n" not in message and message.startswith(str(path)), message
        place, _, problem = message[len(str(path)) :].partition(": ")  # ":12" or ": VEVENT 3 (UID …)" or ""
        assert problem and (not place or place.startswith(":")), message
    assert counts() == before == (0, 0, 0)
