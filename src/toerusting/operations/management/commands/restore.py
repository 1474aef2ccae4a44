"""`toerusting restore FILE`: replace the database's contents with a backup made by `toerusting backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with the backup in FILE. Stop the web server and the worker first; "
        "afterwards run `toerusting migrate` if the backup is older than the code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            answer = input("This replaces everything in the database. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Database restored from {options['file']}.")
