"""Retention: rows that are only kept for a while are deleted by a periodic task."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from toerusting.accounts import services as account_services
from toerusting.audit import services as audit_services
from toerusting.candidates import services as candidate_services
from toerusting.gaps import services as gap_services
from toerusting.notifications import services as notification_services


@task()
def retention_task() -> dict[str, int]:
    """Delete finished task results past their retention, expired login sessions, stale login failures and
    password-reset requests, the record of e-mails older than EMAIL_LOG_RETENTION_DAYS, sign-ups for
    information evenings past CANDIDATES_SIGNUP_RETENTION_DAYS (and never confirmed ones) and searches
    without results past GAPS_SEARCH_RETENTION_DAYS; the counts of what was deleted."""
    cutoff = timezone.now() - dt.timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    results = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()[0]
    sessions = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    failures = account_services.delete_stale_login_failures()
    reset_requests = account_services.delete_stale_reset_requests()
    # After the sessions: what "Mijn account" lists of them goes with them.
    login_sessions = account_services.delete_stale_login_sessions()
    audit_events = audit_services.delete_expired_events()
    mails = notification_services.delete_old_deliveries(
        timezone.now() - dt.timedelta(days=settings.EMAIL_LOG_RETENTION_DAYS)
    )
    return {
        "task_results": results,
        "sessions": sessions,
        "login_failures": failures,
        "reset_requests": reset_requests,
        "login_sessions": login_sessions,
        "audit_events": audit_events,
        "sent_emails": mails,
        "evening_signups": candidate_services.delete_old_signups(),
        "empty_searches": gap_services.delete_old_searches(),
    }
