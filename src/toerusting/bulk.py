"""Inserting many rows of one model fast: the sync's hot path (stored analyses and recommendations).

`bulk_create` builds a model instance per row and prepares every field of every instance; for the tens of
thousands of rows a sync writes that is most of its time. `insert_rows` takes plain tuples for the named
fields, converts each column once per type, and writes them with PostgreSQL's COPY or, elsewhere, one
`executemany`. It runs inside the caller's transaction, so a failure leaves nothing half-written.

Only for models whose rows need nothing from the ORM on save: no signals, no `save()` logic, no defaults
that the caller does not give (every column without a database default must be named).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models


class Encoded(str):
    """A value of a JSON column that is already encoded: written as it is (a caller that writes the same
    value for many rows encodes it once)."""

    __slots__ = ()


def encode(value: Any) -> Encoded:
    return Encoded(json.dumps(value, ensure_ascii=False))


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def to_json(value: Any) -> str:
            if type(value) is Encoded:
                return value
            return json.dumps(value, cls=encoder, ensure_ascii=False)

        return to_json
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.BooleanField):
        return bool
    return lambda value: value


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert the rows (values in the order of `fields`); returns how many were written."""
    meta = model._meta
    columns: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.column:
            raise ValueError(f"{meta.label}.{name} is not a column")
        columns.append(field)
    converters = [_converter(field) for field in columns]
    prepared = [tuple(convert(value) for convert, value in zip(converters, row, strict=True)) for row in rows]
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(str(field.column)) for field in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own COPY; its errors become Django's (IntegrityError, ...) as for any query.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in prepared:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model's meta, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, prepared)
    return len(prepared)
