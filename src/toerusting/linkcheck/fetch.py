"""One outgoing HTTP request of the link check, with its limits.

- http and https only; the host is resolved once and every address it has must be public (no private,
  loopback, link-local or reserved ranges) unless `allow_private` (tests): the connection then goes to that
  very address, so a second DNS answer cannot point the request somewhere else.
- at most `connect_timeout` seconds for the connection and `total_timeout` seconds for the whole request: a
  timer shuts the socket when the time is up, however slowly the server sends.
- at most `read_limit` bytes of the body are read; the connection is closed after each request.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urlsplit

from toerusting import outbound

SCHEMES = {"http": 80, "https": 443}


class Refused(Exception):
    """A request the link check does not make (another scheme, a private address)."""


class Unreachable(Exception):
    """The request was made but brought no answer (DNS, connection, TLS, timeout, a broken answer)."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to; Refused when one of the host's addresses is not public (the one check of
    toerusting.outbound)."""
    try:
        return outbound.public_address(host, port, allow_private=allow_private)
    except outbound.OutboundRefused as refused:
        if not refused.address:
            raise Unreachable(f"host not found: {host}") from refused
        raise Refused(f"{host} has a private or local address ({refused.address})") from refused


def request(
    method: str,
    url: str,
    *,
    user_agent: str,
    connect_timeout: float,
    total_timeout: float,
    read_limit: int,
    allow_private: bool,
) -> Response:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES or not parts.hostname:
            raise Refused(f"not a web address: {url[:100]}")
        host = parts.hostname.encode("idna").decode("ascii")  # a name with accents, as DNS knows it
        port = parts.port or SCHEMES[scheme]
    except (ValueError, UnicodeError) as exc:
        raise Refused(f"not a valid web address: {url[:100]}") from exc
    # Spaces and letters outside ASCII in the path are sent percent-encoded, as a browser sends them.
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~") + (
        f"?{quote(parts.query, safe='/%:@!$&()*+,;=-._~?')}" if parts.query else ""
    )
    started = time.monotonic()
    address = resolve(host, port, allow_private=allow_private)
    remaining = max(total_timeout - (time.monotonic() - started), 0.001)
    try:
        sock = socket.create_connection((address, port), timeout=min(connect_timeout, remaining))
    except TimeoutError as exc:
        raise Unreachable(f"no connection within {connect_timeout:g} s") from exc
    except OSError as exc:
        raise Unreachable(f"no connection: {exc.strerror or exc}") from exc
    timed_out = threading.Event()

    def give_up() -> None:
        timed_out.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    remaining = max(total_timeout - (time.monotonic() - started), 0.001)
    timer = threading.Timer(remaining, give_up)
    timer.daemon = True
    timer.start()
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port, timeout=remaining)  # its own socket is never opened: ours is set below
    try:
        sock.settimeout(remaining)
        if scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection.sock = sock
        connection.request(method, target, headers={"User-Agent": user_agent, "Accept": "*/*"})
        answer = connection.getresponse()
        body = answer.read(read_limit) if method != "HEAD" else b""
        return Response(status=answer.status, headers=answer.msg, body=body)
    except (OSError, http.client.HTTPException) as exc:
        if timed_out.is_set() or isinstance(exc, TimeoutError):
            raise Unreachable(f"no complete answer within {total_timeout:g} s") from exc
        if isinstance(exc, ssl.SSLError):
            raise Unreachable(f"secure connection failed: {exc.reason or exc}") from exc
        raise Unreachable(f"no valid answer: {exc.__class__.__name__}") from exc
    finally:
        timer.cancel()
        connection.close()
        sock.close()
