"""`toerusting worker`: the background worker (django-tasks-db's db_worker) with the scheduler of
periodic work beside it (toerusting.operations.scheduling).

It works every queue by default, takes back the tasks it was running when it last died (same worker
id), refuses to start when tasks do not go through the database queue, with
DEBUG on, or with unapplied migrations, and stops after the running task on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import os
import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from toerusting.operations import scheduling, startup


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
        problem = startup.migrations_problem()
        if problem:
            problems.append(problem)
        if problems:
            raise CommandError("The worker does not start:\n- " + "\n- ".join(problems))
        scheduling.requeue_interrupted(options["worker_id"])
        scheduler = None
        if options.pop("scheduler"):
            scheduler = scheduling.Scheduler(settings.SCHEDULER_TICK_SECONDS)
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
