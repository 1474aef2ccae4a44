"""Load the demo of learning networks (content/demo/networks/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.networks.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = "Load learning networks with members, events and messages; run after load_demo and load_catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "networks"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            for path in files:
                written = load_demo(path, read_demo_file(path))
                self.stdout.write(f"{path.name}: {written} learning networks")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
