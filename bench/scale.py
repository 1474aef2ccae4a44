"""National scale on PostgreSQL: every council's agendas of four years, synced with matching, then measured.

Builds, in a database of its own (default `toerusting_scale`, dropped at the end unless --keep):

  bodies       342 gemeenten (inhabitants from a realistic, skewed distribution: many of 10,000-40,000,
               a few of several hundred thousand), 12 provincies and 21 waterschappen (375 in all; names
               and codes are generated), each with its representative body
  members      12,000 accounts with a current functie (raadslid, statenlid, AB-lid), spread by seats
  catalogue    the full national catalogue (`load_catalogue`)
  agendas      --years of meetings per body (meetings a month by size, fewer in the summer recess; 15-40
               agenda items each under four headings, documents on a third), titles composed from the
               labelled corpus of real agenda titles (corpus/*.tsv) and the demo agenda, with generated
               places, streets, years and numbers so that few titles repeat exactly

and reports, each on this machine in one run:

  initial sync     every body's agenda feed (OpenBesluitvorming NDJSON, as `toerusting import` reads it)
                   pushed through `services.import_file`: the same path as an agenda source import, with the
                   meeting_synced hook matching every meeting and storing its recommendations; total time,
                   agenda items per second, CPU time of this process (PostgreSQL's share is not in it)
  daily sync       a realistic day for every body: two upcoming meetings changed (an item added, a title
                   reworded) and one new meeting published, through the same path
  pages            the RIS tab of an upcoming meeting (cold: page cache off; cached) and "Voorbereiden",
                   p50/p95 over members of bodies of every size, through Django's full request stack
                   (middleware, sessions, templates) with the test client
  database size    pg_database_size, and the row counts that make it up

Usage:
  .venv/bin/python bench/scale.py --bodies 20 --years 1          a quick run (a few minutes)
  nohup .venv/bin/python bench/scale.py > var/scale.log 2>&1 &   the national run (30-60 minutes here)
Options: --database-url (the server; a database --name is created beside it), --bodies, --years, --scale
(multiplies meetings a month), --members, --samples (page requests per kind), --keep, --reuse (measure an
existing database kept with --keep again, without building it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

GEMEENTEN, PROVINCIES, WATERSCHAPPEN = 342, 12, 21
PLACE_START = [
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "Nieuw",
    "Oud",
    "Groot",
    "Klein",
    "Sint ",
    "Ter ",
    "Hoog",
    "Laag",
]
PLACE_ROOT = [
    "berg", "dam", "dijk", "veen", "wolde", "horst", "hoven", "broek", "kerk", "zand", "meer", "wijk",
    "hout", "loo", "burg", "rade", "heem", "donk", "sloot", "ven", "laar", "werf", "gein", "voorde",
]  # fmt: skip
PLACE_FIRST = [
    "Linde", "Beuke", "Wilge", "Esse", "Elze", "Hazel", "Rijn", "Maas", "Vecht", "Eem", "Lek", "Aa",
    "Berkel", "Dommel", "Gelder", "Hunze", "Reest", "Vliet", "Zwarte", "Witte", "Rode", "Blauwe", "Hoge",
    "Lage", "Grave", "Leeu", "Valken", "Zwanen", "Arend", "Haver", "Rogge", "Klaver", "Heide", "Duin",
]  # fmt: skip
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Stationsplein",
    "Havenkade",
    "Schoolstraat",
    "Marktplein",
]
PROVINCE_NAMES = [
    "Waardenland", "Rijnvliet", "Heidekamp", "Zeeduin", "Veenmark", "Bergholt", "Lindegouw", "Maaskant",
    "Eemvelden", "Dijkland", "Hunzedal", "Kustgouw",
]  # fmt: skip
FIRST_NAMES = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gert", "Hanna", "Ilse", "Joris", "Kees"]
FAMILY_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Yilmaz",
    "Peters",
]

OPENING = ["Opening en mededelingen", "Vaststellen van de agenda", "Vragenhalfuur", "Ingekomen stukken"]
CLOSING = ["Lijst van toezeggingen", "Rondvraag", "Sluiting"]
HEADINGS = ["Opening", "Hamerstukken", "Bespreekstukken", "Afsluiting"]


@dataclass
class Body:
    slug: str
    name: str
    kind: str  # gemeente | provincie | waterschap
    code: str
    inhabitants: int
    seats: int
    meetings_a_month: float


def council_seats(inhabitants: int) -> int:
    """Seats in a gemeenteraad by the Kieswet's bands (art. H 2)."""
    bands = [
        (3000, 9), (6000, 11), (10000, 13), (15000, 15), (20000, 17), (25000, 19), (30000, 21),
        (35000, 23), (40000, 25), (45000, 27), (50000, 29), (60000, 31), (70000, 33), (80000, 35),
        (100000, 37), (200000, 39),
    ]  # fmt: skip
    for limit, seats in bands:
        if inhabitants <= limit:
            return seats
    return 45


