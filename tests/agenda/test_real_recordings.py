"""The adapters on real recordings (tests/agenda/samples/real/, see each folder's SOURCES.md).

Every expectation here was read from the recorded file itself (titles, numbers, nesting, documents,
location, times), so a test fails when an adapter reads a real answer differently from what it says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.adapters import file_format
from toerusting.agenda.models import AgendaItem, Document, Meeting, SourceGremium
from toerusting.agenda.records import AgendaItemRecord, Entry, MeetingRecord, RecordProblem, SourceError
from toerusting.agenda.titles import clean_title

REAL = Path(__file__).parent / "samples" / "real"
UTC = dt.UTC


def read(format_name: str, name: str) -> list[Entry]:
    path = REAL / name
    return list(file_format(format_name).parse(path.read_bytes(), str(path)))


def only_meeting(format_name: str, name: str) -> MeetingRecord:
    entries = read(format_name, name)
    assert [type(e) for e in entries] == [MeetingRecord], entries
    meeting = entries[0]
    assert isinstance(meeting, MeetingRecord)
    return meeting


def raw(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def by_source_id(items: list[AgendaItemRecord]) -> dict[str, AgendaItemRecord]:
    found: dict[str, AgendaItemRecord] = {}
    stack = list(items)
    while stack:
        item = stack.pop()
        found.setdefault(item.source_id, item)
        stack.extend(item.children)
    return found


def import_real(name: str, format_name: str, organisation_key: str) -> services.SyncSummary:
    return services.import_file(REAL / name, format_name, organisation_key=organisation_key)


# --- Notubiz: Eindhoven, the answer of GET /events/meetings/1147925 ----------------------------------

EINDHOVEN = "notubiz/eindhoven_meeting_1147925.json"


class TestNotubizEindhoven:
    def test_meeting_fields_time_zone_and_location(self) -> None:
        meeting = only_meeting("notubiz", EINDHOVEN)
        source = raw(EINDHOVEN)["meeting"]
        assert meeting.source_id == str(source["id"]) == "1147925"
        assert meeting.name == "Meningsvorming Raadzaal"
        # Bug 1: the location is attribute id 50 without a label.
        assert {"id": 50, "reference_model": None, "value": "Raadzaal"} in source["attributes"]
        assert meeting.location == "Raadzaal"
        # "2024-04-16 17:00:00" is Dutch summer time (CEST, UTC+2).
        assert meeting.start.astimezone(UTC) == dt.datetime(2024, 4, 16, 15, 0, tzinfo=UTC)
        assert meeting.end is not None and meeting.end.astimezone(UTC) == dt.datetime(
            2024, 4, 16, 19, 15, tzinfo=UTC
        )
        assert meeting.status == "gehouden"  # in the past, not cancelled
        assert meeting.source_url == source["url"]
        assert (meeting.gremium_id, meeting.gremium_name) == ("8203", "")  # the gremium has only an id
        assert meeting.organisation_key == "686"

    def test_agenda_order_nesting_headings_and_documents(self) -> None:
        meeting = only_meeting("notubiz", EINDHOVEN)
        assert [(i.number, i.is_heading) for i in meeting.items] == [
            ("1.", False),
            ("2.", False),
            ("", True),
            ("3.", False),
            ("4.", False),
            ("5.", False),
            ("6.", False),
        ]
        assert meeting.items[2].title == "Pauze"
        hamer, together = meeting.items[3], meeting.items[4]
        assert hamer.title == "Hamerstukken" and [c.number for c in hamer.children] == ["3.1"]
        assert [c.number for c in together.children] == ["4.1", "4.2"]
        assert together.children[1].title.startswith("Raadsvoorstel Vaststellen facilitaire grondexploitatie")
        request = meeting.items[5]
        source = next(i for i in raw(EINDHOVEN)["meeting"]["agenda_items"] if i["id"] == 8329710)
        assert [d.source_id for d in request.documents] == [str(d["id"]) for d in source["documents"]]
        assert [d.title for d in request.documents] == [d["title"] for d in source["documents"]]
        assert all(d.url.startswith("https://api.notubiz.nl/document/") for d in request.documents)
        assert meeting.documents == []

    def test_meeting_type_from_whole_words(self, tenant_a: Tenant) -> None:
        # Bug 2: "Meningsvorming Raadzaal" holds "raad" only inside "Raadzaal": no council meeting.
        summary = import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug)
        assert (summary.created, summary.failed) == (1, 0), summary.problems
        meeting = Meeting.objects.get()
        assert meeting.gremium is None
        assert (meeting.meeting_type, meeting.bob_phase) == ("overig", "oordeelsvormend")
        assert meeting.location == "Raadzaal"

    def test_gremium_without_a_name_is_shown_and_named_once(self, client: Client, tenant_a: Tenant) -> None:
        # Bug 7: the gremium has only an id. It is shown as such, and the griffie names it once.
        import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug)
        gremium = SourceGremium.objects.get()
        assert (gremium.source, gremium.source_id, gremium.name, gremium.name_at_source) == (
            "notubiz",
            "8203",
            "",
            "",
        )
        with translation.override("en"):
            assert Meeting.objects.get().gremium_name == "Gremium 8203 at Notubiz"
        out = StringIO()
        call_command(
            "name_gremium",
            f"--org={tenant_a.organisation.slug}",
            "--source=notubiz",
            "--id=8203",
            "--name=Meningsvorming (Raadzaal)",
            stdout=out,
        )
        assert "Meningsvorming (Raadzaal)" in out.getvalue()
        # A re-import keeps the griffie's name.
        summary = import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug)
        assert summary.failed == 0
        assert SourceGremium.objects.get().name == "Meningsvorming (Raadzaal)"
        meeting = Meeting.objects.get()
        assert meeting.source_gremium == SourceGremium.objects.get()
        assert meeting.gremium_name == "Meningsvorming (Raadzaal)"
        client.force_login(tenant_a.user)
        page = client.get(
            reverse(
                "recommendations:meeting",
                kwargs={"org": tenant_a.organisation.slug, "meeting_id": meeting.pk},
            )
        )
        assert "Meningsvorming (Raadzaal)" in page.content.decode()

    def test_griffie_name_links_the_meeting_to_the_organisations_gremium(self, tenant_a: Tenant) -> None:
        import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug)
        assert Meeting.objects.get().gremium is None
        services.name_source_gremium(tenant_a.organisation, "notubiz", "8203", tenant_a.commissie.name)
        summary = import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug)
        assert summary.updated == 1
        meeting = Meeting.objects.get()
        assert meeting.gremium == tenant_a.commissie
        assert meeting.meeting_type == "commissievergadering"
        assert import_real(EINDHOVEN, "notubiz", tenant_a.organisation.slug).unchanged == 1

    def test_naming_an_unknown_gremium_is_refused(self, tenant_a: Tenant) -> None:
        with pytest.raises(services.UnknownSourceGremium, match="no gremium '8203' of source 'notubiz'"):
            services.name_source_gremium(tenant_a.organisation, "notubiz", "8203", "Raad")


# --- Notubiz: Amsterdam, as Open Raadsinformatie stored it --------------------------------------------

AMSTERDAM = "notubiz/amsterdam_meeting_458902.json"
AMSTERDAM_LATER = "notubiz/amsterdam_meeting_458902_update1.json"


class TestNotubizAmsterdam:
    def test_meeting_fields(self) -> None:
        # The meeting's attributes are an object keyed by label here ({"Titel": ..., "Locatie": ""}).
        meeting = only_meeting("notubiz", AMSTERDAM)
        assert raw(AMSTERDAM)["attributes"] == {
            "Locatie": "",
            "Titel": "raadscommissie Financiën",
            "Omschrijving": "",
        }
        assert (meeting.source_id, meeting.name, meeting.location) == (
            "458902",
            "raadscommissie Financiën",
            "",
        )
        assert meeting.start.astimezone(UTC) == dt.datetime(2018, 2, 8, 12, 30, tzinfo=UTC)  # CET
        assert meeting.end is None
        assert (meeting.gremium_id, meeting.organisation_key) == ("4972", "281")
        assert [d.title for d in meeting.documents] == [
            "Uitslagenlijst FIN 2018 02 08",
            "Definitief verslag FIN 08 02 2018",
        ]

    def test_items_without_order_keep_their_place(self) -> None:
        # Bug 3: six siblings have "order": null (five repeated "3. Vaststellen agenda" and a second
        # "Waterbeheer" heading) and come first in the array; the 39 others have an order.
        source = raw(AMSTERDAM)["agenda_items"]
        assert [i["order"] for i in source[:7]] == [None] * 6 + [1]
        meeting = only_meeting("notubiz", AMSTERDAM)
        titles = [i.title for i in meeting.items]
        assert len(titles) == len(source) == 45
        assert titles[:7] == [
            "TIJD: 13.30 uur tot 17.00 uur",
            "LOCATIE: De Raadszaal",
            "Algemeen",
            "Opening procedureel gedeelte",
            "Mededelingen",
            "Vaststellen agenda",
            "Vaststellen agenda (4)",
        ]
        # The repeated ones follow the "3." they repeat, in their own order; the heading the one before it.
        assert titles[6:13] == [
            "Vaststellen agenda (4)",
            "Vaststellen agenda (2)",
            "Waterbeheer",
            "Vaststellen agenda (6)",
            "Vaststellen agenda (5)",
            "Vaststellen agenda (3)",
            "Conceptverslag van de openbare vergadering van de commissie Financiën (FIN) van 18.01.2018.",
        ]
        # The ordered ones are in their order.
        ordered = sorted((i for i in source if i["order"] is not None), key=lambda i: i["order"])
        ordered_ids = [str(i["id"]) for i in ordered]
        assert [i.source_id for i in meeting.items if i.source_id in ordered_ids] == ordered_ids
        headings = [i.title for i in meeting.items if i.is_heading]
        assert headings[:4] == [
            "TIJD: 13.30 uur tot 17.00 uur",
            "LOCATIE: De Raadszaal",
            "Algemeen",
            "Waterbeheer",
        ]
        assert "TER KENNISNAMELIJST" in headings

    def test_order_in_the_api_shape(self) -> None:
        # The same recorded agenda_items array, in the shape of the Notubiz API itself ({"meeting": ...} with
        # attributes as a list): the ordering alone, apart from the stored shape.
        recorded = raw(AMSTERDAM)
        meeting = {**recorded, "attributes": [{"id": 1, "value": recorded["attributes"]["Titel"]}]}
        data = json.dumps({"meeting": meeting}).encode()
        [record] = list(file_format("notubiz").parse(data, "api.json"))
        assert isinstance(record, MeetingRecord)
        assert [i.title for i in record.items[:4]] == [
            "TIJD: 13.30 uur tot 17.00 uur",
            "LOCATIE: De Raadszaal",
            "Algemeen",
            "Opening procedureel gedeelte",
        ]

    def test_reference_numbers_leave_the_recorded_titles(self) -> None:
        items = raw(AMSTERDAM)["agenda_items"]
        titles = [a["value"] for i in items for a in i["type_data"]["attributes"] if a["id"] == 1]
        numbered = [t for t in titles if "(BD20" in t]
        assert len(numbered) == 13
        assert all("BD20" not in clean_title(title) for title in numbered)

    def test_documents_and_numbers(self) -> None:
        meeting = only_meeting("notubiz", AMSTERDAM)
        items = by_source_id(meeting.items)
        letter = items["3842983"]
        assert (letter.number, letter.title) == (
            "TKN 2",
            "Brief aan kabinet over vergroenen OZB. (BD2018-000924)",
        )
        source = next(i for i in raw(AMSTERDAM)["agenda_items"] if i["id"] == 3842983)
        assert [d.title for d in letter.documents] == [d["title"] for d in source["documents"]]
        assert len(letter.documents) == 4

    def test_sync_cleans_titles_and_reads_the_meeting_type(self, tenant_a: Tenant) -> None:
        summary = import_real(AMSTERDAM, "notubiz", tenant_a.organisation.slug)
        assert (summary.created, summary.failed, summary.items) == (1, 0, 45), summary.problems
        meeting = Meeting.objects.get()
        assert (meeting.meeting_type, meeting.bob_phase) == ("commissievergadering", "")
        items = {i.source_id: i for i in AgendaItem.objects.filter(meeting=meeting)}
        # Bug 4: reference numbers such as "(BD2018-000924)" are dropped from the cleaned title.
        assert items["3842983"].original_title == "Brief aan kabinet over vergroenen OZB. (BD2018-000924)"
        assert items["3842983"].title == "Brief aan kabinet over vergroenen OZB"
        assert items["3842980"].title == "Afdoening toezegging personeel WOZ-project"
        assert items["3843015"].title == "Kwartaalrapportage Q2 en Q3 2017"
        first = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
        assert first is not None and first.title == "TIJD: 13.30 uur tot 17.00 uur"

    def test_read_again_later_updates_in_place_and_then_changes_nothing(self, tenant_a: Tenant) -> None:
        import_real(AMSTERDAM, "notubiz", tenant_a.organisation.slug)
        ids = dict(AgendaItem.objects.values_list("source_id", "pk"))
        document = Document.objects.get(agenda_item=None, source_id="6183601")
        summary = import_real(AMSTERDAM_LATER, "notubiz", tenant_a.organisation.slug)
        assert (summary.updated, summary.failed) == (1, 0)
        assert dict(AgendaItem.objects.values_list("source_id", "pk")) == ids
        changed = Document.objects.get(agenda_item=None, source_id="6183601")
        assert (changed.pk, changed.title) == (document.pk, "Uitslagenlijst FIN 2018 02 08 [GEWIJZIGD]")
        assert import_real(AMSTERDAM_LATER, "notubiz", tenant_a.organisation.slug).unchanged == 1


# --- Notubiz: the calendar of the Notubiz website ---------------------------------------------------

CALENDAR = "notubiz/eindhoven_calendar_1998.json"


def test_website_calendar_is_refused_with_one_message_naming_the_endpoint() -> None:
    # Bug 6: one message for the whole file, not "plannings: is required" for each of its 54 meetings.
    assert len(raw(CALENDAR)["meetings"]) == 54
    with pytest.raises(SourceError) as refused:
        read("notubiz", CALENDAR)
    message = refused.value.message
    assert "calendar of the Notubiz website" in message
    assert "54 meetings" in message
    assert "https://api.notubiz.nl/events/meetings/{id}" in message
    assert refused.value.where == str(REAL / CALENDAR)


def test_website_calendar_import_writes_nothing(tenant_a: Tenant) -> None:
    with pytest.raises(SourceError):
        import_real(CALENDAR, "notubiz", tenant_a.organisation.slug)
    assert not Meeting.objects.exists()


def test_no_problem_entries_in_the_real_notubiz_meetings() -> None:
    for name in (EINDHOVEN, AMSTERDAM, AMSTERDAM_LATER):
        assert not [e for e in read("notubiz", name) if isinstance(e, RecordProblem)], name


# --- Open Raadsinformatie: answers of the old v0 API (no v1 recording could be vendored) -------------

ORI_V0_SEARCH = "ori/ori_v0_search_2018.json"
ORI_V0_EVENT = "ori/ori_v0_event_den_helder_2015.json"


@pytest.mark.parametrize("name", [ORI_V0_SEARCH, ORI_V0_EVENT])
def test_ori_v0_answers_are_refused_with_one_message_naming_the_v1_api(name: str) -> None:
    with pytest.raises(SourceError) as refused:
        read("ori", name)
    message = refused.value.message
    assert "ORI v0 API" in message
    assert "https://api.openraadsinformatie.nl/v1/elastic/" in message
    assert "nothing was imported" in message
    assert refused.value.where == str(REAL / name)


def test_the_ori_v0_recordings_are_what_the_test_says() -> None:
    search = raw(ORI_V0_SEARCH)
    assert sorted(search) == ["events", "facets", "meta"]
    assert search["meta"]["total"] == 115461
    [event] = search["events"]
    assert event["meta"]["ocd_url"].startswith("http://api.openraadsinformatie.nl/v0/steenbergen_meetings/")
    meeting = raw(ORI_V0_EVENT)
    assert meeting["name"] == "Gemeenteraad 12 oktober 2015 19:30:00"
    assert meeting["start_date"] == "2015-10-12T19:30:00"
    assert len(meeting["children"]) == 21
    assert {"identifier": meeting["id"], "scheme": "ORI"} in meeting["identifiers"]


def test_ori_v0_import_writes_nothing(tenant_a: Tenant) -> None:
    with pytest.raises(SourceError):
        import_real(ORI_V0_EVENT, "ori", tenant_a.organisation.slug)
    assert not Meeting.objects.exists()


# --- Every recording is kept byte for byte -----------------------------------------------------------

SHA256_LINE = re.compile(r"^([0-9a-f]{64})  (\S+)$", re.MULTILINE)


def test_every_recording_matches_the_sha256_in_its_sources() -> None:
    checked = 0
    for sources in sorted(REAL.glob("*/SOURCES.md")):
        listed = SHA256_LINE.findall(sources.read_text(encoding="utf-8"))
        assert listed, sources
        for digest, name in listed:
            path = sources.parent / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
            checked += 1
    assert checked >= 96 + 4 + 2


# --- iCalendar: the recurring-ical-events test calendars --------------------------------------------

ICAL = REAL / "ical"
CORPUS = sorted(
    p for p in ICAL.iterdir() if p.suffix in (".ics", ".txt") and not p.name.startswith("LICENSE")
)
_EVENT = re.compile(rb"BEGIN:VEVENT.*?END:VEVENT", re.DOTALL)
_EVENT_START = re.compile(rb"DTSTART[^:\r\n]*:(\d{4})(\d{2})(\d{2})")
# The calendars without UID in any event: imported, each event with an id of its own and a warning.
WITHOUT_UID = {
    "duration.ics",
    "issue_113_period_rdate_duration.ics",
    "issue_128_only_first_event.ics",
    "issue_15_duplicated_events.ics",
    "rdate.ics",
    "rdate2.ics",
    "rdate_hackerpublicradio.ics",
}


def ical_format(data: bytes) -> Any:
    """The iCal format with a window of a year from the calendar's first event (these are test calendars
    of every year since 1970; the default window is around today)."""
    starts = [
        dt.date(int(y), int(m), int(d))
        for block in _EVENT.findall(data)
        for y, m, d in _EVENT_START.findall(block)
        if 1900 <= int(y) <= 2199 and 1 <= int(m) <= 12 and 1 <= int(d) <= 31
    ]
    if not starts:
        return file_format("ical")
    first = min(starts)
    return file_format("ical", window_start=first, window_end=first + dt.timedelta(days=366))


@contextmanager
def cpu_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when reading one calendar takes longer than this."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_corpus_is_complete() -> None:
    assert len(CORPUS) == 96
    assert {p.name for p in CORPUS} >= WITHOUT_UID


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_third_party_calendar_is_read_or_refused_clearly(path: Path) -> None:
    data = path.read_bytes()
    with cpu_limit(20):
        try:
            entries = list(ical_format(data).parse(data, str(path)))
        except SourceError as refused:
            # Refused as a whole: one message, naming the file.
            assert refused.where.startswith(str(path)) and refused.message  # noqa: PT017 (any file, not one case)
            return
    assert entries
    meetings = [e for e in entries if isinstance(e, MeetingRecord)]
    problems = [e for e in entries if isinstance(e, RecordProblem)]
    assert len(meetings) + len(problems) == len(entries)
    for problem in problems:
        # Each event that cannot be read is named (file, VEVENT and UID) with the reason.
        assert problem.where.startswith(f"{path}: VEVENT") and problem.message
    for meeting in meetings:
        assert meeting.source_id and meeting.name and meeting.start.tzinfo is not None
    assert len({m.source_id for m in meetings}) == len(meetings), "two meetings with one id"
    has_warnings = any(m.warnings for m in meetings)
    assert has_warnings == (path.name in WITHOUT_UID)


def test_corpus_outcome() -> None:
    imported = refused = only_problems = 0
    for path in CORPUS:
        data = path.read_bytes()
        try:
            entries = list(ical_format(data).parse(data, str(path)))
        except SourceError:
            refused += 1
            continue
        if any(isinstance(e, MeetingRecord) for e in entries):
            imported += 1
        else:
            only_problems += 1
    assert (imported, refused, only_problems) == (85, 7, 4)


@pytest.mark.parametrize("name", sorted(WITHOUT_UID))
def test_events_without_uid_get_a_stable_id_and_a_warning(name: str) -> None:
    # Bug 8: these were refused ("UID: is required"); now each gets an id from its start, its SUMMARY and
    # the calendar's name, the same on every read, and a warning that says so.
    data = (ICAL / name).read_bytes()
    first = [e for e in ical_format(data).parse(data, name) if isinstance(e, MeetingRecord)]
    again = [e for e in ical_format(data).parse(data, name) if isinstance(e, MeetingRecord)]
    assert first and [m.source_id for m in first] == [m.source_id for m in again]
    assert all(m.source_id.startswith("no-uid-") for m in first if b"UID:" not in data)
    warning = first[0].warnings[0]
    assert "has no UID" in warning and first[0].source_id in warning


def test_calendar_without_uid_reimports_unchanged(tenant_a: Tenant) -> None:
    path = ICAL / "rdate_hackerpublicradio.ics"
    options = {"window_start": dt.date(2013, 1, 1), "window_end": dt.date(2014, 12, 31)}
    summary = services.import_file(path, "ical", organisation_key=tenant_a.organisation.slug, **options)
    assert (summary.created, summary.failed) == (12, 0), summary.problems
    assert len(summary.warnings) == 12 and all("has no UID" in w for w in summary.warnings)
    again = services.import_file(path, "ical", organisation_key=tenant_a.organisation.slug, **options)
    assert (again.created, again.unchanged) == (0, 12)


def test_cancelled_occurrence_and_time_zone() -> None:
    # issue_18_cancel_status.ics: a daily meeting at 22:00 Berlin time, COUNT=3, the second one cancelled.
    data = (ICAL / "issue_18_cancel_status.ics").read_bytes()
    meetings = [e for e in ical_format(data).parse(data, "x.ics") if isinstance(e, MeetingRecord)]
    assert [m.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for m in meetings] == [
        "2020-01-28 21:00",
        "2020-01-29 21:00",
        "2020-01-30 21:00",
    ]
    assert [m.status for m in meetings] == ["gehouden", "geannuleerd", "gehouden"]
    assert len({m.source_id for m in meetings}) == 3
