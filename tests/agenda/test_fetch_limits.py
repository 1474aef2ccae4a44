"""Live sync answers are limited in size and in time (AGENDA_FETCH_MAX_BYTES, AGENDA_FETCH_DEADLINE),
against a real HTTP server on 127.0.0.1 that sends an endless or a dripping body."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from toerusting.agenda.http import FetchError, HttpClient, urllib_transport

STOP = threading.Event()
# The server gives up by itself after this much, so that a client without limits ends the test (and
# fails it) instead of hanging.
ENDLESS_BYTES = 64 * 1024 * 1024
DRIP_SECONDS = 20.0


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the body ends when the connection closes: no length is given

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if self.path == "/declared":
                self.send_header("Content-Length", str(10**12))
            self.end_headers()
            try:
                if self.path == "/endless":
                    chunk = b" " * 65536
                    for _ in range(ENDLESS_BYTES // len(chunk)):
                        self.wfile.write(chunk)
                elif self.path == "/drip":
                    drips = int(DRIP_SECONDS / 0.05)
                    for _ in range(drips):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        if STOP.wait(0.05):  # the pace of the drip, not a wait of the test
                            break
                self.wfile.write(b"{}")
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    STOP.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


@override_settings(AGENDA_FETCH_MAX_BYTES=1024 * 1024)
def test_an_endless_answer_is_cut_at_the_size_limit(server: str) -> None:
    with pytest.raises(FetchError, match=r"/endless: the answer is larger than 1048576 bytes"):
        HttpClient(urllib_transport, timeout=30).get(f"{server}/endless")


@override_settings(AGENDA_FETCH_MAX_BYTES=1024 * 1024)
def test_a_declared_length_over_the_limit_is_refused_before_reading(server: str) -> None:
    with pytest.raises(FetchError, match=r"/declared: the answer is larger than"):
        HttpClient(urllib_transport, timeout=30).get(f"{server}/declared")


@override_settings(AGENDA_FETCH_DEADLINE=0.5)
def test_a_dripping_answer_is_stopped_at_the_deadline(server: str) -> None:
    # Every byte comes well within the socket timeout, so only the overall deadline can stop it.
    with pytest.raises(FetchError, match=r"/drip: the answer took longer than the deadline"):
        HttpClient(urllib_transport, timeout=30).get(f"{server}/drip")


def test_an_answer_within_the_limits_is_read(server: str) -> None:
    assert HttpClient(urllib_transport, timeout=30).get_json(f"{server}/small") == {}
