"""RIS tab throughput: the tab of a 30-item meeting against a trivial view, served by one HTTP server.

Builds the demo (organisations, catalogue, the Lindenwaard agenda with its stored recommendations) in a
temporary SQLite database, starts Django's threaded WSGI server in this process on a loopback port, and
measures, in the same run and with the same client:

  trivial view   GET /health/ (one SELECT 1)
  tab, cold      GET /embed/lindenwaard/vergadering/<id>/?s=<tab session key> for a meeting of 30 items,
                 with the page cache off (EMBED_TAB_CACHE_SECONDS=0): every request renders the page for
                 the member (their roles, progress and visibility read anew), from the meeting's shared
                 reads in the cache (TAB_DATA_CACHE_SECONDS): a member opening a meeting colleagues opened
  tab, nothing   the same with that cache off too (TAB_DATA_CACHE_SECONDS=0): every read from the database
  tab, cached    the same URL with the page cache on: after the first request, a cache hit

It prints requests per second for all three and the ratios of the tab to the trivial view side by side
(targets: cold at least 0.3, cached at least 0.8), measured in interleaved rounds; the median and p95
CPU time of both tabs in-process (the test client, CPU time of the thread, so other load on the machine
does not count); and the SQL query counts (budget: at most 10).

Usage: DEBUG=true .venv/bin/python bench/tab.py [--seconds 5]   (seconds per kind of request)
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path


def measure(port: int, path: str, seconds: float) -> tuple[int, float]:
    """Requests done over one keep-alive connection in about the given time, and the time taken."""
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
    return done, elapsed


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
    from django.conf import settings
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
    from toerusting.embed.services import user_agent_digest

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
        # Bound to the browser that launched it: the bench's clients send no User-Agent.
        user_agent_digest=user_agent_digest(""),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    tab_path = f"/embed/lindenwaard/vergadering/{meeting.pk}/?s={session.key}"

    client = Client(SERVER_NAME="127.0.0.1")

    def in_process(cache_seconds: int, data_seconds: int = 600) -> tuple[int, list[float]]:
        """The query count of one request and the server times of 50, with the page cache on or off."""
        settings.EMBED_TAB_CACHE_SECONDS = cache_seconds
        settings.TAB_DATA_CACHE_SECONDS = data_seconds
        cache.clear()
        client.get(tab_path)  # warm up (and, cached, fill the cache)
        reset_queries()  # the demo load filled the query log, which keeps only the last 9,000 queries
        with CaptureQueriesContext(connection) as queries:
            client.get(tab_path)
        count = len(queries)  # read now: the connection keeps only the latest queries
        timings = []
        for _ in range(50):
            begin = time.thread_time()  # CPU time of this thread: other load on the machine does not count
            response = client.get(tab_path)
            timings.append((time.thread_time() - begin) * 1000)
            assert response.status_code == 200, (response.status_code, response.content[:3000])
        return count, timings

    cold_count, cold_timings = in_process(0)
    bare_count, bare_timings = in_process(0, 0)
    cached_count, cached_timings = in_process(600)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        settings.EMBED_TAB_CACHE_SECONDS = 0
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            client.get(tab_path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(40)

    class QuietHandler(WSGIRequestHandler):
        def setup(self) -> None:
            super().setup()
            # As production servers do: without TCP_NODELAY the last part of a larger page waits for the
            # client's delayed acknowledgement (Nagle), which measures the network stack, not the page.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args: object) -> None:
            return

    server = WSGIServer(("127.0.0.1", 0), QuietHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(get_internal_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    # The three are measured in interleaved rounds of a quarter second, so that other load on the machine
    # (a shared CI or developer machine) weighs on each of them alike.
    totals = {"trivial": [0, 0.0], "cold": [0, 0.0], "bare": [0, 0.0], "cached": [0, 0.0]}
    paths = {"trivial": "/health/", "cold": tab_path, "bare": tab_path, "cached": tab_path}
    try:
        measure(port, "/health/", 0.3)
        rounds = max(1, round(args.seconds / 0.25))
        for _ in range(rounds):
            for name, path in paths.items():
                settings.EMBED_TAB_CACHE_SECONDS = 0 if name in ("cold", "bare") else 600
                settings.TAB_DATA_CACHE_SECONDS = 0 if name == "bare" else 600
                done, elapsed = measure(port, path, 0.25)
                totals[name][0] += done
                totals[name][1] += elapsed
    finally:
        server.shutdown()
    trivial, cold, bare, cached = (
        totals[name][0] / totals[name][1] for name in ("trivial", "cold", "bare", "cached")
    )

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    items = meeting.agenda_items.count()
    print(f"meeting: {meeting.name} ({items} agenda items)")
    print(f"{'':24}{'requests/s':>12}{'ratio':>8}{'target':>8}{'CPU ms':>11}{'p95 ms':>8}{'queries':>9}")
    print(f"{'trivial view (/health/)':24}{trivial:12.1f}{1:8.2f}")
    print(
        f"{'tab, cold (no cache)':24}{cold:12.1f}{cold / trivial:8.2f}{0.3:8.2f}"
        f"{statistics.median(cold_timings):11.1f}{p95(cold_timings):8.1f}{cold_count:9d}"
    )
    print(
        f"{'tab, nothing cached':24}{bare:12.1f}{bare / trivial:8.2f}{'':8}"
        f"{statistics.median(bare_timings):11.1f}{p95(bare_timings):8.1f}{bare_count:9d}"
    )
    print(
        f"{'tab, cached':24}{cached:12.1f}{cached / trivial:8.2f}{0.8:8.2f}"
        f"{statistics.median(cached_timings):11.1f}{p95(cached_timings):8.1f}{cached_count:9d}"
    )


if __name__ == "__main__":
    main()
