"""Load the demo of open badges (content/demo/badges/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.badges.demo import load_demo, read_demo_file
from toerusting.contentfiles import ContentError


class Command(BaseCommand):
    help = "Load open badges of the demo organisations; run after load_demo_planner and load_catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "badges"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no demo files (*.yaml)")
        try:
            for path in files:
                written, awarded = load_demo(read_demo_file(path))
                self.stdout.write(f"{path.name}: {written} badges, {awarded} awarded")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
