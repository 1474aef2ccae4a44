"""Passkeys and security keys (WebAuthn) as the second login step, next to the authenticator app.

A user who has the app set up may add passkeys and use one instead of a code. Each ceremony has a
challenge that lives in the user's session, bound to the user, used once and for at most
CHALLENGE_SECONDS. The relying party id and the expected origins come from WEBAUTHN_RP_ID and
WEBAUTHN_ORIGIN (see docs/operations.md). A use counter that goes back (a copied key) is refused and
flagged. py_webauthn (duo-labs) checks the signatures, the challenge, the origin and the RP id hash.
"""

from __future__ import annotations

import ipaddress
import json
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.parse_authentication_credential_json import parse_authentication_credential_json
from webauthn.helpers.parse_registration_credential_json import parse_registration_credential_json
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from toerusting.audit import services as audit
from toerusting.twofactor import services
from toerusting.twofactor.models import Passkey

if TYPE_CHECKING:
    from django.http import HttpRequest

    from toerusting.accounts.models import User

REGISTRATION = "toerusting_passkey_registration"
AUTHENTICATION = "toerusting_passkey_authentication"
CHALLENGE_SECONDS = 300
MAX_PASSKEYS = 10
MAX_CREDENTIAL_LENGTH = 20_000

REFUSALS = {
    "no_challenge": _(
        "This attempt has expired or was already used. Try again: your browser asks for the passkey anew."
    ),
    "not_configured": _(
        "Passkeys do not work at this address of Toerusting. Use the code from your app, and tell the "
        "operator."
    ),
    "invalid": _("Your browser sent an answer we could not check. Try again, or use the code from your app."),
    "unknown": _(
        "This passkey is not one of yours in Toerusting. Use another passkey or the code from your app."
    ),
    "flagged": _(
        "This passkey is blocked because it may have been copied. Use the code from your app, then remove "
        "the passkey and add it again."
    ),
    "copied": _(
        "This passkey's use counter went back, as happens when a key was copied. For your safety it is now "
        "blocked. Use the code from your app and check your passkeys under Mijn account."
    ),
    "duplicate": _("This passkey was added before."),
    "too_many": _("You have the largest number of passkeys. Remove one before adding another."),
    "no_app": _("Set up the authenticator app first: passkeys come on top of it."),
}


class PasskeyRefused(Exception):
    """A ceremony that cannot be accepted; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


# --- Relying party ---------------------------------------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def rp_id() -> str:
    """WEBAUTHN_RP_ID, or the first name in ALLOWED_HOSTS that is no IP address or wildcard."""
    if settings.WEBAUTHN_RP_ID:
        return str(settings.WEBAUTHN_RP_ID)
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".").lower()
        if name and "*" not in name and not _is_ip(name):
            return name
    return "localhost"


def expected_origins(request: HttpRequest) -> list[str]:
    """WEBAUTHN_ORIGIN, or the origin of this request when its host is the RP id (or below it)."""
    if settings.WEBAUTHN_ORIGIN:
        return [str(origin) for origin in settings.WEBAUTHN_ORIGIN]
    host = request.get_host().rsplit(":", 1)[0].lower() if not request.get_host().startswith("[") else ""
    rp = rp_id()
    if host == rp or host.endswith(f".{rp}"):
        return [f"{request.scheme}://{request.get_host()}"]
    return []


# --- Reads -------------------------------------------------------------------------------------------------


def passkeys_of(user: User) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user))


def has_passkeys(user: User) -> bool:
    return Passkey.objects.filter(user=user, clone_warning_at__isnull=True).exists()


# --- Challenges in the session ---------------------------------------------------------------------------


def _keep_challenge(request: HttpRequest, slot: str, challenge: bytes) -> None:
    request.session[slot] = {
        "challenge": bytes_to_base64url(challenge),
        "user": request.user.pk,
        "at": time.time(),
    }


def _take_challenge(request: HttpRequest, slot: str) -> bytes:
    """This session's challenge, removed (it is used once), if it is this user's and recent."""
    state = request.session.pop(slot, None)
    if (
        not isinstance(state, dict)
        or state.get("user") != request.user.pk
        or time.time() - float(state.get("at", 0)) > CHALLENGE_SECONDS
    ):
        raise PasskeyRefused("no_challenge")
    return base64url_to_bytes(str(state["challenge"]))


def _check_length(credential: str) -> None:
    if not credential or len(credential) > MAX_CREDENTIAL_LENGTH:
        raise PasskeyRefused("invalid", "empty or too long")


# --- Adding a passkey ------------------------------------------------------------------------------------


def registration_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.create() as JSON; the challenge is kept in the session."""
    if not services.has_second_factor(user):
        raise PasskeyRefused("no_app")
    if Passkey.objects.filter(user=user).count() >= MAX_PASSKEYS:
        raise PasskeyRefused("too_many")
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=settings.WEBAUTHN_RP_NAME,
        user_id=f"toerusting-user-{user.pk}".encode(),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
            for p in Passkey.objects.filter(user=user)
        ],
    )
    _keep_challenge(request, REGISTRATION, options.challenge)
    return options_to_json(options)


