"""Load the demo intervision round from content/demo/intervision/*.yaml through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.intervision.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = "Load the demo intervision round (content/demo/intervision/*.yaml); run after load_demo_agenda."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "intervision"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            loaded = [read_demo_file(path) for path in files]
            for path, demo in zip(files, loaded, strict=True):
                participants, groups = load_demo(demo)
                self.stdout.write(f"{path.name}: {participants} participants in {groups} fixed groups")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
