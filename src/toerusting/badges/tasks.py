"""Periodic work of open badges: the catch-up of badges whose rule members meet but did not receive through
the hooks (a module completed before the badge was defined is also caught when the badge is saved)."""

from __future__ import annotations

from django_tasks import task

from toerusting.badges import services


@task()
def award_badges_task() -> dict[str, int]:
    """Award every badge whose rule a member meets (idempotent: a badge is awarded once per member)."""
    return {"awarded": services.catch_up()}
