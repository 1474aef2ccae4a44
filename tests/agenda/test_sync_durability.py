"""On PostgreSQL the sync commits each meeting without waiting for the disk and waits once before it reports
or moves a live source's cursor; a push to the API, and a caller's own transaction, always wait.

These tests need transactions of their own (the `db` fixture wraps every test in one, and then nothing is
committed at all), and PostgreSQL; on SQLite (synchronous=NORMAL in WAL mode already) they are skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from tests.conftest import Tenant
from toerusting.agenda import services
from toerusting.agenda.adapters import file_format
from toerusting.agenda.models import Meeting
from toerusting.agenda.records import CursorUpdate, MeetingRecord

SAMPLES = Path(__file__).parent / "samples"
ASYNCHRONOUS = "SET LOCAL synchronous_commit TO OFF"
BARRIER = "SELECT pg_current_xact_id()"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("commit durability is a PostgreSQL setting; SQLite runs synchronous=NORMAL in WAL mode")


def records() -> list[Any]:
    path = SAMPLES / "notubiz" / "meetings_list.json"
    return [
        e for e in file_format("notubiz").parse(path.read_bytes(), str(path)) if isinstance(e, MeetingRecord)
    ]


class Statements:
    """Every statement sent to the database, in order (commits are not statements: they are not here)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.sql.append(sql)
        return execute(sql, params, many, context)


@pytest.fixture
def statements() -> Iterator[Statements]:
    seen = Statements()
    with connection.execute_wrapper(seen):
        yield seen


def test_each_written_meeting_commits_asynchronously_and_the_sync_waits_before_it_returns(
    tenant_a: Tenant, statements: Statements
) -> None:
    meetings = records()
    summary = services.apply_entries(meetings, organisation=tenant_a.organisation)
    assert summary.created == len(meetings) >= 2
    assert statements.sql.count(ASYNCHRONOUS) == len(meetings)
    assert statements.sql[-1] == BARRIER  # the last word: wait for the disk, after every meeting
    assert not connection.in_atomic_block
    assert Meeting.objects.filter(organisation=tenant_a.organisation).count() == len(meetings)

    statements.sql.clear()
    again = services.apply_entries(records(), organisation=tenant_a.organisation)
    assert again.unchanged == len(meetings)
    assert ASYNCHRONOUS not in statements.sql  # nothing written, nothing to relax


def test_the_cursor_moves_only_after_the_meetings_before_it_are_on_disk(
    tenant_a: Tenant, statements: Statements
) -> None:
    meetings = records()
    seen_at_cursor: list[list[str]] = []
    services.apply_entries(
        [meetings[0], CursorUpdate("c1"), *meetings[1:]],
        organisation=tenant_a.organisation,
        on_cursor=lambda cursor: seen_at_cursor.append(list(statements.sql)),
    )
    [before] = seen_at_cursor
    assert before.count(ASYNCHRONOUS) == 1
    assert before[-1] == BARRIER


def test_a_push_waits_for_the_disk(tenant_a: Tenant, statements: Statements) -> None:
    gremia = services.GremiumIndex(tenant_a.organisation)
    services.upsert_meeting(tenant_a.organisation, records()[0], gremia)
    assert ASYNCHRONOUS not in statements.sql
    assert Meeting.objects.filter(organisation=tenant_a.organisation).count() == 1


def test_inside_a_callers_transaction_nothing_is_relaxed(tenant_a: Tenant, statements: Statements) -> None:
    with transaction.atomic():
        summary = services.apply_entries(records(), organisation=tenant_a.organisation)
    assert summary.created >= 2
    assert ASYNCHRONOUS not in statements.sql
    assert BARRIER not in statements.sql  # the caller's commit waits


def test_the_setting_switches_it_off(tenant_a: Tenant, statements: Statements, settings: Any) -> None:
    settings.AGENDA_SYNC_ASYNCHRONOUS_COMMIT = False
    summary = services.apply_entries(records(), organisation=tenant_a.organisation)
    assert summary.created >= 2
    assert ASYNCHRONOUS not in statements.sql
    assert BARRIER not in statements.sql
