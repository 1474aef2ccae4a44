"""RIS tab throughput: the tab of a 30-item meeting against a trivial view, served by one HTTP server.

Builds the demo (organisations, catalogue, the Lindenwaard agenda with its stored recommendations) in a
temporary SQLite database, starts Django's threaded WSGI server in this process on a loopback port, and
measures, in the same run and with the same client:

  trivial view   GET /health/ (one SELECT 1)
  tab            GET /embed/lindenwaard/vergadering/<id>/?s=<tab session key> for a meeting of ~30 items

It prints requests per second for both, their ratio (target: the tab at least half as fast), the median
server time of the tab measured in-process, and its SQL query count (budget: at most 10).

Usage: DEBUG=true .venv/bin/python bench/tab.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path


def measure(port: int, path: str, seconds: float) -> float:
    """Requests per second over one keep-alive connection for the given time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    done = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        done += 1
    elapsed = time.perf_counter() - start
    connection.close()
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="toerusting-tab-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'tab.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, get_internal_wsgi_application
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from toerusting.accounts.models import User
    from toerusting.agenda.models import Meeting
    from toerusting.embed.models import RisConnection, TabSession

    devnull = open(os.devnull, "w")  # noqa: SIM115
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    call_command("load_demo_agenda", verbosity=0, stdout=devnull, stderr=devnull)
    print(f"demo built in {time.perf_counter() - started:.1f} s")

    # A meeting of 30 agenda items made of the demo agenda's own titles, pushed through the real sync path
    # (so its analysis and recommendations are computed by the same hook as in production).
    from toerusting.agenda import services as agenda_services
    from toerusting.agenda.models import AgendaItem
    from toerusting.agenda.records import AgendaItemRecord, MeetingRecord

    titles = list(
        AgendaItem.objects.filter(meeting__organisation__slug="lindenwaard", is_heading=False)
        .values_list("title", flat=True)
        .distinct()[:30]
    )
    record = MeetingRecord(
        source="push",
        source_id="bench-30",
        name="Raadsvergadering (benchmark, 30 agendapunten)",
        start=timezone.now() + dt.timedelta(days=7),
        where="bench",
        items=[
            AgendaItemRecord(source_id=f"bench-{n}", title=title, number=str(n))
            for n, title in enumerate(titles, start=1)
        ],
    )
    organisation = Meeting.objects.filter(organisation__slug="lindenwaard").first().organisation  # type: ignore[union-attr]
    _outcome, meeting, _warnings = agenda_services.push_meeting(organisation, record)
    ris = RisConnection.objects.create(
        organisation=meeting.organisation,
        name="Bench-RIS",
        issuer="https://bench.ris.example",
        algorithm="HS256",
        key="b" * 40,
        frame_origins=["https://bench.ris.example"],
        agenda_source="",
    )
    session = TabSession.objects.create(
        key="bench-tab-session-key",
        user=User.objects.get(username="raadslid"),
        connection=ris,
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    tab_path = f"/embed/lindenwaard/vergadering/{meeting.pk}/?s={session.key}"

    client = Client(SERVER_NAME="127.0.0.1")
    cache.clear()
    reset_queries()  # the demo load filled the query log, which keeps only the last 9,000 queries
    with CaptureQueriesContext(connection) as cold_queries:
        client.get(tab_path)
    cold_count = len(cold_queries)  # read now: the connection keeps only the latest queries
    timings = []
    for _ in range(50):
        begin = time.perf_counter()
        response = client.get(tab_path)
        timings.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(tab_path)
    warm_count = len(queries)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            client.get(tab_path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            return

    server = WSGIServer(("127.0.0.1", 0), QuietHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(get_internal_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        measure(port, "/health/", 0.5)
        trivial = measure(port, "/health/", args.seconds)
        tab = measure(port, tab_path, args.seconds)
    finally:
        server.shutdown()

    items = meeting.agenda_items.count()
    print(f"meeting: {meeting.name} ({items} agenda items)")
    print(f"tab, first view (not cached): {cold_count} SQL queries")
    print(
        f"tab, in-process: median {statistics.median(timings):.1f} ms, "
        f"p95 {statistics.quantiles(timings, n=20)[-1]:.1f} ms, {warm_count} SQL queries"
    )
    print(f"trivial view over HTTP: {trivial:8.1f} requests/s")
    print(f"tab over HTTP:          {tab:8.1f} requests/s")
    print(f"ratio tab / trivial:    {tab / trivial:8.2f}  (target at least 0.50)")


if __name__ == "__main__":
    main()
