"""Periodic work of the privacy app: deletions whose grace period ended, and the retention rule."""

from __future__ import annotations

from django_tasks import task

from toerusting.privacy import services


@task()
def privacy_task() -> dict[str, int]:
    """Delete the accounts due for deletion and anonymise the data of former members past retention."""
    return {"deleted": services.execute_due_deletions(), "anonymised": services.apply_retention()}
