"""`toerusting import_offer <provider> [--file F]`: read a provider's feed now (from its address, or from a
file in the feed's format), with the same checks and moderation as the scheduled reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.providers import selectors, services


class Command(BaseCommand):
    help = "Read a learning provider's feed now (or a file in its feed format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("provider", help="the provider's key (slug)")
        parser.add_argument("--file", type=Path, help="read this file instead of the feed address")
        parser.add_argument(
            "--format", choices=["jsonld", "edudex"], help="the file's format (default: the feed's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provider = selectors.provider_by_slug(options["provider"])
        if provider is None:
            raise CommandError(f"no learning provider {options['provider']!r}")
        path: Path | None = options["file"]
        if path is None:
            report = services.read_feed(provider)
        else:
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            report = services.import_feed(
                provider,
                content,
                feed_format=options["format"] or provider.feed_format,
                source_url=provider.feed_url or f"file:{path.name}",
            )
        if report.error:
            raise CommandError(f"{provider.slug}: {report.error}; nothing was changed")
        self.stdout.write(
            f"{provider.slug}: {report.published} published, {report.pending} for moderation, "
            f"{report.unchanged} unchanged, {report.withdrawn} withdrawn, "
            f"{len(report.problems)} with problems"
        )
        for problem in report.problems:
            self.stderr.write(f"  {problem}")
