"""The answer when the database cannot be reached (restarting, failing over, overloaded): 503 with
Retry-After and a plain page (or JSON for the API), never a traceback or a 500 that says the fault is ours.
The page needs no database: no layout, no context processors. Used by the view-level middleware
(portal.unavailable) and by middleware that reads the database before the view (the second login step)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5


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
