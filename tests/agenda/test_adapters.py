"""Every adapter on recorded samples (no network): the shapes, the nasty cases, the errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from toerusting.agenda.adapters import FILE_FORMATS, file_format
from toerusting.agenda.records import (
    AgendaItemRecord,
    Entry,
    MeetingDeletion,
    MeetingRecord,
    RecordProblem,
    SourceError,
)

SAMPLES = Path(__file__).parent / "samples"
UTC = dt.UTC


def read(format_name: str, name: str, **options: object) -> list[Entry]:
    path = SAMPLES / name
    return list(file_format(format_name, **options).parse(path.read_bytes(), str(path)))


def meetings(entries: list[Entry]) -> list[MeetingRecord]:
    return [e for e in entries if isinstance(e, MeetingRecord)]


def titles(items: list[AgendaItemRecord]) -> list[str]:
    return [item.title for item in items]


def test_all_seven_file_formats_are_registered() -> None:
    assert set(FILE_FORMATS) == {"openbesluitvorming", "ori", "notubiz", "go", "ibabs", "parlaeus", "ical"}


class TestNotubiz:
    def test_nested_items_headings_order_and_documents(self) -> None:
        [meeting] = meetings(read("notubiz", "notubiz/meeting_nested.json"))
        assert meeting.source_id == "4700"
        assert meeting.name == "Gemeenteraad"
        assert meeting.location == "Raadzaal"
        assert meeting.gremium_id == "12"
        assert meeting.organisation_key == "686"
        # Local wall-clock time in winter: CET, UTC+1.
        assert meeting.start.astimezone(UTC) == dt.datetime(2026, 3, 26, 18, 30, tzinfo=UTC)
        assert meeting.end is not None and meeting.end.astimezone(UTC).hour == 22
        # The ordered siblings are sorted; the one without order goes after its numbered twin ("2.").
        top = meeting.items
        assert [i.source_id for i in top] == ["4701", "4710", "4720", "4702", "4702", "4799"]
        assert [i.title for i in top[3:5]] == ["Vaststellen agenda (2)", "Vaststellen   agenda"]
        hamer = top[1]
        assert hamer.is_heading and hamer.title == "Hamerstukken" and hamer.number == "3."
        assert [c.number for c in hamer.children] == ["3a.", "3b."]  # sorted by order, not array position
        assert hamer.children[1].description == "Het tarief stijgt met 4%.\nZie de bijlage."
        [document] = hamer.children[1].documents
        assert (document.source_id, document.title, document.mime_type) == (
            "9001",
            "Raadsvoorstel",
            "application/pdf",
        )
        assert top[2].children[0].children[0].title.startswith("Amendement")
        assert [d.title for d in meeting.documents] == ["Agenda gemeenteraad 26 maart 2026"]

    def test_cancelled_meeting(self) -> None:
        [meeting] = meetings(read("notubiz", "notubiz/meeting_cancelled.json"))
        assert meeting.status == "geannuleerd"

    def test_list_with_summer_time_and_a_private_meeting(self) -> None:
        entries = read("notubiz", "notubiz/meetings_list.json")
        first, private, summer = entries
        assert isinstance(first, MeetingRecord)
        assert first.start.utcoffset() == dt.timedelta(hours=2)  # 02:30 on the night the clocks go back
        assert isinstance(private, MeetingDeletion) and private.source_id == "4801"
        assert isinstance(summer, MeetingRecord)
        assert summer.start.astimezone(UTC) == dt.datetime(2026, 6, 10, 17, 30, tzinfo=UTC)

    def test_item_without_title_names_the_item(self) -> None:
        [problem] = read("notubiz", "bad/item_without_title_notubiz.json")
        assert isinstance(problem, RecordProblem)
        assert "meeting 6" in problem.where
        assert "agenda_items[0]" in problem.message and "title" in problem.message

    # Other Notubiz answers are named. The real ones (Alkmaar's motions and list of modules in the test
    # fixtures of ontola/openbesluitvorming) carry no licence, so these documents are hand-made in their
    # shape.
    @pytest.mark.parametrize(
        ("document", "names"),
        [
            (
                {"pagination": {"total_results": 1}, "items": [{"id": 1, "module_id": 6, "attributes": []}]},
                "Notubiz module answer",
            ),
            (
                {"modules": [{"custom_name": "", "name": "Ingekomen stukken", "id": 1}]},
                "list of Notubiz modules",
            ),
            ({"pagination": {"has_more_pages": False}, "events": [{"id": 1147925}]}, "Notubiz event list"),
        ],
    )
    def test_other_answers_are_named_with_the_call_that_gives_meetings(
        self, document: dict[str, object], names: str
    ) -> None:
        with pytest.raises(SourceError) as refused:
            list(file_format("notubiz").parse(json.dumps(document).encode(), "notubiz.json"))
        message = refused.value.message
        assert names in message
        assert "GET https://api.notubiz.nl/events/meetings/{id}" in message
        assert "nothing was imported" in message


class TestOpenBesluitvorming:
    def test_entity_detail_with_agenda_tree(self) -> None:
        [meeting] = meetings(read("openbesluitvorming", "openbesluitvorming/entity_meeting.json"))
        assert meeting.source_id == "meeting:notubiz:gemeente:aadorp:830424"
        assert meeting.organisation_key == "aadorp"
        assert meeting.start == dt.datetime(2025, 3, 13, 18, 30, tzinfo=UTC)
        heading = meeting.items[1]
        assert heading.is_heading
        assert titles(heading.children)[0].startswith("Voorstel tot vaststelling")
        [document] = heading.children[0].documents
        assert document.url == "https://api.notubiz.nl/document/9001/1"
        assert heading.children[0].description == "Vaststellen"

    def test_export_feed_upserts_deletes_and_skips_other_entities(self) -> None:
        entries = read("openbesluitvorming", "openbesluitvorming/export_snapshot.ndjson")
        assert len(entries) == 3  # the Document record is passed over
        first, cancelled, deleted = entries
        assert isinstance(first, MeetingRecord)
        assert first.start == dt.datetime(2026, 5, 12, 17, 30, tzinfo=UTC)
        assert (first.gremium_id, first.gremium_name) == ("c9", "Commissie Aadorp")
        assert [i.number for i in first.items] == ["1", "1.4C"]
        assert isinstance(cancelled, MeetingRecord) and cancelled.status == "geannuleerd"
        assert isinstance(deleted, MeetingDeletion)
        assert deleted.where.endswith(":4 (meeting:ibabs:gemeente:aadorp:3f0c-cc)")

    def test_broken_line_is_named(self) -> None:
        with pytest.raises(SourceError) as error:
            read("openbesluitvorming", "bad/broken_line_openbesluitvorming.ndjson")
        assert error.value.where.endswith("broken_line_openbesluitvorming.ndjson:2")


class TestOri:
    def test_hits_become_a_meeting_tree(self) -> None:
        [meeting] = meetings(read("ori", "ori/search_response.json"))
        assert meeting.source_id == "https://openbesluitvorming.nl/voc/mapping/aadorp/notubiz/meeting/4700"
        assert meeting.organisation_key == "aadorp"
        assert meeting.gremium_name == "Gemeenteraad"
        assert meeting.status != "geannuleerd"
        # Order from agenda.@list (1004 before 1002), sub-item under its parent item.
        assert titles(meeting.items) == [
            "Opening",
            "Voorstel tot vaststelling van het bestemmingsplan Voorbeeldweg",
        ]
        proposal = meeting.items[1]
        assert proposal.source_id.endswith("/agenda_item/4711")
        assert proposal.children[0].number == "7a"
        assert proposal.documents[0].text == "Pagina een.\n\nPagina twee."
        assert proposal.documents[0].url == "https://api.notubiz.nl/document/9001/1"
        assert meeting.items[0].source_id == "ori:1004"
        assert [d.title for d in meeting.documents] == ["Besluitenlijst"]

    def test_wrong_shape(self) -> None:
        with pytest.raises(SourceError, match="Elasticsearch"):
            read("ori", "bad/wrong_shape_ori.json")

    def test_hits_without_type_are_an_error_that_says_why(self) -> None:
        # Bug 5: a response whose _source was cut down (no @type) was read as "0 meetings" without a word.
        with pytest.raises(SourceError) as refused:
            read("ori", "ori/cut_down_source.json")
        assert "3 of 3 hits have no @type" in refused.value.message
        assert "_source" in refused.value.message and "nothing was imported" in refused.value.message

    def test_only_documents_is_an_error(self) -> None:
        hit = b'{"_id": "9", "_source": {"@type": "MediaObject", "@id": "9", "name": "x"}}'
        response = b'{"hits": {"hits": [' + hit + b"]}}"
        with pytest.raises(SourceError, match="1 MediaObject, no Meeting or AgendaItem"):
            list(file_format("ori").parse(response, "ori.json"))


class TestGo:
    @pytest.mark.parametrize("name", ["go/v1_meetings.json", "go/v2_meetings.json"])
    def test_v1_and_v2(self, name: str) -> None:
        entries = read("go", name, base_url="https://raad.aadorp.example/api")
        first, second = meetings(entries)
        assert first.start == dt.datetime(2025, 3, 13, 18, 30, tzinfo=UTC)
        assert (first.gremium_id, first.gremium_name) == ("10", "Raad")
        # sortorder decides; an item without one is kept at the end.
        assert [i.source_id for i in first.items] == ["5001", "5002", "5003"]
        assert (
            first.items[0].documents[0].url
            == "https://raad.aadorp.example/api/v1/meetings/873/documents/6001"
        )
        assert first.items[0].documents[0].mime_type == "application/pdf"
        assert second.start.hour == 20 and second.status == "geannuleerd"

    def test_invalid_date(self) -> None:
        [problem] = read("go", "bad/invalid_date_go.json")
        assert isinstance(problem, RecordProblem)
        assert "date" in problem.message and "record 1" in problem.where


class TestICal:
    def test_zones_recurrence_and_cancellation(self) -> None:
        entries = read(
            "ical", "ical/feed.ics", window_start=dt.date(2026, 1, 1), window_end=dt.date(2027, 1, 1)
        )
        by_id = {m.source_id: m for m in meetings(entries)}
        raad = by_id["raad-2026-05-21@aadorp.example"]
        assert raad.start.astimezone(UTC) == dt.datetime(2026, 5, 21, 17, 30, tzinfo=UTC)
        assert raad.location == "Raadzaal, gemeentehuis"
        assert raad.gremium_name == "Gemeenteraad"
        assert raad.source_url == "https://aadorp.example/vergaderingen/raad-2026-05-21"
        series = sorted(m for m in by_id if m.startswith("cie-ruimte@"))
        # Four occurrences, one excluded (EXDATE), one moved (RECURRENCE-ID keeps its original id).
        assert series == [
            "cie-ruimte@aadorp.example@20260504T180000Z",
            "cie-ruimte@aadorp.example@20260629T180000Z",
            "cie-ruimte@aadorp.example@20260727T180000Z",
        ]
        moved = by_id["cie-ruimte@aadorp.example@20260629T180000Z"]
        assert moved.name == "Commissie Ruimte (verplaatst)"
        assert moved.start.astimezone(UTC) == dt.datetime(2026, 6, 30, 17, 30, tzinfo=UTC)
        assert by_id["utc-event@aadorp.example"].status == "geannuleerd"
        assert by_id["floating@aadorp.example"].start.astimezone(UTC).hour == 18  # Dutch wall-clock, CET
        assert by_id["allday@aadorp.example"].start.hour == 0
        assert all(not m.items for m in by_id.values())

    def test_broken_feed(self) -> None:
        with pytest.raises(SourceError, match="iCalendar"):
            read("ical", "bad/broken_ical.ics")
