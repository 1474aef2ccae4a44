"""Periodic work of the candidates' track (settings.PERIODIC_TASKS["candidates_retention"])."""

from __future__ import annotations

from django_tasks import task

from toerusting.candidates import services


@task()
def retention_task() -> dict[str, int]:
    """Delete the sign-ups of evenings past their retention, and sign-ups never confirmed."""
    return {"evening_signups": services.delete_old_signups()}
