"""Benchmark of the shell pages on the demo data: server time, SQL queries and resident memory.

Run: DEBUG=true .venv/bin/python bench/bench_pages.py [--rounds N]
Uses a fresh SQLite database in a temporary directory (the demo in var/ is left alone) and prints figures;
it asserts nothing (budgets are read from the figures, see DESIGN.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="toerusting-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_demo", verbosity=0, stdout=devnull)
    call_command("load_catalogue", verbosity=0, stdout=devnull)
    demo_catalogue = Path(__file__).resolve().parent.parent / "content" / "demo" / "catalogue"
    call_command("load_catalogue", directory=demo_catalogue, verbosity=0, stdout=devnull)

    from toerusting.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="griffier"))
    search_cold(client)
    pages = {
        "home (griffier)": "/",
        "organisation overview (31 seats)": "/o/lindenwaard/",
        "catalogue, all items": "/catalogus/",
        "catalogue, 2 filters + search": "/catalogus/?duur=10&onderwerp=financien&q=begroting",
        "catalogue, search (warm)": "/catalogus/?q=jeugdzorg",
        "item page (micro-module)": "/catalogus/mm-begroting-lezen/",
        "module player, question step": "/leren/mm-begroting-lezen/stap/5/",
        "health": "/health/",
    }
    print(f"{'page':36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages.items():
        client.get(url)  # warm up
        timings = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{label:36} {statistics.median(timings):10.2f} {p95:8.2f} {len(queries):8d}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {rss_mb:.0f} MB (Python {sys.version.split()[0]})")


# Queries a member types (as in tests/test_catalogue_search.py), two with a typo.
SEARCHES = [
    "begroting",
    "motie",
    "jeugdzorg",
    "omgevingswet",
    "integriteit",
    "amendement",
    "rekenkamer",
    "zienswijze",
    "woningbouw",
    "debat",
    "wethouder",
    "burgemeester",
    "participatie",
    "energie",
    "afval",
    "geheimhouding",
    "voorjaarsnota",
    "handhaving",
    "agressie",
    "waterschap",
    "begrotng",
    "burgemeestr",
]


def search_cold(client: Client) -> None:
    """Catalogue search on the full demo catalogue, cold: the first request of the process, then every query
    once (nothing of a query is cached before it is asked)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, counts = [], []
    for query in SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/catalogus/", {"q": query})
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        counts.append(len(queries))
    print(
        f"catalogue search, cold ({len(SEARCHES)} queries, one request each): first request "
        f"{timings[0]:.1f} ms, median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
        f"queries {min(counts)}-{max(counts)}"
    )


if __name__ == "__main__":
    main()
