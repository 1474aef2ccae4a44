"""Load and faults: the production server under members and the griffie, while a worker, the task worker and
the database fail, and afterwards a check that nothing acknowledged was lost.

Starts, on loopback only and in a PostgreSQL database of its own (default `toerusting_load`, dropped at the
end unless --keep):

  a TCP proxy     between the application and PostgreSQL, controlled by this script (the database outage)
  a feed server   an OpenBesluitvorming export feed of 60 meetings in pages, a little slow, as the live
                  agenda source of Lindenwaard (the sync that the task worker is killed in)
  the server      `toerusting serve --workers 4` (gunicorn, DEBUG off, Redis as the shared cache)
  the worker      `toerusting worker` (tasks and the scheduler)

and runs, for --duration seconds, a bounded asyncio client (one keep-alive connection per simulated user):

  members (200)   a signed RIS launch (an HS256 launch token, docs/integration/ris-tab.md; the first launch
                  creates the member's account), the upcoming meetings, a meeting, an agenda item, a learning
                  item, answering its question (micro-modules) and completing it; then again (a new launch)
  griffie (20)    log in, open the curation page of an upcoming meeting and pin a learning item to an agenda
                  item, open the term plan and block a period (named with a unique marker)

Faults, during the run: one gunicorn worker process is killed with SIGKILL (gunicorn starts another); the
task worker is killed with SIGKILL during an agenda sync and started again; the proxy closes every database
connection and refuses new ones for --outage seconds.

Afterwards it checks, through its own database connection: every write that was acknowledged (a redirect
after the POST) is in the database (answers, completions, curations, blocked periods); the interrupted sync
finished after the restart, with every meeting and agenda item of the feed once; every 5xx fell inside the
outage and is the clean 503 page (no traceback); gunicorn replaced its worker. It prints throughput and
p50/p95/p99 per kind of request, and exits with status 1 when a check fails.

Usage:
  .venv/bin/python bench/load.py                                 200 members, 20 griffie users, 90 s
  .venv/bin/python bench/load.py --members 40 --griffie 4 --duration 25     the short run of the CI test
Needs PostgreSQL (--database-url, the server: a database --name is created beside it) and Redis (--redis).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.server
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOERUSTING = str(ROOT / ".venv" / "bin" / "toerusting")
ORG = "lindenwaard"
ISSUER = "https://ris.load.example"
RIS_KEY = "load-test-ris-signing-key-" + "x" * 20
GRIFFIE_PASSWORD = "Lasttest-wachtwoord-2026!"
# The griffie's second login step (required for griffie roles): every griffie user's authenticator app.
GRIFFIE_TOTP_SECRET = "LASTTESTGRIFFIE234567ABCDEFGHIJK"
FEED_MEETINGS, FEED_PAGE, FEED_ITEMS = 60, 5, 20  # 12 pages of 5 meetings, 20 agenda items each


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- The database proxy ---------------------------------------------------------------------------------


class Proxy:
    """A TCP proxy to PostgreSQL in a thread of its own; `outage` closes every connection through it and
    refuses new ones (the port is closed) for a while."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self.open: set[asyncio.StreamWriter] = set()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._call(self._listen())

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.open.update((client_writer, server_writer))
        try:
            await asyncio.gather(
                self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer)
            )
        finally:
            self.open.difference_update((client_writer, server_writer))

    async def _down(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.open):
            writer.transport.abort()
        await self.server.wait_closed()

    def outage(self, seconds: float) -> tuple[float, float]:
        """Close and refuse for `seconds`; the monotonic start and end of the outage."""
        start = time.monotonic()
        self._call(self._down())
        time.sleep(seconds)
        self._call(self._listen())
        return start, time.monotonic()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._call(self._down())
        self.loop.call_soon_threadsafe(self.loop.stop)


# --- The agenda source ----------------------------------------------------------------------------------


def feed_line(number: int) -> str:
    start = dt.datetime(2026, 1, 5, 18, 30, tzinfo=dt.UTC) - dt.timedelta(days=7 * number)
    items = [
        {
            "id": f"agenda_item:loadris:gemeente:{ORG}:{number}-{n}",
            "number": f"{n + 1}.",
            "title": ["Opening", "Vaststellen van de agenda", "Zienswijze begroting GGD", "Sluiting"][n % 4]
            + f" ({number}-{n})",
            "order": n + 1,
        }
        for n in range(FEED_ITEMS)
    ]
    record = {
        "seq": number + 1,
        "op": "upsert",
        "entity_id": f"meeting:loadris:gemeente:{ORG}:{number}",
        "entity_type": "Meeting",
        "source_key": ORG,
        "payload": {
            "type": "Meeting",
            "name": "Commissie Ruimte (lasttest)",
            "start_date": start.isoformat().replace("+00:00", "Z"),
            "agenda": items,
        },
    }
    return json.dumps(record)


