"""Writes and checks of the second login step: enrolling an authenticator app, checking a code (never the
same time step twice), recovery codes (shown once, stored as a keyed hash, used once), switching it off and
the reset by the griffie or the operator."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import secrets
import time
from typing import TYPE_CHECKING, Any, Literal

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services as account_services
from toerusting.audit import services as audit
from toerusting.notifications import services as notifications
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import GRIFFIE_ROLES
from toerusting.twofactor.models import EnrolmentDemand, Passkey, RecoveryCode, TotpDevice

if TYPE_CHECKING:
    from toerusting.accounts.models import User
    from toerusting.organisations.models import Organisation

RECOVERY_CODES = 10
OPERATOR_LABEL = _("operator of the platform")
STEP_SECONDS = 30
# A code of the previous or the next time step is accepted too: a phone's clock is often a little off.
DRIFT_STEPS = 1
_NONCE = 12
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed over

Need = Literal["", "code", "enrol"]


class Unreadable(Exception):
    """A stored secret that its key cannot open (another user's row, or a changed SECRET_KEY)."""


def _derive(info: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"toerusting-twofactor", info=info.encode()
    ).derive(settings.SECRET_KEY.encode())


def _encrypt(user_id: int, secret: str) -> bytes:
    nonce = os.urandom(_NONCE)
    aad = f"totp:{user_id}".encode()
    return nonce + AESGCM(_derive("totp-secret")).encrypt(nonce, secret.encode(), aad)


def _decrypt(user_id: int, blob: bytes | memoryview) -> str:
    data = bytes(blob)
    try:
        plain = AESGCM(_derive("totp-secret")).decrypt(
            data[:_NONCE], data[_NONCE:], f"totp:{user_id}".encode()
        )
    except (InvalidTag, ValueError) as exc:
        raise Unreadable from exc
    return plain.decode()


def _code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hmac.new(_derive("recovery-code"), normalised.encode(), hashlib.sha256).hexdigest()


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


# --- Reads -----------------------------------------------------------------------------------------------


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_second_factor(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_required(user: User) -> bool:
    """The second step is required for the operator, staff and anyone of the griffie (a current functie
    in any organisation); optional for members."""
    if user.is_superuser or user.is_staff:
        return True
    return organisation_selectors.holds_current_role(user, GRIFFIE_ROLES)


def needed(user: User) -> Need:
    """What a logged-in user still has to do: give a code ("code"), set up the app ("enrol") or nothing."""
    if has_second_factor(user):
        return "code"
    if not settings.TWO_FACTOR_REQUIRED:
        return ""
    if is_required(user) or EnrolmentDemand.objects.filter(user=user).exists():
        return "enrol"
    return ""


def states(user_ids: set[int]) -> dict[int, str]:
    """Per user: "on" (an app is set up), "demanded" (must set it up at the next login) or absent; two
    queries however many users."""
    result = dict.fromkeys(
        EnrolmentDemand.objects.filter(user_id__in=sorted(user_ids)).values_list("user_id", flat=True),
        "demanded",
    )
    for user_id in TotpDevice.objects.filter(
        user_id__in=sorted(user_ids), confirmed_at__isnull=False
    ).values_list("user_id", flat=True):
        result[user_id] = "on"
    return result


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# --- Enrolment -------------------------------------------------------------------------------------------


def pending_secret(user: User) -> str:
    """The secret of the app being set up (a new one the first time; the same one on a reload, so that a
    scanned code keeps working). Raises ValueError when the user already has a confirmed app."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise ValueError("already enrolled")
    if device is not None:
        try:
            return _decrypt(user.pk, device.secret)
        except Unreadable:
            device.delete()
    secret = pyotp.random_base32(32)
    TotpDevice.objects.create(user=user, secret=_encrypt(user.pk, secret))
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=user.get_username(), issuer_name=settings.TWO_FACTOR_ISSUER
    )


def qr_svg(uri: str, title: str) -> str:
    """The QR code of the app's set-up link as SVG markup, made here (no outside service, no script)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        xmldecl=False,
        svgns=True,
        nl=False,
    )
    return buffer.getvalue().decode()


def _matching_step(secret: str, code: str, *, after: int, now: float | None = None) -> int | None:
    """The time step whose code this is, if it is within the drift and later than `after`."""
    code = _digits(code)
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int((now if now is not None else time.time()) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _n in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_code_hash(c)) for c in codes])
    return codes


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Confirm the app with its first code; the new recovery codes (to show once), or None for a wrong
    code. The code's time step counts as used: it cannot log in a second time."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        return None
    try:
        secret = _decrypt(user.pk, device.secret)
    except Unreadable:
        return None
    step = _matching_step(secret, code, after=device.last_step)
    if step is None:
        return None
    device.last_step = step
    device.confirmed_at = timezone.now()
    device.save(update_fields=["last_step", "confirmed_at"])
    EnrolmentDemand.objects.filter(user=user).delete()
    codes = _new_recovery_codes(user)
    audit.record_from_hook(user, audit.Action.TWO_FACTOR_ENROLLED)
    return codes


@transaction.atomic
def new_recovery_codes(user: User, code: str) -> list[str] | None:
    """Replace the recovery codes (the old ones stop working), after a code of the app; None if wrong."""
    if not check_totp(user, code):
        return None
    codes = _new_recovery_codes(user)
    audit.record_from_hook(user, audit.Action.RECOVERY_CODES_RENEWED)
    return codes


