"""Background work of the candidates' track: the e-mail to one sign-up that its evening changed or is called
off, queued after the griffie's change is committed.

In development and tests the immediate backend runs it at once; in production the database backend queues
it for the worker, so an evening with many sign-ups or a slow mail server never holds up the griffie.
"""

from __future__ import annotations

from django_tasks import task

from toerusting.candidates import services


@task()
def evening_notice_task(signup_id: str, kind: str, details: dict[str, str]) -> bool:
    return services.send_evening_notice(signup_id, kind, details)
