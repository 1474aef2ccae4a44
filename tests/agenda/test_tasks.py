"""The background sync task (django-tasks; the immediate backend in tests) and the command that queues it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.agenda.fakes import FakeTransport
from tests.conftest import Tenant
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