class Feed:
    """The export feed (`/api/export/snapshot`, `/api/export/changes`): pages of FEED_PAGE meetings, each
    answered after `delay` seconds, so that a sync takes a while. Counts the pages served."""

    def __init__(self, delay: float) -> None:
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                cursor = int(query.get("cursor", ["0"])[0] or 0)
                if url.path.endswith("/changes"):
                    body, headers = b"", {"X-Has-More": "false", "X-Next-Cursor": str(cursor)}
                else:
                    time.sleep(feed.delay)
                    lines = [feed_line(n) for n in range(cursor, min(cursor + FEED_PAGE, FEED_MEETINGS))]
                    body = ("\n".join(lines) + "\n").encode()
                    more = cursor + FEED_PAGE < FEED_MEETINGS
                    headers = {
                        "X-Has-More": "true" if more else "false",
                        "X-Next-Cursor": str(cursor + FEED_PAGE),
                    }
                    if not more:
                        headers["X-Changes-Cursor"] = "changes-0"
                    feed.pages += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.delay = delay
        self.pages = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


# --- HTTP client ----------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    status: int  # 0: no answer (the connection broke)
    start: float
    end: float
    problem: str = ""
    opened: float = 0.0  # when the connection this request went over was opened


@dataclass
class Stats:
    results: list[Result] = field(default_factory=list)
    writes: list[tuple[str, ...]] = field(default_factory=list)  # acknowledged writes, in order
    unsure: list[tuple[str, ...]] = field(default_factory=list)  # writes without an answer
    refused: list[tuple[str, ...]] = field(default_factory=list)  # answered, but not with an acknowledgement
    bad_bodies: list[str] = field(default_factory=list)
    bad_request_ids: list[str] = field(default_factory=list)  # X-Request-ID of each unclean 5xx


class Connection:
    """One keep-alive HTTP/1.1 connection (reopened when idle longer than the server's keep-alive)."""

    def __init__(self, port: int, user_agent: str, stats: Stats) -> None:
        self.port, self.user_agent, self.stats = port, user_agent, stats
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0
        self.opened = 0.0
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        if self.writer is not None and time.monotonic() - self.used > 3:
            self.close()  # the server closes idle connections after 5 s
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
        headers = [
            f"{method} {path} HTTP/1.1",
            "Host: 127.0.0.1",
            f"User-Agent: {self.user_agent}",
            f"Content-Length: {len(body)}",
        ]
        if form is not None:
            headers.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        start = time.monotonic()
        try:
            if self.writer is None:
                self.opened = float("inf")  # a failure to connect is not a stale connection
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.opened = time.monotonic()
            assert self.reader is not None
            self.writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
            await self.writer.drain()
            status, response_headers, text = await asyncio.wait_for(self._read(self.reader), 60)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            opened = self.opened
            self.close()
            self.stats.results.append(Result(kind, 0, start, time.monotonic(), type(exc).__name__, opened))
            return 0, {}, ""
        end = time.monotonic()
        self.used = end
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        result = Result(kind, status, start, end)
        if status >= 500:
            clean = ("Even niet bereikbaar" in text or '"unavailable"' in text) and "Traceback" not in text
            if status != 503 or not clean:
                result.problem = f"not the clean 503 page: {text[:300]!r}"
                self.stats.bad_bodies.append(text[:2000])
                self.stats.bad_request_ids.append(response_headers.get("x-request-id", ""))
        self.stats.results.append(result)
        return status, response_headers, text

    async def _read(self, reader: asyncio.StreamReader) -> tuple[int, dict[str, str], str]:
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before an answer")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "set-cookie":
                cookie = value.strip().split(";", 1)[0]
                key, _, cookie_value = cookie.partition("=")
                self.cookies[key] = cookie_value
            headers[name] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await reader.readline()
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            data = b"".join(chunks)
        else:
            data = await reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers, data.decode("utf-8", "replace")


# --- Simulated users ------------------------------------------------------------------------------------


def launch_token(subject: str, number: int, fractie: str) -> str:
    import jwt

    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "toerusting",
        "sub": subject,
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
        "org": ORG,
        "email": f"{subject}@load.example.nl",
        "role": "raadslid",
        "fractie": fractie,
        "name": f"Lid {number} Lasttest",
    }
    return jwt.encode(claims, RIS_KEY, algorithm="HS256")


