"""Property tests of every file format (Hypothesis): random input and recorded samples mutated at random.

For any input an adapter either refuses the whole file with a SourceError that names it, or yields
entries; a meeting then passes the checks every write goes through (or is refused with a ValidationError
that names the field). No other exception escapes. These tests need no database: they stop where the
write would start, at the same checks the write runs. The profile is derandomised, so CI runs the same
1,000 examples per format every time.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.agenda.fakes import FakeTransport
from toerusting.agenda.adapters import FILE_FORMATS, LIVE_SOURCES
from toerusting.agenda.http import FetchError, HttpClient
from toerusting.agenda.records import (
    CursorUpdate,
    MeetingDeletion,
    MeetingRecord,
    RecordProblem,
    SourceConfig,
    SourceError,
)
from toerusting.agenda.services.checks import check_record, is_safe_url
from toerusting.agenda.services.meetings import _fingerprint, _flatten
from toerusting.agenda.titles import TITLE_MAX_LENGTH

SAMPLES = Path(__file__).parent / "samples"
FUZZ = settings(
    max_examples=1000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
JSON_SAMPLES = {
    "notubiz": [
        "notubiz/meeting_nested.json",
        "notubiz/meeting_cancelled.json",
        "notubiz/meeting_renamed.json",
        "notubiz/meetings_list.json",
    ],
    "go": ["go/v1_meetings.json", "go/v2_meetings.json"],
    "ori": ["ori/search_response.json"],
    "openbesluitvorming": ["openbesluitvorming/entity_meeting.json", "openbesluitvorming/search.json"],
    "ibabs": ["ibabs/meetings_ori.json"],
    "parlaeus": ["parlaeus/agenda_detail.json", "parlaeus/agenda_cancelled.json"],
}
ORIGIN = "sample.dat"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "0001-01-01T00:30:00+14:00",
            "9999-12-31 23:59:59",
            "2026-02-30 19:30:00",
            "2026-05-12T19:30:00+02:00",
            "javascript:alert(1)",
            "<p>x</p><br>&amp;",
            "x" * 3000,
            "",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    if delete and not rest:
        del copy[head]
    else:
        copy[head] = _replace(copy[head], rest, new, delete)
    return copy


@st.composite
def mutated_json(draw: st.DrawFn, names: list[str]) -> bytes:
    return draw(mutated_document(json.loads((SAMPLES / draw(st.sampled_from(names))).read_text())))


@st.composite
def mutated_document(draw: st.DrawFn, document: Any) -> bytes:
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        document = _replace(document, path, draw(json_values), delete=bool(path) and draw(st.booleans()))
    return json.dumps(document).encode()


@st.composite
def mutated_bytes(draw: st.DrawFn, names: list[str]) -> bytes:
    data = bytearray((SAMPLES / draw(st.sampled_from(names))).read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not data:
            break
        start = draw(st.integers(min_value=0, max_value=len(data) - 1))
        end = draw(st.integers(min_value=start, max_value=min(len(data), start + 40)))
        data[start:end] = draw(st.binary(max_size=20))
    return bytes(data)


@st.composite
def mutated_lines(draw: st.DrawFn, name: str) -> bytes:
    """iCal: lines deleted, repeated or given another value (dates, rules, time zones, text)."""
    lines = (SAMPLES / name).read_text().splitlines()
    values = st.sampled_from(
        [
            "hello",
            "19000101",
            "00010101T003000",
            "20260521T193000Z",
            "FREQ=MINUTELY",
            "FREQ=DAILY",
            "FREQ=WEEKLY;COUNT=3",
            "FREQ=YEARLY;UNTIL=20260101",
            "",
        ]
    )
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "value", "param", "text"]))
        key, _, value = lines[index].partition(":")
        if action == "delete":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "value":
            lines[index] = f"{key}:{draw(values)}"
        elif action == "param":
            lines[index] = (
                f"{key.split(';')[0]};TZID={draw(st.sampled_from(['Mars/Olympus', 'UTC', '']))}:{value}"
            )
        else:
            lines[index] = draw(st.text(max_size=60))
        if not lines:
            break
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


def assert_handled(format_name: str, data: bytes) -> None:
    try:
        entries = list(FILE_FORMATS[format_name].parse(data, ORIGIN))
    except SourceError as error:
        assert error.where.startswith(ORIGIN) and error.message  # noqa: PT017 (any input, not one case)
        return
    assert_entries(entries, ORIGIN)


def assert_entries(entries: list[Any], origin: str) -> None:
    for entry in entries:
        if isinstance(entry, CursorUpdate):
            continue
        assert isinstance(entry, MeetingRecord | MeetingDeletion | RecordProblem)
        if isinstance(entry, RecordProblem):
            assert entry.where.startswith(origin) and entry.message
        if not isinstance(entry, MeetingRecord):
            continue
        warnings: list[str] = []
        try:
            check_record(entry, warnings)
        except ValidationError as error:
            assert error.message_dict  # noqa: PT017 (any input, not one case)
            continue
        flat = _flatten(entry, warnings)
        _fingerprint(entry, flat, None, "overig", "")
        assert all(len(item.title) <= TITLE_MAX_LENGTH for item in flat)
        documents = [*entry.documents, *(d for item in flat for d in item.record.documents)]
        assert all(not d.url or is_safe_url(d.url) for d in documents)
        assert not entry.source_url or is_safe_url(entry.source_url)


@pytest.mark.parametrize("format_name", sorted(JSON_SAMPLES))
@FUZZ
@given(data=st.data())
def test_json_formats_refuse_or_import_anything(format_name: str, data: st.DataObject) -> None:
    names = JSON_SAMPLES[format_name]
    raw = data.draw(
        st.one_of(
            mutated_json(names),
            mutated_json(names),
            mutated_bytes(names),
            st.binary(max_size=200),
            json_values.map(lambda v: json.dumps(v).encode()),
        )
    )
    assert_handled(format_name, raw)


@FUZZ
@given(
    raw=st.one_of(
        mutated_json(["openbesluitvorming/entity_meeting.json"]).map(lambda b: b.replace(b"\n", b" ")),
        mutated_bytes(["openbesluitvorming/export_snapshot.ndjson"]),
        st.lists(json_values.map(json.dumps), min_size=1, max_size=4).map(
            lambda rows: "\n".join(rows).encode()
        ),
    )
)
def test_openbesluitvorming_ndjson_refuses_or_imports_anything(raw: bytes) -> None:
    assert_handled("openbesluitvorming", raw)


@FUZZ
@given(
    raw=st.one_of(mutated_lines("ical/feed.ics"), mutated_bytes(["ical/feed.ics"]), st.binary(max_size=200))
)
def test_ical_refuses_or_imports_anything(raw: bytes) -> None:
    assert_handled("ical", raw)


@FUZZ
@given(
    raw=st.one_of(
        mutated_lines("ibabs/meetings_response.xml"),
        mutated_bytes(["ibabs/meetings_response.xml", "ibabs/no_access_response.xml"]),
        st.binary(max_size=200).map(lambda b: b"<" + b),
    )
)
def test_ibabs_xml_refuses_or_imports_anything(raw: bytes) -> None:
    assert_handled("ibabs", raw)


# --- Live sources: the same property for answers from a fake server ---------------------------------------

BASE = "https://ris.aadorp.example"
headers = st.fixed_dictionaries(
    {},
    optional={
        "X-Has-More": st.sampled_from(["true", "false", "TRUE", ""]),
        "X-Next-Cursor": st.sampled_from(["", "s2", "c10"]),
        "X-Changes-Cursor": st.sampled_from(["", "c11"]),
        "Content-Type": st.sampled_from(["text/calendar; charset=ISO-8859-1", "application/json"]),
    },
)
bodies = {
    "notubiz": st.tuples(
        mutated_document(
            {"events": [{"id": 4700, "type": "meeting"}], "pagination": {"has_more_pages": False}}
        ),
        mutated_json(JSON_SAMPLES["notubiz"]),
    ),
    "openbesluitvorming": st.tuples(mutated_bytes(["openbesluitvorming/export_snapshot.ndjson"])),
    "go": st.tuples(mutated_json(["go/v2_meetings.json"]) | st.binary(max_size=100)),
    "ical": st.tuples(mutated_lines("ical/feed.ics") | mutated_bytes(["ical/feed.ics"])),
}
ROUTES = {
    "notubiz": ["/events", "/events/meetings/4700"],
    "openbesluitvorming": ["/api/export/snapshot"],
    "go": ["/v2/meetings"],
    "ical": ["/raad.ics"],
}
SETTINGS = {"notubiz": {"organisation_id": 686}, "openbesluitvorming": {"source_key": "aadorp"}}


@pytest.mark.parametrize("kind", sorted(ROUTES))
@FUZZ
@given(data=st.data())
def test_live_sources_refuse_or_read_any_answer(kind: str, data: st.DataObject) -> None:
    fake = FakeTransport()
    for path, body in zip(ROUTES[kind], data.draw(bodies[kind]), strict=True):
        fake.add(
            path, body, headers=data.draw(headers), status=data.draw(st.sampled_from([200, 200, 200, 404]))
        )
    config = SourceConfig("aadorp", BASE + ("/raad.ics" if kind == "ical" else ""), SETTINGS.get(kind, {}))
    client = HttpClient(fake, retries=0, sleep=lambda seconds: None)
    try:
        entries = list(
            itertools.islice(LIVE_SOURCES[kind].fetch(config, client, since=None, cursor=""), 20_000)
        )
    except (FetchError, SourceError):
        return
    assert len(entries) < 20_000, "the source never ends"
    assert_entries(entries, BASE)
