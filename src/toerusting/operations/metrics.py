"""Prometheus metrics at /metrics.

Request counts and latencies are counted in each web process; under `toerusting serve` the processes
share them through PROMETHEUS_MULTIPROC_DIR. The task queue and the agenda syncs belong to the whole
deployment, so they are read from the database at each scrape and every node reports the same figures.

Access: with METRICS_TOKEN set, a request needs `Authorization: Bearer <token>`; without it, only direct
requests (no X-Forwarded-For, so not through a reverse proxy) from METRICS_ALLOWED_NETWORKS are answered.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from toerusting.agenda import selectors as agenda_selectors
from toerusting.operations import startup

REQUESTS = Counter(
    "toerusting_http_requests",
    "HTTP requests answered, by route (URL pattern name), method and status code.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "toerusting_http_request_duration_seconds",
    "Time to answer an HTTP request, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class DatabaseCollector(Collector):
    """Deployment-wide figures, read from the database when scraped."""

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily(
            "toerusting_agenda_sync_runs",
            "Agenda syncs run, per live source.",
            labels=["organisation", "source"],
        )
        failures = CounterMetricFamily(
            "toerusting_agenda_sync_failures",
            "Agenda syncs that failed (stopped, or a meeting failed), per live source.",
            labels=["organisation", "source"],
        )
        for counter in agenda_selectors.sync_counters():
            runs.add_metric([counter.organisation, counter.source], counter.runs)
            failures.add_metric([counter.organisation, counter.source], counter.failures)
        yield runs
        yield failures
        if startup.tasks_use_the_database():
            yield from _queue_metrics()


def _queue_metrics() -> Iterator[Metric]:
    from django.db.models import Count, Min
    from django_tasks_db.models import DBTaskResult

    length = GaugeMetricFamily(
        "toerusting_task_queue_length", "Tasks waiting in the database queue, per queue.", labels=["queue"]
    )
    oldest = GaugeMetricFamily(
        "toerusting_task_queue_oldest_seconds",
        "How long the oldest waiting task has waited, per queue.",
        labels=["queue"],
    )
    now = timezone.now()
    waiting = dict.fromkeys(settings.TASKS["default"].get("QUEUES", ["default"]), (0, now))
    rows = DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("id"), first=Min("enqueued_at"))
    for row in rows:
        waiting[row["queue_name"]] = (row["n"], row["first"])
    for queue, (count, first) in sorted(waiting.items()):
        length.add_metric([queue], count)
        oldest.add_metric([queue], (now - first).total_seconds() if count else 0.0)
    running = GaugeMetricFamily("toerusting_task_running", "Tasks being run by a worker now.")
    running.add_metric([], DBTaskResult.objects.running().count())
    yield length
    yield oldest
    yield running


def may_scrape(request: HttpRequest) -> bool:
    """Is this request allowed to read the metrics? (see the module's docstring)"""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return secrets.compare_digest(given.encode(), f"Bearer {token}".encode())
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        return HttpResponse("Forbidden: see METRICS_TOKEN in docs/operations.md\n", status=403)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    body += generate_latest(database)
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