def add(request: HttpRequest, user: User, name: str, credential: str) -> Passkey:
    """Check the browser's answer to the registration options and store the passkey."""
    challenge = _take_challenge(request, REGISTRATION)
    _check_length(credential)
    if not services.has_second_factor(user):
        raise PasskeyRefused("no_app")
    origins = expected_origins(request)
    if not origins:
        raise PasskeyRefused("not_configured", request.get_host())
    try:
        parsed = parse_registration_credential_json(credential)
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=origins,
            require_user_verification=False,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise PasskeyRefused("invalid", str(exc)) from exc
    transports = [
        t.value for t in (parsed.response.transports or []) if isinstance(t, AuthenticatorTransport)
    ]
    try:
        with transaction.atomic():
            if Passkey.objects.filter(user=user).count() >= MAX_PASSKEYS:
                raise PasskeyRefused("too_many")
            passkey = Passkey.objects.create(
                user=user,
                name=name,
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                transports=transports,
            )
            audit.record_from_hook(user, audit.Action.PASSKEY_ADDED, target=name, passkey=passkey.pk)
    except IntegrityError as exc:
        raise PasskeyRefused("duplicate") from exc
    return passkey


@transaction.atomic
def remove(user: User, passkey: Passkey) -> None:
    """Remove one of the user's passkeys (the view checked the password)."""
    if passkey.user_id != user.pk:
        raise PermissionError("not this user's passkey")
    audit.record_from_hook(user, audit.Action.PASSKEY_REMOVED, target=passkey.name, passkey=passkey.pk)
    passkey.delete()


def remove_all(user: User) -> int:
    """Every passkey of the user: when the second step is switched off or reset."""
    return Passkey.objects.filter(user=user).delete()[0]


# --- Logging in with a passkey ---------------------------------------------------------------------------


def authentication_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.get() as JSON, naming the user's passkeys."""
    allowed = [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(p.credential_id),
            transports=[AuthenticatorTransport(t) for t in p.transports if t in _TRANSPORTS],
        )
        for p in Passkey.objects.filter(user=user, clone_warning_at__isnull=True)
    ]
    if not allowed:
        raise PasskeyRefused("unknown")
    options = generate_authentication_options(
        rp_id=rp_id(),
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(request, AUTHENTICATION, options.challenge)
    return options_to_json(options)


_TRANSPORTS = {t.value for t in AuthenticatorTransport}


def authenticate(request: HttpRequest, user: User, credential: str) -> Passkey:
    """Check the browser's answer with one of the user's passkeys: the passkey used, or PasskeyRefused.
    A use counter that did not go up (while either side counts) flags the passkey as possibly copied."""
    challenge = _take_challenge(request, AUTHENTICATION)
    _check_length(credential)
    origins = expected_origins(request)
    if not origins:
        raise PasskeyRefused("not_configured", request.get_host())
    try:
        parsed = parse_authentication_credential_json(credential)
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise PasskeyRefused("invalid", str(exc)) from exc
    passkey = Passkey.objects.filter(user=user, credential_id=bytes_to_base64url(parsed.raw_id)).first()
    if passkey is None:
        raise PasskeyRefused("unknown")
    if passkey.clone_warning_at is not None:
        raise PasskeyRefused("flagged")
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=origins,
            credential_public_key=bytes(passkey.public_key),
            # The counter is compared below, so that a regression is flagged rather than only refused.
            credential_current_sign_count=0,
            require_user_verification=False,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise PasskeyRefused("invalid", str(exc)) from exc
    with transaction.atomic():
        current = Passkey.objects.select_for_update().get(pk=passkey.pk)
        new = verified.new_sign_count
        if (new > 0 or current.sign_count > 0) and new <= current.sign_count:
            current.clone_warning_at = timezone.now()
            current.save(update_fields=["clone_warning_at"])
            audit.record_from_hook(
                user,
                audit.Action.PASSKEY_CLONE_WARNING,
                target=current.name,
                passkey=current.pk,
                stored=current.sign_count,
                received=new,
            )
            copied = True
        else:
            current.sign_count = new
            current.last_used_at = timezone.now()
            current.save(update_fields=["sign_count", "last_used_at"])
            audit.record_from_hook(user, audit.Action.PASSKEY_USED, target=current.name, passkey=current.pk)
            copied = False
    if copied:
        raise PasskeyRefused("copied")
    return current


def credential_json(value: Any) -> str:
    """The credential the page posts (a JSON text), or "" when it is not one."""
    text = str(value or "")
    try:
        json.loads(text)
    except ValueError:
        return ""
    return text
