"""Launching the tab from a RIS: check the signed token, map the RIS user, open a short-lived tab session."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from toerusting.accounts import services as account_services
from toerusting.audit import services as audit
from toerusting.embed.models import (
    RisConnection,
    RisIdentity,
    TabSession,
    UsedLaunchToken,
    validate_frame_origins,
)
from toerusting.organisations import permissions
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations import services as organisation_services

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import QuerySet

COOKIE = "toerusting_tab"
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti", "org"]
# Longest jti and sub we store; a longer one is refused, never cut (a cut id could collide with another).
MAX_ID_LENGTH = 200

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
    "not_allowed": _(
        "This account cannot open the tab: the tab is for members of the council. Ask the griffie."
    ),
    "account_disabled": _("Your account in Toerusting is disabled. Ask the griffie."),
    "email_taken": _(
        "An account with your e-mail address already exists in Toerusting. Ask the griffie to link it."
    ),
    "role_not_allowed": _(
        "Toerusting creates accounts from the council information system only for members of the council. "
        "Ask the griffie."
    ),
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


def _verification_key(connection: RisConnection, key: str) -> Any:
    if connection.algorithm == "HS256":
        return key.encode()
    return key


def accepted_keys(connection: RisConnection, kid: str | None) -> list[str]:
    """The keys a token may be signed with: the one its kid names, else the current key and, during a
    rotation, the next key."""
    keys = [(connection.key, connection.key_id)]
    if connection.next_key:
        keys.append((connection.next_key, connection.next_key_id))
    if kid:
        named = [key for key, key_id in keys if key_id and key_id == kid]
        if named:
            return named
    return [key for key, _key_id in keys if key]


# The issuer of the connections behind LTI 1.3 registrations (toerusting.lti): not a RIS, so no tab tokens
# and no key of theirs on the griffie's keys page.
PLATFORM_ISSUER_PREFIX = "lti:"


def verify(token: str) -> tuple[RisConnection, dict[str, Any]]:
    """Check a launch token: issuer known, signature (with the current or, during a rotation, the next
    key), expiry, lifetime, audience, organisation."""
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise LaunchRefused("malformed", str(exc)) from exc
    issuer = str(unverified.get("iss", ""))
    connection = (
        RisConnection.objects.select_related("organisation")
        .filter(issuer=issuer, is_active=True)
        .exclude(issuer__startswith=PLATFORM_ISSUER_PREFIX)
        .first()
    )
    if connection is None:
        # A connection behind an LTI registration never takes a signed tab token, whatever key it holds:
        # its launches go through the LTI checks (state, nonce) only.
        raise LaunchRefused("unknown_issuer", issuer)
    if header.get("alg") != connection.algorithm:
        raise LaunchRefused("bad_signature", f"algorithm {header.get('alg')!r}")
    kid = header.get("kid")
    keys = accepted_keys(connection, kid if isinstance(kid, str) else None)
    claims: dict[str, Any] | None = None
    for number, key in enumerate(keys, 1):
        try:
            claims = jwt.decode(
                token,
                _verification_key(connection, key),
                algorithms=[connection.algorithm],
                audience=settings.EMBED_TOKEN_AUDIENCE,
                issuer=connection.issuer,
                options={"require": REQUIRED_CLAIMS},
                leeway=settings.EMBED_CLOCK_SKEW_SECONDS,
            )
            break
        except jwt.ExpiredSignatureError as exc:
            raise LaunchRefused("expired") from exc
        except (jwt.InvalidSignatureError, jwt.InvalidKeyError) as exc:
            if number == len(keys):
                raise LaunchRefused("bad_signature", str(exc)) from exc
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise LaunchRefused("malformed", str(exc)) from exc
    if claims is None:
        raise LaunchRefused("bad_signature", "no key")
    if int(claims["exp"]) - int(claims["iat"]) > settings.EMBED_TOKEN_MAX_LIFETIME_SECONDS:
        raise LaunchRefused("too_long")
    if claims["org"] != connection.organisation.slug:
        raise LaunchRefused("other_organisation", str(claims["org"]))
    for name in ("jti", "sub"):
        if not isinstance(claims[name], str) or not 0 < len(claims[name]) <= MAX_ID_LENGTH:
            raise LaunchRefused("malformed", f"{name} must be text of 1 to {MAX_ID_LENGTH} characters")
    return connection, claims


def _check_user(connection: RisConnection, user: AbstractBaseUser) -> None:
    """A launch maps only to an active member with a current functie here; never to staff or operators
    (the rule every system that logs people in follows: organisations.services.check_external_user)."""
    try:
        organisation_services.check_external_user(connection.organisation, user)
    except organisation_services.ExternalAccountRefused as refused:
        raise LaunchRefused(refused.reason, refused.detail) from refused


def _map_user(connection: RisConnection, claims: dict[str, Any]) -> AbstractBaseUser:
    """The user the RIS subject stands for: its identity, else a member with the token's e-mail address,
    else (when the connection may create accounts) a new member. Refused for anyone else."""
    subject = str(claims["sub"])
    identity = (
        RisIdentity.objects.select_related("user").filter(connection=connection, subject=subject).first()
    )
    if identity is not None:
        _check_user(connection, identity.user)
        return identity.user
    try:
        user = organisation_services.external_user(
            connection.organisation,
            email=str(claims.get("email") or ""),
            create_accounts=connection.create_accounts,
            role=str(claims.get("role") or ""),
            name=str(claims.get("name") or ""),
            fractie_name=str(claims.get("fractie") or ""),
        )
    except organisation_services.ExternalAccountRefused as refused:
        raise LaunchRefused(refused.reason, refused.detail) from refused
    if user is None:
        raise LaunchRefused("unknown_user", subject)
    RisIdentity.objects.create(connection=connection, subject=subject, user_id=user.pk)
    return user


def user_agent_digest(user_agent: str) -> str:
    """What a tab session remembers of the browser that launched it (a digest, not the string)."""
    return hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def launch(token: str, *, user_agent: str = "") -> Launch:
    """Accept a launch token once and open a tab session for the member it names.

    The session is bound to the connection, the user and the browser's User-Agent. Expired launch tokens
    and tab sessions are cleaned up here, at every launch, and by the periodic clean-up task.
    """
    connection, claims = verify(token)
    now = timezone.now()
    UsedLaunchToken.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedLaunchToken.objects.create(
                connection=connection,
                jti=str(claims["jti"]),
                expires_at=dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC)
                + dt.timedelta(seconds=settings.EMBED_CLOCK_SKEW_SECONDS),
            )
    except IntegrityError as exc:
        raise LaunchRefused("replayed") from exc
    return Launch(open_session(connection, claims, user_agent=user_agent), claims)


@transaction.atomic
def open_session(connection: RisConnection, claims: dict[str, Any], *, user_agent: str = "") -> TabSession:
    """Map the user a verified launch names (claims `sub`, `email`, `name`, `role`, `fractie`) to a member
    with the rules of the signed launch, and open a tab session for them. The signed launch calls this
    after its own checks; so does an LTI 1.3 launch (toerusting.lti), through its platform's connection.
    Refused (LaunchRefused) for anyone the tab is not for."""
    now = timezone.now()
    end_expired_sessions()
    user = _map_user(connection, claims)
    RisIdentity.objects.filter(connection=connection, subject=str(claims["sub"])).update(last_launch_at=now)
    return TabSession.objects.create(
        key=secrets.token_urlsafe(32),
        user_id=user.pk,
        connection=connection,
        user_agent_digest=user_agent_digest(user_agent),
        expires_at=now + dt.timedelta(seconds=settings.EMBED_SESSION_SECONDS),
    )


def check_frame_origins(origins: Any) -> None:
    """The rule for origins that may frame the tab (ValidationError naming each origin that breaks it)."""
    validate_frame_origins(origins)


def unusable_public_key() -> str:
    """The PEM public key of a key pair whose private half is thrown away at once: a connection with it
    accepts no signed launch token (nobody can sign one), only launches that another app checked."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@transaction.atomic
