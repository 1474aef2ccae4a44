"""Addresses an organisation configures are never on the platform's own network (toerusting.outbound):
the identity provider's and the LTI platform's fetches are refused before any request is made, and every
connection goes to the address that was checked (no second DNS answer, no redirect onto the network)."""

from __future__ import annotations

import http.server
import socket
import threading
from typing import Any

import pytest
import requests
import urllib3
from pytest_django.fixtures import Settings

from toerusting import outbound


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5432/",
        "http://localhost/.well-known/openid-configuration",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/jwks",
        "http://[::1]/jwks",
        "http://100.64.1.1/",
        "ftp://example.org/keys",
    ],
)
def test_private_and_local_addresses_are_refused(url: str, settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_public(url)


def test_a_public_address_passes(settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    outbound.check_public("https://93.184.215.14/jwks")


def test_the_switch_lets_loopback_through(settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    outbound.check_public("http://127.0.0.1:8000/")


# Requests through outbound.session(): each connection goes to the address that was checked ----------------


PUBLIC = "93.184.215.14"


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Name resolution under the test's control: each lookup of idp.example takes the next answer of the
    list (the last one repeats), as a DNS server that rebinds would answer."""
    answers: list[str] = []
    real = socket.getaddrinfo

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "idp.example":
            return real(host, port, *args, **kwargs)
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return answers


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The addresses urllib3 connects to; no connection is made (refused at once)."""
    made: list[tuple[str, int]] = []

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        made.append(address)
        raise ConnectionRefusedError(111, "refused in the test")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", connect)
    return made


def test_a_request_connects_to_the_address_it_checked(
    settings: Settings, resolver: list[str], connections: list[tuple[str, int]]
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    resolver.append(PUBLIC)
    with pytest.raises(requests.ConnectionError):
        outbound.session().get("http://idp.example/.well-known/openid-configuration", timeout=2)
    # The checked address itself, not the name (which the connection would resolve a second time).
    assert connections == [(PUBLIC, 80)]


def test_a_host_that_rebinds_to_a_private_address_is_refused(
    settings: Settings, resolver: list[str], connections: list[tuple[str, int]]
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    resolver.extend([PUBLIC, "127.0.0.1"])
    outbound.check_public("http://idp.example/jwks")  # the first answer is public
    with pytest.raises(outbound.OutboundRefused, match=r"idp.example: a private or local address"):
        outbound.session().get("http://idp.example/jwks", timeout=2)
    assert connections == []


def test_a_redirect_to_a_private_address_is_refused(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public host (here 127.0.0.1 counts as one) that redirects to a private one: the second connection is
    refused, although the first URL passed the check."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(outbound, "is_public_address", lambda address: address == "127.0.0.1")

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{self.server.server_port}/metadata")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/jwks"
        outbound.check_public(url)
        with pytest.raises(outbound.OutboundRefused, match=r"127.0.0.2: a private or local address"):
            outbound.session().get(url, timeout=5)
    finally:
        server.shutdown()
        server.server_close()


def test_the_switch_connects_by_name(
    settings: Settings, resolver: list[str], connections: list[tuple[str, int]]
) -> None:
    """Inside a council's own network (the switch on) the request resolves the name itself."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    resolver.append("10.0.0.8")
    with pytest.raises(requests.ConnectionError):
        outbound.session().get("http://idp.example/jwks", timeout=2)
    assert connections == [("idp.example", 80)]
