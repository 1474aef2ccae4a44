"""Launching the tab from a RIS: check the signed token, map the RIS user, open a short-lived tab session."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services as account_services
from toerusting.embed.models import RisConnection, RisIdentity, TabSession, UsedLaunchToken
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations import services as organisation_services

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti", "org"]

# Why a launch was refused, with the message the member sees (plain Dutch through gettext).
REFUSALS = {
    "malformed": _(
        "This link to the tab is not valid. Open the tab again from the council information system."
    ),
    "unknown_issuer": _("This council information system is not connected to Toerusting. Ask the griffie."),
    "bad_signature": _(
        "This link to the tab is not signed correctly. Ask the griffie to check the connection."
    ),
    "expired": _("This link to the tab has expired. Open the tab again from the council information system."),
    "too_long": _("This link to the tab is valid for too long. Ask the griffie to check the connection."),
    "replayed": _(
        "This link to the tab has already been used. Open the tab again from the council information system."
    ),
    "other_organisation": _(
        "This link belongs to another organisation than the one connected to this system."
    ),
    "unknown_user": _(
        "Your account in the council information system is not linked to Toerusting yet. Ask the griffie."
    ),
    "not_member": _("You are no longer a member of this organisation in Toerusting. Ask the griffie."),
}


class LaunchRefused(Exception):
    """A launch token that cannot be accepted; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


@dataclass
class Launch:
    session: TabSession
    claims: dict[str, Any]


def _verification_key(connection: RisConnection) -> Any:
    if connection.algorithm == "HS256":
        return connection.key.encode()
    return connection.key


def verify(token: str) -> tuple[RisConnection, dict[str, Any]]:
    """Check a launch token: issuer known, signature, expiry, lifetime, audience, organisation."""
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise LaunchRefused("malformed", str(exc)) from exc
    connection = (
        RisConnection.objects.select_related("organisation")
        .filter(issuer=str(unverified.get("iss", "")), is_active=True)
        .first()
    )
    if connection is None:
        raise LaunchRefused("unknown_issuer", str(unverified.get("iss", "")))
    if header.get("alg") != connection.algorithm:
        raise LaunchRefused("bad_signature", f"algorithm {header.get('alg')!r}")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _verification_key(connection),
            algorithms=[connection.algorithm],
            audience=settings.EMBED_TOKEN_AUDIENCE,
            issuer=connection.issuer,
            options={"require": REQUIRED_CLAIMS},
            leeway=settings.EMBED_CLOCK_SKEW_SECONDS,
        )
    except jwt.ExpiredSignatureError as exc:
        raise LaunchRefused("expired") from exc
    except (jwt.InvalidSignatureError, jwt.InvalidKeyError) as exc:
        raise LaunchRefused("bad_signature", str(exc)) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise LaunchRefused("malformed", str(exc)) from exc
    if int(claims["exp"]) - int(claims["iat"]) > settings.EMBED_TOKEN_MAX_LIFETIME_SECONDS:
        raise LaunchRefused("too_long")
    if claims["org"] != connection.organisation.slug:
        raise LaunchRefused("other_organisation", str(claims["org"]))
    return connection, claims


def _map_user(connection: RisConnection, claims: dict[str, Any]) -> AbstractBaseUser:
    subject = str(claims["sub"])
    identity = (
        RisIdentity.objects.select_related("user").filter(connection=connection, subject=subject).first()
    )
    if identity is not None:
        return identity.user
    email = str(claims.get("email") or "").strip()
    user: AbstractBaseUser | None = account_services.find_user_by_email(email) if email else None
    if (
        user is not None
        and not organisation_selectors.organisations_for_user(user)
        .filter(pk=connection.organisation_id)
        .exists()
    ):
        user = None
    if user is None and connection.create_accounts:
        user = organisation_services.create_member(
            connection.organisation,
            name=str(claims.get("name") or ""),
            email=email,
            role=str(claims.get("role") or ""),
            fractie_name=str(claims.get("fractie") or ""),
        )
    if user is None:
        raise LaunchRefused("unknown_user", subject)
    RisIdentity.objects.create(connection=connection, subject=subject, user_id=user.pk)
    return user


@transaction.atomic
def launch(token: str) -> Launch:
    """Accept a launch token once and open a tab session for the member it names."""
    connection, claims = verify(token)
    now = timezone.now()
    UsedLaunchToken.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedLaunchToken.objects.create(
                connection=connection,
                jti=str(claims["jti"])[:200],
                expires_at=dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC)
                + dt.timedelta(seconds=settings.EMBED_CLOCK_SKEW_SECONDS),
            )
    except IntegrityError as exc:
        raise LaunchRefused("replayed") from exc
    user = _map_user(connection, claims)
    if not organisation_selectors.organisations_for_user(user).filter(pk=connection.organisation_id).exists():
        raise LaunchRefused("not_member")
    RisIdentity.objects.filter(connection=connection, subject=str(claims["sub"])).update(last_launch_at=now)
    session = TabSession.objects.create(
        key=secrets.token_urlsafe(32),
        user_id=user.pk,
        connection=connection,
        expires_at=now + dt.timedelta(seconds=settings.EMBED_SESSION_SECONDS),
    )
    return Launch(session, claims)


def end_expired_sessions() -> int:
    return TabSession.objects.filter(expires_at__lt=timezone.now()).delete()[0]


@transaction.atomic
def load_demo_connections(path: Any) -> list[RisConnection]:
    """Create or update the RIS connections of a demo file, with their users; errors name file and line."""
    from toerusting.contentfiles import Reader, load_yaml

    reader = Reader()
    document = load_yaml(path)
    reader.check_keys(document, {"connections"}, "the RIS file")
    loaded: list[RisConnection] = []
    for node in reader.nodes(document, "connections"):
        reader.check_keys(
            node,
            {
                "organisation",
                "name",
                "issuer",
                "algorithm",
                "secret",
                "frame_origins",
                "agenda_source",
                "create_accounts",
                "identities",
            },
            "a connection",
        )
        organisation = organisation_selectors.organisation_by_slug(reader.text(node, "organisation"))
        if organisation is None:
            reader.problem(node, "organisation", "no such organisation (load the demo organisations first)")
            continue
        secret = reader.text(node, "secret")
        if len(secret) < 32:
            reader.problem(node, "secret", "use at least 32 characters")
        origins = node.get("frame_origins") or []
        if not isinstance(origins, list) or not all(isinstance(o, str) for o in origins):
            reader.problem(node, "frame_origins", "expected a list of origins")
            origins = []
        connection, _created = RisConnection.objects.update_or_create(
            issuer=reader.text(node, "issuer"),
            defaults={
                "organisation": organisation,
                "name": reader.text(node, "name"),
                "algorithm": reader.choice(node, "algorithm", {"HS256"}) or "HS256",
                "key": secret,
                "frame_origins": origins,
                "agenda_source": reader.text(node, "agenda_source", required=False),
                "create_accounts": reader.boolean(node, "create_accounts"),
            },
        )
        for identity in reader.nodes(node, "identities", required=False):
            reader.check_keys(identity, {"subject", "username"}, "an identity")
            user = account_services.find_user_by_username(reader.text(identity, "username"))
            if user is None:
                reader.problem(identity, "username", "no such user (load the demo accounts first)")
                continue
            RisIdentity.objects.update_or_create(
                connection=connection, subject=reader.text(identity, "subject"), defaults={"user": user}
            )
        loaded.append(connection)
    if reader.problems:
        transaction.set_rollback(True)
        reader.raise_if_any()
    return loaded
