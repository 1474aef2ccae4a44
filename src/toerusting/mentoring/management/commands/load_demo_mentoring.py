"""Load the demo mentoring pairs and train-de-trainer tracks from content/demo/mentoring/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.mentoring.demo import load_mentoring, read_mentoring_file


class Command(BaseCommand):
    help = "Load the demo mentoring pairs and tracks (content/demo/mentoring/*.yaml); run after load_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "mentoring"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no mentoring files (*.yaml)")
        try:
            loaded = [read_mentoring_file(path) for path in files]
            for path, data in zip(files, loaded, strict=True):
                pairs, tracks = load_mentoring(data)
                self.stdout.write(f"{path.name}: {pairs} new pairs, {tracks} new train-the-trainer tracks")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
