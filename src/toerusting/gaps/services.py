"""Writes of the gaps overview: a catalogue search that found nothing is counted (hook
"catalogue_search_empty", run by the catalogue's search page), and old ones are deleted."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from toerusting.gaps.models import EmptySearch
from toerusting.organisations import selectors as organisation_selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

MAX_QUERY_LENGTH = 100


def _source(request: HttpRequest) -> str:
    """Who asks: the member's first organisation; all visitors without one together count as one asker
    ("the public"), so that one person searching from several places or logged out never makes up the
    threshold alone."""
    if request.user.is_authenticated:
        first = organisation_selectors.organisations_for_user(request.user).order_by("pk").first()
        if first is not None:
            return f"organisation:{first.pk}"
    return "public"


def count_empty_search(query: str, source: str, today: dt.date | None = None) -> None:
    """Count a search without results once per asker: the asker is kept only as a digest of (query,
    source) that names nobody; asking again moves the day on."""
    query = " ".join(query.lower().split())[:MAX_QUERY_LENGTH]
    if not query:
        return
    digest = hmac.new(settings.SECRET_KEY.encode(), f"gaps|{query}|{source}".encode(), hashlib.sha256)
    try:
        with transaction.atomic():
            EmptySearch.objects.update_or_create(
                query=query,
                asker=digest.hexdigest()[:32],
                defaults={"asked_on": today or timezone.localdate()},
            )
    except IntegrityError:  # the same asker at the same moment in another request
        pass


def record_empty_search(request: HttpRequest, query: str) -> None:
    """Hook "catalogue_search_empty": `query` is the search's words as the catalogue reads them (folded,
    without stop words)."""
    count_empty_search(query, _source(request))


def delete_old_searches(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.GAPS_SEARCH_RETENTION_DAYS)
    return EmptySearch.objects.filter(asked_on__lt=cutoff).delete()[0]
