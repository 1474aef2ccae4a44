"""Delete an account and its personal data now, the same way as a member's own request after its grace
period (for a member who cannot log in here, such as one who only opens Toerusting from the RIS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from toerusting.accounts import services as account_services
from toerusting.privacy import services


class Command(BaseCommand):
    help = "Delete an account and its personal data now (docs/privacy.md); --yes to confirm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = account_services.find_user_by_username(options["username"])
        if user is None:
            raise CommandError(f"{options['username']}: no account with this username")
        if not options["yes"]:
            raise CommandError(
                "Add --yes to delete the account and its personal data; this cannot be undone."
            )
        try:
            counts = services.execute_deletion(user)
        except services.ErasureIncomplete as error:
            raise CommandError(f"nothing deleted: {error}") from error
        rows = sum(counts.values())
        self.stdout.write(f"{options['username']}: account deleted; {rows} rows deleted or anonymised")
