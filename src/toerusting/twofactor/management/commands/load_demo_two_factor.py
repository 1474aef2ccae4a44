"""Give the demo's griffie accounts and operator an authenticator app with the demo secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.contentfiles import ContentError
from toerusting.twofactor.demo import load_demo, read_demo_file


class Command(BaseCommand):
    help = (
        "Set up the second login step of the demo's griffie accounts and operator with the secret in "
        "content/demo/two-factor/accounts.yaml (demo and development only); run after load_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", default=str(Path(settings.CONTENT_DIR) / "demo" / "two-factor" / "accounts.yaml")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_two_factor runs only in development mode (DEBUG=true).")
        try:
            demo = read_demo_file(Path(options["file"]))
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        enrolled = load_demo(demo)
        self.stdout.write(
            f"Second login step set up for {', '.join(enrolled) or 'no accounts'}; demo key: {demo.secret}\n"
            f"  (add it to an authenticator app, or: oathtool --totp -b {demo.secret})"
        )
