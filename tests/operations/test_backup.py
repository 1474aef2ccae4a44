"""A backup restores into an empty database with every row of every table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.operations.conftest import production_environment, toerusting

Snapshot = dict[str, tuple[int, str]]


def fill(env: dict[str, str]) -> None:
    """Migrate, and load the demo organisations, people and the catalogue."""
    for step in (["migrate", "--noinput"], ["load_demo"], ["load_catalogue"]):
        result = toerusting(step, env, timeout=300)
        assert result.returncode == 0, result.stderr


def digest(rows: list[tuple[object, ...]]) -> tuple[int, str]:
    """Row count and a digest of every row's values, in a stable order."""
    lines = sorted(repr(tuple(str(value) for value in row)) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def sqlite_snapshot(path: Path) -> Snapshot:
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not name.startswith("sqlite_")
        ]
        return {table: digest(db.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables}  # noqa: S608


def postgres_snapshot(url: str) -> Snapshot:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {table: digest(db.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables}  # noqa: S608


def assert_every_row_restored(original: Snapshot, restored: Snapshot) -> None:
    assert sum(count for count, _digest in original.values()) > 500  # the demo is really there
    assert original["organisations_organisation"][0] >= 3
    assert restored.keys() == original.keys()
    different = [table for table in original if restored[table] != original[table]]
    assert not different, different


def backup_and_restore(
    source_env: dict[str, str], target_env: dict[str, str], tmp_path: Path, snapshot: Callable[[], Snapshot]
) -> Snapshot:
    dump = tmp_path / "backup.dump"
    result = toerusting(["backup", str(dump)], source_env)
    assert result.returncode == 0, result.stderr
    assert dump.stat().st_size > 0
    result = toerusting(["restore", "--yes", str(dump)], target_env)
    assert result.returncode == 0, result.stderr
    return snapshot()


def test_sqlite_backup_restores_every_row(tmp_path: Path) -> None:
    source_env = production_environment(tmp_path)
    fill(source_env)
    original = sqlite_snapshot(tmp_path / "production.sqlite3")
    target = tmp_path / "restored.sqlite3"
    target_env = production_environment(tmp_path, DATABASE_URL=f"sqlite:///{target}")
    restored = backup_and_restore(source_env, target_env, tmp_path, lambda: sqlite_snapshot(target))
    assert_every_row_restored(original, restored)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL test run (DATABASE_URL=postgres://...)",
)
def test_postgres_backup_restores_every_row(tmp_path: Path) -> None:
    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    name = base.path.lstrip("/") or "postgres"
    urls = {role: urlunsplit(base._replace(path=f"/{name}_backup_{role}")) for role in ("source", "target")}
    admin = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        for url in urls.values():
            database = urlsplit(url).path.lstrip("/")
            db.execute(f'DROP DATABASE IF EXISTS "{database}"')
            db.execute(f'CREATE DATABASE "{database}"')
    try:
        source_env = production_environment(tmp_path, DATABASE_URL=urls["source"])
        fill(source_env)
        original = postgres_snapshot(urls["source"])
        target_env = production_environment(tmp_path, DATABASE_URL=urls["target"])
        restored = backup_and_restore(
            source_env, target_env, tmp_path, lambda: postgres_snapshot(urls["target"])
        )
        assert_every_row_restored(original, restored)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            for url in urls.values():
                db.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')
