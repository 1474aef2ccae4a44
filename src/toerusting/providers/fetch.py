"""Fetching a provider's feed: only http(s), a size limit and a deadline, redirects only on the feed's own
host (a feed that redirects elsewhere is not read), and only to public addresses: a host that resolves to a
private, loopback or link-local address is refused unless PROVIDER_FEED_ALLOW_PRIVATE is set (tests, a
provider on the same network), so that a feed address cannot be used to reach the platform's own network."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from toerusting import __version__, outbound

USER_AGENT = f"Toerusting/{__version__} (learning provider feed; +https://github.com/toerusting)"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The feed could not be fetched; the message names the address and the reason."""


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, host: str) -> None:
        self.host = host

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        target = urllib.parse.urlsplit(newurl)
        if target.scheme not in {"http", "https"} or target.hostname != self.host:
            raise FetchError(f"{req.full_url}: redirects to another host ({target.hostname}), not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_public(url: str, host: str, port: int) -> None:
    if settings.PROVIDER_FEED_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except OSError as exc:
        raise FetchError(f"{url}: the host {host} is not found") from exc
    for address in addresses:
        if not outbound.is_public_address(str(address)):
            raise FetchError(f"{url}: {host} is not a public address ({address}), not read")


def fetch(url: str) -> bytes:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url}: only http and https addresses are read")
    _check_public(url, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    max_bytes = settings.PROVIDER_FEED_MAX_BYTES
    deadline = time.monotonic() + settings.PROVIDER_FEED_DEADLINE
    opener = urllib.request.build_opener(_SameHostRedirects(parts.hostname))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked)
    try:
        with opener.open(request, timeout=min(30.0, settings.PROVIDER_FEED_DEADLINE)) as answer:
            declared = answer.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: the feed is larger than {max_bytes} bytes")
            chunks: list[bytes] = []
            size = 0
            while chunk := answer.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: the feed is larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: reading the feed took too long")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
