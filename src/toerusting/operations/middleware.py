"""Per request: a request id, one JSON access log line (path without query string) and the metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from toerusting.operations import logs

access_log = logging.getLogger("toerusting.access")
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        from toerusting.operations import metrics  # imported late: PROMETHEUS_MULTIPROC_DIR must be set

        self.metrics = metrics

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            match = request.resolver_match
            route = (match.view_name or "unnamed") if match else "unmatched"
            self.metrics.REQUESTS.labels(route, request.method or "", str(response.status_code)).inc()
            self.metrics.LATENCY.labels(route).observe(elapsed)
            response["X-Request-ID"] = rid
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            return response
        finally:
            logs.request_id.reset(token)
