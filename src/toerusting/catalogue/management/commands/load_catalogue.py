"""Load the catalogue from content/catalogue/*.md (idempotent; all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.catalogue import services
from toerusting.catalogue.content import read_catalogue
from toerusting.contentfiles import ContentError


def source_prefix(directory: Path) -> str:
    """The directory relative to content/ ('catalogue/', 'demo/catalogue/'), to know what it loaded before."""
    resolved = directory.resolve()
    try:
        return f"{resolved.relative_to(settings.CONTENT_DIR).as_posix()}/"
    except ValueError:
        return f"{resolved.as_posix()}/"


class Command(BaseCommand):
    help = "Load the learning catalogue from Markdown files (content/catalogue/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=settings.CONTENT_DIR / "catalogue")
        parser.add_argument("--check", action="store_true", help="Only check the files; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            records = read_catalogue(directory)
            if options["check"]:
                self.stdout.write(f"{directory}: {len(records)} items, all correct.")
                return
            summary = services.load_catalogue(records, source_prefix=source_prefix(directory))
        except ContentError as exc:
            raise CommandError(
                f"The catalogue files have {len(exc.problems)} problem(s); nothing was loaded:\n{exc}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue loaded: {len(records)} items ({summary.created} new, {summary.updated} changed, "
                f"{summary.unchanged} unchanged, {summary.withdrawn} withdrawn)."
            )
        )
