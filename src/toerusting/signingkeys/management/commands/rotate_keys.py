"""Rotate a signing key: `toerusting rotate_keys PURPOSE [--organisation SLUG] [--overlap-days N]`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.organisations import selectors as organisation_selectors
from toerusting.signingkeys import services


class Command(BaseCommand):
    help = (
        "Make a new signing key for a purpose (and organisation); the previous key stays published and "
        "accepted for the overlap, then it is retired. --retire-expired only retires keys past their overlap."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("purpose", nargs="?", help="For example lti or badges.")
        parser.add_argument("--organisation", help="The organisation's slug (empty: Toerusting's own key).")
        parser.add_argument("--overlap-days", type=int, help="Days the previous key stays accepted.")
        parser.add_argument("--retire-expired", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["retire_expired"]:
            count = services.retire_expired()
            self.stdout.write(f"{count} key(s) retired")
            return
        if not options["purpose"]:
            raise CommandError("Name the purpose, for example: toerusting rotate_keys lti")
        organisation = None
        if options["organisation"]:
            organisation = organisation_selectors.organisation_by_slug(options["organisation"])
            if organisation is None:
                raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        overlap = options["overlap_days"]
        if overlap is not None and overlap < 0:
            raise CommandError("--overlap-days must be 0 or more.")
        key = services.rotate(
            options["purpose"],
            organisation,
            overlap=dt.timedelta(days=overlap) if overlap is not None else None,
        )
        self.stdout.write(f"new key {key.kid} ({key.algorithm}) signs for {key.purpose}")
