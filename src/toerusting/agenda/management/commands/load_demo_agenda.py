"""`toerusting load_demo_agenda`: the demo gemeente's meeting calendar, through the normal import path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.agenda import services
from toerusting.agenda.management.commands._report import Stderr, report
from toerusting.agenda.progress import ProgressBar
from toerusting.agenda.records import SourceError
from toerusting.contentfiles import ContentError


class Command(BaseCommand):
    help = "Load the demo meeting calendars from content/demo/agenda/ (run load_demo first). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=settings.CONTENT_DIR / "demo" / "agenda")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar(Stderr(self.stderr), "demo agenda")
        try:
            summary = services.load_demo_agenda(options["directory"], progress=bar)
        except (ContentError, SourceError) as exc:
            raise CommandError(f"The demo agenda was not loaded:\n{exc}") from exc
        finally:
            bar.finish()
        report(self, "Demo agenda", summary)