def save_platform_connection(
    connection_id: int | None,
    *,
    organisation_id: int,
    name: str,
    issuer: str,
    frame_origins: list[str],
    agenda_source: str,
    create_accounts: bool,
    is_active: bool,
) -> RisConnection:
    """Create or update the RIS connection behind an LTI platform registration. Its members' identities
    and tab sessions are the signed launch's; it takes no launch tokens of its own (unusable_public_key)."""
    validate_frame_origins(frame_origins)
    values = {
        "organisation_id": organisation_id,
        "name": name[:100],
        "issuer": issuer[:200],
        "frame_origins": frame_origins,
        "agenda_source": agenda_source,
        "create_accounts": create_accounts,
        "is_active": is_active,
    }
    if connection_id is None:
        return RisConnection.objects.create(algorithm="RS256", key=unusable_public_key(), **values)
    connection = RisConnection.objects.get(pk=connection_id)
    for field, value in values.items():
        setattr(connection, field, value)
    connection.save()
    return connection


def tab_url(name: str, session: TabSession, **kwargs: Any) -> str:
    """A URL inside the tab, carrying the session key (the tab works without third-party cookies)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    return f"{reverse(name, kwargs=kwargs)}?{urlencode({'s': session.key})}"


def set_tab_cookie(response: Any, session: TabSession) -> None:
    """A third-party cookie as browsers accept it today: SameSite=None; Secure; Partitioned (CHIPS)."""
    max_age = int((session.expires_at - timezone.now()).total_seconds())
    response.set_cookie(
        COOKIE, session.key, max_age=max_age, path="/embed/", secure=True, httponly=True, samesite="None"
    )
    # Python's cookie module (before 3.14) knows no Partitioned attribute; it writes the SameSite value
    # as given, so the attribute rides along with it: "SameSite=None; Partitioned".
    response.cookies[COOKIE]["samesite"] = "None; Partitioned"


def target_url(session: TabSession, *, meeting: Any = None, agenda_item: Any = None) -> str:
    """Where a launch opens the tab: the agenda item, else the meeting, else the upcoming meetings."""
    slug = session.connection.organisation.slug
    if agenda_item is not None:
        return tab_url("embed:agenda_item", session, org=slug, item_id=agenda_item.pk)
    if meeting is not None:
        return tab_url("embed:meeting", session, org=slug, meeting_id=meeting.pk)
    return tab_url("embed:upcoming", session, org=slug)


def _session_query(key: str, digest: str, now: dt.datetime) -> QuerySet[TabSession]:
    """The open tab session with this key, in one query: not expired, its connection active, requested
    from the browser that launched it, and its user still an active member who may use the tab."""
    return (
        TabSession.objects.select_related("user", "connection__organisation")
        .filter(
            permissions.ris_tab_users("user", "connection__organisation"),
            key=key,
            expires_at__gt=now,
            connection__is_active=True,
            user_agent_digest=digest,
        )
        .order_by("pk")[:1]
    )


def _today() -> dt.date:
    return dt.date.today()


class _CompiledSessionQuery:
    """_session_query compiled to SQL once per process, database and day, run with each request's values.

    Every tab request looks its session up, and building that query (a join over four tables and an
    EXISTS on the member's current functies) through the ORM cost more CPU than the rest of a cached tab
    request together. The query is built once with stand-in values, which are swapped for the request's
    key, browser digest and time in its parameters; the rows become model instances as Django's own
    iterator makes them. The day is part of the query (a functie current today), so it is compiled anew
    when the date changes. When a stand-in cannot be found exactly once, the ORM query is used instead.
    """

    KEY = "stand-in-for-the-tab-session-key"
    DIGEST = "stand-in-for-the-user-agent-digest"
    NOW = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, dt.date], Any] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str, today: dt.date) -> Any:
        from django.db.models.query import get_related_populators

        connection = connections[alias]
        compiler = _session_query(self.KEY, self.DIGEST, self.NOW).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        now = connection.ops.adapt_datetimefield_value(self.NOW)
        slots = {"key": self.KEY, "digest": self.DIGEST, "now": now}
        where = {
            name: [n for n, value in enumerate(params) if value == stand_in]
            for name, stand_in in slots.items()
        }
        if any(len(found) != 1 for found in where.values()):
            return None
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        # The columns' converters (as results_iter would look up on every call).
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        return (
            sql,
            list(params),
            {name: found[0] for name, found in where.items()},
            (compiler, converters),
            [column[0].target.attname for column in select[start:end]],
            (start, end),
            get_related_populators(klass_info, select, alias),  # type: ignore[call-arg]  # stubs of Django 6
        )

    def find(self, key: str, digest: str, now: dt.datetime) -> TabSession | None:
        alias = router.db_for_read(TabSession)
        today = _today()
        with self._lock:
            if (alias, today) not in self._compiled:
                self._compiled = {(alias, today): self._compile(alias, today)}
            compiled = self._compiled[(alias, today)]
        if compiled is None:
            return next(iter(_session_query(key, digest, now)), None)
        sql, params, slots, (compiler, converters), names, (start, end), populators = compiled
        params = list(params)
        params[slots["key"]] = key
        params[slots["digest"]] = digest
        params[slots["now"]] = connections[alias].ops.adapt_datetimefield_value(now)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        session = TabSession.from_db(alias, names, row[start:end])
        for populator in populators:
            populator.populate(row, session)
        return session


_compiled_session_query = _CompiledSessionQuery()


def find_session(key: str, *, user_agent: str) -> TabSession | None:
    """The open tab session with this key (see _session_query for what "open" means)."""
    if not key or len(key) > 64 or "\x00" in key:
        return None
    return _compiled_session_query.find(key, user_agent_digest(user_agent), timezone.now())


def end_expired_sessions() -> int:
    """Delete tab sessions past their expiry (run at every launch)."""
    return TabSession.objects.filter(expires_at__lt=timezone.now()).delete()[0]


def clean_up_expired() -> dict[str, int]:
    """Delete expired tab sessions and launch token ids past their expiry (the periodic clean-up)."""
    tokens = UsedLaunchToken.objects.filter(expires_at__lt=timezone.now()).delete()[0]
    return {"tab_sessions": end_expired_sessions(), "launch_tokens": tokens}


@dataclass
class OpenSession:
    user_id: int
    name: str
    connection: str
    started: dt.datetime
    expires: dt.datetime


def open_sessions(organisation_id: int) -> list[OpenSession]:
    """The open tab sessions of an organisation's RIS connections, newest first, with the member's name."""
    sessions = (
        TabSession.objects.filter(connection__organisation_id=organisation_id, expires_at__gt=timezone.now())
        .select_related("user", "connection")
        .order_by("-created_at")
    )
    names: dict[int, str] = {}
    result = []
    for session in sessions:
        if session.user_id not in names:
            person = organisation_selectors.person_for_user(session.user)
            names[session.user_id] = person.full_name if person is not None else session.user.get_username()
        result.append(
            OpenSession(
                session.user_id,
                names[session.user_id],
                session.connection.name,
                session.created_at,
                session.expires_at,
            )
        )
    return result


def end_sessions_in_organisation(organisation_id: int, user_id: int | None = None) -> int:
    """End the open tab sessions of one member (or of everyone) in an organisation: the griffie's action."""
    sessions = TabSession.objects.filter(connection__organisation_id=organisation_id)
    if user_id is not None:
        sessions = sessions.filter(user_id=user_id)
    return sessions.delete()[0]


def end_sessions_for_user(user: AbstractBaseUser) -> int:
    """End every tab session of a user, in every organisation: on logout and when the account is
    disabled (hooks user_logged_out and user_deactivated)."""
    return TabSession.objects.filter(user_id=user.pk).delete()[0]


# --- The connection's keys ----------------------------------------------------------------------------------

MIN_SECRET_LENGTH = 32


def key_state(changed_at: Any, present: bool) -> str:
    """What the admin and the pages show of a key: never the key itself."""
    if not present:
        return str(_("no key set"))
    if changed_at is None:
        return str(_("set"))
    return str(_("set (last changed %(date)s)")) % {
        "date": formats.date_format(changed_at, "DATETIME_FORMAT")
    }


def key_problem(algorithm: str, key: str) -> str | None:
    """Why this key cannot verify launch tokens of this algorithm, or None when it can."""
    if algorithm == "HS256":
        if len(key) < MIN_SECRET_LENGTH:
            return str(_("a shared secret has at least 32 characters"))
        return None
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        public = load_pem_public_key(key.strip().encode())
    except (ValueError, TypeError):
        return str(_("not a PEM public key (it starts with -----BEGIN PUBLIC KEY-----)"))
    wanted = rsa.RSAPublicKey if algorithm == "RS256" else ec.EllipticCurvePublicKey
    if not isinstance(public, wanted):
        return str(_("this public key does not fit the signing algorithm %(algorithm)s")) % {
            "algorithm": algorithm
        }
    return None


def _check_key(connection: RisConnection, key: str) -> None:
    problem = key_problem(connection.algorithm, key)
    if problem:
        raise ValidationError(_("Verification key: %(problem)s."), params={"problem": problem})


def _record_key_change(actor: Any, connection: RisConnection, change: str) -> None:
    audit.record(
        actor,
        connection.organisation,
        audit.Action.RIS_KEY_CHANGED,
        connection.name,
        connection=connection.pk,
        change=change,
        key_id=connection.key_id or None,
        next_key_id=connection.next_key_id or None,
    )


@transaction.atomic
def replace_key(actor: Any, connection: RisConnection, key: str, key_id: str = "") -> None:
    """Replace the current key at once (a leaked secret, or a connection that is not in use yet): tokens
    signed with the old key are refused from now on. Audited; the key itself is never recorded."""
    _check_key(connection, key)
    connection.key = key
    connection.key_id = key_id
    connection.key_changed_at = timezone.now()
    connection.save(update_fields=["key", "key_id", "key_changed_at"])
    _record_key_change(actor, connection, "replaced")


@transaction.atomic
def add_next_key(actor: Any, connection: RisConnection, key: str, key_id: str = "") -> None:
    """Accept a second key next to the current one, so the RIS can switch to it without downtime."""
    _check_key(connection, key)
    if key == connection.key:
        raise ValidationError(_("The next key must differ from the current key."))
    connection.next_key = key
    connection.next_key_id = key_id
    connection.next_key_added_at = timezone.now()
    connection.save(update_fields=["next_key", "next_key_id", "next_key_added_at"])
    _record_key_change(actor, connection, "next_key_added")


@transaction.atomic
def promote_next_key(actor: Any, connection: RisConnection) -> None:
    """The RIS signs with the next key now: it becomes the current key and the old key is retired (tokens
    signed with it are refused from now on)."""
    if not connection.next_key:
        raise ValidationError(_("This connection has no next key to promote."))
    connection.key = connection.next_key
    connection.key_id = connection.next_key_id
    connection.key_changed_at = timezone.now()
    connection.next_key = ""
    connection.next_key_id = ""
    connection.next_key_added_at = None
    connection.save(
        update_fields=["key", "key_id", "key_changed_at", "next_key", "next_key_id", "next_key_added_at"]
    )
    _record_key_change(actor, connection, "next_key_promoted")


@transaction.atomic
def discard_next_key(actor: Any, connection: RisConnection) -> None:
    """Stop accepting the next key (the rotation was called off); the current key stays."""
    if not connection.next_key:
        return
    connection.next_key = ""
    connection.next_key_id = ""
    connection.next_key_added_at = None
    connection.save(update_fields=["next_key", "next_key_id", "next_key_added_at"])
    _record_key_change(actor, connection, "next_key_discarded")


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
        try:
            validate_frame_origins(origins)
        except ValidationError as exc:
            reader.problem(node, "frame_origins", " ".join(exc.messages))
            origins = []
        connection, _created = RisConnection.objects.update_or_create(
            issuer=reader.text(node, "issuer"),
            defaults={
                "organisation": organisation,
                "name": reader.text(node, "name"),
                "algorithm": reader.choice(node, "algorithm", {"HS256"}) or "HS256",
                "key": secret,
                "key_changed_at": timezone.now(),
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
