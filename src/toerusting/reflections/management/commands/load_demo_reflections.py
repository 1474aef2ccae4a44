"""Load the demo reflection data from content/demo/reflections/*.yaml through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.reflections.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = (
        "Load demo reflection questions and pulses (content/demo/reflections/*.yaml); "
        "run after load_demo and load_demo_agenda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "reflections"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            for path in files:
                summary = load_demo(read_demo_file(path))
                self.stdout.write(
                    f"{path.name}: {summary.questions} questions, {summary.answers} pulse answers "
                    f"on {summary.meetings} meetings"
                )
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
