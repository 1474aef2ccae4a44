"""Writes on accounts: creating users, recording login failures, and the sessions a member opened by
logging in."""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext

from toerusting import hooks
from toerusting.accounts.models import LoginFailure, LoginSession, ResetRequest, User


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


# --- Password reset and e-mail change (Mijn account) -----------------------------------------------------


def _reset_window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.PASSWORD_RESET_WINDOW_SECONDS)


def reset_request_allowed(email: str, client_address: str) -> bool:
    """Whether another reset link may be asked for this address from this client now; the request is
    counted either way, for addresses with and without an account alike."""
    key = email.strip().casefold()[:254]
    with transaction.atomic():
        ResetRequest.objects.filter(created_at__lt=_reset_window_start()).delete()
        recent = ResetRequest.objects.all()
        limit = settings.PASSWORD_RESET_MAX_REQUESTS
        allowed = (
            recent.filter(email=key).count() < limit
            and recent.filter(client_address=client_address).count() < limit * 3
        )
        ResetRequest.objects.create(email=key, client_address=client_address)
    return allowed


def delete_stale_reset_requests() -> int:
    return ResetRequest.objects.filter(created_at__lt=_reset_window_start()).delete()[0]


def _mail(user: User, address: str, template: str, context: dict[str, Any]) -> None:
    """An account mail (reset link, e-mail change): in the member's chosen language, to `address`, never
    with an unsubscribe link (these mails are the answer to the member's own request)."""
    language = str(context.pop("language", "") or settings.LANGUAGE_CODE)
    with translation.override(language):
        full = {**context, "user": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", full).split())
        text = render_to_string(f"accounts/email/{template}.txt", full)
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_password_reset(email: str, *, language: str = "") -> User | None:
    """Send the one-time reset link to the active account with this address (if exactly one has it and it
    can log in with a password); the account, or None when nothing was sent. The caller answers the same
    either way."""
    user = find_user_by_email(email)
    if user is None or not user.has_usable_password():
        return None
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = _absolute(reverse("accounts:reset_confirm", kwargs={"uidb64": uid, "token": token}))
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    _mail(user, user.email, "password_reset", {"link": link, "minutes": minutes, "language": language})
    return user


def user_for_reset(uidb64: str, token: str) -> User | None:
    """The account the reset link is for, when the link is valid (not used, not expired, not forged)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


_EMAIL_SALT = "toerusting.accounts.email-change"


def email_change_token(user: User, new_email: str) -> str:
    """A signed token for the new address; it holds the old one, so it works once: after the change the old
    address no longer matches."""
    return signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=_EMAIL_SALT)


def request_email_change(user: User, new_email: str, *, language: str = "") -> None:
    """Mail the confirmation link to the new address and a notice to the old one; nothing changes yet."""
    link = _absolute(reverse("accounts:confirm_email", kwargs={"token": email_change_token(user, new_email)}))
    hours = max(1, settings.EMAIL_CHANGE_TIMEOUT // 3600)
    _mail(user, new_email, "email_confirm", {"link": link, "hours": hours, "language": language})
    if user.email:
        _mail(user, user.email, "email_notice", {"new_email": new_email, "language": language})


class EmailChangeError(ValueError):
    """A confirmation link that is expired, forged or used, or an address someone took in the meantime."""


def confirm_email_change(token: str) -> tuple[User, str]:
    """Change the address the link was made for; the account and the old address."""
    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=settings.EMAIL_CHANGE_TIMEOUT)
    except signing.SignatureExpired as error:
        raise EmailChangeError(
            gettext("This link has expired. Ask for a new one under Mijn account.")
        ) from error
    except signing.BadSignature as error:
        raise EmailChangeError(
            gettext("This link is not valid. Copy the whole link from the e-mail.")
        ) from error
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
        if user is None or user.email != data.get("old"):
            raise EmailChangeError(gettext("This link was already used, or the address changed since."))
        new_email = str(data.get("new", ""))
        if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
            raise EmailChangeError(gettext("Another account uses this address now. Choose another address."))
        old = user.email
        user.email = new_email
        user.save(update_fields=["email"])
    return user, old


# --- Erasure (Mijn gegevens) --------------------------------------------------------------------------------


def create_anonymous_account() -> User:
    """An account of nobody: the rows that must stay for counts (a completed module, a score) are moved to
    it when a member's data is erased. It cannot log in and holds no name or address."""
    user = User(username=f"anoniem-{secrets.token_hex(8)}", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def delete_account(user_id: int) -> None:
    """The last step of an erasure: the account row itself."""
    User.objects.filter(pk=user_id).delete()


def check_password(user: User, password: str) -> bool:
    return User.objects.get(pk=user.pk).check_password(password)


def find_user_by_pk(user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()
