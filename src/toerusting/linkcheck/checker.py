"""The link check's rules for one run: which links are requested and how.

A link is requested only when its host is one of the item's allowed hosts (selectors.allowed_hosts);
redirects are followed only within those hosts, at most MAX_REDIRECTS. HEAD first, GET (at most 64 KB of
the body) when the server refuses HEAD. robots.txt is read once per host and run and obeyed for our
User-Agent. One request per host per `host_interval` seconds at most; a 429 pauses the host for the rest of
the run (and, through the stored pause, until its Retry-After, capped).
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from toerusting.linkcheck import fetch
from toerusting.linkcheck.models import Status

MAX_REDIRECTS = 5
BODY_LIMIT = 64 * 1024
ROBOTS_LIMIT = 512 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
HEAD_REFUSED = {405, 501}


@dataclass(frozen=True)
class Outcome:
    """What one check found. `skipped`: the host asked us to wait; nothing is known about the link."""

    status: Status
    http_status: int | None = None
    error: str = ""
    skipped: bool = False


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def retry_after_seconds(value: str | None, now: dt.datetime) -> int | None:
    """Retry-After as seconds: a number of seconds or an HTTP date (None when absent or unreadable)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(int((when - now).total_seconds()), 0)


@dataclass
class Checker:
    user_agent: str
    connect_timeout: float
    total_timeout: float
    host_interval: float
    retry_after_max: int
    allow_private: bool
    now: dt.datetime
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    # host -> until when it is paused (429); hosts paused by an earlier run are put here before the run
    paused: dict[str, dt.datetime] = field(default_factory=dict)
    requests: int = 0
    _robots: dict[tuple[str, str, int | None], urllib.robotparser.RobotFileParser | None] = field(
        default_factory=dict
    )
    _last_request: dict[str, float] = field(default_factory=dict)

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.host_interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _send(self, method: str, url: str, read_limit: int = 0) -> fetch.Response:
        self._wait_turn(host_of(url))
        self.requests += 1
        return fetch.request(
            method,
            url,
            user_agent=self.user_agent,
            connect_timeout=self.connect_timeout,
            total_timeout=self.total_timeout,
            read_limit=read_limit,
            allow_private=self.allow_private,
        )

    def _pause(self, host: str, response: fetch.Response) -> Outcome:
        seconds = retry_after_seconds(response.headers.get("Retry-After"), self.now)
        seconds = min(seconds if seconds is not None else 0, self.retry_after_max)
        self.paused[host] = self.now + dt.timedelta(seconds=seconds)
        return Outcome(
            Status.NOT_CHECKED,
            429,
            f"the host asked us to wait (HTTP 429); skipped until {self.paused[host]:%Y-%m-%d %H:%M} UTC",
            skipped=True,
        )

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt, read once per run (None: no rules, everything may be read)."""
        parts = urlsplit(url)
        key = (parts.scheme.lower(), host_of(url), parts.port)
        if key in self._robots:
            return self._robots[key]
        parser: urllib.robotparser.RobotFileParser | None = None
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                response = self._send("GET", robots_url, ROBOTS_LIMIT)
                location = response.headers.get("Location")
                if response.status in REDIRECTS and location:
                    target = urljoin(robots_url, location)
                    if host_of(target) == key[1]:
                        robots_url = target
                        continue
                break
        except (fetch.Refused, fetch.Unreachable):
            response = None  # the link's own request reports what is wrong with the host
        if response is not None:
            if 200 <= response.status < 300:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(response.body.decode("utf-8", "replace").splitlines())
            elif response.status == 429:
                self._pause(key[1], response)
            elif response.status >= 500:
                # RFC 9309: a server error on robots.txt means "read nothing" until it is back.
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(["User-agent: *", "Disallow: /"])
            # any other 4xx: there are no rules
        self._robots[key] = parser
        return parser

    def check(self, url: str, allowed: set[str]) -> Outcome:
        try:
            scheme = urlsplit(url).scheme.lower() if url else ""
        except ValueError:
            return Outcome(Status.BROKEN, error="not a valid web address")
        if scheme not in fetch.SCHEMES:
            return Outcome(Status.NOT_CHECKED, error="not a web address (only http and https are checked)")
        host = host_of(url)
        if host not in allowed:
            return Outcome(Status.NOT_CHECKED, error="other host: only the provider's own site is checked")
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            host = host_of(current)
            if host in self.paused:
                return Outcome(
                    Status.NOT_CHECKED,
                    error=f"the host asked us to wait; skipped until {self.paused[host]:%Y-%m-%d %H:%M} UTC",
                    skipped=True,
                )
            robots = self._robots_for(current)
            if robots is not None and not robots.can_fetch(self.user_agent, current):
                return Outcome(Status.ROBOTS, error="robots.txt of the site does not allow us to check it")
            if host in self.paused:  # robots.txt itself answered 429
                return Outcome(Status.NOT_CHECKED, 429, "the host asked us to wait (HTTP 429)", skipped=True)
            try:
                response = self._send("HEAD", current)
                if response.status in HEAD_REFUSED:
                    response = self._send("GET", current, BODY_LIMIT)
            except fetch.Refused as exc:
                return Outcome(Status.NOT_CHECKED, error=str(exc)[:300])
            except fetch.Unreachable as exc:
                return Outcome(Status.UNREACHABLE, error=str(exc)[:300])
            if response.status == 429:
                return self._pause(host, response)
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    return Outcome(Status.BROKEN, response.status, "redirect without a Location")
                try:
                    target = urljoin(current, location)
                    target_scheme = urlsplit(target).scheme.lower()
                except ValueError:
                    return Outcome(Status.BROKEN, response.status, "redirect to an address that is not valid")
                if target_scheme not in fetch.SCHEMES:
                    return Outcome(
                        Status.NOT_CHECKED,
                        response.status,
                        "redirects to an address that is not a web address",
                    )
                if host_of(target) not in allowed:
                    return Outcome(
                        Status.NOT_CHECKED,
                        response.status,
                        f"redirects to another host ({host_of(target)[:200]}); not followed",
                    )
                current = target
                continue
            if 200 <= response.status < 300:
                return Outcome(Status.OK, response.status)
            return Outcome(Status.BROKEN, response.status, f"HTTP {response.status}")
        return Outcome(Status.BROKEN, None, f"more than {MAX_REDIRECTS} redirects")
