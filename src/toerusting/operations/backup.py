"""Backup and restore of the database: SQLite through its online backup API, PostgreSQL through pg_dump
and pg_restore (the client programs of the server's major version must be installed)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _database(using: str) -> dict[str, Any]:
    return dict(connections[using].settings_dict)


def _vendor(using: str) -> str:
    return connections[using].vendor


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(program: str, args: list[str], env: dict[str, str]) -> None:
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run([path, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another, page by page, consistently (SQLite's backup API)."""
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def backup(target: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write a consistent copy of the database to `target`, while the application keeps running."""
    database = _database(using)
    vendor = _vendor(using)
    target.parent.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        _sqlite_copy(Path(database["NAME"]), target)
    elif vendor == "postgresql":
        args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", database["NAME"]]
        _run("pg_dump", args, _pg_environment(database))
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")


def restore(source: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database's contents with the backup in `source` (stop the app and the worker first)."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    database = _database(using)
    vendor = _vendor(using)
    connections[using].close()
    if vendor == "sqlite":
        _sqlite_copy(source, Path(database["NAME"]))
    elif vendor == "postgresql":
        args = [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(source),
        ]
        _run("pg_restore", args, _pg_environment(database))
    else:
        raise BackupError(f"Restoring {vendor} databases is not supported.")
