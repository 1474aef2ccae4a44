"""The background sync task (django-tasks; the immediate backend in tests) and the command that queues it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.agenda.fakes import FakeTransport
from tests.conftest import Tenant
from tests.database_errors import broken_connection
from toerusting.agenda import services
from toerusting.agenda.http import HttpClient
from toerusting.agenda.models import AgendaSource, Meeting
from toerusting.agenda.tasks import sync_organisation_task

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def go_source(tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch) -> FakeTransport:
    AgendaSource.objects.create(
        organisation=tenant_a.organisation, kind="go", base_url="https://raad.aadorp.example/api"
    )
    fake = FakeTransport()
    fake.add("/api/v2/meetings", (SAMPLES / "go/v2_meetings.json").read_bytes())
    monkeypatch.setattr(services.live, "HttpClient", lambda: HttpClient(fake, sleep=lambda s: None))
    return fake


def test_task_syncs_one_organisation(go_source: FakeTransport) -> None:
    result = sync_organisation_task.enqueue("aadorp")
    assert result.status == "SUCCESSFUL"
    assert result.return_value["created"] == 2 and result.return_value["failed"] == 0
    assert Meeting.objects.filter(source="go").count() == 2


def test_enqueue_command_queues_only_organisations_with_a_live_source(
    go_source: FakeTransport, tenant_b: Tenant
) -> None:
    AgendaSource.objects.create(organisation=tenant_b.organisation, kind="go", active=False)
    out = StringIO()
    call_command("enqueue_agenda_sync", stdout=out)
    assert out.getvalue().strip() == "Queued agenda sync for 1 organisation(s): aadorp"
    assert len(go_source.requests) == 1  # the immediate backend ran it


def test_token_command_prints_the_token_once(tenant_a: Tenant) -> None:
    out, err = StringIO(), StringIO()
    call_command("agenda_token", "--org=aadorp", "--name=Notubiz", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert token.startswith("trt_") and "not shown again" in err.getvalue()
    assert services.organisation_for_token(token) == tenant_a.organisation


@pytest.mark.parametrize("kind", ["operational", "no sqlstate"])
def test_a_sync_that_loses_the_database_stops_and_runs_again_once_it_answers(
    tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """An outage is no bad meeting: the sync stops (nothing after it counted as failed, the cursor not
    moved) and the task syncs again from the cursor after a pause."""
    from django.db import DatabaseError, OperationalError

    from toerusting.agenda import tasks
    from toerusting.agenda.records import MeetingRecord
    from toerusting.agenda.services import sync as sync_service

    path = Path(__file__).parent / "samples" / "notubiz" / "meetings_list.json"
    from toerusting.agenda.adapters import file_format

    records = [
        e for e in file_format("notubiz").parse(path.read_bytes(), str(path)) if isinstance(e, MeetingRecord)
    ]
    real_upsert = sync_service._upsert
    calls = {"n": 0}

    def outage_once(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            if kind == "operational":
                raise OperationalError("server closed the connection unexpectedly")
            raise broken_connection()
        return real_upsert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_service, "_upsert", outage_once)
    with pytest.raises(DatabaseError):
        services.apply_entries(records, organisation=tenant_a.organisation)
    assert Meeting.objects.count() == 1  # the first meeting; the sync stopped at the outage

    pauses: list[float] = []
    runs = {"n": 0}

    def sync_organisation(key: str) -> services.SyncSummary:
        runs["n"] += 1
        if runs["n"] == 1:
            raise OperationalError("connection refused") if kind == "operational" else broken_connection()
        return services.SyncSummary(created=3)

    monkeypatch.setattr(tasks.time, "sleep", pauses.append)
    monkeypatch.setattr(tasks.services, "sync_organisation", sync_organisation)
    result = sync_organisation_task.call(tenant_a.organisation.slug)
    assert result["created"] == 3
    assert runs["n"] == 2 and pauses == [1]
