"""Spam protection of the public feedback form without third parties: a honeypot field, a minimum fill
time carried in a signed timestamp, and a rate limit per client address. The address itself is never
stored: the cache keeps a keyed hash of it (HMAC with the server secret) for the rate limit's window."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

_SALT = "toerusting.citizens.form"


def form_token(organisation_id: int, now: float | None = None) -> str:
    """A signed token with the organisation and the moment the form was shown."""
    shown_at = int(now if now is not None else time.time())
    return signing.Signer(salt=_SALT).sign(f"{organisation_id}.{shown_at}")


class TokenProblem(Exception):
    """The token is missing, forged, for another organisation, too old or too young."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "too_fast"


def check_token(token: str, organisation_id: int, now: float | None = None) -> None:
    """Raise TokenProblem unless the form was shown for this organisation at least
    CITIZENS_MIN_FILL_SECONDS and at most CITIZENS_FORM_MAX_AGE_SECONDS ago."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise TokenProblem("invalid") from exc
    owner, _dot, stamp = value.partition(".")
    if owner != str(organisation_id) or not stamp.isdigit():
        raise TokenProblem("invalid")
    age = (now if now is not None else time.time()) - int(stamp)
    if age > settings.CITIZENS_FORM_MAX_AGE_SECONDS:
        raise TokenProblem("expired")
    if age < settings.CITIZENS_MIN_FILL_SECONDS:
        raise TokenProblem("too_fast")


def _key(address: str, organisation_id: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{organisation_id}|{address}".encode(), hashlib.sha256
    ).hexdigest()
    return f"citizens:rate:{digest}"


def is_rate_limited(address: str, organisation_id: int) -> bool:
    """Whether this address has sent the maximum number of responses to this organisation in the window."""
    return int(cache.get(_key(address, organisation_id), 0)) >= settings.CITIZENS_MAX_RESPONSES_PER_WINDOW


def count_response(address: str, organisation_id: int) -> None:
    key = _key(address, organisation_id)
    if not cache.add(key, 1, timeout=settings.CITIZENS_RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.CITIZENS_RATE_WINDOW_SECONDS)
