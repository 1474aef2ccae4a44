"""The short load and fault test (bench/load.py): the production server with 4 workers and the task worker
on PostgreSQL with Redis, 40 members and 4 griffie users for 30 seconds, while a server worker is killed, the
task worker is killed during an agenda sync and the database refuses connections for 4 seconds. It fails on
any acknowledged write that is not in the database, any 5xx outside the outage, an unclean error page, or a
sync that does not finish after the worker's restart. About two minutes; it runs in the PostgreSQL run of
`make test` (CI) and is skipped on SQLite."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.operations.conftest import ROOT

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS = os.environ.get("LOAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="the load and fault test runs on PostgreSQL (set DATABASE_URL=postgres://...); this run uses "
        "SQLite",
    ),
]


def test_load_with_faults_loses_no_write_and_answers_5xx_only_in_the_outage(tmp_path: Path) -> None:
    if not redis_reachable():
        if os.environ.get("TOERUSTING_REQUIRE_REDIS", "").lower() in ("1", "true", "yes"):
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 and TOERUSTING_REQUIRE_REDIS is set")
        pytest.skip("the load and fault test needs Redis at 127.0.0.1:6379 (the shared cache)")
    report = tmp_path / "load.json"
    result = subprocess.run(  # noqa: S603  (our own script)
        [
            sys.executable,
            str(ROOT / "bench" / "load.py"),
            "--database-url",
            DATABASE_URL,
            "--name",
            f"toerusting_load_test_{os.getpid()}",
            "--redis",
            REDIS,
            "--members",
            "40",
            "--griffie",
            "4",
            "--duration",
            "30",
            "--outage",
            "4",
            "--json",
            str(report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    output = result.stdout[-6000:] + result.stderr[-4000:]
    assert report.exists(), output
    figures = json.loads(report.read_text())
    assert figures["problems"] == [], output
    assert result.returncode == 0, output
    # The run did what it claims: members completed items and answered questions, the griffie curated and
    # planned, and the outage was felt (clean 503s) while the load ran.
    assert figures["writes"].get("complete", 0) > 0, output
    assert figures["writes"].get("curation", 0) > 0, output
    assert figures["writes"].get("period", 0) > 0, output
    assert any(kind.startswith("503 during the outage") for kind in figures["errors"]), output
    assert figures["throughput"] > 0, output
