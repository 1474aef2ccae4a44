"""toerusting match --input FILE.tsv: analyse agenda items and recommend catalogue items, as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.matching import services
from toerusting.matching.selectors import build_catalogue_index
from toerusting.matching.tsv import InputError, read_rows


class Command(BaseCommand):
    help = (
        "Read a TSV with the columns id and title (optional: description; body_type gemeente, "
        "provincie or waterschap, applied as an organisation's kind; meeting_type, the meeting's name, "
        "read as context) and print one JSON object per row: procedural flag, topics, instrument and at "
        "most 5 catalogue items with a reason."
    )
    # The project's system checks import every URL configuration and view (0.7 s of start-up on two
    # cores); this command reads a file and the catalogue and serves no request. `toerusting check`,
    # `migrate` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input",
            required=True,
            help="TSV file with a header: id, title[, description][, body_type][, meeting_type]",
        )
        parser.add_argument("--role", default=None, help="audience role to rank for, e.g. raadslid")
        parser.add_argument("--limit", type=int, default=3, help="items per row (default 3, at most 5)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_rows(Path(options["input"]))
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        index = build_catalogue_index()
        limit = max(0, min(5, options["limit"]))
        for row in rows:
            analysis = services.analyse(
                row.title, row.description, body_type=row.body_type, meeting=row.meeting
            )
            items = services.recommend(
                analysis, role=options["role"], body_type=row.body_type, limit=limit, index=index
            )
            self.stdout.write(json.dumps(services.as_json(row.id, analysis, items), ensure_ascii=False))
