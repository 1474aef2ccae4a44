"""A view that cannot reach the database answers the clean 503 of toerusting.outage, not a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from toerusting import outage

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not outage.database_away(exception):
            return None
        logger.error("database unavailable: answered 503", exc_info=exception)
        return outage.unavailable(request)
