"""Load the demo searches without results (content/demo/gaps/*.yaml) for the gaps overview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.gaps.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = "Load demo searches without results for the gaps overview (content/demo/gaps/*.yaml)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "gaps"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            for path in files:
                self.stdout.write(f"{path.name}: {load_demo(read_demo_file(path))} searches")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
