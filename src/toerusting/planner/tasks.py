"""Background work of the planner: the e-mail about a sign-up, sent after the sign-up is committed.

In development and tests the immediate backend runs it at once; in production the database backend queues
it for the worker, so a slow or failing mail server never slows down or breaks the member's click.
"""

from __future__ import annotations

from django_tasks import task

from toerusting.planner import services


@task()
def signup_mail_task(signup_id: int, event: str) -> bool:
    return services.send_signup_mail(signup_id, event)
