"""`toerusting import FILE --format FORMAT [--org KEY]`: import meetings from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.agenda import services
from toerusting.agenda.adapters import FILE_FORMATS
from toerusting.agenda.management.commands._report import Stderr, report
from toerusting.agenda.progress import ProgressBar
from toerusting.agenda.records import SourceError


class Command(BaseCommand):
    help = (
        "Import meetings with their agenda items from a file (a recorded export or feed). A file that cannot "
        "be read writes nothing; a meeting that fails is reported and the others are imported. "
        "Exits non-zero when anything failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(FILE_FORMATS), dest="format_name")
        parser.add_argument(
            "--org",
            default="",
            help="Organisation key. Without it the key is read from the data (OpenBesluitvorming, ORI).",
        )
        parser.add_argument("--base-url", default="", help="GO only: base URL for document links.")
        parser.add_argument(
            "--from",
            dest="window_start",
            type=dt.date.fromisoformat,
            default=None,
            help="iCal only: expand recurring meetings from this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--until",
            dest="window_end",
            type=dt.date.fromisoformat,
            default=None,
            help="iCal only: expand recurring meetings until this date (a window of at most 1,827 days).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        format_name: str = options["format_name"]
        extra: dict[str, Any] = {}
        if format_name == "go" and options["base_url"]:
            extra["base_url"] = options["base_url"]
        if format_name == "ical" and (options["window_start"] or options["window_end"]):
            extra["window_start"] = options["window_start"]
            extra["window_end"] = options["window_end"]
        bar = ProgressBar(Stderr(self.stderr), f"import {path.name}")
        try:
            summary = services.import_file(
                path, format_name, organisation_key=options["org"], progress=bar, **extra
            )
        except SourceError as exc:
            said = "nothing was imported" in exc.message
            raise CommandError(str(exc) if said else f"{exc} (nothing was imported)") from exc
        except services.UnknownOrganisation as exc:
            raise CommandError(f"--org: {exc} (nothing was imported)") from exc
        finally:
            bar.finish()
        report(self, f"{path}", summary)
