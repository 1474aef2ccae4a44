"""`toerusting serve` and `toerusting worker` refuse to start on unsafe settings, with one clear message
and no traceback, and start when everything is in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.operations.conftest import production_environment, toerusting


def assert_refused(result: object, *fragments: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode != 0, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr, stderr
    for fragment in fragments:
        assert fragment in stderr, stderr


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_refuses_without_a_secret_key(tmp_path: Path, command: str) -> None:
    env = production_environment(tmp_path)
    del env["SECRET_KEY"]
    assert_refused(
        toerusting([command, "--check-only"] if command == "serve" else [command], env),
        "SECRET_KEY is required",
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("change-me-to-a-long-random-string", "placeholder"),
        ("changeme", "placeholder"),
        ("django-insecure-0123456789abcdefghijklmnopqrstuvwxyz", "placeholder"),
        ("short-but-not-empty", "too short"),
    ],
)
def test_serve_refuses_a_placeholder_secret_key(tmp_path: Path, key: str, message: str) -> None:
    result = toerusting(["serve", "--check-only"], production_environment(tmp_path, SECRET_KEY=key))
    assert_refused(result, message)


def test_serve_refuses_unapplied_migrations(tmp_path: Path) -> None:
    result = toerusting(["serve", "--check-only", "--workers", "1"], production_environment(tmp_path))
    assert_refused(result, "unapplied migration", "toerusting migrate")


def test_worker_refuses_unapplied_migrations(tmp_path: Path) -> None:
    assert_refused(toerusting(["worker"], production_environment(tmp_path)), "unapplied migration")


def test_serve_refuses_debug(migrated_var_dir: Path) -> None:
    env = production_environment(migrated_var_dir, DEBUG="true")
    assert_refused(toerusting(["serve", "--check-only", "--workers", "1"], env), "DEBUG is true")


def test_serve_refuses_several_workers_without_a_shared_cache(migrated_var_dir: Path) -> None:
    env = production_environment(migrated_var_dir)
    assert_refused(toerusting(["serve", "--check-only", "--workers", "2"], env), "shared cache", "CACHE_URL")


def test_worker_refuses_when_tasks_run_in_process(migrated_var_dir: Path) -> None:
    env = production_environment(migrated_var_dir, TASKS_BACKEND="immediate")
    assert_refused(toerusting(["worker"], env), "TASKS_BACKEND")


def test_serve_checks_pass_with_production_settings(migrated_var_dir: Path) -> None:
    env = production_environment(migrated_var_dir, CACHE_URL="db", STATIC_ROOT=str(migrated_var_dir / "st"))
    result = toerusting(["serve", "--check-only", "--workers", "3"], env)
    assert result.returncode == 0, result.stderr
    assert "Start-up checks passed" in result.stdout
    # collectstatic ran: WhiteNoise's manifest of hashed names is there.
    assert (migrated_var_dir / "st" / "staticfiles.json").is_file()
