"""A database that refuses connections (restarting, failing over, overloaded) is a temporary outage:
answer 503 with Retry-After and a plain page (or JSON for the API), never a traceback or a 500 that
says the fault is ours. The page needs no database: no layout, no context processors."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: answered 503", exc_info=exception)
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
                    "explanation": _(
                        "Toerusting cannot be reached for a moment. Try again in a few seconds."
                    ),
                },
            )
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
