"""Load the demo RIS connection(s) from content/demo/ris/connections.yaml (idempotent; all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.embed import services
from toerusting.embed.management.commands import tab_link


class Command(BaseCommand):
    help = "Load demo RIS connections and their users from content/demo/ris/connections.yaml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=settings.CONTENT_DIR / "demo" / "ris" / "connections.yaml"
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The address the demo is served at (make demo passes it); `tab_link` then links there.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            connections = services.load_demo_connections(options["file"])
        except ContentError as exc:
            raise CommandError(f"The demo RIS file has problems; nothing was loaded:\n{exc}") from exc
        if options["base_url"]:
            recorded = tab_link.demo_base_url_file()
            recorded.parent.mkdir(parents=True, exist_ok=True)
            recorded.write_text(options["base_url"].rstrip("/") + "\n", encoding="utf-8")
        for connection in connections:
            origins = ", ".join(connection.frame_origins) or "-"
            self.stdout.write(
                f"RIS-tabblad: {connection.name} ({connection.issuer}). Probeer het met:\n"
                f"  .venv/bin/toerusting tab_link --issuer {connection.issuer} --subject ris-raadslid\n"
                f"  (de link werkt 120 seconden en één keer; in een iframe alleen vanaf: {origins})"
            )
