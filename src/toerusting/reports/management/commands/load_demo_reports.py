"""Load the demo organisations' choice to take part in the national monitor (content/demo/reports/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.organisations import selectors as organisation_selectors
from toerusting.reports import services


class Command(BaseCommand):
    help = "Let the demo organisations take part in the national monitor; run after load_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", default=str(Path(settings.CONTENT_DIR) / "demo" / "reports" / "monitor.yaml")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            root = load_yaml(path)
            reader = Reader()
            reader.check_keys(root, {"opt_in"}, "the file")
            choices = []
            for node in reader.nodes(root, "opt_in"):
                reader.check_keys(node, {"organisation", "griffie"}, "an organisation")
                slug = reader.text(node, "organisation")
                username = reader.text(node, "griffie", required=False)
                organisation = organisation_selectors.organisation_by_slug(slug)
                if organisation is None:
                    reader.problem(node, "organisation", f"{slug!r} is not loaded (run load_demo)")
                user = organisation_selectors.user_by_username(username) if username else None
                if username and user is None:
                    reader.problem(node, "griffie", f"no account {username!r} (run load_demo)")
                choices.append((organisation, user))
            reader.raise_if_any()
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        if not choices:
            raise CommandError(f"{path}: no organisations")
        with transaction.atomic():
            for organisation, user in choices:
                if organisation is None:
                    raise CommandError(
                        str(ContentError([Problem(path, 1, "opt_in", "unknown organisation")]))
                    )
                services.set_monitor_opt_in(user, organisation, True)
        self.stdout.write(f"{path.name}: {len(choices)} organisations take part in the national monitor")
