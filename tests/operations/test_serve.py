"""`toerusting serve` serves the application in production mode with several worker processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operations.conftest import ROOT, TOERUSTING, free_port, production_environment


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def wait_until_up(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            if get(f"{base}/health/live")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail("the server did not come up within 60 s")


@pytest.fixture(scope="module")
def server(migrated_var_dir: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = production_environment(
        migrated_var_dir, CACHE_URL="db", SECURE_COOKIES="false", STATIC_ROOT=str(migrated_var_dir / "static")
    )
    process = subprocess.Popen(  # noqa: S603  (our own command)
        [TOERUSTING, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def test_serves_pages_and_static_files_in_production_mode(server: tuple[str, subprocess.Popen[str]]) -> None:
    base, _process = server
    status, body, _headers = get(f"{base}/catalogus/")
    assert status == 200
    # DEBUG is off: static files have WhiteNoise's hashed names, and WhiteNoise serves them.
    css = re.search(rb'href="/static/(portal/theme\.[0-9a-f]{12}\.css)"', body)
    assert css, body[:500]
    status, _css, headers = get(f"{base}/static/{css.group(1).decode()}")
    assert status == 200
    assert "max-age=315360000" in headers.get("Cache-Control", ""), headers
    # An unknown page is the production 404 page, not Django's debug page.
    status, body, _headers = get(f"{base}/bestaat-niet/")
    assert status == 404
    assert b"Using the URLconf" not in body


def worker_pids(server_pid: int) -> list[str]:
    """The gunicorn worker processes: the children of the server process."""
    pgrep = ["pgrep", "-P", str(server_pid)]
    return subprocess.run(pgrep, capture_output=True, text=True, check=False).stdout.split()  # noqa: S603


def test_a_killed_worker_process_is_replaced(server: tuple[str, subprocess.Popen[str]]) -> None:
    base, process = server
    children = worker_pids(process.pid)
    assert len(children) == 2
    os.kill(int(children[0]), signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = worker_pids(process.pid)
        if len(now) == 2 and children[0] not in now:
            break
        time.sleep(0.2)
    assert len(now) == 2 and children[0] not in now, now
    for _ in range(10):
        assert get(f"{base}/health/")[0] == 200


def test_metrics_add_up_over_the_worker_processes(server: tuple[str, subprocess.Popen[str]]) -> None:
    base, _process = server
    for _ in range(6):
        status, body, _headers = get(f"{base}/health/ready")
        assert status == 200, body
    status, body, _headers = get(f"{base}/metrics")
    assert status == 200
    line = 'toerusting_http_requests_total{method="GET",route="health_ready",status="200"}'
    values = [float(row.rsplit(" ", 1)[1]) for row in body.decode().splitlines() if row.startswith(line)]
    assert values == [6.0], body.decode()[:3000]