def national_bodies(count: int, scale: float, rng: random.Random) -> list[Body]:
    """`count` bodies in the national proportions (342:12:21), gemeenten of a skewed size distribution."""
    factor = count / (GEMEENTEN + PROVINCIES + WATERSCHAPPEN)
    gemeenten = max(1, round(GEMEENTEN * factor))
    provincies = max(0, round(PROVINCIES * factor))
    waterschappen = max(0, count - gemeenten - provincies)
    bodies: list[Body] = []
    used: set[str] = set()
    for n in range(gemeenten):
        # Log-normal around a median of 28,000, clipped to the real range (about 1,000 to 930,000).
        inhabitants = int(min(930_000, max(1_000, rng.lognormvariate(math.log(28_000), 0.85))))
        if n < 4 * max(1, round(factor)) and n < 4:  # the four big cities
            inhabitants = [930_000, 670_000, 560_000, 370_000][n]
        while True:
            name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_ROOT)
            if rng.random() < 0.25:
                name = rng.choice(PLACE_START) + name.lower()
            if name not in used:
                break
        used.add(name)
        # Raad and committees: a small gemeente meets about 1.5 times a month, a city up to 5.
        by_size = (
            1.3
            if inhabitants < 25_000
            else 1.8
            if inhabitants < 60_000
            else 2.6
            if inhabitants < 150_000
            else 4.5
        )
        bodies.append(
            Body(
                slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
                name=f"Gemeente {name}",
                kind="gemeente",
                code=f"GM{n + 1:04d}",
                inhabitants=inhabitants,
                seats=council_seats(inhabitants),
                meetings_a_month=by_size * scale,
            )
        )
    for n in range(provincies):
        name = PROVINCE_NAMES[n % len(PROVINCE_NAMES)] + ("" if n < len(PROVINCE_NAMES) else str(n))
        bodies.append(
            Body(
                slug=f"provincie-{name.lower()}",
                name=f"Provincie {name}",
                kind="provincie",
                code=f"PV{n + 20:02d}",
                inhabitants=rng.randint(380_000, 3_800_000),
                seats=rng.choice([41, 43, 47, 49, 55]),
                meetings_a_month=3.0 * scale,
            )
        )
    for n in range(waterschappen):
        name = rng.choice(PLACE_FIRST) + rng.choice(["stromen", "delta", "landen", "rivieren", "vliet"])
        bodies.append(
            Body(
                slug=f"waterschap-{name.lower()}-{n}",
                name=f"Waterschap {name}",
                kind="waterschap",
                code=f"WS{n + 100:04d}",
                inhabitants=rng.randint(200_000, 1_500_000),
                seats=rng.choice([23, 27, 30]),
                meetings_a_month=1.3 * scale,
            )
        )
    return bodies


