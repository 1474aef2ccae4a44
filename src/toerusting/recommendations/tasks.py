"""Background recomputation of stored recommendations when the catalogue changes.

In development and tests the immediate backend runs the task at once; in production the database
backend queues it for `toerusting db_worker`.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from toerusting.recommendations import digest, services


@task()
def recompute_all_task() -> dict[str, Any]:
    """Re-match every stored agenda item against the current catalogue."""
    summary = services.recompute_all()
    return {
        "items": summary.items,
        "procedural": summary.procedural,
        "recommendations": summary.recommendations,
    }


def enqueue_recompute_all(*_args: Any, **_kwargs: Any) -> None:
    """Hook for "catalogue_changed": queue one recomputation."""
    recompute_all_task.enqueue()


@task()
def weekly_digest_task() -> dict[str, Any]:
    """Send the weekly digest when it is due (see recommendations.digest); idempotent per week and member."""
    return {"sent": digest.send_weekly_digests(timezone.now())}
