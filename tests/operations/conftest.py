"""Fixtures for the production commands: a fresh shell's environment and a migrated database file."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
TOERUSTING = str(ROOT / ".venv" / "bin" / "toerusting")
GOOD_KEY = "k" * 20 + "-production-test-key-" + "q" * 20


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """A fresh shell's environment (none of the Makefile's settings) with production settings."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        {
            "TOERUSTING_VAR_DIR": str(var_dir),
            "DEBUG": "false",
            "SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": f"sqlite:///{var_dir / 'production.sqlite3'}",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra)
    return env


def toerusting(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own command)
        [TOERUSTING, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def migrated_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ directory whose SQLite database has every migration and the cache table."""
    var_dir = tmp_path_factory.mktemp("production-var")
    env = production_environment(var_dir, CACHE_URL="db")
    for step in (["migrate", "--noinput"], ["createcachetable"]):
        result = toerusting(step, env)
        assert result.returncode == 0, result.stderr
    return var_dir
