"""The HTTP client for live sources: one small interface, a urllib transport, retries on 429 and 5xx.

Live adapters never open sockets themselves; they call HttpClient, whose transport is urllib in production
and a fake in tests (no network in tests). Errors name the URL and the status.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from toerusting import __version__
from toerusting.agenda.parsing import check_json_depth
from toerusting.agenda.records import SourceError

USER_AGENT = f"Toerusting/{__version__} (agenda sync; +https://github.com/toerusting)"


class FetchError(Exception):
    """The source could not be reached or answered with an error."""


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


class Transport(Protocol):
    def __call__(self, request: Request, timeout: float) -> Response: ...


CHUNK = 64 * 1024


def _limits() -> tuple[int, float]:
    from django.conf import settings

    return settings.AGENDA_FETCH_MAX_BYTES, settings.AGENDA_FETCH_DEADLINE


def _read_body(answer: Any, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body, read in chunks as they arrive, stopped past max_bytes or past the deadline."""
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: the answer is larger than {max_bytes} bytes (AGENDA_FETCH_MAX_BYTES)")
    read = getattr(answer, "read1", None) or answer.read
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: the answer took longer than the deadline (AGENDA_FETCH_DEADLINE)")
        chunk = read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the answer is larger than {max_bytes} bytes (AGENDA_FETCH_MAX_BYTES)")
        chunks.append(chunk)


def urllib_transport(
    request: Request, timeout: float, *, max_bytes: int | None = None, deadline: float | None = None
) -> Response:
    """Send a request with the standard library; HTTP error statuses are returned, not raised.

    Each wait on the socket is at most `timeout` seconds, the whole request (body included) at most
    `deadline` seconds, and the body at most `max_bytes` (settings AGENDA_FETCH_DEADLINE and
    AGENDA_FETCH_MAX_BYTES by default)."""
    if not request.url.startswith(("https://", "http://")):
        raise FetchError(f"{request.url}: only http and https URLs are fetched")
    default_bytes, default_deadline = _limits()
    max_bytes = default_bytes if max_bytes is None else max_bytes
    ends_at = time.monotonic() + (default_deadline if deadline is None else deadline)
    prepared = urllib.request.Request(  # noqa: S310 (scheme checked above)
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    try:
        wait = max(0.001, min(timeout, ends_at - time.monotonic()))
        with urllib.request.urlopen(prepared, timeout=wait) as answer:  # noqa: S310
            headers = {key.lower(): value for key, value in answer.headers.items()}
            return Response(answer.status, _read_body(answer, request.url, max_bytes, ends_at), headers)
    except urllib.error.HTTPError as exc:
        headers = {key.lower(): value for key, value in (exc.headers or {}).items()}
        body = _read_body(exc, request.url, max_bytes, ends_at) if exc.fp is not None else b""
        return Response(exc.code, body, headers)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{request.url}: {getattr(exc, 'reason', exc)}") from exc


class HttpClient:
    """GET and POST against one source, with bounded retries for 429 (Retry-After) and 5xx answers."""

    def __init__(
        self,
        transport: Transport = urllib_transport,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 60.0,
    ) -> None:
        self.transport = transport
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        self.max_wait = max_wait

    @staticmethod
    def url(base: str, path: str = "", params: Mapping[str, str | int] | None = None) -> str:
        url = base.rstrip("/") + ("/" + path.lstrip("/") if path else "")
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return url

    def request(self, request: Request) -> Response:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **request.headers}
        request = Request(request.method, request.url, headers, request.body)
        for attempt in range(self.retries + 1):
            response = self.transport(request, self.timeout)
            retryable = response.status == 429 or response.status >= 500
            if not retryable or attempt == self.retries:
                break
            self.sleep(self._wait(response, attempt))
        if response.status >= 400:
            snippet = response.body[:200].decode("utf-8", "replace").strip()
            raise FetchError(f"{request.url}: HTTP {response.status}" + (f": {snippet}" if snippet else ""))
        return response

    def _wait(self, response: Response, attempt: int) -> float:
        retry_after = response.header("retry-after")
        if retry_after.isdigit():
            return min(float(retry_after), self.max_wait)
        return min(2.0**attempt, self.max_wait)

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        return self.request(Request("GET", url, headers or {}))

    def get_json(self, url: str) -> Any:
        response = self.get(url)
        try:
            text = response.body.decode("utf-8-sig")
            check_json_depth(text, url)
            return json.loads(text)
        except SourceError as exc:
            raise FetchError(str(exc)) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FetchError(f"{url}: the answer is not JSON ({exc})") from exc

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Response:
        return self.request(Request("POST", url, headers, body))
