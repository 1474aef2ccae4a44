"""Health endpoints for load balancers, orchestrators and monitoring.

- /health/live: the process answers (no database): restart it when this fails.
- /health/ready: the process can serve: database, cache and migrations are checked (503 when one fails);
  the task backlog is reported, and a backlog older than TASK_BACKLOG_MAX_AGE_SECONDS makes the status
  "degraded" (still 200: the pages work, the background work is behind).
- /health/: the original check (the database answers a query), kept for existing monitors.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toerusting import __version__
from toerusting.operations import startup

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False
    return True


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    if not _database_answers():
        return JsonResponse(
            {"status": "error", "database": "unreachable", "version": __version__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "version": __version__})


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    """The process is up and answers requests; nothing outside it is checked."""
    return JsonResponse({"status": "ok", "version": __version__})


def _cache_works() -> bool:
    key = f"health:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("health check: cache unreachable")
        return False
    return bool(value == "ok")


def _task_backlog() -> dict[str, Any]:
    """How many tasks wait in the database queue and how long the oldest has waited."""
    if not startup.tasks_use_the_database():
        return {"status": "ok", "queue": "in-process"}
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    queued = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    behind = waited > settings.TASK_BACKLOG_MAX_AGE_SECONDS
    return {"status": "behind" if behind else "ok", "queued": queued, "oldest_seconds": round(waited)}


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Can this process serve? Database, cache and migrations must be fine; the backlog is reported."""
    checks: dict[str, Any] = {"database": "ok" if _database_answers() else "unreachable"}
    checks["cache"] = "ok" if _cache_works() else "unreachable"
    if checks["database"] == "ok":
        try:
            checks["migrations"] = "ok" if not startup.unapplied_migrations() else "unapplied"
            checks["tasks"] = _task_backlog()
        except DatabaseError:
            logger.exception("health check: database error")
            checks["database"] = "error"
    failed = any(checks.get(name, "ok") != "ok" for name in ("database", "cache", "migrations"))
    if failed:
        status = "error"
    elif checks["tasks"]["status"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks, "version": __version__}, status=503 if failed else 200)
