"""`toerusting load_demo_providers`: two fictional learning providers with a staff account each and their
offer, read from the demo feeds (content/demo/providers/) through the normal import. Every item but the last
is approved, so that the operator finds one in the moderation queue. Run after load_demo; idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.accounts import services as account_services
from toerusting.providers import services
from toerusting.providers.models import ModerationRequest

PROVIDERS = (
    # slug, name, website, feed file, format, staff account
    (
        "academie-raadswerk-oost",
        "Academie Raadswerk Oost",
        "https://academie-raadswerk-oost.example/",
        "academie-raadswerk-oost.jsonld",
        "jsonld",
        "aanbieder-oost",
    ),
    (
        "raadswerk-academie-noord",
        "Raadswerk Academie Noord",
        "https://raadswerk-academie-noord.example/",
        "raadswerk-academie-noord.xml",
        "edudex",
        "aanbieder-noord",
    ),
)


class Command(BaseCommand):
    help = "Load two fictional learning providers with their offer (run after load_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.CONTENT_DIR) / "demo" / "providers"))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        accounts = Path(settings.CONTENT_DIR) / "demo" / "accounts.yaml"
        password = str(yaml.safe_load(accounts.read_text(encoding="utf-8")).get("password", ""))
        if len(password) < 12:
            raise CommandError(f"{accounts}: no demo password (run with the demo content)")
        operator = account_services.find_user_by_username("beheer")
        for slug, name, website, filename, feed_format, username in PROVIDERS:
            provider = services.create_provider(slug, name, website=website)
            provider.feed_format = feed_format
            provider.save(update_fields=["feed_format"])
            staff = account_services.upsert_user(
                username=username, password=password, email=f"{username}@aanbieders.example"
            )
            services.add_staff(provider, staff)
            path = directory / filename
            if not path.exists():
                raise CommandError(f"{path}: the demo feed is missing")
            report = services.import_feed(
                provider, path.read_bytes(), feed_format=feed_format, source_url=website + filename
            )
            if report.error or report.problems:
                raise CommandError(f"{path}: {report.error or '; '.join(report.problems)}")
            self.stdout.write(f"{slug}: {report.published + report.pending + report.unchanged} items")
        if operator is not None:
            pending = list(ModerationRequest.objects.filter(status="pending").order_by("pk"))
            for request in pending[:-1]:
                services.approve(request.pk, operator)
