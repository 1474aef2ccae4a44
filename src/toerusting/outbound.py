"""Requests Toerusting makes to addresses someone configured (an identity provider, an LTI platform's key set,
a provider's feed): never to the platform's own network. A host is refused when any of its addresses is
private, loopback, link-local, shared, reserved or multicast, unless OUTBOUND_ALLOW_PRIVATE_ADDRESSES is set
(a deployment inside a council's own network, and the tests, whose peers run on loopback).

`check_public(url)` refuses such a URL before a request, with a message that names the host. `session()`
makes the requests: each of its connections resolves the host once, checks every address and connects to
the checked address itself, so a host that answers differently the second time (DNS rebinding) or a
redirect to another host cannot lead a request onto the platform's network. Through a configured HTTP(S)
proxy the proxy resolves the name; the check before the request still applies. The link check connects to
the address it checked in the same way (toerusting.linkcheck.fetch)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3 import connection as urllib3_connection
from urllib3 import connectionpool
from urllib3.exceptions import NewConnectionError


class OutboundRefused(Exception):
    """The address may not be requested; the message names the host, never what answered there."""

    def __init__(self, message: str, *, host: str = "", address: str = "") -> None:
        super().__init__(message)
        self.host = host
        self.address = address  # the private address, when that was the reason; empty when unresolved


def is_public_address(address: str) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 address counts as its IPv4 address): not
    private, loopback, link-local, shared (100.64.0.0/10), reserved, documentation or multicast. The one
    rule for every request to an address someone configured (this module, the link check, provider feeds)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public(url: str) -> None:
    """Refuse a URL that is not http(s), or whose host resolves to an address of a private network."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundRefused(f"not an http(s) address: {url[:100]!r}")
    if getattr(settings, "OUTBOUND_ALLOW_PRIVATE_ADDRESSES", False):
        return
    public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _allow_private(allow_private: bool | None) -> bool:
    if allow_private is not None:
        return allow_private
    return bool(getattr(settings, "OUTBOUND_ALLOW_PRIVATE_ADDRESSES", False))


def public_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """The address to connect to: the host resolved once, refused when any of its addresses is not public
    (unless `allow_private`, for a caller with its own switch)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(f"{host}: cannot be resolved", host=host) from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise OutboundRefused(f"{host}: cannot be resolved", host=host)
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise OutboundRefused(
                    f"{host}: a private or local address ({address})", host=host, address=address
                )
    return addresses[0]


class _AddressRefused(NewConnectionError):
    """Raised inside a connection (urllib3 wraps it); the adapter turns it back into OutboundRefused."""

    def __init__(self, conn: Any, refused: OutboundRefused) -> None:
        super().__init__(conn, str(refused))
        self.refused = refused


class _PinnedMixin:
    """A direct connection goes to the address that was checked; a connection to a proxy is left alone."""

    _dns_host: str
    port: int
    proxy: Any

    def _new_conn(self) -> Any:
        if self.proxy is not None:
            return super()._new_conn()  # type: ignore[misc]
        name = self._dns_host
        try:
            self._dns_host = public_address(name.rstrip("."), self.port)
        except OutboundRefused as refused:
            raise _AddressRefused(self, refused) from refused
        try:
            return super()._new_conn()  # type: ignore[misc]
        finally:
            self._dns_host = name  # the name again: TLS checks the certificate against it, Host names it


class _PinnedHTTPConnection(_PinnedMixin, urllib3_connection.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedMixin, urllib3_connection.HTTPSConnection):
    pass


class _PinnedHTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """requests' adapter whose direct connections are pinned to a checked public address."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        if not self.allow_private:
            self.poolmanager.pool_classes_by_scheme = {"http": _PinnedHTTPPool, "https": _PinnedHTTPSPool}

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().send(request, *args, **kwargs)
        except requests.ConnectionError as exc:
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            if isinstance(reason, _AddressRefused):
                raise reason.refused from exc
            raise


_Session = TypeVar("_Session", bound=requests.Session)


def pin(session: _Session, *, allow_private: bool | None = None) -> _Session:
    """Mount the pinned adapter on a session (also on a client library's session, such as authlib's)."""
    adapter = PinnedAdapter(allow_private=_allow_private(allow_private))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def session(*, allow_private: bool | None = None) -> requests.Session:
    """A requests session for addresses someone configured: every connection is pinned to a checked public
    address (see the module's docstring). `allow_private` None follows OUTBOUND_ALLOW_PRIVATE_ADDRESSES."""
    return pin(requests.Session(), allow_private=allow_private)
