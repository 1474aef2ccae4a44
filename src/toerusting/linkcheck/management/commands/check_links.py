"""toerusting check_links [--item SLUG]: check the external links of the catalogue now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.linkcheck import services


class Command(BaseCommand):
    help = "Check the external links of the published catalogue items (or of one item)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--item", metavar="SLUG", help="only the item with this key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = services.check_links(slug=options["item"])
        except services.UnknownItem as exc:
            raise CommandError(str(exc)) from exc
        statuses = ", ".join(f"{status} {count}" for status, count in sorted(summary.by_status.items()))
        self.stdout.write(
            f"{summary.items} items, {summary.links} links, {summary.requests} requests"
            f"{': ' + statuses if statuses else ''}; skipped (host asked to wait) {summary.skipped};"
            f" newly dead {summary.newly_dead}; e-mails to the griffie {summary.mails}."
        )
