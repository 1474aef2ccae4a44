"""Load the demo term plans from content/demo/planner/*.yaml: write, schedule, publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.planner.demo import load_plan, read_plan_file


class Command(BaseCommand):
    help = "Load the demo term plans (content/demo/planner/*.yaml); run after load_demo and load_catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "planner"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no plan files (*.yaml)")
        try:
            for path in files:
                plan, sessions = load_plan(read_plan_file(path))
                self.stdout.write(f"{path.name}: plan {plan.term.key} with {sessions} sessions, scheduled")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
