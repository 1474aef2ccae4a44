"""Load the demo information evenings from content/demo/candidates/*.yaml through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.candidates.demo import load_demo, read_demo_file
from toerusting.contentfiles import ContentError


class Command(BaseCommand):
    help = (
        "Load demo information evenings with sign-ups (content/demo/candidates/*.yaml); run after load_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "candidates"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            for path in files:
                summary = load_demo(read_demo_file(path))
                self.stdout.write(f"{path.name}: {summary.evenings} evenings, {summary.signups} sign-ups")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
