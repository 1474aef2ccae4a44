"""Periodic clean-up of the RIS tab's expired rows (scheduled by toerusting.operations.scheduling)."""

from __future__ import annotations

from django_tasks import task

from toerusting.embed import services


@task()
def clean_up_task() -> dict[str, int]:
    """Delete expired tab sessions and used launch tokens past their expiry."""
    return services.clean_up_expired()
