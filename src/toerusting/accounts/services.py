"""Writes on accounts: creating users, recording login failures, and the sessions a member opened by
logging in."""

from __future__ import annotations

import datetime as dt
import unicodedata
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from toerusting import hooks
from toerusting.accounts.models import LoginFailure, LoginSession, User


def client_address(request: HttpRequest) -> str:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, taken from X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def login_key(username: str) -> str:
    """The key of the per-username limit: the name as the login form reads it (NFKC, as Django's
    UsernameField does) and case-folded, so that a fullwidth or bold lookalike counts as the plain name."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold()).strip()[:150]


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_login_blocked(username: str, client_address: str) -> bool:
    """True when this username or this address had too many failures within the window."""
    recent = LoginFailure.objects.filter(created_at__gte=_window_start())
    limit = settings.LOGIN_MAX_FAILURES
    return (
        recent.filter(username=login_key(username)).count() >= limit
        or recent.filter(client_address=client_address).count() >= limit
    )


def record_login_failure(username: str, client_address: str) -> None:
    """Remember a failed login and forget failures older than the window."""
    with transaction.atomic():
        LoginFailure.objects.filter(created_at__lt=_window_start()).delete()
        LoginFailure.objects.create(username=login_key(username), client_address=client_address)


def delete_stale_login_failures() -> int:
    """Forget failed logins older than the window (the retention job); how many were deleted."""
    return LoginFailure.objects.filter(created_at__lt=_window_start()).delete()[0]


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username=login_key(username)).delete()


def upsert_user(*, username: str, password: str, email: str = "", is_superuser: bool = False) -> User:
    """Create or update a user with this username; used by the demo loader and operators."""
    user, _created = User.objects.get_or_create(username=username)
    user.email = email
    user.is_superuser = is_superuser
    user.is_staff = is_superuser
    user.is_active = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    return user


def account_deactivated(user: User) -> None:
    """Announce that an account was disabled, so that other apps end its sessions (hook)."""
    hooks.run("user_deactivated", user)


def find_user_by_email(email: str) -> User | None:
    """The active user with this e-mail address, if exactly one has it."""
    matches = list(User.objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def email_in_use(email: str) -> bool:
    """Whether any account (active or not) already has this e-mail address."""
    return bool(email.strip()) and User.objects.filter(email__iexact=email.strip()).exists()


def create_user_without_password(*, username_hint: str, email: str = "") -> User:
    """A user who logs in through another system (a RIS launch), with a unique username."""
    base = "".join(ch for ch in username_hint.lower() if ch.isalnum() or ch in "-_.@")[:100] or "lid"
    username, counter = base, 2
    while User.objects.filter(username=username).exists():
        username, counter = f"{base}-{counter}", counter + 1
    user = User(username=username, email=email)
    user.set_unusable_password()
    user.save()
    return user


def find_user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()


# --- Sessions the member opened by logging in (Mijn account) ----------------------------------------------

_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPad", "iPad"),
    ("iPhone", "iPhone"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_of(user_agent: str) -> str:
    """A short, recognisable name for the browser and system ("Safari op iPad"), not the whole header."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or ""


def record_login(user: User, session_key: str, user_agent: str, *, replaces: str = "") -> LoginSession:
    """Called by the login page once the user is logged in (the session key is the new, cycled one), and
    when the browser's session gets a new key (`replaces`: the old key, forgotten)."""
    if replaces:
        LoginSession.objects.filter(user=user, session_key=replaces).delete()
    login_session, _created = LoginSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "device": device_of(user_agent)[:120]}
    )
    return login_session


def active_login_sessions(user: User) -> list[LoginSession]:
    """The user's login sessions that are still valid; those that expired are forgotten on the way."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = list(LoginSession.objects.filter(user=user))
    expired = [s.pk for s in sessions if not store().exists(s.session_key)]
    if expired:
        LoginSession.objects.filter(pk__in=expired).delete()
    return [s for s in sessions if s.pk not in expired]


@transaction.atomic
def end_login_sessions(user: User, *, only: int | None = None, keep_key: str = "") -> int:
    """End one of the user's sessions (`only`, by id) or all except the current one (`keep_key`): the
    browser that used it is logged out at its next click. Returns how many were ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = LoginSession.objects.select_for_update().filter(user=user).exclude(session_key=keep_key)
    if only is not None:
        sessions = sessions.filter(pk=only)
    ended = 0
    for login_session in sessions:
        store(session_key=login_session.session_key).delete()
        login_session.delete()
        ended += 1
    return ended


def forget_login_session(session_key: str) -> None:
    """The session ended by logging out."""
    LoginSession.objects.filter(session_key=session_key).delete()


def delete_stale_login_sessions() -> int:
    """Periodic clean-up: rows whose session has expired (any session engine)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    stale = [
        s.pk for s in LoginSession.objects.only("pk", "session_key") if not store().exists(s.session_key)
    ]
    LoginSession.objects.filter(pk__in=stale).delete()
    return len(stale)
