"""`toerusting agenda_token --org KEY --name VENDOR`: issue a push API token (shown once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.agenda import services


class Command(BaseCommand):
    help = "Issue a bearer token with which a RIS vendor pushes this organisation's meetings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True)
        parser.add_argument("--name", required=True, help="Who will use it, for example Notubiz.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = services.get_organisation(options["org"])
        except services.UnknownOrganisation as exc:
            raise CommandError(f"--org: {exc}") from exc
        token, plain = services.issue_push_token(organisation, options["name"])
        self.stderr.write(f"Token {token.prefix} for {organisation} ({token.name}); it is not shown again:")
        self.stdout.write(plain)
