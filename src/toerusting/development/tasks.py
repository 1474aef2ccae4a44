"""Periodic work of the development app: reminders of a plan's review moment."""

from __future__ import annotations

from django_tasks import task

from toerusting.development import services


@task()
def review_reminder_task() -> dict[str, int]:
    """Send the reminders of review moments due in the coming week (idempotent per plan and date)."""
    return {"sent": services.send_review_reminders()}
