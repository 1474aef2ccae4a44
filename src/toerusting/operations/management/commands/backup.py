"""`toerusting backup FILE`: a consistent copy of the database while the application runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite: a database file; PostgreSQL: a pg_dump custom archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {options['file']}.")
