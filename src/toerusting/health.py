"""Health endpoint for load balancers and monitoring: is the app up and can it reach its database?"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toerusting import __version__

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse(
            {"status": "error", "database": "unreachable", "version": __version__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "version": __version__})
