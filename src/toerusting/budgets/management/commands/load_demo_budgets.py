"""Load the demo training budgets from content/demo/budgets/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.budgets.demo import load_budget, read_budget_file
from toerusting.contentfiles import ContentError


class Command(BaseCommand):
    help = "Load the demo training budgets (content/demo/budgets/*.yaml); run after load_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "budgets"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise CommandError(f"{directory}: no budget files (*.yaml)")
        try:
            budgets = [read_budget_file(path) for path in files]
            for path, budget in zip(files, budgets, strict=True):
                rules, added = load_budget(budget)
                self.stdout.write(f"{path.name}: {rules} budget rules, {added} new requests")
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
