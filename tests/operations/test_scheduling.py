"""Periodic work is scheduled by the application: each job is enqueued once per interval, however many
schedulers run, and the worker process runs the scheduler by itself."""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from tests.operations.conftest import ROOT, TOERUSTING, production_environment
from toerusting.accounts.models import LoginFailure, User
from toerusting.embed.models import TabSession, UsedLaunchToken
from toerusting.operations import scheduling

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "agenda"]}}
JOBS = {
    "agenda_sync",
    "recompute_recommendations",
    "tab_clean_up",
    "retention",
    "weekly_digest",
    "review_reminders",
    "privacy",
    "link_check",
    "provider_feeds",
    "award_badges",
}


@pytest.fixture
def database_queue(settings: Settings, db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = DATABASE_TASKS
    # The worker closes connections it finds inside a transaction, as after a request; in a test, that
    # transaction is the test's own (PostgreSQL keeps connections open, so it would be closed under it).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def paths() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.usefixtures("database_queue")
def test_each_job_is_enqueued_once_per_interval() -> None:
    assert set(scheduling.run_due()) == JOBS
    assert len(paths()) == len(JOBS)
    assert scheduling.run_due() == []  # a second scheduler, or the next tick: nothing is due
    assert len(paths()) == len(JOBS)

    # The clean-up's last run is older than its interval (15 minutes): only it is due again.
    clean_up = DBTaskResult.objects.get(task_path="toerusting.embed.tasks.clean_up_task")
    DBTaskResult.objects.filter(pk=clean_up.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=16))
    assert scheduling.run_due() == ["tab_clean_up"]
    assert paths().count("toerusting.embed.tasks.clean_up_task") == 2
    assert scheduling.run_due() == []


@pytest.mark.usefixtures("database_queue")
def test_interval_zero_switches_a_job_off(settings: Settings) -> None:
    settings.PERIODIC_TASKS = {
        **settings.PERIODIC_TASKS,
        "agenda_sync": ("toerusting.agenda.tasks.sync_all_task", 0),
    }
    assert set(scheduling.run_due()) == JOBS - {"agenda_sync"}


@pytest.mark.usefixtures("database_queue")
def test_scheduled_jobs_run_in_the_worker_and_clean_up(tenant_a: object) -> None:
    user = User.objects.create_user(username="tabuser", password="x" * 12)
    now = timezone.now()
    from toerusting.embed.models import RisConnection

    connection = RisConnection.objects.create(
        organisation=tenant_a.organisation,  # type: ignore[attr-defined]
        name="RIS",
        issuer="https://ris.example",
        algorithm="HS256",
        key="k" * 40,
        frame_origins=["https://ris.example"],
    )
    TabSession.objects.create(key="old", user=user, connection=connection, expires_at=now - dt.timedelta(1))
    TabSession.objects.create(key="open", user=user, connection=connection, expires_at=now + dt.timedelta(1))
    UsedLaunchToken.objects.create(connection=connection, jti="old", expires_at=now - dt.timedelta(1))
    UsedLaunchToken.objects.create(connection=connection, jti="new", expires_at=now + dt.timedelta(1))
    stale = LoginFailure.objects.create(username="x", client_address="1.2.3.4")
    LoginFailure.objects.filter(pk=stale.pk).update(created_at=now - dt.timedelta(days=2))
    LoginFailure.objects.create(username="y", client_address="1.2.3.4")

    scheduling.run_due()
    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False, verbosity=0)

    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert set(statuses.values()) == {"SUCCESSFUL"}, statuses
    assert set(TabSession.objects.filter(key__in=["old", "open"]).values_list("key", flat=True)) == {"open"}
    assert set(UsedLaunchToken.objects.values_list("jti", flat=True)) == {"new"}
    assert set(LoginFailure.objects.values_list("username", flat=True)) == {"y"}


@pytest.mark.usefixtures("database_queue")
def test_retention_deletes_old_task_results_only(settings: Settings) -> None:
    settings.TASK_RESULT_RETENTION_DAYS = 30
    scheduling.run_due()
    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False, verbosity=0)
    old = DBTaskResult.objects.get(task_path="toerusting.embed.tasks.clean_up_task")
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    from toerusting.operations.tasks import retention_task

    counts = retention_task.call()
    assert counts["task_results"] == 1
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.count() == len(JOBS) - 1


def test_the_worker_process_schedules_and_runs_the_periodic_work(migrated_var_dir: Path) -> None:
    """`toerusting worker`, started on its own, enqueues every job and runs it: no cron involved."""
    database = migrated_var_dir / "production.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM django_tasks_database_dbtaskresult")
    env = production_environment(migrated_var_dir, SCHEDULER_TICK_SECONDS="0.5")
    worker = subprocess.Popen(  # noqa: S603  (our own command)
        [TOERUSTING, "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        done: dict[str, str] = {}
        while time.monotonic() < deadline and worker.poll() is None:
            with sqlite3.connect(database) as db:
                done = dict(db.execute("SELECT task_path, status FROM django_tasks_database_dbtaskresult"))
            if len(done) == len(JOBS) and set(done.values()) == {"SUCCESSFUL"}:
                break
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=30)
    assert {path.rsplit(".", 1)[1] for path in done} == {
        "sync_all_task",
        "recompute_all_task",
        "clean_up_task",
        "retention_task",
        "weekly_digest_task",
        "read_feeds_task",
        "review_reminder_task",
        "privacy_task",
        "check_links_task",
        "award_badges_task",
    }, err
    assert set(done.values()) == {"SUCCESSFUL"}, err
    assert worker.returncode == 0, err


@pytest.mark.usefixtures("database_queue")
def test_a_restarted_worker_takes_back_the_tasks_it_was_running() -> None:
    from toerusting.embed.tasks import clean_up_task

    died = DBTaskResult.objects.get(pk=clean_up_task.enqueue().id)
    died.claim("host-a")  # the worker on host-a was killed while running it
    other = DBTaskResult.objects.get(pk=clean_up_task.enqueue().id)
    other.claim("host-b")  # still running on another host

    assert scheduling.requeue_interrupted("host-a") == 1
    assert DBTaskResult.objects.get(pk=died.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=other.pk).status == "RUNNING"
    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False, verbosity=0)
    assert DBTaskResult.objects.get(pk=died.pk).status == "SUCCESSFUL"
    assert scheduling.requeue_interrupted("host-a") == 0
