"""The second login step as a gate: a logged-in user who has an authenticator app must give a code before
any page opens; a user for whom it is required (griffie, staff, operator, or after a reset) and who has none
is sent to set it up first. Logging out, switching the language, static files, health checks and the RIS
tab (its own signed launch and sessions) stay open.

What the session passed is kept in the session (`SESSION_KEY`): "verified" once a code was given, or the
time of the last check when nothing was needed, so that a page costs no extra query; after
TWO_FACTOR_RECHECK_SECONDS the check is made again (a member who was just made griffier)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from toerusting import outage
from toerusting.twofactor import services

logger = logging.getLogger(__name__)

SESSION_KEY = "toerusting_second_step"
OPEN_PREFIXES = ("/static/", "/embed/", "/health/", "/metrics", "/favicon")


def mark_verified(request: HttpRequest) -> None:
    """This session passed the second step (a code, or the first code of a new app)."""
    request.session[SESSION_KEY] = {"user": request.user.pk, "verified": True}


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def is_verified(request: HttpRequest) -> bool:
    state = request.session.get(SESSION_KEY)
    return isinstance(state, dict) and state.get("user") == request.user.pk and bool(state.get("verified"))


def _always_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or path in (reverse("accounts:logout"), reverse("set_language"))


class SecondStepMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._check(request)
        except DatabaseError as exc:
            if not outage.database_away(exc):
                raise
            # The database is away (this runs before the view, where portal.unavailable answers): the same
            # clean 503, never a 500 and never a page without the check.
            logger.error("database unavailable in the second login step: answered 503", exc_info=True)
            return outage.unavailable(request)

    def _check(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _always_open(request.path_info):
            return self.get_response(request)
        state = request.session.get(SESSION_KEY)
        if isinstance(state, dict) and state.get("user") == user.pk:
            if state.get("verified"):
                return self.get_response(request)
            if time.time() - float(state.get("checked_at", 0)) < settings.TWO_FACTOR_RECHECK_SECONDS:
                return self.get_response(request)
        need = services.needed(user)
        if not need:
            request.session[SESSION_KEY] = {"user": user.pk, "checked_at": time.time()}
            return self.get_response(request)
        if need == "code":
            target = reverse("twofactor:verify")
            if request.path_info in (
                target,
                reverse("twofactor:passkey_login"),
                reverse("twofactor:passkey_login_options"),
            ):
                return self.get_response(request)
        else:
            target = reverse("twofactor:setup")
            if request.path_info in (target, reverse("twofactor:recovery_codes")):
                return self.get_response(request)
        next_path = request.get_full_path() if request.method == "GET" else ""
        if next_path and next_path != "/":
            target = f"{target}?{urlencode({'next': next_path})}"
        return HttpResponseRedirect(target)
