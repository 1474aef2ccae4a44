"""Load the demo organisations, people and accounts from content/demo/ (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.organisations import services
from toerusting.organisations.demo import read_demo


class Command(BaseCommand):
    help = "Load the demo organisations, people and accounts from text files (content/demo/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=settings.CONTENT_DIR / "demo",
            help="Directory with the demo files (default: content/demo).",
        )
        parser.add_argument("--check", action="store_true", help="Only check the files; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            data = read_demo(directory)
        except ContentError as exc:
            raise CommandError(
                f"The demo files have {len(exc.problems)} problem(s); nothing was loaded:\n{exc}"
            ) from exc
        if options["check"]:
            self.stdout.write(
                f"{directory}: {len(data.organisations)} organisations, "
                f"{len(data.people)} people, {len(data.accounts)} accounts: all correct."
            )
            return
        try:
            summary = services.load_demo_data(data)
        except ValidationError as exc:
            raise CommandError(f"The demo data was refused; nothing was loaded:\n{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {summary.organisations} organisations, {summary.people} people, "
                f"{summary.functies_created} new functies, {summary.functies_removed} removed."
            )
        )
        if summary.accounts:
            width = max(len(username) for username, _ in summary.accounts)
            self.stdout.write(f"\nDemo accounts (password for all: {data.password}):")
            for username, description in summary.accounts:
                self.stdout.write(f"  {username.ljust(width)}  {description}")
