"""`toerusting sync --org KEY [--since DATE]`: fetch an organisation's meetings from its live sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.agenda import services
from toerusting.agenda.management.commands._report import Stderr, report
from toerusting.agenda.progress import ProgressBar
from toerusting.agenda.records import SourceError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = (
        "Sync meetings and agenda items from the organisation's live agenda sources (AgendaSource, set in "
        "the admin). Resumes from the stored cursor; --since fetches from a date without moving the cursor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Organisation key, for example lindenwaard.")
        parser.add_argument(
            "--since", type=_date, default=None, help="Fetch meetings from this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar(Stderr(self.stderr), f"sync {options['org']}")
        try:
            summary = services.sync_organisation(options["org"], since=options["since"], progress=bar)
        except services.UnknownOrganisation as exc:
            raise CommandError(f"--org: {exc}") from exc
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.finish()
        report(self, f"sync {options['org']}", summary)