def acknowledge(
    stats: Stats, write: tuple[str, ...], status: int, headers: dict[str, str], back: str
) -> None:
    """A write is acknowledged by the redirect back to its page (a redirect elsewhere, to the login page
    for instance, is not); a write without an answer may or may not have been stored."""
    location = urllib.parse.urlsplit(headers.get("location", "")).path
    if status == 302 and location == back:
        stats.writes.append(write)
    elif status in (0, 503):
        stats.unsure.append(write)
    else:
        stats.refused.append((*write, str(status), location))


async def think(low: float, high: float) -> None:
    await asyncio.sleep(random.uniform(low, high))


async def member(
    number: int, port: int, deadline: float, stats: Stats, plan: dict[str, Any], pause: float
) -> None:
    subject = f"load-member-{number}"
    fractie = plan["fracties"][number % len(plan["fracties"])]
    connection = Connection(port, f"Mozilla/5.0 (lasttest {subject})", stats)
    await asyncio.sleep(random.uniform(0, 3))  # arrivals spread over the first seconds
    while time.monotonic() < deadline:
        token = urllib.parse.quote(launch_token(subject, number, fractie))
        status, headers, _ = await connection.request("launch", "GET", f"/embed/launch/?token={token}")
        location = headers.get("location", "")
        if status != 302 or "s=" not in location:
            await think(pause, 2 * pause)
            continue
        key = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["s"][0]
        await think(0, pause)
        status, _, page = await connection.request("upcoming", "GET", location)
        meetings = re.findall(r'href="(/embed/[\w-]+/vergadering/\d+/)\?s=', page)
        if status != 200 or not meetings:
            await think(pause, 2 * pause)
            continue
        await think(0, pause)
        meeting = random.choice(meetings)
        status, _, page = await connection.request("meeting", "GET", f"{meeting}?s={key}")
        if status != 200:
            await think(pause, 2 * pause)
            continue
        points = re.findall(r'id="punt-(\d+)"', page)
        slugs = sorted(set(re.findall(r"/embed/[\w-]+/leren/([\w-]+)/\?s=", page)))
        if points:
            await think(0, pause)
            await connection.request(
                "agenda item", "GET", f"/embed/{ORG}/agendapunt/{random.choice(points)}/?s={key}"
            )
        if not slugs:
            await think(pause, 2 * pause)
            continue
        slug = random.choice(slugs)
        item_path = f"/embed/{ORG}/leren/{slug}/"
        await think(0, pause)
        status, _, page = await connection.request("learning item", "GET", f"{item_path}?s={key}")
        if status != 200:
            await think(pause, 2 * pause)
            continue
        question = re.search(r'id="vraag-(\d+)"(.*?)</form>', page, re.S)
        options: list[str] = []
        if question:
            # Every question of the tab's page is its own form, its field prefixed with the question.
            field = f"vraag{question.group(1)}-option"
            options = re.findall(rf'name="{field}" value="(\d+)"', question.group(2))
        if question and options:
            option = random.choice(options)
            await think(0, pause)
            write = ("answer", subject, question.group(1), option)
            form = {"s": key, "action": "answer", "question": question.group(1), field: option}
            status, headers, _ = await connection.request("answer (POST)", "POST", item_path, form)
            acknowledge(stats, write, status, headers, item_path)
        await think(0, pause)
        write = ("complete", subject, slug)
        status, headers, _ = await connection.request(
            "complete (POST)", "POST", item_path, {"s": key, "action": "complete"}
        )
        acknowledge(stats, write, status, headers, item_path)
        await think(pause, 2 * pause)
    connection.close()


TOTP_STEP = 30  # seconds per code of the authenticator app


async def second_step(connection: Connection, sent: list[int]) -> bool:
    """The code from the griffie user's authenticator app after the password, as a person types it. A code
    is accepted once per 30-second step: a second login within the same step (after a killed worker lost
    the answer to the first) waits for the next one. `sent` holds the step of this user's last code."""
    import pyotp

    status, _, page = await connection.request("code page", "GET", "/account/tweestaps/code/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        return False
    if sent and int(time.time()) // TOTP_STEP <= sent[0]:
        await asyncio.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.5)
    step = int(time.time()) // TOTP_STEP
    code = pyotp.TOTP(GRIFFIE_TOTP_SECRET, interval=TOTP_STEP).at(step * TOTP_STEP)
    sent[:] = [step]
    form = {"csrfmiddlewaretoken": token.group(1), "code": code}
    status, _, _ = await connection.request("code (POST)", "POST", "/account/tweestaps/code/", form)
    return status == 302