def title_pool() -> list[str]:
    """Real agenda titles: the labelled corpus (corpus/*.tsv) and the demo agenda's items."""
    titles: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.tsv")):
        with path.open(encoding="utf-8") as rows:
            header = next(rows).rstrip("\n").split("\t")
            column, procedural = header.index("title"), header.index("procedural")
            for line in rows:
                cells = line.rstrip("\n").split("\t")
                if len(cells) > procedural and cells[procedural] == "no" and cells[column]:
                    titles.append(cells[column])

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            for attribute in node.get("type_data", {}).get("attributes", []):
                if attribute.get("id") == 1 and not node["type_data"].get("heading"):
                    titles.append(str(attribute["value"]))
            walk(node.get("agenda_items", []))

    for path in sorted((ROOT / "content/demo/agenda").glob("*/*.json")):
        for wrapper in json.loads(path.read_text(encoding="utf-8"))["meetings"]:
            walk(wrapper["meeting"].get("agenda_items", []))
    return sorted(set(titles))


class Titles:
    """Agenda titles built from real ones, with this body's place, a street, a year and a number."""

    YEAR = re.compile(r"\b20[12][0-9]\b")

    def __init__(self, pool: list[str]) -> None:
        self.pool = pool

    def make(self, body: Body, year: int, rng: random.Random) -> str:
        title = self.YEAR.sub(str(year + rng.choice((-1, 0, 0, 1))), rng.choice(self.pool))
        place = body.name.split(" ", 1)[1]
        roll = rng.random()
        if roll < 0.15:
            title = f"{title} {rng.choice(STREETS)} {rng.randint(1, 180)}"
        elif roll < 0.25:
            title = f"{title} ({place})"
        elif roll < 0.32:
            title = f"Raadsvoorstel {title[0].lower()}{title[1:]}"
        elif roll < 0.38:
            title = f"{title}, kenmerk {rng.randint(100000, 999999)}"
        return title[:500]


def meeting_dates(body: Body, years: int, today: dt.date, rng: random.Random) -> list[dt.datetime]:
    """Meeting moments over `years` up to three months ahead; none in August, half as many in July."""
    first = dt.date(today.year - years, today.month, 1) + dt.timedelta(days=95)
    moments: list[dt.datetime] = []
    month = first
    last = today + dt.timedelta(days=90)
    while month <= last:
        expected = body.meetings_a_month * (0 if month.month == 8 else 0.5 if month.month == 7 else 1)
        count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        for _ in range(count):
            day = month + dt.timedelta(days=rng.randint(0, 27))
            if day.weekday() >= 5:
                day -= dt.timedelta(days=day.weekday() - 3)
            moments.append(dt.datetime(day.year, day.month, day.day, 17, 30, tzinfo=dt.UTC))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return sorted(moments)


