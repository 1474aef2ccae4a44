"""What must hold before a production process starts (and what readiness checks again)."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

_all_applied: set[str] = set()


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations of this code that the database has not applied, as app_label.name."""
    if using in _all_applied:
        # Once applied, migrations stay applied for the life of this process's code.
        return []
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    if not pending:
        _all_applied.add(using)
    return pending


def migrations_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """A message naming the unapplied migrations, or None when the database is up to date."""
    pending = unapplied_migrations(using)
    if not pending:
        return None
    shown = ", ".join(pending[:5]) + (f" and {len(pending) - 5} more" if len(pending) > 5 else "")
    return (
        f"The database has {len(pending)} unapplied migration(s): {shown}. "
        "Run `toerusting migrate --noinput` (or `make migrate`) first, then start again."
    )


def tasks_use_the_database() -> bool:
    """True when tasks are queued in the database for `toerusting worker` (not run in-process)."""
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db.")


def production_problems(*, processes: int) -> list[str]:
    """Why a production server or worker must not start with these settings (empty: it may)."""
    problems = []
    if settings.DEBUG:
        problems.append(
            "DEBUG is true. The production server and worker run with DEBUG=false; "
            "for development use `make demo`."
        )
    backend = settings.CACHES["default"]["BACKEND"]
    if processes > 1 and backend.endswith("LocMemCache"):
        problems.append(
            f"{processes} processes need a shared cache, or a member may see a stale tab page: set "
            "CACHE_URL=redis://127.0.0.1:6379/0, or CACHE_URL=db and run `toerusting createcachetable`."
        )
    return problems
