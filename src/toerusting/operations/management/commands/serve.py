"""`toerusting serve`: the production web server (gunicorn, docs/adr/0003-production-server.md).

Refuses to start with DEBUG on, with unapplied migrations, or with several processes and no shared cache
(a missing or example SECRET_KEY already stops the settings). Collects static files for WhiteNoise first,
unless told not to, then starts gunicorn with N worker processes that share Prometheus metrics through
a directory.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from toerusting.operations import startup


def default_workers() -> int:
    """WEB_CONCURRENCY when set, else two per CPU core."""
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    if raw:
        return int(raw)
    return max(2, 2 * (os.cpu_count() or 1))


class Command(BaseCommand):
    help = "Serve Toerusting in production mode: gunicorn with several worker processes."
    requires_system_checks: list[str] = []  # run in handle(), after the metrics directory is set

    def add_arguments(self, parser: CommandParser) -> None:
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        parser.add_argument("--bind", default=f"{host}:{port}", help="Address to listen on (HOST:PORT).")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Worker processes (default: WEB_CONCURRENCY, else two per CPU core).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "4")),
            help="Threads per worker process (default: WEB_THREADS, else 4).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("WEB_TIMEOUT", "30")),
            help="Seconds a request may take before its worker is restarted (default: WEB_TIMEOUT, else 30).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_false",
            dest="collectstatic",
            help="Do not run collectstatic first (the static files are already in STATIC_ROOT).",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Run the start-up checks (and collectstatic) and exit without serving.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"]
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        problems = startup.production_problems(processes=workers)
        if problems:
            raise CommandError("Toerusting does not start:\n- " + "\n- ".join(problems))
        metrics_dir = prepare_metrics_dir(options["bind"])
        self.check(display_num_errors=False)
        problem = startup.migrations_problem()
        if problem:
            raise CommandError(f"Toerusting does not start: {problem}")
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the workers are forked: they must open their own connections
        if options["check_only"]:
            self.stdout.write("Start-up checks passed.")
            return
        self.stdout.write(
            f"Toerusting (production) on http://{options['bind']}/ with {workers} worker processes "
            f"of {options['threads']} threads; metrics in {metrics_dir}."
        )
        sys.stdout.flush()
        from toerusting.operations.server import run_gunicorn

        run_gunicorn(
            bind=options["bind"],
            workers=workers,
            threads=options["threads"],
            timeout=options["timeout"],
        )


def prepare_metrics_dir(bind: str) -> Path:
    """An empty directory for the worker processes' Prometheus metrics (PROMETHEUS_MULTIPROC_DIR); by
    default one per address, so that two servers on one machine keep their figures apart."""
    if "prometheus_client" in sys.modules:
        raise CommandError("Internal error: prometheus_client was imported before its directory was set.")
    own = "prometheus-" + "".join(c if c.isalnum() else "-" for c in bind)
    directory = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip() or Path(settings.VAR_DIR) / own)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return directory
