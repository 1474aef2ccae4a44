"""Load the demo mid-term reflection from content/demo/midterm/*.yaml through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.midterm.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = "Load the demo mid-term reflection (content/demo/midterm/*.yaml); run after load_demo_planner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "midterm"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            loaded = [read_demo_file(path) for path in files]
            for path, demo in zip(files, loaded, strict=True):
                added = load_demo(demo)
                self.stdout.write(f"{path.name}: {added} new answers")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
