"""Requests Toerusting makes to addresses an organisation configured (an identity provider, an LTI platform's
key set): never to the platform's own network. The host is resolved and refused when any of its addresses is
private, loopback, link-local, shared, reserved or multicast, unless OUTBOUND_ALLOW_PRIVATE_ADDRESSES is set
(a deployment inside a council's own network, and the tests, whose peers run on loopback).

The check resolves the name before the request, which resolves it again: a host that answers differently the
second time (DNS rebinding) is not caught here. The link check and the provider feeds connect to the checked
address itself (toerusting.linkcheck.fetch)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class OutboundRefused(Exception):
    """The address may not be requested; the message names the host, never what answered there."""


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
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(f"{parts.hostname}: cannot be resolved") from exc
    if not all(is_public_address(str(info[4][0])) for info in infos):
        raise OutboundRefused(f"{parts.hostname}: a private or local address")
