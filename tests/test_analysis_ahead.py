"""A large sync has the titles of the next meetings analysed in a worker process while it writes: the
stored analyses and recommendations are the same as without it, a failing worker only costs speed, and a
meeting that cannot be stored still fails alone, at its turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from toerusting.agenda import services as agenda
from toerusting.agenda.records import AgendaItemRecord, MeetingRecord
from toerusting.agenda.services.sync import READ_AHEAD
from toerusting.matching import ahead, analysis
from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch

# Each title carries its meeting's number (a zaak number, as real titles do): no two are the same.
SUBJECTS = [
    "Verordening afvalstoffenheffing {year} (zaak {number})",
    "Zienswijze ontwerpbegroting {year} GGD Waardenland (zaak {number})",
    "Motie vreemd aan de orde van de dag: bankjes in het park aan de {street} (M{number})",
    "Raadsinformatiebrief voortgang woningbouw {street}, kenmerk {number}",
    "Vaststellen bestemmingsplan {street} {number}",
]
STREETS = ["Dorpsstraat", "Molenweg", "Kerkplein", "Stationsstraat", "Havenkade", "Beukenlaan"]


def feed(count: int, *, start_at: int = 0) -> list[MeetingRecord]:
    """Meetings with a heading, procedural items and subjects that differ per meeting."""
    first = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    meetings = []
    for n in range(start_at, start_at + count):
        street = STREETS[n % len(STREETS)]
        subjects = [
            AgendaItemRecord(
                source_id=f"m{n}-s{i}",
                number=f"6{'abcde'[i]}",
                title=subject.format(year=2020 + n % 7, street=street, number=n),
            )
            for i, subject in enumerate(SUBJECTS)
        ]
        meetings.append(
            MeetingRecord(
                source="push",
                source_id=f"ahead-{n}",
                name="Raadsvergadering" if n % 2 else "Commissie Bestuur",
                start=first + dt.timedelta(days=n),
                where=f"meeting {n}",
                items=[
                    AgendaItemRecord(source_id=f"m{n}-1", number="1", title="Opening en vaststelling agenda"),
                    AgendaItemRecord(
                        source_id=f"m{n}-h",
                        title="Besluitvormende stukken",
                        is_heading=True,
                        children=subjects,
                    ),
                    AgendaItemRecord(source_id=f"m{n}-9", number="9", title="Rondvraag"),
                ],
            )
        )
    return meetings


def stored(organisation_id: int) -> dict[str, Any]:
    """What the sync stored, by agenda item source id: the analysis and the ranked learning items."""
    analyses = {
        a.agenda_item.source_id: (a.procedural, a.topics, a.instrument, a.instrument_score, a.explanation)
        for a in AgendaItemAnalysis.objects.filter(
            agenda_item__meeting__organisation_id=organisation_id
        ).select_related("agenda_item")
    }
    matches: dict[str, list[tuple[str, int, float, str]]] = {}
    for m in (
        AgendaItemMatch.objects.filter(agenda_item__meeting__organisation_id=organisation_id)
        .select_related("agenda_item", "item")
        .order_by("agenda_item__source_id", "rank")
    ):
        matches.setdefault(m.agenda_item.source_id, []).append((m.item.slug, m.rank, m.score, m.reason))
    return {"analyses": analyses, "matches": matches}


@pytest.fixture
def catalogue(db: None) -> None:
    call_command("load_catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_worker() -> Iterator[None]:
    """Nothing of another test's analyses, nor a worker it broke on purpose."""
    analysis._cache.clear()
    analysis._ahead.clear()
    ahead.reset()
    yield
    ahead.reset()
    analysis._ahead.clear()


