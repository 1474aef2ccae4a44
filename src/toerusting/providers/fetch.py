"""Fetching a provider's feed: only http(s), a size limit and a deadline, redirects only on the feed's own
host (a feed that redirects elsewhere is not read), and only to public addresses: a host that resolves to a
private, loopback or link-local address is refused unless PROVIDER_FEED_ALLOW_PRIVATE is set (tests, a
provider on the same network), so that a feed address cannot be used to reach the platform's own network.
The connection goes to the address that was checked (toerusting.outbound.session): a second DNS answer
cannot point it elsewhere."""

from __future__ import annotations

import time
import urllib.parse

import requests
import urllib3
from django.conf import settings

from toerusting import __version__, outbound

USER_AGENT = f"Toerusting/{__version__} (learning provider feed; +https://github.com/toerusting)"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The feed could not be fetched; the message names the address and the reason."""


MAX_REDIRECTS = 5


def _refusal(url: str, refused: outbound.OutboundRefused) -> FetchError:
    if not refused.address:
        return FetchError(f"{url}: the host {refused.host} is not found")
    return FetchError(f"{url}: {refused.host} is not a public address ({refused.address}), not read")


def _failure(url: str, exc: Exception) -> FetchError:
    """What went wrong, in words an operator can act on (never what a host answered)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError(f"{url}: the secure connection failed")
    if isinstance(exc, requests.Timeout | urllib3.exceptions.TimeoutError | TimeoutError):
        return FetchError(f"{url}: no answer in time")
    if isinstance(exc, requests.ConnectionError):
        return FetchError(f"{url}: no connection to the host")
    return FetchError(f"{url}: the answer could not be read ({exc.__class__.__name__})")


def _read(url: str, answer: requests.Response, deadline: float) -> bytes:
    max_bytes = settings.PROVIDER_FEED_MAX_BYTES
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: the feed is larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in answer.iter_content(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the feed is larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: reading the feed took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str) -> bytes:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url}: only http and https addresses are read")
    deadline = time.monotonic() + settings.PROVIDER_FEED_DEADLINE
    session = outbound.session(allow_private=settings.PROVIDER_FEED_ALLOW_PRIVATE)
    current = url
    try:
        if not settings.PROVIDER_FEED_ALLOW_PRIVATE:
            # Before any request, also through a proxy (whose connections the session does not pin).
            outbound.public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        for _ in range(MAX_REDIRECTS + 1):
            with session.get(
                current,
                headers={"User-Agent": USER_AGENT},
                timeout=min(30.0, settings.PROVIDER_FEED_DEADLINE),
                allow_redirects=False,
                stream=True,
            ) as answer:
                if answer.is_redirect:
                    current = urllib.parse.urljoin(current, answer.headers["Location"])
                    target = urllib.parse.urlsplit(current)
                    if target.scheme not in {"http", "https"} or target.hostname != parts.hostname:
                        raise FetchError(
                            f"{url}: redirects to another host ({target.hostname}), not followed"
                        )
                    continue
                if answer.status_code >= 400:
                    raise FetchError(f"{url}: the server answered {answer.status_code}")
                return _read(url, answer, deadline)
    except outbound.OutboundRefused as refused:
        raise _refusal(url, refused) from refused
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise _failure(url, exc) from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects, not followed")
