"""Database errors as Django passes them on, for the tests of outage handling (toerusting.outage)."""

from __future__ import annotations

import psycopg
from django.db import DatabaseError


def wrapped(driver_error: Exception) -> DatabaseError:
    """The driver's error as Django passes it on when it cannot map the class: a plain DatabaseError with
    the driver's error as the cause."""
    try:
        raise DatabaseError(str(driver_error)) from driver_error
    except DatabaseError as exc:
        return exc


def broken_connection() -> DatabaseError:
    """libpq's own error when the connection breaks while a result is read: no SQLSTATE, so psycopg cannot
    classify it and Django passes on a plain DatabaseError."""
    return wrapped(psycopg.DatabaseError("server closed the connection unexpectedly"))
