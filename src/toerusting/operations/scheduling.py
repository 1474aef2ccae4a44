"""Periodic work, scheduled by the application itself (no host cron).

settings.PERIODIC_TASKS names each job's task (a django-tasks task, by dotted path) and its interval in
seconds. `toerusting worker` runs `run_due` every SCHEDULER_TICK_SECONDS in a thread beside the worker
loop: a job whose task was not enqueued within its interval is enqueued now. The queue itself is the
memory of when a job last ran (the rows of django-tasks-db, which the retention job keeps for
TASK_RESULT_RETENTION_DAYS), so several workers, on one machine or many, can all run the scheduler: a
lock per job inside one transaction lets only one of them enqueue it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    interval: dt.timedelta

    @property
    def task(self) -> Task[[], object]:
        task: Task[[], object] = import_string(self.task_path)
        return task


def jobs() -> list[PeriodicJob]:
    """The jobs of settings.PERIODIC_TASKS; an interval of 0 switches a job off."""
    return [
        PeriodicJob(name, path, dt.timedelta(seconds=seconds))
        for name, (path, seconds) in settings.PERIODIC_TASKS.items()
        if seconds > 0
    ]


def _lock(job: PeriodicJob) -> None:
    """Serialise the check-and-enqueue of one job between schedulers, until the transaction ends."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(job.name.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    # SQLite: settings open every transaction with BEGIN IMMEDIATE, which already excludes other writers.


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job that has not been enqueued within its interval; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        task = job.task
        with transaction.atomic():
            _lock(job)
            recent = DBTaskResult.objects.filter(
                task_path=task.module_path, enqueued_at__gt=now - job.interval
            ).exists()
            if recent:
                continue
            task.enqueue()
        enqueued.append(job.name)
        logger.info("scheduler: enqueued %s", job.name, extra={"job": job.name})
    return enqueued


class Scheduler(threading.Thread):
    """Calls run_due every `tick` seconds until stopped; a failing round is logged and retried."""

    def __init__(self, tick: float) -> None:
        super().__init__(name="toerusting-scheduler", daemon=True)
        self.tick = tick
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                run_due()
            except Exception:
                logger.exception("scheduler: a round failed; trying again in %s s", self.tick)
            finally:
                close_old_connections()
            self.stopped.wait(self.tick)

    def stop(self) -> None:
        self.stopped.set()


def requeue_interrupted(worker_id: str) -> int:
    """Put back in the queue the tasks this worker was running when it stopped without finishing them
    (killed, or its machine went down): a worker that starts with that id runs none of them now. Our
    tasks are idempotent (a sync upserts by source ids and resumes from its cursor), so they run again."""
    running = DBTaskResult.objects.filter(status="RUNNING").only("id", "worker_ids")
    mine = [task.pk for task in running if task.worker_ids and task.worker_ids[-1] == worker_id]
    if mine:
        DBTaskResult.objects.filter(pk__in=mine, status="RUNNING").update(status="READY", started_at=None)
        logger.warning("worker %s: put %d interrupted task(s) back in the queue", worker_id, len(mine))
    return len(mine)