async def griffie(
    number: int, port: int, deadline: float, stats: Stats, plan: dict[str, Any], pause: float
) -> None:
    username = f"lasttest-griffie-{number}"
    connection = Connection(port, f"Mozilla/5.0 (lasttest {username})", stats)
    await asyncio.sleep(random.uniform(0, 3))
    logged_in = False
    sent: list[int] = []  # the time step of the last code this user sent
    while time.monotonic() < deadline:
        if not logged_in:
            status, _, page = await connection.request("login page", "GET", "/account/inloggen/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if status != 200 or token is None:
                await think(pause, 2 * pause)
                continue
            form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": GRIFFIE_PASSWORD}
            status, _, _ = await connection.request("login (POST)", "POST", "/account/inloggen/", form)
            if status == 302:
                logged_in = await second_step(connection, sent)
            await think(0, pause)
            continue
        meeting_id, agenda_items = random.choice(plan["meetings"])
        curate = f"/o/{ORG}/aanbevelingen/{meeting_id}/"
        status, _, page = await connection.request("curate page", "GET", curate)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            logged_in = status not in (302, 403)
            await think(pause, 2 * pause)
            continue
        await think(0, pause)
        agenda_item, slug = random.choice(agenda_items), random.choice(plan["slugs"])
        write = ("curation", username, str(agenda_item), slug)
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "action": "pin",
            "item": slug,
            "agenda_item": str(agenda_item),
        }
        status, headers, _ = await connection.request("curate (POST)", "POST", f"{curate}wijzigen/", form)
        acknowledge(stats, write, status, headers, curate)
        await think(0, pause)
        status, _, page = await connection.request("plan page", "GET", f"/o/{ORG}/plan/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status == 200 and token is not None:
            marker = f"Lasttest {uuid.uuid4().hex[:12]}"
            day = dt.date(2027, 1, 1) + dt.timedelta(days=random.randint(0, 300))
            form = {
                "csrfmiddlewaretoken": token.group(1),
                "name": marker,
                "start_date": day.isoformat(),
                "end_date": (day + dt.timedelta(days=2)).isoformat(),
            }
            await think(0, pause)
            status, headers, _ = await connection.request(
                "block period (POST)", "POST", f"/o/{ORG}/plan/periode/", form
            )
            acknowledge(stats, ("period", username, marker), status, headers, f"/o/{ORG}/plan/")
        await think(pause, 3 * pause)
    connection.close()


# --- Processes ------------------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process, its children that ended (gunicorn reaps its workers) and those alive."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(process: int) -> list[str]:
        try:
            return Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return []

    own = fields(pid)
    if not own:
        return 0.0
    total = sum(int(value) for value in own[11:15])  # utime, stime, cutime, cstime
    for child in children_of(pid):
        child_fields = fields(child)
        if child_fields:
            total += int(child_fields[11]) + int(child_fields[12])
    return total / ticks


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text()[-3000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("the server did not come up within 120 s")


def setup_database(direct_url: str, feed_port: int, griffie_users: int) -> dict[str, Any]:
    """Migrate, load the demo, a RIS connection that creates members, griffie accounts and a live source."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from toerusting.accounts.models import User
    from toerusting.agenda.models import AgendaSource, Meeting
    from toerusting.catalogue.models import LearningItem
    from toerusting.embed.models import RisConnection
    from toerusting.organisations.models import Body, Functie, Organisation, Person
    from toerusting.twofactor import services as two_factor

    with open(os.devnull, "w") as quiet:
        for command, options in (
            ("migrate", {}),
            ("createcachetable", {}),
            ("load_demo", {}),
            ("load_catalogue", {}),
            ("load_catalogue", {"directory": ROOT / "content/demo/catalogue"}),
            ("load_demo_agenda", {}),
            ("load_demo_planner", {}),
        ):
            begin = time.monotonic()
            call_command(command, verbosity=0, stdout=quiet, stderr=quiet, **options)
            print(f"  {command}: {time.monotonic() - begin:.1f} s", flush=True)
    organisation = Organisation.objects.get(slug=ORG)
    RisConnection.objects.create(
        organisation=organisation,
        name="Lasttest-RIS",
        issuer=ISSUER,
        algorithm="HS256",
        key=RIS_KEY,
        frame_origins=["https://ris.load.example"],
        agenda_source="",
        create_accounts=True,
    )
    password = make_password(GRIFFIE_PASSWORD)
    raad = Body.objects.get(organisation=organisation, key="raad")
    for number in range(griffie_users):
        user = User.objects.create(
            username=f"lasttest-griffie-{number}", password=password, email=f"griffie{number}@load.example.nl"
        )
        person = Person.objects.create(
            key=f"lasttest-griffie-{number}",
            given_name="Griffie",
            family_name=f"Lasttest {number}",
            user=user,
        )
        Functie.objects.create(
            person=person,
            organisation=organisation,
            body=raad,
            role="griffiemedewerker",
            start_date=dt.date(2026, 1, 1),
        )
        two_factor.enrol_with_secret(user, GRIFFIE_TOTP_SECRET)
    AgendaSource.objects.create(
        organisation=organisation,
        kind="openbesluitvorming",
        base_url=f"http://127.0.0.1:{feed_port}",
        settings={"source_key": ORG},
        active=True,
    )
    meetings = []
    for meeting in Meeting.objects.filter(organisation=organisation, start__gte=timezone.now()).order_by(
        "start"
    )[:5]:
        items = list(meeting.agenda_items.filter(is_heading=False).values_list("pk", flat=True))
        if items:
            meetings.append((meeting.pk, items))
    slugs = list(LearningItem.objects.filter(organisation__isnull=True).values_list("slug", flat=True)[:40])
    from toerusting.organisations.models import Fractie
    from toerusting.organisations.selectors import current_term

    fracties = list(
        Fractie.objects.filter(organisation=organisation, term=current_term(organisation)).values_list(
            "name", flat=True
        )
    )
    return {"meetings": meetings, "slugs": slugs, "fracties": fracties}


# --- Checks ---------------------------------------------------------------------------------------------


def check_writes(stats: Stats) -> list[str]:
    """Every acknowledged write is in the database."""
    from toerusting.embed.models import RisIdentity
    from toerusting.learning.models import Answer, Progress
    from toerusting.planner.models import BlockedPeriod
    from toerusting.recommendations.models import Curation

    problems = []
    users = dict(RisIdentity.objects.values_list("subject", "user_id"))
    last_answer: dict[tuple[str, str], str] = {}
    for write in stats.writes:
        if write[0] == "answer":
            last_answer[(write[1], write[2])] = write[3]
    unsure_answers = {(w[1], w[2]): w[3] for w in stats.unsure if w[0] == "answer"}
    for (subject, question), option in last_answer.items():
        stored = Answer.objects.filter(user_id=users.get(subject), question_id=int(question)).first()
        if stored is None or (
            str(stored.option_id) != option
            and str(stored.option_id) != unsure_answers.get((subject, question))
        ):
            problems.append(f"lost answer: {subject} question {question} option {option} (stored: {stored})")
    completions = {(w[1], w[2]) for w in stats.writes if w[0] == "complete"}
    done = set(Progress.objects.filter(completed_at__isnull=False).values_list("user_id", "item__slug"))
    for subject, slug in completions:
        if (users.get(subject), slug) not in done:
            problems.append(f"lost completion: {subject} {slug}")
    # Pinning what another griffie user pinned updates that curation (its author becomes the last one), so
    # a pin is checked by what is pinned where, not by whom.
    curations = set(Curation.objects.filter(action="pin").values_list("agenda_item_id", "item__slug"))
    for _, username, agenda_item, slug in (w for w in stats.writes if w[0] == "curation"):
        if (int(agenda_item), slug) not in curations:
            problems.append(f"lost curation: {username} pinned {slug} on agenda item {agenda_item}")
    periods = set(BlockedPeriod.objects.filter(name__startswith="Lasttest ").values_list("name", flat=True))
    for _, username, marker in (w for w in stats.writes if w[0] == "period"):
        if marker not in periods:
            problems.append(f"lost blocked period: {username} {marker}")
    return problems


def check_sync() -> list[str]:
    from django.db.models import Count

    from toerusting.agenda.models import AgendaItem, Meeting

    meetings = Meeting.objects.filter(organisation__slug=ORG, source="openbesluitvorming")
    problems = []
    if meetings.count() != FEED_MEETINGS:
        problems.append(f"the sync wrote {meetings.count()} meetings, the feed has {FEED_MEETINGS}")
    if meetings.values("source_id").annotate(n=Count("id")).filter(n__gt=1).exists():
        problems.append("a meeting of the feed is in the database twice")
    items = AgendaItem.objects.filter(meeting__in=meetings)
    if items.count() != FEED_MEETINGS * FEED_ITEMS:
        problems.append(
            f"the sync wrote {items.count()} agenda items, the feed has {FEED_MEETINGS * FEED_ITEMS}"
        )
    if items.values("meeting_id", "source_id").annotate(n=Count("id")).filter(n__gt=1).exists():
        problems.append("an agenda item of the feed is in the database twice")
    return problems


def wait_for_idle_queue() -> float:
    """Wait until the worker has run what its scheduler queued at start (every job is due at once)."""
    from django_tasks_db.models import DBTaskResult

    begin = time.monotonic()
    time.sleep(2)
    while time.monotonic() - begin < 180:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            break
        time.sleep(0.5)
    return time.monotonic() - begin


def sync_state() -> str:
    from django_tasks_db.models import DBTaskResult

    result = (
        DBTaskResult.objects.filter(task_path__endswith="sync_organisation_task")
        .order_by("-enqueued_at")
        .first()
    )
    return result.status if result is not None else "none"


# --- Main -----------------------------------------------------------------------------------------------


def server_log_of(log: Path, request_id: str) -> str:
    """The server's log records of one request (its X-Request-ID), with their tracebacks: why a 5xx was
    not the clean 503, in the output of a failed run (the temporary directory is gone by then)."""
    if not request_id or not log.exists():
        return "(no request id, or no server log)"
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        if request_id not in line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            lines.append(line[:2000])
            continue
        lines.append(f"{record.get('level')} {record.get('logger')}: {record.get('message')}")
        trace = str(record.get("exception") or "")
        lines.extend("     " + part for part in trace.splitlines()[-40:])
    return "\n".join(lines) or f"(no record with request id {request_id})"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0.0


@dataclass
class Run:
    args: argparse.Namespace
    env: dict[str, str]
    tmp: Path
    port: int
    proxy: Proxy
    feed: Feed
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    events: list[tuple[float, str]] = field(default_factory=list)
    outage: tuple[float, float] = (0.0, 0.0)
    worker_kill: float = 0.0
    replaced: bool = False
    sync_finished: str = ""
    killed_after_pages: int = 0
    server_cpu: float = 0.0

    def start_server(self) -> None:
        log = self.tmp / "server.log"
        self.server = subprocess.Popen(
            [TOERUSTING, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.args.workers)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
        )
        wait_until_up(self.port, self.server, log)

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [TOERUSTING, "worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=(self.tmp / "worker.log").open("ab"),
        )

    def note(self, start: float, text: str) -> None:
        self.events.append((time.monotonic() - start, text))
        print(f"  t={time.monotonic() - start:5.1f} s  {text}", flush=True)

    async def faults(self, start: float) -> None:
        """The three faults, each at its moment of the run (they may overlap, as in life)."""
        await asyncio.gather(
            self.kill_server_worker(start), self.kill_task_worker(start), self.db_outage(start)
        )

    async def kill_server_worker(self, start: float) -> None:
        assert self.server is not None
        await asyncio.sleep(0.15 * self.args.duration)
        victims = children_of(self.server.pid)
        victim = random.choice(victims)
        os.kill(victim, signal.SIGKILL)
        self.worker_kill = time.monotonic()
        self.note(start, f"SIGKILL to gunicorn worker {victim} (of {len(victims)})")
        for _ in range(120):
            await asyncio.sleep(0.5)
            now = children_of(self.server.pid)
            if len(now) == len(victims) and victim not in now:
                self.replaced = True
                self.note(start, f"gunicorn runs {len(now)} workers again")
                break

    async def kill_task_worker(self, start: float) -> None:
        assert self.worker is not None
        await asyncio.sleep(0.25 * self.args.duration)
        from toerusting.agenda.tasks import sync_organisation_task

        pages = self.feed.pages
        await asyncio.to_thread(sync_organisation_task.enqueue, ORG)
        self.note(start, "agenda sync of Lindenwaard queued")
        for _ in range(240):
            if self.feed.pages >= pages + 2:
                break
            await asyncio.sleep(0.25)
        self.killed_after_pages = self.feed.pages - pages
        self.worker.kill()
        self.worker.wait()
        self.note(start, f"SIGKILL to the task worker during the sync, after {self.killed_after_pages} pages")
        await asyncio.sleep(1)
        self.start_worker()
        self.note(start, "task worker started again")

    async def db_outage(self, start: float) -> None:
        await asyncio.sleep(0.6 * self.args.duration)
        self.note(start, f"database outage: the proxy refuses connections for {self.args.outage:.0f} s")
        self.outage = await asyncio.to_thread(self.proxy.outage, self.args.outage)
        self.note(start, "database reachable again")


async def drive(run: Run, plan: dict[str, Any], stats: Stats) -> float:
    start = time.monotonic()
    deadline = start + run.args.duration
    tasks = [member(n, run.port, deadline, stats, plan, run.args.pause) for n in range(run.args.members)]
    tasks += [griffie(n, run.port, deadline, stats, plan, run.args.pause) for n in range(run.args.griffie)]
    assert run.server is not None
    cpu = tree_cpu_seconds(run.server.pid)
    faults = asyncio.ensure_future(run.faults(start))
    users = [asyncio.ensure_future(task) for task in tasks]
    # Users stop at the deadline after the step they are in; on an overloaded machine a step can take long,
    # so whoever is still busy 15 s later is cancelled (a write cancelled in flight is not counted).
    _done, pending = await asyncio.wait(users, timeout=run.args.duration + 15)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    await faults
    run.server_cpu = tree_cpu_seconds(run.server.pid) - cpu
    return start


def report(run: Run, stats: Stats, start: float, problems: list[str]) -> dict[str, Any]:
    results = stats.results
    elapsed = max(r.end for r in results) - start if results else 1.0
    answered = [r for r in results if r.status]
    window_start, window_end = run.outage
    grace = 1.0

    def in_outage(result: Result) -> bool:
        return result.start <= window_end + grace and result.end >= window_start

    def near_kill(result: Result) -> bool:
        in_flight = result.start <= run.worker_kill + 1 and result.end >= run.worker_kill - 1
        # A keep-alive connection of the killed worker stays open on our side until it is used again (at
        # most the 3 s the client keeps an idle connection): that next request finds it closed, and a
        # browser would retry it.
        stale = result.opened <= run.worker_kill <= result.start <= run.worker_kill + 4
        return in_flight or stale

    errors: dict[str, int] = defaultdict(int)
    for result in results:
        if result.status == 0:
            allowed = near_kill(result) or in_outage(result)
            errors[f"no answer ({result.problem}){'' if allowed else ' OUTSIDE the faults'}"] += 1
            if not allowed:
                problems.append(f"{result.kind}: no answer outside the faults ({result.problem})")
        elif result.status >= 500:
            allowed = in_outage(result)
            errors[f"{result.status}{' during the outage' if allowed else ' OUTSIDE the outage'}"] += 1
            if not allowed:
                problems.append(f"{result.kind}: {result.status} outside the database outage")
            if result.problem:
                problems.append(f"{result.kind}: {result.problem}")
        elif result.status >= 400:
            errors[str(result.status)] += 1
            problems.append(f"{result.kind}: {result.status}")
    uptime = os.getloadavg()
    print()
    print(
        f"== bench/load.py: {run.args.members} members, {run.args.griffie} griffie users, "
        f"{run.args.duration:.0f} s, "
        f"{run.args.workers} gunicorn workers; load average {uptime[0]:.2f} on {os.cpu_count()} cores"
    )
    print(
        f"   {len(results):,} requests in {elapsed:.1f} s: {len(answered) / elapsed:,.1f} answered requests/s"
    )
    print(
        f"   CPU of the server's processes: {run.server_cpu:.0f} s, "
        f"{run.server_cpu * 1000 / max(1, len(answered)):.1f} ms per answered request "
        "(PostgreSQL's and Redis' share not included)"
    )
    print(f"   {'kind':<24}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    kinds: dict[str, list[float]] = defaultdict(list)
    for result in answered:
        kinds[result.kind].append((result.end - result.start) * 1000)
    every = [ms for values in kinds.values() for ms in values]
    for kind, values in [*sorted(kinds.items()), ("all", every)]:
        print(
            f"   {kind:<24}{len(values):>7}{percentile(values, 0.5):9.1f}{percentile(values, 0.95):9.1f}"
            f"{percentile(values, 0.99):9.1f}"
        )
    print("   errors: " + (", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"))
    counts: dict[str, int] = defaultdict(int)
    for write in stats.writes:
        counts[write[0]] += 1
    print(
        "   acknowledged writes checked in the database: "
        + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        + f" ({len(stats.unsure)} without an answer or with a 503, not counted)"
    )
    for refused in stats.refused[:10]:
        problems.append(f"a write was not acknowledged: {refused}")
    print(f"   the interrupted agenda sync: {run.sync_finished}")
    print("   faults: " + "; ".join(f"t={t:.1f} s {text}" for t, text in run.events))
    for problem in problems[:40]:
        print(f"   FAIL {problem}")
    print("   result: " + ("FAILED" if problems else "passed: no lost write, no 5xx outside the outage"))
    return {
        "requests": len(results),
        "seconds": elapsed,
        "throughput": len(answered) / elapsed,
        "server_cpu_ms_per_request": run.server_cpu * 1000 / max(1, len(answered)),
        "p50": percentile(every, 0.5),
        "p95": percentile(every, 0.95),
        "p99": percentile(every, 0.99),
        "errors": dict(errors),
        "writes": dict(counts),
        "problems": problems,
        "events": run.events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--name", default="toerusting_load", help="the database created for the run")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/7", help="the shared cache (a database of its own)"
    )
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--griffie", type=int, default=20)
    parser.add_argument("--duration", type=float, default=90)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--outage", type=float, default=5)
    parser.add_argument("--pause", type=float, default=0.5, help="a user's think time between requests (s)")
    parser.add_argument("--json", type=Path, help="write the figures and problems here")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench/load.py runs on PostgreSQL: give --database-url postgres://...")

    import psycopg
    import redis

    base = args.database_url.rpartition("/")[0]
    direct = f"{base}/{args.name}"
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.name}"')
    redis.Redis.from_url(args.redis).flushdb()  # its own database: old cached pages would be wrong
    target = urllib.parse.urlsplit(direct)
    proxy = Proxy((target.hostname or "127.0.0.1", target.port or 5432))
    proxied = direct.replace(f"{target.hostname}:{target.port or 5432}", f"127.0.0.1:{proxy.port}", 1)
    feed = Feed(delay=0.4)
    tmp = Path(tempfile.mkdtemp(prefix="toerusting-load-"))
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": proxied,
            "CACHE_URL": args.redis,
            "SECURE_COOKIES": "false",
            "TOERUSTING_VAR_DIR": str(tmp),
            "STATIC_ROOT": str(tmp / "static"),
            "LOG_LEVEL": "WARNING",
            "ACCESS_LOG": "false",
            "WORKER_ID": f"load-bench-{os.getpid()}",
            "AGENDA_SYNC_INTERVAL_SECONDS": "0",  # the bench queues the sync itself
            "SCHEDULER_TICK_SECONDS": "5",
        }
    )
    # This process reads and checks the database directly (not through the proxy).
    os.environ.update({**env, "DATABASE_URL": direct, "TASKS_BACKEND": "database"})
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "toerusting.settings"
    import django

    django.setup()
    from django.db import connections

    run = Run(args, env, tmp, free_port(), proxy, feed)
    problems: list[str] = []
    try:
        began = time.monotonic()
        plan = setup_database(direct, feed.port, args.griffie)
        connections.close_all()
        print(
            f"database {args.name} set up in {time.monotonic() - began:.0f} s; starting the server and worker"
        )
        run.start_server()
        run.start_worker()
        idle = wait_for_idle_queue()
        print(
            f"the worker ran its first scheduled jobs ({idle:.0f} s); load for {args.duration:.0f} s",
            flush=True,
        )
        stats = Stats()
        start = asyncio.run(drive(run, plan, stats))
        for _ in range(240):  # the interrupted sync finishes after the restart
            state = sync_state()
            if state in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(0.5)
        run.sync_finished = f"task {state} after the restart; feed pages served: {feed.pages}"
        if not 0 < run.killed_after_pages < FEED_MEETINGS // FEED_PAGE:
            problems.append(
                f"the task worker was not killed during the sync ({run.killed_after_pages} pages)"
            )
        if state != "SUCCESSFUL":
            problems.append(f"the interrupted agenda sync did not finish after the restart ({state})")
        connections.close_all()  # the checks read through a fresh connection
        problems += check_sync()
        problems += check_writes(stats)
        if not run.replaced:
            problems.append("gunicorn did not replace the killed worker")
        if run.worker is not None and run.worker.poll() is not None:
            problems.append(
                f"the task worker stopped (exit {run.worker.returncode}): see {tmp / 'worker.log'}"
            )
        if run.server is not None and run.server.poll() is not None:
            problems.append("the server stopped during the run")
        figures = report(run, stats, start, problems)
        if stats.bad_bodies:
            print("   first unclean 5xx body:", stats.bad_bodies[0][:1500])
            print(
                "   the server's log of that request:",
                server_log_of(tmp / "server.log", stats.bad_request_ids[0]),
            )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
    finally:
        for process in (run.server, run.worker):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (run.server, run.worker):
            if process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=30)
        proxy.stop()
        feed.server.shutdown()
        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