def meeting_record(body: Body, number: int, start: dt.datetime, titles: Titles) -> tuple[dict[str, Any], int]:
    """One OpenBesluitvorming export record: a meeting with 15-40 agenda items under four headings. The
    same body and number give the same record (as a source sends the same meeting again)."""
    rng = random.Random(f"{body.slug}:{number}")
    wanted = rng.randint(15, 40)
    substantive = max(1, wanted - len(OPENING) - len(CLOSING) - 4)
    groups = [OPENING, [], [], CLOSING]
    for n in range(substantive):
        groups[1 if n < substantive // 3 else 2].append(titles.make(body, start.year, rng))
    agenda = []
    count = 0
    for h, (heading, children) in enumerate(zip(HEADINGS, groups, strict=True)):
        nodes = []
        for c, title in enumerate(children):
            item_id = f"agenda_item:bench:{body.kind}:{body.slug}:{number}-{h}-{c}"
            node: dict[str, Any] = {
                "id": item_id,
                "number": f"{h + 1}.{c + 1}",
                "title": title,
                "order": c + 1,
            }
            if rng.random() < 0.33:
                node["documents"] = [
                    {
                        "id": f"document:bench:{body.kind}:{body.slug}:{number}-{h}-{c}",
                        "name": "Raadsvoorstel",
                        "content_type": "application/pdf",
                        "original_url": f"https://ris.example.nl/{body.slug}/document/{number}-{h}-{c}",
                    }
                ]
            nodes.append(node)
        agenda.append(
            {
                "id": f"agenda_item:bench:{body.kind}:{body.slug}:{number}-h{h}",
                "number": f"{h + 1}.",
                "title": heading,
                "is_heading": True,
                "order": h + 1,
                "agenda_items": nodes,
            }
        )
        count += 1 + len(nodes)
    plenary = {
        "gemeente": "Gemeenteraad",
        "provincie": "Provinciale Staten",
        "waterschap": "Algemeen bestuur",
    }
    name = (
        plenary[body.kind] if number % 3 == 0 else rng.choice(["Commissie Ruimte", "Commissie Samenleving"])
    )
    record = {
        "op": "upsert",
        "entity_id": f"meeting:bench:{body.kind}:{body.slug}:{number}",
        "entity_type": "Meeting",
        "source_key": body.slug,
        "payload": {
            "type": "Meeting",
            "name": name,
            "start_date": start.isoformat().replace("+00:00", "Z"),
            "location": "Raadzaal",
            "committee": {"id": str(1 + number % 3), "name": name},
            "agenda": agenda,
        },
    }
    return record, count


def write_feed(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for seq, record in enumerate(records, start=1):
            out.write(json.dumps({"seq": seq, **record}, ensure_ascii=False) + "\n")


# --- Database --------------------------------------------------------------------------------------------


def database_urls(server_url: str, name: str) -> tuple[str, str]:
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}", f"{base}/postgres"


def create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # production settings; no query log kept in memory
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["TASKS_BACKEND"] = "immediate"  # the sync's hooks run in it, as a worker runs them
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["ACCESS_LOG"] = "false"
    # Production serves static files through WhiteNoise from a manifest that collectstatic writes.
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="toerusting-scale-static-")
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def build_organisations(bodies: list[Body], members: int, today: dt.date) -> None:
    """Organisations, their representative body and term, and `members` accounts with a current functie."""
    from django.contrib.auth.hashers import make_password

    from toerusting.accounts.models import User
    from toerusting.organisations.models import (
        REPRESENTATIVE_BODY,
        Functie,
        Organisation,
        Person,
    )
    from toerusting.organisations.models import (
        Body as BodyModel,
    )

    seat_total = sum(body.seats for body in bodies)
    role = {"gemeente": "raadslid", "provincie": "statenlid", "waterschap": "ab_lid"}
    kind_name = {
        "gemeente": "Gemeenteraad",
        "provincie": "Provinciale Staten",
        "waterschap": "Algemeen bestuur",
    }
    password = make_password(None)  # unusable: the bench logs members in without a password
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=body.slug,
            name=body.name,
            kind=body.kind,
            cbs_code=body.code,
            tooi_code=body.code.lower(),
            inhabitants=body.inhabitants,
        )
        for body in bodies
    )
    councils = BodyModel.objects.bulk_create(
        BodyModel(
            organisation=organisation,
            key=REPRESENTATIVE_BODY[organisation.kind],
            kind=REPRESENTATIVE_BODY[organisation.kind],
            name=kind_name[body.kind],
            seats=body.seats,
        )
        for organisation, body in zip(organisations, bodies, strict=True)
    )
    # Members by seats, so that the total is exactly `members` (the rest goes to the largest bodies).
    shares = [body.seats * members // seat_total for body in bodies]
    for n in sorted(range(len(bodies)), key=lambda n: -bodies[n].seats)[: members - sum(shares)]:
        shares[n] += 1
    start = today - dt.timedelta(days=400)
    for organisation, council, body, share in zip(organisations, councils, bodies, shares, strict=True):
        users = User.objects.bulk_create(
            User(username=f"{body.slug}-{n}", password=password, email=f"lid{n}@{body.slug}.example.nl")
            for n in range(share)
        )
        people = Person.objects.bulk_create(
            Person(
                key=f"{body.slug}-{n}",
                given_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                family_name=FAMILY_NAMES[(n // len(FIRST_NAMES)) % len(FAMILY_NAMES)],
                user=user,
            )
            for n, user in enumerate(users)
        )
        Functie.objects.bulk_create(
            Functie(
                person=person, organisation=organisation, body=council, role=role[body.kind], start_date=start
            )
            for person in people
        )


def load_catalogue() -> int:
    from django.core.management import call_command

    from toerusting.catalogue.models import LearningItem

    with open(os.devnull, "w") as quiet:
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    return LearningItem.objects.count()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def _worker_cpu() -> float:
    """CPU seconds of the process that analyses meetings ahead (toerusting.matching.ahead) since it started;
    0 while none runs."""
    from toerusting.matching import ahead

    return ahead.worker_cpu_seconds() or 0.0


def sync_all(
    bodies: list[Body], feeds: Callable[[Body, Path], int], scratch: Path, label: str
) -> tuple[float, float, int, int, float]:
    """Write each body's feed and import it through the agenda sync: seconds, CPU seconds of this process,
    items, meetings, and CPU seconds of the worker that analysed meetings ahead meanwhile."""
    from toerusting.agenda import services

    wall, cpu, items, meetings = 0.0, 0.0, 0, 0
    worker_before = _worker_cpu()
    for n, body in enumerate(bodies, start=1):
        path = scratch / f"{body.slug}.ndjson"
        feeds(body, path)
        begin, begin_cpu = time.perf_counter(), time.process_time()
        summary = services.import_file(path, "openbesluitvorming")
        wall += time.perf_counter() - begin
        cpu += time.process_time() - begin_cpu
        if summary.failed:
            raise SystemExit(f"{body.slug}: {summary.line()} {summary.problems[:3]}")
        items += summary.items
        meetings += summary.created + summary.updated + summary.unchanged
        path.unlink()
        if n % 10 == 0 or n == len(bodies):
            log(
                f"{label}: {n}/{len(bodies)} bodies, {meetings:,} meetings, {items:,} items in {wall:,.0f} s "
                f"({items / wall:,.0f} items/s; CPU of this process {cpu:,.0f} s)"
            )
    return wall, cpu, items, meetings, _worker_cpu() - worker_before


# --- Pages ----------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_pages(samples: int, rng: random.Random) -> dict[str, tuple[float, float, float, float]]:
    """Tab (cold, cached) and Voorbereiden: p50/p95 of wall and CPU milliseconds, members of many bodies."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from toerusting.accounts.models import User
    from toerusting.agenda.models import Meeting
    from toerusting.embed.models import RisConnection, TabSession
    from toerusting.embed.services import user_agent_digest
    from toerusting.organisations.models import Organisation

    now = timezone.now()
    organisations = list(Organisation.objects.order_by("-inhabitants"))
    # The largest bodies, and a spread over the rest: the tab's cost grows with the meeting, not the body.
    chosen = organisations[:5] + rng.sample(organisations[5:], min(len(organisations) - 5, 25))
    cases: list[tuple[str, str]] = []  # (tab path, username)
    for organisation in chosen:
        meeting = (
            Meeting.objects.filter(organisation=organisation, start__gte=now).order_by("-start").first()
        )  # the meeting furthest ahead: a full agenda published ahead
        member = User.objects.filter(person__functies__organisation=organisation).order_by("?").first()
        if meeting is None or member is None:
            continue
        ris, _ = RisConnection.objects.get_or_create(
            organisation=organisation,
            name="Scale RIS",
            defaults={
                "issuer": f"https://ris.example.nl/{organisation.slug}",
                "algorithm": "HS256",
                "key": secrets.token_urlsafe(32),
                "frame_origins": ["https://ris.example.nl"],
                "agenda_source": "",
            },
        )
        session = TabSession.objects.create(
            key=secrets.token_urlsafe(24),
            user=member,
            connection=ris,
            user_agent_digest=user_agent_digest(""),
            expires_at=now + dt.timedelta(hours=2),
        )
        cases.append(
            (f"/embed/{organisation.slug}/vergadering/{meeting.pk}/?s={session.key}", member.username)
        )
    results: dict[str, tuple[float, float, float, float]] = {}
    client = Client(SERVER_NAME="127.0.0.1")

    def run(label: str, request: Callable[[int], Any]) -> None:
        walls, cpus = [], []
        request(0)  # warm up
        for n in range(samples):
            begin, begin_cpu = time.perf_counter(), time.thread_time()
            response = request(n)
            walls.append((time.perf_counter() - begin) * 1000)
            cpus.append((time.thread_time() - begin_cpu) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        results[label] = (
            statistics.median(walls),
            percentile(walls, 0.95),
            statistics.median(cpus),
            percentile(cpus, 0.95),
        )

    def tab(n: int) -> Any:
        return client.get(cases[n % len(cases)][0])

    settings.EMBED_TAB_CACHE_SECONDS = 0
    cache.clear()
    run("tab, cold (page cache off)", tab)
    settings.EMBED_TAB_CACHE_SECONDS = 600
    for path, _ in cases:
        client.get(path)  # fill the page cache for every sampled member
    run("tab, cached", tab)
    users = {username: User.objects.get(username=username) for _, username in cases}

    def prepare(n: int) -> Any:
        client.force_login(users[cases[n % len(cases)][1]])
        return client.get("/voorbereiden/")

    run("Voorbereiden (/voorbereiden/)", prepare)
    client.get("/health/")
    run("trivial view (/health/)", lambda n: client.get("/health/"))
    log(f"pages measured over {len(cases)} members of {len(cases)} bodies, {samples} requests each")
    return results


# --- Main -----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--name", default="toerusting_scale", help="the database created for the run")
    parser.add_argument("--bodies", type=int, default=GEMEENTEN + PROVINCIES + WATERSCHAPPEN)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the meetings a month")
    parser.add_argument("--members", type=int, default=12_000)
    parser.add_argument("--samples", type=int, default=200, help="requests per kind of page")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a kept database again, without building"
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench/scale.py measures PostgreSQL: give --database-url postgres://...")

    rng = random.Random(args.seed)
    today = dt.date.today()
    bodies = national_bodies(args.bodies, args.scale, rng)
    url, admin_url = database_urls(args.database_url, args.name)
    if not args.reuse:
        create_database(admin_url, args.name)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection, connections

    titles = Titles(title_pool())
    plans = {body.slug: meeting_dates(body, args.years, today, rng) for body in bodies}
    planned = sum(len(dates) for dates in plans.values())
    kinds = {
        kind: sum(1 for body in bodies if body.kind == kind)
        for kind in ("gemeente", "provincie", "waterschap")
    }
    log(
        f"national scale on PostgreSQL ({args.name}): {len(bodies)} bodies ({kinds['gemeente']} gemeenten, "
        f"{kinds['provincie']} provincies, {kinds['waterschap']} waterschappen), {args.years} years, "
        f"{planned:,} meetings planned (about {planned * 27.5:,.0f} agenda items), {args.members:,} members"
    )
    figures: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory() as scratch_dir:
            scratch = Path(scratch_dir)
            if not args.reuse:
                begin = time.perf_counter()
                call_command("migrate", verbosity=0)
                build_organisations(bodies, args.members, today)
                catalogue = load_catalogue()
                log(
                    f"organisations, {args.members:,} members and {catalogue} catalogue items in "
                    f"{time.perf_counter() - begin:.0f} s"
                )

                def initial(body: Body, path: Path) -> int:
                    records = [
                        meeting_record(body, number, start, titles)[0]
                        for number, start in enumerate(plans[body.slug])
                    ]
                    write_feed(path, records)
                    return len(records)

                figures["initial"] = sync_all(bodies, initial, scratch, "initial sync")

            # A day: two upcoming meetings of every body changed (one item added, one title reworded) and
            # one new meeting published two months ahead.
            def daily(body: Body, path: Path) -> int:
                upcoming = [n for n, start in enumerate(plans[body.slug]) if start.date() >= today][:2]
                records = []
                for number in upcoming:
                    record, _ = meeting_record(body, number, plans[body.slug][number], titles)
                    bespreek = record["payload"]["agenda"][2]["agenda_items"]
                    if bespreek:
                        bespreek[0]["title"] += " (gewijzigd voorstel)"
                    bespreek.append(
                        {
                            "id": f"agenda_item:bench:{body.kind}:{body.slug}:{number}-extra-{today}",
                            "number": "3.99",
                            "title": titles.make(body, today.year, rng),
                            "order": 99,
                        }
                    )
                    records.append(record)
                start = dt.datetime.combine(today + dt.timedelta(days=60), dt.time(17, 30), tzinfo=dt.UTC)
                records.append(meeting_record(body, 100_000 + today.toordinal(), start, titles)[0])
                write_feed(path, records)
                return len(records)

            if args.reuse:  # a kept database of an initial sync that was stopped: the bodies it reached
                from toerusting.agenda.models import Meeting

                synced = set(Meeting.objects.values_list("organisation__slug", flat=True).distinct())
                bodies = [body for body in bodies if body.slug in synced]
                log(f"reusing {args.name}: {len(bodies)} bodies have meetings")
            figures["daily"] = sync_all(bodies, daily, scratch, "daily sync")

        figures["pages"] = measure_pages(args.samples, rng)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            figures["size"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT relname, n_live_tup FROM pg_stat_user_tables"
                " ORDER BY pg_total_relation_size(relid) DESC LIMIT 6"
            )
            figures["tables"] = cursor.fetchall()
        from toerusting.agenda.models import AgendaItem, Meeting
        from toerusting.recommendations.models import AgendaItemMatch

        figures["counts"] = (
            Meeting.objects.count(),
            AgendaItem.objects.count(),
            AgendaItemMatch.objects.count(),
        )
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(admin_url, args.name)
    report(figures, args)


def report(figures: dict[str, Any], args: argparse.Namespace) -> None:
    print()
    print(
        f"== bench/scale.py: {args.bodies} bodies, {args.years} years, scale {args.scale}, "
        f"{args.members:,} members"
    )
    print(f"   load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    meetings, items, recommendations = figures["counts"]
    print(
        f"   database: {meetings:,} meetings, {items:,} agenda items, "
        f"{recommendations:,} stored recommendations, {figures['size'] / 1e9:.2f} GB (pg_database_size)"
    )
    for name, label in (("initial", "initial sync with matching"), ("daily", "daily sync, every body")):
        if name in figures:
            wall, cpu, synced, count, worker = figures[name]
            print(
                f"   {label:<30} {wall:9.1f} s  {synced:>9,} items  {count:>7,} meetings  "
                f"{synced / wall:8,.0f} items/s  (CPU of the app process {cpu:,.0f} s, of the worker "
                f"analysing ahead {worker:,.0f} s)"
            )
    print(f"   {'page':<32}{'p50 ms':>8}{'p95 ms':>8}{'CPU p50':>9}{'CPU p95':>9}")
    for label, (p50, p95, cpu50, cpu95) in figures["pages"].items():
        print(f"   {label:<32}{p50:8.1f}{p95:8.1f}{cpu50:9.1f}{cpu95:9.1f}")
    for table, rows in figures["tables"]:
        print(f"   table {table}: {rows:,} rows")


if __name__ == "__main__":
    main()
