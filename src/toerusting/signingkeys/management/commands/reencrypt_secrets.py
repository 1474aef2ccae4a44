"""Re-encrypt every stored secret with the current SECRET_KEY (after a rotation of the secret, or for values
stored before their field was encrypted). Safe to run any time; each table in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from toerusting import encryption


class Command(BaseCommand):
    help = "Re-encrypt stored secrets with the current SECRET_KEY; then SECRET_KEY_FALLBACKS can be emptied."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, field in encryption.encrypted_fields():
            table, column, pk = model._meta.db_table, str(field.column), str(model._meta.pk.column)
            quote = connection.ops.quote_name
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "  # noqa: S608
                        f"WHERE {quote(column)} <> ''"
                    )
                    rows = [
                        (key, raw) for key, raw in cursor.fetchall() if encryption.needs_reencryption(raw)
                    ]
                for key, raw in rows:
                    plain = encryption.decrypt(raw, field.context()) if encryption.is_encrypted(raw) else raw
                    model._default_manager.filter(pk=key).update(**{field.attname: plain})
            total += len(rows)
            self.stdout.write(f"{model._meta.label}.{field.name}: {len(rows)} re-encrypted")
        self.stdout.write(f"{total} value(s) re-encrypted")
