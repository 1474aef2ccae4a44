"""The rate limit of the public sign-up form, per client address. The address itself is never stored: the
cache keeps a keyed hash of it (HMAC with the server secret) for the window."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def _key(address: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"candidates|{address}".encode(), hashlib.sha256
    ).hexdigest()
    return f"candidates:rate:{digest}"


def is_rate_limited(address: str) -> bool:
    """Whether this address has sent the maximum number of sign-ups within the window."""
    return int(cache.get(_key(address), 0)) >= settings.CANDIDATES_MAX_SIGNUPS_PER_WINDOW


def count_attempt(address: str) -> None:
    key = _key(address)
    if not cache.add(key, 1, timeout=settings.CANDIDATES_RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.CANDIDATES_RATE_WINDOW_SECONDS)
