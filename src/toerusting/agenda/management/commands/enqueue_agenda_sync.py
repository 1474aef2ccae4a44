"""`toerusting enqueue_agenda_sync`: queue one sync task per organisation with an active live source.

Run it from cron or a systemd timer (for example hourly); `toerusting db_worker` runs the tasks.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from toerusting.agenda.tasks import enqueue_all


class Command(BaseCommand):
    help = "Queue an agenda sync task for every organisation with an active live agenda source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", action="append", default=[], help="Only these organisations.")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = enqueue_all(options["org"] or None)
        self.stdout.write(f"Queued agenda sync for {len(keys)} organisation(s): {', '.join(keys) or '-'}")
