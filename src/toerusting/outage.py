"""The answer when the database cannot be reached (restarting, failing over, overloaded): 503 with
Retry-After and a plain page (or JSON for the API), never a traceback or a 500 that says the fault is ours.
The page needs no database: no layout, no context processors. Used by the view-level middleware
(portal.unavailable) and by middleware that reads the database before the view (the second login step).

`database_away` tells an outage from a fault of ours; the task worker and the agenda sync use it too."""

from __future__ import annotations

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


def database_away(exc: BaseException) -> bool:
    """True when the error says the database cannot be reached, not that it refused what we asked.

    The driver's OperationalError and InterfaceError say so. So does a plain DatabaseError whose driver
    error carries no SQLSTATE: the server sends a SQLSTATE with every error of its own, so an error without
    one was made by the client library itself, as when the connection breaks while a result is read (libpq:
    "server closed the connection unexpectedly"); psycopg cannot classify it and Django passes it on as
    DatabaseError. Errors of SQLite's driver carry no `sqlstate` attribute at all and are never an outage."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    if type(exc) is DatabaseError:
        return exc.__cause__ is not None and getattr(exc.__cause__, "sqlstate", "") is None
    return False


def unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "unavailable", "message": "The service is briefly unavailable; try again."},
            status=503,
        )
    else:
        html = render_to_string(
            "errors/plain_500.html",
            {
                "heading": _("Briefly unavailable"),
                "explanation": _("Toerusting cannot be reached for a moment. Try again in a few seconds."),
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
