"""The sync service: idempotent upsert, updates in place, removals, cancellations, failures and cursors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Tenant
from toerusting import hooks
from toerusting.agenda import services
from toerusting.agenda.adapters import file_format
from toerusting.agenda.models import AgendaItem, AgendaSource, Document, Meeting
from toerusting.agenda.records import MeetingRecord, RecordProblem

SAMPLES = Path(__file__).parent / "samples"


def entries(format_name: str, name: str) -> list:
    path = SAMPLES / name
    return list(file_format(format_name).parse(path.read_bytes(), str(path)))


def state() -> list[tuple]:
    """Everything the sync writes, as comparable rows (ids included: updates must keep them)."""
    return [
        *Meeting.objects.values_list(
            "pk", "name", "status", "start", "gremium_id", "meeting_type", "bob_phase", "content_hash"
        ).order_by("pk"),
        *AgendaItem.objects.values_list(
            "pk",
            "source_id",
            "parent_id",
            "number",
            "order",
            "position",
            "depth",
            "original_title",
            "title",
            "is_heading",
        ).order_by("pk"),
        *Document.objects.values_list("pk", "source_id", "agenda_item_id", "title", "url").order_by("pk"),
    ]


@pytest.fixture
def notubiz_source(tenant_a: Tenant) -> AgendaSource:
    return AgendaSource.objects.create(
        organisation=tenant_a.organisation,
        kind="notubiz",
        settings={"organisation_id": 686, "gremia": {"12": "raad"}},
    )


def test_first_import_creates_the_tree(tenant_a: Tenant, notubiz_source: AgendaSource) -> None:
    summary = services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    assert (summary.created, summary.failed) == (1, 0)
    assert any("4702 appears twice" in w for w in summary.warnings)
    meeting = Meeting.objects.get()
    assert meeting.gremium == tenant_a.raad
    assert (meeting.meeting_type, meeting.bob_phase) == ("raadsvergadering", "besluitvormend")
    items = list(AgendaItem.objects.order_by("position"))
    assert [i.source_id for i in items] == [
        "4701",
        "4710",
        "4711",
        "4712",
        "4720",
        "4721",
        "4722",
        "4702",
        "4799",
    ]
    by_id = {i.source_id: i for i in items}
    assert by_id["4711"].parent == by_id["4710"] and by_id["4722"].parent == by_id["4721"]
    assert by_id["4722"].depth == 2
    assert by_id["4712"].original_title == "Raadsvoorstel: Verordening afvalstoffenheffing 2027 (23207)"
    assert by_id["4712"].title == "Verordening afvalstoffenheffing 2027"
    assert by_id["4702"].title == "Vaststellen agenda (2)"  # the first of the two in the agenda's order
    assert by_id["4710"].is_heading
    assert Document.objects.filter(agenda_item=by_id["4712"]).get().source_id == "9001"
    assert Document.objects.filter(agenda_item=None).count() == 1


def test_reimport_changes_nothing(tenant_a: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    before = state()
    with CaptureQueriesContext(connection) as queries:
        summary = services.apply_entries(
            entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
        )
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert state() == before
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_renamed_moved_added_and_removed_items_update_in_place(tenant_a: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    ids_before = dict(AgendaItem.objects.values_list("source_id", "pk"))
    summary = services.apply_entries(
        entries("notubiz", "notubiz/meeting_renamed.json"), organisation=tenant_a.organisation
    )
    assert summary.updated == 1
    items = {i.source_id: i for i in AgendaItem.objects.all()}
    assert "4701" not in items  # removed
    assert items["4711"].pk == ids_before["4711"]  # renamed in place
    assert items["4711"].original_title == "Vaststelling bestemmingsplan Voorbeeldweg (gewijzigd) - 312710"
    assert items["4711"].title == "Vaststelling bestemmingsplan Voorbeeldweg (gewijzigd)"
    assert items["4722"].pk == ids_before["4722"]  # moved in place, to another parent
    assert items["4722"].parent_id == items["4710"].pk and items["4722"].depth == 1
    assert items["4730"].parent_id == items["4720"].pk  # added
    positions = [i.source_id for i in AgendaItem.objects.order_by("position")]
    assert positions == ["4702", "4710", "4711", "4722", "4712", "4720", "4721", "4730", "4799"]
    # And back again: the first version comes back exactly, with the moved item under its old parent.
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    assert AgendaItem.objects.get(source_id="4722").parent.source_id == "4721"


def test_cancelled_meeting_is_marked(tenant_a: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_cancelled.json"), organisation=tenant_a.organisation
    )
    meeting = Meeting.objects.get()
    assert meeting.status == "geannuleerd"
    assert meeting.agenda_items.count() == 9  # the agenda stays visible


def test_deletion_from_a_feed_removes_the_meeting(tenant_a: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meetings_list.json"), organisation=tenant_a.organisation
    )
    assert set(Meeting.objects.values_list("source_id", flat=True)) == {"4800", "4802"}
    services.apply_entries(entries("openbesluitvorming", "openbesluitvorming/export_snapshot.ndjson"))
    # the export feed names its organisation (aadorp) itself; its delete of an unknown meeting is a no-op
    assert Meeting.objects.filter(source="openbesluitvorming").count() == 2
    deleted = services.delete_meeting(tenant_a.organisation, "notubiz", "4800")
    assert deleted and not Meeting.objects.filter(source_id="4800").exists()


def test_one_failing_meeting_does_not_stop_the_rest(tenant_a: Tenant) -> None:
    good = entries("notubiz", "notubiz/meeting_nested.json")[0]
    assert isinstance(good, MeetingRecord)
    bad = MeetingRecord(
        source="notubiz", source_id="x" * 400, name="Te lange id", start=good.start, where="test: record 2"
    )
    problem = RecordProblem("test: record 3", "plannings[0].start_date: '2026-02-30' is not a date")
    later = MeetingRecord(
        source="notubiz", source_id="4900", name="Commissie", start=good.start, where="test: record 4"
    )
    summary = services.apply_entries([good, bad, problem, later], organisation=tenant_a.organisation)
    assert (summary.created, summary.failed) == (2, 2)
    assert summary.problems[0].startswith("test: record 2: source_id")
    assert summary.problems[1] == "test: record 3: plannings[0].start_date: '2026-02-30' is not a date"
    assert set(Meeting.objects.values_list("source_id", flat=True)) == {"4700", "4900"}


def test_meeting_type_without_a_known_gremium(tenant_a: Tenant) -> None:
    [meeting] = [e for e in entries("go", "go/v1_meetings.json") if isinstance(e, MeetingRecord)][:1]
    services.apply_entries([meeting], organisation=tenant_a.organisation)
    row = Meeting.objects.get()
    # "Raad" is the representative body's common name.
    assert row.gremium == tenant_a.raad
    assert row.meeting_type == "raadsvergadering"


def test_gremium_by_name_gives_the_bob_phase(tenant_a: Tenant) -> None:
    tenant_a.commissie.bob_phase = "beeldvormend"
    tenant_a.commissie.save()
    [record] = list(entries("openbesluitvorming", "openbesluitvorming/export_snapshot.ndjson"))[:1]
    assert isinstance(record, MeetingRecord)
    record.gremium_name = tenant_a.commissie.name
    services.apply_entries([record], organisation=tenant_a.organisation)
    row = Meeting.objects.get()
    assert (row.gremium, row.meeting_type, row.bob_phase) == (
        tenant_a.commissie,
        "informatiebijeenkomst",
        "beeldvormend",
    )


def test_records_are_only_written_for_their_own_organisation(tenant_a: Tenant, tenant_b: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_nested.json"), organisation=tenant_a.organisation
    )
    services.apply_entries(
        entries("notubiz", "notubiz/meeting_renamed.json"), organisation=tenant_b.organisation
    )
    a = Meeting.objects.get(organisation=tenant_a.organisation)
    b = Meeting.objects.get(organisation=tenant_b.organisation)
    assert a.source_id == b.source_id == "4700"
    assert a.agenda_items.filter(source_id="4701").exists()
    assert not b.agenda_items.filter(source_id="4701").exists()


def test_upsert_of_a_big_meeting_takes_few_queries(tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "run", lambda *args, **kwargs: None)  # other apps' reactions
    [record] = [e for e in entries("notubiz", "notubiz/meeting_nested.json") if isinstance(e, MeetingRecord)]
    gremia = services.GremiumIndex(tenant_a.organisation)
    with CaptureQueriesContext(connection) as queries:
        services.upsert_meeting(tenant_a.organisation, record, gremia)
    # The sync's own queries (hooks of other apps, such as matching, come on top): the lookup, the meeting,
    # one insert per level of the tree (3), the item ids for the documents, the documents, the source's
    # gremium on first sight; savepoints.
    assert len(queries) <= 10, [q["sql"][:60] for q in queries.captured_queries]


def test_cancel_through_the_service(tenant_a: Tenant) -> None:
    services.apply_entries(
        entries("notubiz", "notubiz/meetings_list.json"), organisation=tenant_a.organisation
    )
    assert services.cancel_meeting(tenant_a.organisation, "notubiz", "4802")
    assert Meeting.objects.get(source_id="4802").status == "geannuleerd"
    assert not services.cancel_meeting(tenant_a.organisation, "notubiz", "nope")


def test_import_file_resolves_the_organisation_from_the_data(tenant_a: Tenant) -> None:
    summary = services.import_file(SAMPLES / "openbesluitvorming/entity_meeting.json", "openbesluitvorming")
    assert summary.created == 1
    assert Meeting.objects.get().organisation == tenant_a.organisation
    assert dt.datetime.fromisoformat("2025-03-13T18:30:00+00:00") == Meeting.objects.get().start


@pytest.mark.parametrize(
    ("name", "gremium_name", "expected"),
    [
        ("Meningsvorming Raadzaal", "", ("overig", "oordeelsvormend")),  # Eindhoven, recorded
        ("raadscommissie Financiën", "", ("commissievergadering", "")),  # Amsterdam, recorded
        ("Staatscommissie", "", ("overig", "")),
        ("Raadsvergadering 13 maart", "", ("raadsvergadering", "besluitvormend")),
        ("Vergadering", "Gemeenteraad", ("raadsvergadering", "besluitvormend")),
        ("Commissie van de raad", "", ("commissievergadering", "")),
        ("Provinciale Staten", "", ("statenvergadering", "besluitvormend")),
        ("Presidium", "", ("presidium", "")),
        ("Beeldvormende sessie", "", ("overig", "beeldvormend")),
    ],
)
def test_meeting_type_from_whole_words(name: str, gremium_name: str, expected: tuple[str, str]) -> None:
    record = MeetingRecord(
        source="notubiz",
        source_id="1",
        name=name,
        start=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        where="x",
        gremium_name=gremium_name,
    )
    assert services.meeting_type_and_phase(record, None) == expected


def test_the_sources_own_meeting_type_comes_before_the_words() -> None:
    record = MeetingRecord(
        source="push",
        source_id="1",
        name="Raadzaal",
        start=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        where="x",
        meeting_type="presidium",
    )
    assert services.meeting_type_and_phase(record, None) == ("presidium", "")