@pytest.mark.django_db
def test_a_large_sync_stores_the_same_with_the_worker_as_without(
    catalogue: None, tenant_a: Tenant, tenant_b: Tenant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 2 * READ_AHEAD + 3
    tenant_b.organisation.kind = tenant_a.organisation.kind
    tenant_b.organisation.save(update_fields=["kind"])

    settings.MATCHING_AHEAD_WORKERS = 1
    analysis._cache.clear()  # nothing analysed while the fixtures were made
    here: list[str] = []  # what the sync's own process analysed
    analyse_here = analysis._analyse
    monkeypatch.setattr(analysis, "_analyse", lambda *args: here.append(args[0]) or analyse_here(*args))
    used_before = analysis.ahead_used
    with_worker = agenda.apply_entries(feed(count), organisation=tenant_a.organisation)
    used = analysis.ahead_used - used_before
    monkeypatch.undo()
    # The worker analysed every item before the sync asked for it; repeats came from the cache.
    assert here == []
    assert used > count * 4
    assert (with_worker.created, with_worker.failed) == (count, 0)

    analysis._cache.clear()
    settings.MATCHING_AHEAD_WORKERS = 0
    used_before = analysis.ahead_used
    without = agenda.apply_entries(feed(count), organisation=tenant_b.organisation)
    assert analysis.ahead_used == used_before
    assert (without.created, without.failed) == (count, 0)

    ours, theirs = stored(tenant_a.organisation.pk), stored(tenant_b.organisation.pk)
    assert len(ours["analyses"]) == count * (2 + len(SUBJECTS))
    assert ours["matches"], "the subjects get learning items"
    assert ours == theirs


@pytest.mark.django_db
def test_a_small_sync_or_a_push_starts_no_worker(
    catalogue: None, tenant_a: Tenant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MATCHING_AHEAD_WORKERS = 1
    started: list[int] = []
    monkeypatch.setattr(ahead, "_executor", lambda: started.append(1))
    summary = agenda.apply_entries(feed(READ_AHEAD - 1), organisation=tenant_a.organisation)
    assert summary.created == READ_AHEAD - 1
    assert started == []


class _Failing(Executor):
    """An executor whose batches fail, as a worker process that died would."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        def fail() -> None:
            raise RuntimeError("the worker died")

        return self.pool.submit(fail)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@pytest.mark.django_db
def test_a_failing_worker_costs_speed_never_a_result(
    catalogue: None, tenant_a: Tenant, tenant_b: Tenant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 2 * READ_AHEAD
    tenant_b.organisation.kind = tenant_a.organisation.kind
    tenant_b.organisation.save(update_fields=["kind"])
    settings.MATCHING_AHEAD_WORKERS = 1
    failing = _Failing()
    monkeypatch.setattr(ahead, "_pool", failing)
    summary = agenda.apply_entries(feed(count), organisation=tenant_a.organisation)
    assert (summary.created, summary.failed) == (count, 0)
    assert ahead._broken, "after the first failed batch nothing more is sent"

    analysis._cache.clear()
    settings.MATCHING_AHEAD_WORKERS = 0
    agenda.apply_entries(feed(count), organisation=tenant_b.organisation)
    assert stored(tenant_a.organisation.pk) == stored(tenant_b.organisation.pk)


@pytest.mark.django_db
def test_a_meeting_that_cannot_be_stored_still_fails_alone_at_its_turn(
    catalogue: None, tenant_a: Tenant, settings: Settings
) -> None:
    settings.MATCHING_AHEAD_WORKERS = 1
    meetings = feed(2 * READ_AHEAD)
    broken = meetings[READ_AHEAD + 2]
    broken.start = dt.datetime(1200, 3, 1, 20, 0, tzinfo=dt.UTC)  # the checks refuse the year
    summary = agenda.apply_entries(meetings, organisation=tenant_a.organisation)
    assert (summary.created, summary.failed) == (2 * READ_AHEAD - 1, 1)
    assert broken.where in summary.problems[0]
    assert "start" in summary.problems[0]


class _Stalled(Executor):
    """An executor whose batches never finish, as a worker process that hangs."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        return Future()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None


@pytest.mark.django_db
def test_a_stalled_worker_is_waited_for_once_then_left_alone(
    catalogue: None, tenant_a: Tenant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MATCHING_AHEAD_WORKERS = 1
    monkeypatch.setattr(ahead, "_pool", _Stalled())
    monkeypatch.setattr(analysis, "AHEAD_WAIT", 0.2)
    waited: list[float] = []
    real_result = Future.result

    def result(self: Future[Any], timeout: float | None = None) -> Any:
        waited.append(timeout or 0.0)
        return real_result(self, timeout)

    monkeypatch.setattr(Future, "result", result)
    summary = agenda.apply_entries(feed(2 * READ_AHEAD), organisation=tenant_a.organisation)
    assert (summary.created, summary.failed) == (2 * READ_AHEAD, 0)
    assert ahead._broken
    assert waited == [0.2], "one wait, then every analysis is done in the sync's process"
    assert AgendaItemAnalysis.objects.filter(
        agenda_item__meeting__organisation=tenant_a.organisation
    ).count() == (2 * READ_AHEAD * (2 + len(SUBJECTS)))


@pytest.mark.django_db
def test_a_source_that_fails_midway_has_every_meeting_before_it_written(
    catalogue: None, tenant_a: Tenant, settings: Settings
) -> None:
    """Reading ahead does not lose progress: the sync fails where the source failed, as it did before."""
    from toerusting.agenda.models import Meeting
    from toerusting.agenda.records import SourceError

    settings.MATCHING_AHEAD_WORKERS = 1
    count = READ_AHEAD + 5

    def source() -> Iterator[MeetingRecord]:
        yield from feed(count)
        raise SourceError("page 3", "the source did not answer")

    with pytest.raises(SourceError, match="did not answer"):
        agenda.apply_entries(source(), organisation=tenant_a.organisation)
    written = Meeting.objects.filter(organisation=tenant_a.organisation, source_id__startswith="ahead-")
    assert written.count() == count


class _NoChildren(Executor):
    """What a process that may not start children (a daemonic worker of a task runner) meets."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        raise AssertionError("daemonic processes are not allowed to have children")


@pytest.mark.django_db
def test_where_no_worker_may_start_the_sync_analyses_in_its_own_process(
    catalogue: None, tenant_a: Tenant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MATCHING_AHEAD_WORKERS = 1
    monkeypatch.setattr(ahead, "_pool", _NoChildren())
    summary = agenda.apply_entries(feed(READ_AHEAD + 1), organisation=tenant_a.organisation)
    assert (summary.created, summary.failed) == (READ_AHEAD + 1, 0)
    assert ahead._broken
