"""`toerusting name_gremium --org KEY [--source S --id ID --name NAME]`: list or name a source's gremia."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.agenda import services
from toerusting.agenda.models import Source


class Command(BaseCommand):
    help = (
        "List the gremia the organisation's agenda sources name (often only by an id), or give one a name "
        "once: a sync never overwrites it, and meetings link to the organisation's gremium of that name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Organisation key, for example lindenwaard.")
        parser.add_argument("--source", choices=Source.values, help="The source, for example notubiz.")
        parser.add_argument("--id", dest="source_id", help="The gremium's id at the source.")
        parser.add_argument("--name", help="The name to show; an empty name takes it back.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = services.get_organisation(options["org"])
        except services.UnknownOrganisation as exc:
            raise CommandError(f"--org: {exc}") from exc
        naming = [options["source"], options["source_id"], options["name"]]
        if not any(value is not None for value in naming):
            for gremium in services.source_gremia(organisation):
                name = gremium.name or "-"
                self.stdout.write(
                    f"{gremium.source}\t{gremium.source_id}\t{name}\t{gremium.name_at_source or '-'}"
                )
            return
        if any(value is None for value in naming):
            raise CommandError("--source, --id and --name go together (without them: a list of the gremia)")
        try:
            gremium = services.name_source_gremium(
                organisation, options["source"], options["source_id"], options["name"]
            )
        except services.UnknownSourceGremium as exc:
            raise CommandError(f"--id: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"--{exc}") from exc
        self.stdout.write(f"{gremium.source} {gremium.source_id}: {gremium.display_name}")
