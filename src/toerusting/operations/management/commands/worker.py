"""`toerusting worker`: the background worker (django-tasks-db's db_worker) with the scheduler of
periodic work beside it (toerusting.operations.scheduling).

It works every queue by default, takes back the tasks it was running when it last died (same worker
id), refuses to start when tasks do not go through the database queue, with
DEBUG on, or with unapplied migrations, and stops after the running task on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from toerusting import outage
from toerusting.operations import scheduling, startup

logger = logging.getLogger(__name__)
RETRY_SECONDS = (1, 2, 5, 10, 30)


class Command(DbWorkerCommand):
    help = (
        "Run background tasks from the database queue (all queues by default) and schedule the periodic "
        "work (agenda sync, recomputing recommendations, clean-up, retention)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # A stable id (the host's name unless WORKER_ID says otherwise) lets a restarted worker take back the
        # tasks it was running when it died; several workers on one host need distinct ids.
        parser.set_defaults(
            queue_name="*",
            reload=False,
            worker_id=os.environ.get("WORKER_ID", "") or socket.gethostname()[:64],
        )
        for action in parser._actions:
            if action.dest == "backend_name":
                # Checked in handle(), so that a wrong TASKS_BACKEND gets the message below, not a usage line.
                action.type = str
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Only run tasks; do not enqueue the periodic work from this process.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = startup.production_problems(processes=1)
        if not startup.tasks_use_the_database():
            problems.append(
                "TASKS_BACKEND is not database: tasks run in the web process and there is nothing to work "
                "on. Set TASKS_BACKEND=database (the default when DEBUG is false)."
            )
        if problems:
            raise CommandError("The worker does not start:\n- " + "\n- ".join(problems))
        # Reaching the database is retried: a worker that starts, or runs, while the database is briefly
        # away (a restart, a failover) waits for it instead of stopping.
        self._retrying(lambda: self._check_migrations())
        self._retrying(lambda: scheduling.requeue_interrupted(options["worker_id"]))
        scheduler = None
        if options.pop("scheduler"):
            scheduler = scheduling.Scheduler(settings.SCHEDULER_TICK_SECONDS)
            scheduler.start()
        try:
            while True:
                try:
                    super().handle(*args, **options)
                    return
                except DatabaseError as exc:
                    if not outage.database_away(exc):
                        raise
                    # The task it was running (if any) stays marked as running under this worker's id: put
                    # it back, and go on once the database answers again.
                    self._wait_for_database(exc, 0)
                    self._retrying(lambda: scheduling.requeue_interrupted(options["worker_id"]))
        finally:
            if scheduler is not None:
                scheduler.stop()

    def _check_migrations(self) -> None:
        problem = startup.migrations_problem()
        if problem:
            raise CommandError("The worker does not start:\n- " + problem)

    def _retrying(self, step: Callable[[], object]) -> None:
        for attempt in itertools.count():
            try:
                step()
                return
            except DatabaseError as exc:
                if not outage.database_away(exc):
                    raise
                self._wait_for_database(exc, attempt)

    def _wait_for_database(self, exc: Exception, attempt: int) -> None:
        delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
        logger.warning("worker: the database is unreachable (%s); trying again in %s s", exc, delay)
        connections.close_all()
        time.sleep(delay)
