"""Agenda sync throughput: import of a synthetic OpenBesluitvorming export, beside the ceiling of its parts.

Builds an export feed (NDJSON) of 5,000 meetings with 100,000 agenda items (a tree: headings with items
and sub-items, documents on a third of the items) and measures, in one run on one database:

  parse only          the adapter reading the feed into records (no database)
  import (new)        `services.import_file`: parse, fingerprint, upsert with the tree, one transaction
                      per meeting, as `toerusting import` does
  re-import           the same file again: every meeting unchanged, nothing written
  ceiling             json.loads of each line plus plain bulk_create of the meeting and item rows, no tree
                      logic, no checks: the most any import could do on this database

By default the sync is measured as a user triggers it: every new meeting is matched and its recommendations
stored (the meeting_synced hook) against the national catalogue, in a fresh database. --import-only switches
the hooks off to show the import's own share.

As in production, a sync of many meetings has the titles of the next meetings analysed in one worker
process while it writes (MATCHING_AHEAD_WORKERS=1, toerusting.matching.ahead): the worker starts inside the
timed import, and its CPU time is printed beside the sync's own. --no-ahead analyses everything in the
sync's process, for the figure on one core.

Usage:
  python bench/sync.py                                  SQLite in a temporary file
  python bench/sync.py --database-url postgres://postgres@127.0.0.1:5432/postgres
                                                        PostgreSQL: a scratch database is created and dropped
  python bench/sync.py --meetings 500                   a smaller run
  python bench/sync.py --no-ahead                       no worker process for the analyses
Target (issue 9): at least 1,000 agenda items per second for the sync with matching, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUBJECTS = [
    "Raadsvoorstel Verordening afvalstoffenheffing {y} ({n})",
    "Zienswijze ontwerpbegroting {y} GGD Waardenland (zaak {n})",
    "Vaststellen omgevingsplanwijziging Dorpsstraat {n}",
    "Motie vreemd aan de orde van de dag: Bankjes in park {n}",
    "Raadsinformatiebrief voortgang woningbouw {y}, kenmerk {n}",
]
# Every subject title is unique (it carries its number); the four headings of a meeting repeat, as the
# standard items of real agendas do. So the analysis cache is hit by a fifth of the items, not more.


def build_feed(path: Path, meetings: int, items_per_meeting: int) -> int:
    """Write the export feed; every meeting has 4 headings, each with items and sub-items."""
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for m in range(meetings):
            agenda: list[dict[str, Any]] = []
            count = 0
            per_heading = items_per_meeting // 4
            for h in range(4):
                children = []
                for c in range(per_heading - 1):
                    number = m * 100 + h * 20 + c
                    node: dict[str, Any] = {
                        "id": f"agenda_item:notubiz:gemeente:benchdorp:{number}",
                        "number": f"{h + 1}{chr(97 + c)}.",
                        "title": SUBJECTS[c % len(SUBJECTS)].format(y=2026 + m % 3, n=number),
                        "order": c + 1,
                    }
                    if c % 3 == 0:
                        node["documents"] = [
                            {
                                "id": f"document:notubiz:gemeente:benchdorp:{number}",
                                "name": "Raadsvoorstel",
                                "content_type": "application/pdf",
                                "original_url": f"https://api.notubiz.nl/document/{number}/1",
                            }
                        ]
                    children.append(node)
                agenda.append(
                    {
                        "id": f"agenda_item:notubiz:gemeente:benchdorp:h{m}-{h}",
                        "number": f"{h + 1}.",
                        "title": ["Opening en mededelingen", "Hamerstukken", "Bespreekstukken", "Sluiting"][
                            h
                        ],
                        "is_heading": h in (1, 2),
                        "order": h + 1,
                        "agenda_items": children,
                    }
                )
                count += 1 + len(children)
            total += count
            day = 1 + m % 28
            record = {
                "seq": m + 1,
                "op": "upsert",
                "entity_id": f"meeting:notubiz:gemeente:benchdorp:{m}",
                "entity_type": "Meeting",
                "source_key": "benchdorp",
                "payload": {
                    "type": "Meeting",
                    "name": "Gemeenteraad" if m % 4 == 0 else "Commissie Ruimte",
                    "start_date": f"{2026 + m // 3000}-{1 + m % 12:02d}-{day:02d}T18:30:00Z",
                    "location": "Raadzaal",
                    "committee": {"id": "12", "name": "Gemeenteraad"},
                    "agenda": agenda,
                },
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # production mode wants a real one
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def scratch_postgres(url: str) -> tuple[str, str]:
    """Create a scratch database next to the given one; returns (its URL, the admin URL to drop it)."""
    import psycopg

    name = f"toerusting_bench_sync_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}", url


def drop_postgres(admin_url: str, scratch_url: str) -> None:
    import psycopg

    name = scratch_url.rpartition("/")[2]
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def organisation(slug: str, code: str) -> Any:
    from django.apps import apps

    model = apps.get_model("organisations", "Organisation")
    body_model = apps.get_model("organisations", "Body")
    org, _ = model.objects.get_or_create(
        slug=slug,
        defaults={"name": slug.title(), "kind": "gemeente", "cbs_code": code, "tooi_code": code.lower()},
    )
    body_model.objects.get_or_create(
        organisation=org, key="raad", defaults={"kind": "raad", "name": "Gemeenteraad"}
    )
    return org


def ceiling(path: Path, org: Any) -> tuple[float, int]:
    """json.loads + bulk_create of plain rows: no records, no tree checks, no fingerprints."""
    import datetime as dt

    from django.db import transaction

    from toerusting.agenda.models import AgendaItem, Meeting

    started = time.perf_counter()
    items = 0
    batch: list[tuple[Meeting, list[dict[str, Any]]]] = []

    def flush() -> None:
        nonlocal items
        with transaction.atomic():
            Meeting.objects.bulk_create([meeting for meeting, _ in batch])
            rows = []
            for meeting, nodes in batch:
                position = 0
                stack = list(reversed(nodes))
                while stack:
                    node = stack.pop()
                    rows.append(
                        AgendaItem(
                            meeting=meeting,
                            source_id=node["id"],
                            number=node.get("number", ""),
                            position=position,
                            original_title=node["title"],
                            title=node["title"],
                            is_heading=bool(node.get("is_heading")),
                        )
                    )
                    position += 1
                    stack.extend(reversed(node.get("agenda_items", [])))
            AgendaItem.objects.bulk_create(rows, batch_size=2000)
            items += len(rows)
        batch.clear()

    with path.open(encoding="utf-8") as feed:
        for line in feed:
            record = json.loads(line)
            payload = record["payload"]
            meeting = Meeting(
                organisation=org,
                name=payload["name"],
                start=dt.datetime.fromisoformat(payload["start_date"].replace("Z", "+00:00")),
                source="ceiling",
                source_id=record["entity_id"],
            )
            batch.append((meeting, payload["agenda"]))
            if len(batch) == 200:
                flush()
    if batch:
        flush()
    return time.perf_counter() - started, items


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="", help="default: SQLite in a temporary file")
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--items-per-meeting", type=int, default=20)
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="switch the meeting_synced hooks (matching) off to measure the import alone; by default the "
        "sync is measured as a user triggers it, with matching and stored recommendations",
    )
    parser.add_argument(
        "--no-ahead",
        action="store_true",
        help="analyse every title in the sync's own process (MATCHING_AHEAD_WORKERS=0)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile the import of new meetings (cProfile) and print the N functions with most own time",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        feed = Path(scratch) / "export.ndjson"
        total_items = build_feed(feed, args.meetings, args.items_per_meeting)
        size = feed.stat().st_size / 1e6
        admin_url = ""
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        if url.startswith("postgres"):
            url, admin_url = scratch_postgres(url)
        if args.no_ahead:
            os.environ["MATCHING_AHEAD_WORKERS"] = "0"
        try:
            setup_django(url)
            from django.conf import settings
            from django.db import connection

            if args.import_only:
                settings.HOOKS = {}  # the import alone, beside the honest figure
            else:
                from django.core.management import call_command

                # Matching against the real catalogue, as in production (82 items).
                call_command("load_catalogue", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

            from toerusting.agenda import services
            from toerusting.agenda.services import read_file

            organisation("benchdorp", "GM9990")  # the feed names it; the import finds it by key
            started = time.perf_counter()
            entries = read_file(feed.read_bytes(), "openbesluitvorming", str(feed))
            parse_seconds = time.perf_counter() - started
            del entries

            profiler = None
            if args.profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started = time.perf_counter()
            cpu_started = time.process_time()
            summary = services.import_file(feed, "openbesluitvorming")
            import_seconds = time.perf_counter() - started
            import_cpu = time.process_time() - cpu_started
            from toerusting.matching import ahead
            from toerusting.matching import analysis as matching_analysis

            worker_cpu = ahead.worker_cpu_seconds()  # started inside the import: all of it is the import's
            from_worker = matching_analysis.ahead_used
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
            assert summary.failed == 0, summary.line()
            assert summary.created == args.meetings, summary.line()

            started = time.perf_counter()
            again = services.import_file(feed, "openbesluitvorming")
            reimport_seconds = time.perf_counter() - started
            assert again.unchanged == args.meetings, again.line()

            ceiling_seconds, ceiling_items = ceiling(feed, organisation("plafonddorp", "GM9991"))
            assert ceiling_items == total_items

            vendor = connection.vendor
            hooks = (
                "import alone, hooks off (--import-only)"
                if args.import_only
                else "cold, with matching and stored recommendations (meeting_synced hooks on)"
            )
            print(f"Agenda sync benchmark on {vendor} ({connection.settings_dict['NAME']}), {hooks}")
            print(f"  feed: {args.meetings:,} meetings, {total_items:,} agenda items, {size:.1f} MB NDJSON")
            rows = [
                ("parse only (adapter, no database)", parse_seconds),
                ("import, new meetings (toerusting import)", import_seconds),
                ("re-import, nothing changed", reimport_seconds),
                ("ceiling: json.loads + bulk_create rows", ceiling_seconds),
            ]
            for label, seconds in rows:
                print(f"  {label:<44} {seconds:7.2f} s  {total_items / seconds:>10,.0f} items/s")
            print(
                f"  import, CPU time of this process only         {import_cpu:7.2f} s  "
                f"{total_items / import_cpu:>10,.0f} items/s "
                f"({'SQLite works in this process' if vendor == 'sqlite' else 'without the server'})"
            )
            if worker_cpu is not None:
                print(
                    f"  import, CPU time of the worker process        {worker_cpu:7.2f} s  (analyses ahead, "
                    f"set-up included; {from_worker:,} analyses came from it; MATCHING_AHEAD_WORKERS="
                    f"{settings.MATCHING_AHEAD_WORKERS})"
                )
            else:
                print(
                    "  no worker process: every title analysed in the sync's own process "
                    f"(MATCHING_AHEAD_WORKERS={settings.MATCHING_AHEAD_WORKERS})"
                )
            verdict = "meets" if total_items / import_seconds >= 1000 else "MISSES"
            print(
                f"  import {verdict} the budget of 1,000 items/s; it runs at "
                f"{ceiling_seconds / import_seconds:.0%} of the ceiling"
            )
            if not args.import_only:
                from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch

                print(
                    f"  stored: {AgendaItemAnalysis.objects.count():,} analyses, "
                    f"{AgendaItemMatch.objects.count():,} recommendations; "
                    f"{matching_analysis.cache_hits:,} analyses were of a title seen before in this sync "
                    f"(the in-process cache of the latest {matching_analysis.ANALYSIS_CACHE_SIZE:,} titles)"
                )
                if vendor == "postgresql":
                    print(
                        "  PostgreSQL: each meeting commits without waiting for the disk, the sync waits "
                        "once at the end (AGENDA_SYNC_ASYNCHRONOUS_COMMIT="
                        f"{settings.AGENDA_SYNC_ASYNCHRONOUS_COMMIT})"
                    )
        finally:
            if admin_url:
                from django.db import connections

                connections.close_all()
                drop_postgres(admin_url, url)


if __name__ == "__main__":
    main()