# --- Checking a code -------------------------------------------------------------------------------------


@transaction.atomic
def check_totp(user: User, code: str, *, now: float | None = None) -> bool:
    """A code of the user's confirmed app, of a time step not used before (the step is then used up)."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    try:
        secret = _decrypt(user.pk, device.secret)
    except Unreadable:
        return False
    step = _matching_step(secret, code, after=device.last_step, now=now)
    if step is None:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True


@transaction.atomic
def use_recovery_code(user: User, code: str) -> bool:
    """A recovery code of the user that was not used before (it is then used up)."""
    if not has_second_factor(user):
        return False
    row = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_hash=_code_hash(code), used_at__isnull=True)
        .first()
    )
    if row is None:
        return False
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    audit.record_from_hook(user, audit.Action.RECOVERY_CODE_USED, left=unused_recovery_codes(user))
    return True


def check_code(user: User, code: str) -> Literal["", "app", "recovery"]:
    """A code of the app or else a recovery code: which one it was, or "" when neither."""
    if check_totp(user, code):
        return "app"
    if use_recovery_code(user, code):
        return "recovery"
    return ""


# Wrong codes are counted under their own name in the login failures: a right password clears the failures
# of the name (accounts), which must not also forgive the wrong codes typed after it. Usernames cannot hold
# a colon, so this never meets a real name; the per-address limit counts both.
_CODE_PREFIX = "2fa:"


def code_failed(
    user: User, client_address: str, *, action: str = audit.Action.TWO_FACTOR_FAILED, reason: str = ""
) -> bool:
    """Count a wrong code (or a refused passkey) with the failed logins (the same limit, per name and per
    address); whether the user is now locked out."""
    account_services.record_login_failure(_CODE_PREFIX + user.get_username(), client_address)
    audit.record_from_hook(user, action, reason=reason or None)
    return is_blocked(user, client_address)


def is_blocked(user: User, client_address: str) -> bool:
    return account_services.is_login_blocked(
        user.get_username(), client_address
    ) or account_services.is_login_blocked(_CODE_PREFIX + user.get_username(), client_address)


def code_passed(user: User) -> None:
    account_services.clear_login_failures(user.get_username())
    account_services.clear_login_failures(_CODE_PREFIX + user.get_username())


# --- Switching off and resetting -------------------------------------------------------------------------


@transaction.atomic
def disable(user: User) -> None:
    """The user switches the second step off (the view checked password and code); their passkeys go too."""
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()
    audit.record_from_hook(user, audit.Action.TWO_FACTOR_DISABLED)


def may_reset(actor: User, target: User, organisation: Organisation) -> bool:
    """The operator resets anyone's second step; the griffie of an organisation resets it for people of
    that organisation who are not of the griffie themselves, nor staff or operator; nobody their own."""
    if actor.pk == target.pk:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or target.is_staff:
        return False
    in_organisation = organisation_selectors.roles_for_user(target, organisation)
    if not in_organisation:
        return False
    return not organisation_selectors.holds_current_role(target, GRIFFIE_ROLES)


@transaction.atomic
def reset(actor: User, target: User, organisation: Organisation | None, *, reason: str) -> None:
    """Remove the target's app, recovery codes and passkeys after the identity was checked: they set it up
    again at their next login, every session of theirs ends, the trail records who and why, and the user
    gets an e-mail (sent after the transaction commits). Without an organisation (the operator, in the
    admin, for staff who belong to none) the event is in the operator's trail."""
    TotpDevice.objects.filter(user=target).delete()
    RecoveryCode.objects.filter(user=target).delete()
    passkeys = Passkey.objects.filter(user=target).delete()[0]
    EnrolmentDemand.objects.get_or_create(user=target)
    account_services.end_login_sessions(target)
    audit.record(
        actor,
        organisation,
        audit.Action.TWO_FACTOR_RESET,
        target=target.get_full_name() or target.get_username(),
        user_id=target.pk,
        reason=reason[:500],
        passkeys_removed=passkeys,
    )
    by = actor.get_full_name() or actor.get_username()
    transaction.on_commit(
        lambda: notifications.send_account_notice(
            target.pk,
            template="twofactor/email/reset",
            context={
                "by": by,
                "organisation": organisation.name if organisation is not None else str(OPERATOR_LABEL),
                "at": timezone.localtime(),
            },
        )
    )


def demand_enrolment(user: User) -> None:
    """For the demo and for operators: the user sets up the second step at the next login."""
    EnrolmentDemand.objects.get_or_create(user=user)


def enrol_with_secret(user: User, secret: str) -> None:
    """Give the user a confirmed app with this secret, without a first code: only for the demo loader,
    whose griffie accounts use a secret printed in the demo notes, and the load test's griffie users."""
    TotpDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret": _encrypt(user.pk, secret),
            "confirmed_at": timezone.now(),
            "last_step": 0,
        },
    )
    EnrolmentDemand.objects.filter(user=user).delete()


def passed_at_identity_provider(request: Any) -> None:
    """This session passed the second step at the organisation's identity provider, which the organisation
    stated asks for a second factor itself (toerusting.oidc): no code is asked here after that login."""
    from toerusting.twofactor.middleware import mark_verified

    mark_verified(request)
