"""The iBabs and Parlaeus adapters: files, live sync through a fake transport, idempotent re-import.

No recorded answer of either supplier with a licence that allows vendoring was found (see
tests/agenda/samples/real/SEARCH.md); the samples are hand-made in the shapes of Open Raadsinformatie's
extractors and transformers, and say so.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.agenda.fakes import FakeTransport
from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.adapters import FILE_FORMATS, LIVE_SOURCES, file_format
from toerusting.agenda.http import HttpClient, Request, Response
from toerusting.agenda.models import AgendaItem, AgendaSource, Document, Meeting, SourceGremium
from toerusting.agenda.records import Entry, MeetingRecord, RecordProblem, SourceError

SAMPLES = Path(__file__).parent / "samples"
UTC = dt.UTC


def read(format_name: str, name: str) -> list[Entry]:
    path = SAMPLES / name
    return list(file_format(format_name).parse(path.read_bytes(), str(path)))


def meetings(entries: list[Entry]) -> list[MeetingRecord]:
    return [e for e in entries if isinstance(e, MeetingRecord)]


def test_registered_for_import_and_live_sync() -> None:
    assert {"ibabs", "parlaeus"} <= set(FILE_FORMATS)
    assert {"ibabs", "parlaeus"} <= set(LIVE_SOURCES)


class TestIbabsFile:
    def test_soap_answer(self) -> None:
        council, committee = meetings(read("ibabs", "ibabs/meetings_response.xml"))
        assert council.source_id == "6c8e2f4a-1d3b-4e5f-8a9b-0c1d2e3f4a5b"
        # MeetingDate holds only the day; StartTime the time, Dutch summer time.
        assert council.start.astimezone(UTC) == dt.datetime(2026, 7, 9, 17, 30, tzinfo=UTC)
        assert council.end is not None and council.end.astimezone(UTC).hour == 21
        assert council.location == "Raadzaal, gemeentehuis"
        # Without GetMeetingtypes the meeting type is known by its id only: a gremium without a name.
        assert (council.name, council.gremium_id, council.gremium_name) == ("Vergadering", "100000001", "")
        # Flat list in agenda order; the confidential item is left out; Features is the number.
        assert [(i.number, i.title) for i in council.items] == [
            ("1", "Opening en vaststellen agenda"),
            ("1.4C", "Raadsvoorstel Omgevingsvisie Aadorp 2040 (Z/26/004512)"),
            ("3", "Sluiting"),
        ]
        proposal = council.items[1]
        assert proposal.description == "De raad stelt de Omgevingsvisie vast."
        [document] = proposal.documents  # the confidential one is left out
        assert (document.title, document.mime_type) == ("Raadsvoorstel Omgevingsvisie", "application/pdf")
        assert document.url == (
            "https://api1.ibabs.eu/publicdownload.aspx?site=Aadorp&id=9a1e5d3c-2222-4b6c-8d7e-6f5a4b3c2d10"
        )
        assert [d.title for d in council.documents] == ["Agenda gemeenteraad 9 juli 2026"]
        # MeetingDate with a time and no StartTime; no items (nil).
        assert committee.start.astimezone(UTC) == dt.datetime(2026, 11, 3, 19, 0, tzinfo=UTC)
        assert committee.items == [] and committee.end is None

    def test_json_as_open_raadsinformatie_stores_it(self) -> None:
        [meeting] = meetings(read("ibabs", "ibabs/meetings_ori.json"))
        assert (meeting.name, meeting.gremium_name) == ("Auditcommissie", "Auditcommissie")
        assert [i.title for i in meeting.items] == ["Opening", "Jaarrekening 2025"]
        assert meeting.items[1].documents[0].source_id == "doc-0001"

    def test_err_status_is_one_message(self) -> None:
        with pytest.raises(SourceError, match=r"iBabs answered ERR: IPaddress 192\.0\.2\.10 has no access"):
            read("ibabs", "ibabs/no_access_response.xml")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"<s:Envelope", "not valid XML"),
            (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "DOCTYPE or entities"),
            # A DOCTYPE behind a long prolog, or in UTF-16, is found all the same.
            (b"<!--" + b" " * 5000 + b'--><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "DOCTYPE or entities"),
            ('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16"), "not (in )?UTF-8"),
            (b"<x/>", "GetMeetingsByDateRangeResult"),
            (b'{"nothing": 1}', "expected iBabs meetings"),
        ],
    )
    def test_unreadable_files(self, data: bytes, message: str) -> None:
        with pytest.raises(SourceError, match=message):
            list(file_format("ibabs").parse(data, "ibabs.xml"))

    # The answers of other iBabs operations. Real ones (Utrecht's GetLists, GetListEntry,
    # GetListsEntriesByFilterRequest and GetListEntryVotesByListEntryId answers in the test fixtures of
    # ontola/openbesluitvorming) carry no licence, so these envelopes are hand-made in their shape.
    @pytest.mark.parametrize(
        ("operation", "holds"),
        [
            ("GetLists", "registries"),
            ("GetListEntry", "one entry of a registry"),
            ("GetListsEntriesByFilterRequest", "entries of a registry"),
            ("GetListEntryVotesByListEntryId", "votes"),
            ("GetMeetingtypes", "meeting types"),
            ("GetSomethingNew", ""),
        ],
    )
    def test_the_answer_of_another_operation_is_named(self, operation: str, holds: str) -> None:
        data = (
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            f'<{operation}Response xmlns="http://tempuri.org/"><{operation}Result>'
            '<Status xmlns="http://schemas.datacontract.org/2004/07/iBabsWCFObjects.Base">OK</Status>'
            f"</{operation}Result></{operation}Response></s:Body></s:Envelope>"
        ).encode()
        with pytest.raises(SourceError) as refused:
            list(file_format("ibabs").parse(data, "lijsten.xml"))
        message = refused.value.message
        assert message.startswith(f"this is iBabs' answer to {operation}")
        assert holds in message
        assert "import the answer of GetMeetingsByDateRange" in message

    def test_item_without_title_fails_its_meeting_named(self) -> None:
        data = json.dumps(
            [{"Id": "m1", "MeetingDate": "2026-01-05T20:00:00", "MeetingItems": [{"Id": "i1", "Title": ""}]}]
        ).encode()
        [problem] = list(file_format("ibabs").parse(data, "x.json"))
        assert isinstance(problem, RecordProblem)
        assert str(problem) == "x.json: meeting 1 (meeting m1): MeetingItems[0].Title: is required"


class TestParlaeusFile:
    def test_agenda_detail(self) -> None:
        [meeting] = meetings(read("parlaeus", "parlaeus/agenda_detail.json"))
        assert meeting.source_id == "6f1e0a2b3c4d5e6f7a8b9c0d1e2f3a4b"
        assert meeting.name == "Raadsvergadering 2 juli 2026"
        assert (meeting.gremium_id, meeting.gremium_name, meeting.location) == (
            "12",
            "Gemeenteraad",
            "Raadzaal",
        )
        assert meeting.start.astimezone(UTC) == dt.datetime(2026, 7, 2, 17, 30, tzinfo=UTC)
        assert meeting.end is not None and meeting.end.astimezone(UTC).hour == 21
        # level nests the flat list; an untitled point is named by its number.
        assert [i.number for i in meeting.items] == ["1", "2", "3"]
        hamer = meeting.items[1]
        assert [(c.number, c.title) for c in hamer.children] == [
            ("2a", "Verordening parkeerbelastingen 2027"),
            ("2b", "Agendapunt 2b"),
        ]
        [document] = hamer.children[0].documents
        assert (
            document.url
            == "https://aadorp.parlaeus.nl/user/showdoc/action=view/id=101/type=pdf/Raadsvoorstel.pdf"
        )
        assert document.mime_type == "application/pdf"
        assert hamer.children[0].description == "Tarieven stijgen."

    def test_cancelled_bare_agenda_without_time(self) -> None:
        [meeting] = meetings(read("parlaeus", "parlaeus/agenda_cancelled.json"))
        assert meeting.status == "geannuleerd"
        assert meeting.name == "CIE-BO" and meeting.end is None
        assert meeting.start == dt.datetime(2026, 11, 5, tzinfo=meeting.start.tzinfo)
        assert meeting.source_url == (
            "https://aadorp.parlaeus.nl/user/agenda/action=view/ag=0a0b0c0d0e0f10111213141516171819"
        )

    def test_agenda_list_is_refused_with_the_call_to_use(self) -> None:
        with pytest.raises(SourceError, match="fn=agenda_detail&agid=<agid> for each meeting"):
            read("parlaeus", "parlaeus/agenda_list.json")

    @pytest.mark.parametrize(
        ("agenda", "message"),
        [
            (
                {"agid": "a", "date": "2026-07-02", "points": []},
                "date: '2026-07-02' is not a date (YYYYMMDD)",
            ),
            (
                {"agid": "a", "date": "20260702", "points": [{"apid": "p", "level": "x"}]},
                "not a whole number",
            ),
            ({"date": "20260702"}, "agid: is required"),
        ],
    )
    def test_bad_agendas_are_named(self, agenda: dict[str, object], message: str) -> None:
        [problem] = list(file_format("parlaeus").parse(json.dumps({"agenda": agenda}).encode(), "p.json"))
        assert isinstance(problem, RecordProblem) and message in problem.message

    def test_error_status(self) -> None:
        data = b'{"status": 403, "message": "Invalid rid"}'
        with pytest.raises(SourceError, match="Parlaeus answered status 403: Invalid rid"):
            list(file_format("parlaeus").parse(data, "p.json"))


class TestImport:
    def test_ibabs_import_is_idempotent_and_names_the_gremium(self, tenant_a: Tenant) -> None:
        path = SAMPLES / "ibabs/meetings_response.xml"
        summary = services.import_file(path, "ibabs", organisation_key=tenant_a.organisation.slug)
        assert (summary.created, summary.failed) == (2, 0), summary.problems
        assert set(SourceGremium.objects.values_list("source", "source_id")) == {
            ("ibabs", "100000001"),
            ("ibabs", "100000002"),
        }
        services.name_source_gremium(tenant_a.organisation, "ibabs", "100000001", tenant_a.raad.name)
        again = services.import_file(path, "ibabs", organisation_key=tenant_a.organisation.slug)
        assert (again.updated, again.unchanged) == (1, 1)
        council = Meeting.objects.get(source_id="6c8e2f4a-1d3b-4e5f-8a9b-0c1d2e3f4a5b")
        assert council.gremium == tenant_a.raad
        assert (council.meeting_type, council.bob_phase) == ("raadsvergadering", "besluitvormend")
        assert services.import_file(path, "ibabs", organisation_key=tenant_a.organisation.slug).unchanged == 2

    def test_parlaeus_import(self, tenant_a: Tenant) -> None:
        path = SAMPLES / "parlaeus/agenda_detail.json"
        summary = services.import_file(path, "parlaeus", organisation_key=tenant_a.organisation.slug)
        assert (summary.created, summary.items) == (1, 5)
        meeting = Meeting.objects.get()
        assert meeting.gremium == tenant_a.raad  # matched by the committee's name
        assert AgendaItem.objects.get(source_id="p-003").parent == AgendaItem.objects.get(source_id="p-002")
        assert Document.objects.get().source_id == "d-101"
        assert (
            services.import_file(path, "parlaeus", organisation_key=tenant_a.organisation.slug).unchanged == 1
        )


def soap_transport(answers: dict[str, bytes], seen: list[Request]) -> object:
    def transport(request: Request, timeout: float) -> Response:
        seen.append(request)
        action = request.headers.get("SOAPAction", "").strip('"').rsplit("/", 1)[-1]
        return Response(200, answers[action], {"content-type": "text/xml; charset=utf-8"})

    return transport


class TestLive:
    def test_ibabs_posts_soap_and_names_meetings_by_type(self, tenant_a: Tenant) -> None:
        AgendaSource.objects.create(
            organisation=tenant_a.organisation, kind="ibabs", settings={"sitename": "Aadorp & Co"}
        )
        seen: list[Request] = []
        answers = {
            "GetMeetingtypes": (SAMPLES / "ibabs/meetingtypes_response.xml").read_bytes(),
            "GetMeetingsByDateRange": (SAMPLES / "ibabs/meetings_response.xml").read_bytes(),
        }
        client = HttpClient(soap_transport(answers, seen), sleep=lambda seconds: None)  # type: ignore[arg-type]
        summary = services.sync_organisation(tenant_a.organisation.slug, client=client)
        assert (summary.created, summary.failed) == (2, 0), summary.problems
        assert [r.method for r in seen] == ["POST", "POST"]
        assert seen[0].url == "https://wcf.ibabs.eu/api/Public.svc"
        assert b"<Sitename>Aadorp &amp; Co</Sitename>" in (seen[1].body or b"")
        assert b"<MetaDataOnly>false</MetaDataOnly>" in (seen[1].body or b"")
        names = dict(Meeting.objects.values_list("source_id", "name"))
        assert names["6c8e2f4a-1d3b-4e5f-8a9b-0c1d2e3f4a5b"] == "Gemeenteraad"
        committee = Meeting.objects.get(source_id="7d9f3a5b-2e4c-4f6a-9b0c-1d2e3f4a5b6c")
        assert (committee.name, committee.meeting_type) == ("Commissie Ruimte", "commissievergadering")
        assert AgendaSource.objects.get().cursor

    def test_ibabs_no_access_stops_the_sync_with_the_message(self, tenant_a: Tenant) -> None:
        AgendaSource.objects.create(
            organisation=tenant_a.organisation, kind="ibabs", settings={"sitename": "x"}
        )
        answers = {
            "GetMeetingtypes": (SAMPLES / "ibabs/meetingtypes_response.xml").read_bytes(),
            "GetMeetingsByDateRange": (SAMPLES / "ibabs/no_access_response.xml").read_bytes(),
        }
        client = HttpClient(soap_transport(answers, []), sleep=lambda seconds: None)  # type: ignore[arg-type]
        summary = services.sync_organisation(tenant_a.organisation.slug, client=client)
        assert summary.failed == 1 and "has no access to site aadorp" in summary.problems[0]
        assert not Meeting.objects.exists() and AgendaSource.objects.get().cursor == ""

    def test_parlaeus_lists_then_reads_each_agenda_and_keeps_the_token_secret(self, tenant_a: Tenant) -> None:
        AgendaSource.objects.create(
            organisation=tenant_a.organisation,
            kind="parlaeus",
            base_url="https://aadorp.parlaeus.nl/receive/opendata",
            settings={"rid": "s3cret-token"},
        )
        fake = FakeTransport()
        path = "/receive/opendata"
        fake.add(path, (SAMPLES / "parlaeus/agenda_list.json").read_bytes(), query={"fn": "agenda_list"})
        detail = (SAMPLES / "parlaeus/agenda_detail.json").read_bytes()
        fake.add(path, detail, query={"fn": "agenda_detail", "agid": "6f1e0a2b3c4d5e6f7a8b9c0d1e2f3a4b"})
        fake.add(
            path,
            b"busy",
            query={"fn": "agenda_detail", "agid": "0a0b0c0d0e0f10111213141516171819"},
            status=500,
        )
        client = HttpClient(fake, sleep=lambda seconds: None)
        summary = services.sync_organisation(tenant_a.organisation.slug, client=client)
        assert summary.created == 1 and summary.failed == 1
        assert all("rid=s3cret-token" in r.url for r in fake.requests)
        assert "s3cret-token" not in " ".join(summary.problems)
        assert "s3cret-token" not in AgendaSource.objects.get().last_summary
        meeting = Meeting.objects.get()
        assert "s3cret-token" not in meeting.source_url
        assert meeting.source_url.startswith("https://aadorp.parlaeus.nl/user/agenda/action=view/ag=")
        assert AgendaSource.objects.get().cursor == ""  # a meeting failed: the cursor stays

    def test_settings_are_required(self, tenant_a: Tenant) -> None:
        AgendaSource.objects.create(organisation=tenant_a.organisation, kind="parlaeus", base_url="")
        AgendaSource.objects.create(organisation=tenant_a.organisation, kind="ibabs")
        summary = services.sync_organisation(tenant_a.organisation.slug, client=HttpClient(FakeTransport()))
        assert summary.failed == 2
        assert any("sitename is required" in p for p in summary.problems)
        assert any("rid are required" in p for p in summary.problems)
