"""LTI 1.3 tool: login initiation, the launch's checks, mapping to members (through the RIS tab's rules),
deep linking, and the platform registrations.

Launch checks (IMS LTI 1.3 core and IMS Security Framework): the login initiation names a registered
platform; the id_token comes back with the state we issued (once, within its lifetime, from the browser
we sent away: the state cookie when the browser keeps it, else the browser's User-Agent), signed with a key
from the platform's key set (fetched, cached, fetched again for an unknown kid), iss and aud (and azp)
are the registration's, exp and iat are current, the nonce is the one we sent and is used only once, the
deployment id is known, message type and version are LTI 1.3's, and target_link_uri is on our host.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
import urllib3
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toerusting import outbound
from toerusting.agenda import selectors as agenda_selectors
from toerusting.audit import services as audit
from toerusting.embed import services as embed_services
from toerusting.lti.models import DeepLinkRequest, LaunchState, PlatformRegistration, UsedNonce
from toerusting.organisations import permissions
from toerusting.signingkeys import services as signing_services

if TYPE_CHECKING:
    from toerusting.embed.models import TabSession

PURPOSE = "lti"
VERSION = "1.3.0"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
ALGORITHMS = ["RS256"]
STATE_SECONDS = 300
DEEP_LINK_SECONDS = 1800
CLOCK_SKEW_SECONDS = 30
MAX_TOKEN_AGE_SECONDS = 600
STATE_COOKIE_PREFIX = "lti1p3-state-"
JWKS_CACHE_SECONDS = 3600
JWKS_MAX_BYTES = 1_000_000  # a key set is a few kilobytes; more is not read

# LTI roles (context and institution) that may stand for a member of the council. Other roles (Instructor,
# Administrator, ContentDeveloper and the like) never create an account: the griffie links those.
LEARNER_ROLES = {
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Member",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Learner",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Member",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
}

REFUSALS = {
    "malformed": _("This launch is not a valid LTI 1.3 message. Open Toerusting again from your platform."),
    "unknown_platform": _("This platform is not registered with Toerusting. Ask the griffie."),
    "wrong_audience": _(
        "This launch was meant for another tool than Toerusting. Ask the griffie to check the registration."
    ),
    "bad_signature": _(
        "This launch is not signed correctly by the platform. Ask the griffie to check the registration."
    ),
    "expired": _("This launch has expired. Open Toerusting again from your platform."),
    "replayed": _("This launch has already been used. Open Toerusting again from your platform."),
    "state": _(
        "This launch does not belong to this browser or has expired. "
        "Open Toerusting again from your platform."
    ),
    "unknown_deployment": _(
        "This deployment of the platform is not registered with Toerusting. Ask the griffie."
    ),
    "wrong_message": _("Toerusting cannot handle this kind of LTI message."),
    "wrong_target": _("This launch points to another website than Toerusting."),
    "platform_unreachable": _("The platform's keys could not be fetched. Try again in a moment."),
}


class LtiRefused(Exception):
    """A launch we do not accept; `reason` is a key of REFUSALS or of the RIS tab's refusals."""

    def __init__(
        self, reason: str, detail: str = "", registration: PlatformRegistration | None = None
    ) -> None:
        self.reason = reason
        self.detail = detail
        self.registration = registration
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def message(self) -> str:
        if self.reason in REFUSALS:
            return str(REFUSALS[self.reason])
        return str(embed_services.REFUSALS.get(self.reason, REFUSALS["malformed"]))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def state_cookie_name(state: str) -> str:
    return STATE_COOKIE_PREFIX + _digest(state)[:16]


# -- registrations ---------------------------------------------------------------------------------------


def registrations_of(organisation_id: int) -> list[PlatformRegistration]:
    return list(PlatformRegistration.objects.filter(organisation_id=organisation_id).order_by("name"))


def registration_in(organisation_id: int, registration_id: int) -> PlatformRegistration | None:
    return PlatformRegistration.objects.filter(organisation_id=organisation_id, pk=registration_id).first()


REGISTRATION_FIELDS = (
    "name",
    "issuer",
    "client_id",
    "deployment_ids",
    "auth_login_url",
    "token_url",
    "jwks_url",
    "member_role",
    "is_active",
)


@transaction.atomic
def save_registration(
    registration: PlatformRegistration,
    *,
    actor: Any,
    frame_origins: list[str],
    agenda_source: str,
) -> PlatformRegistration:
    """Store a registration (new or changed) with its RIS connection, and record it in the audit trail."""
    created = registration.pk is None
    before = {}
    if not created:
        old = PlatformRegistration.objects.get(pk=registration.pk)
        before = {field: getattr(old, field) for field in REGISTRATION_FIELDS}
    connection = embed_services.save_platform_connection(
        None if created else registration.connection_id,
        organisation_id=registration.organisation_id,
        name=f"LTI: {registration.name}",
        issuer=f"{embed_services.PLATFORM_ISSUER_PREFIX}{registration.issuer}#{registration.client_id}",
        frame_origins=frame_origins,
        agenda_source=agenda_source,
        create_accounts=bool(registration.member_role),
        is_active=registration.is_active,
    )
    registration.connection = connection
    registration.save()
    changed = [
        field for field in REGISTRATION_FIELDS if created or before[field] != getattr(registration, field)
    ]
    audit.record(
        actor,
        registration.organisation,
        audit.Action.LTI_REGISTRATION,
        f"LTI: {registration.name}",
        created=created,
        changed=changed,
        issuer=registration.issuer,
        client_id=registration.client_id,
    )
    cache.delete(_jwks_cache_key(registration))
    return registration


def frame_origins_of(registration: PlatformRegistration) -> list[str]:
    return list(registration.connection.frame_origins)


def agenda_source_of(registration: PlatformRegistration) -> str:
    return str(registration.connection.agenda_source)


# -- the platform's keys --------------------------------------------------------------------------------


def _jwks_cache_key(registration: PlatformRegistration) -> str:
    return f"lti:jwks:{registration.pk}:{_digest(registration.jwks_url)[:16]}"


def _fetch_jwks(registration: PlatformRegistration) -> dict[str, Any]:
    try:
        outbound.check_public(registration.jwks_url)
        with outbound.session().get(
            registration.jwks_url,
            headers={"Accept": "application/json", "User-Agent": "Toerusting LTI"},
            timeout=settings.LTI_JWKS_TIMEOUT_SECONDS,
            stream=True,
        ) as response:
            response.raise_for_status()
            document = json.loads(response.raw.read(JWKS_MAX_BYTES, decode_content=True))
    except outbound.OutboundRefused as exc:
        raise LtiRefused("platform_unreachable", str(exc), registration) from exc
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        # Only the kind of failure: what a host answered (or did not) is not written to the audit trail.
        raise LtiRefused("platform_unreachable", exc.__class__.__name__, registration) from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise LtiRefused("platform_unreachable", "not a JSON Web Key Set", registration)
    cache.set(_jwks_cache_key(registration), document, JWKS_CACHE_SECONDS)
    if settings.LTI_JWKS_MIN_REFETCH_SECONDS > 0:
        cache.set(_jwks_cache_key(registration) + ":fresh", True, settings.LTI_JWKS_MIN_REFETCH_SECONDS)
    return document


def _platform_key(registration: PlatformRegistration, kid: str) -> Any:
    """The platform's public key with this kid: from the cached key set, else from a fresh fetch (the
    platform may have rotated its keys). None when the platform does not publish it."""
    document = cache.get(_jwks_cache_key(registration))
    for attempt in range(2):
        if attempt == 1 and cache.get(_jwks_cache_key(registration) + ":fresh"):
            # Fetched moments ago: tokens with made-up kids do not make us fetch the platform's keys again.
            return None
        if document is None or attempt == 1:
            document = _fetch_jwks(registration)
        for candidate in document["keys"]:
            if isinstance(candidate, dict) and candidate.get("kid") == kid and candidate.get("kty") == "RSA":
                try:
                    return jwt.PyJWK(candidate, algorithm="RS256").key
                except jwt.PyJWTError as exc:
                    raise LtiRefused("bad_signature", f"unusable key {kid}: {exc}", registration) from exc
    return None


# -- login initiation ------------------------------------------------------------------------------------


@dataclass
class LoginRedirect:
    url: str
    state: str


def _find_registration(issuer: str, client_id: str = "") -> PlatformRegistration:
    registrations = PlatformRegistration.objects.select_related("organisation", "connection").filter(
        issuer=issuer, is_active=True
    )
    if client_id:
        registrations = registrations.filter(client_id=client_id)
    found = list(registrations[:2])
    if len(found) != 1:
        raise LtiRefused("unknown_platform", f"{issuer} {client_id}".strip())
    return found[0]


@transaction.atomic
def login(params: dict[str, str], *, launch_url: str, user_agent: str) -> LoginRedirect:
    """Third-party initiated login: answer the platform's login request with a redirect to its
    authorisation endpoint, carrying a fresh state and nonce."""
    issuer = params.get("iss", "").strip()
    login_hint = params.get("login_hint", "")
    if not issuer or not login_hint:
        raise LtiRefused("malformed", "iss and login_hint are required")
    registration = _find_registration(issuer, params.get("client_id", "").strip())
    deployment = params.get("lti_deployment_id", "")
    if deployment and deployment not in registration.deployment_ids:
        raise LtiRefused("unknown_deployment", deployment, registration)
    target = params.get("target_link_uri", "")
    if target and not _on_our_host(target, launch_url):
        raise LtiRefused("wrong_target", target, registration)
    now = timezone.now()
    LaunchState.objects.filter(expires_at__lt=now - dt.timedelta(seconds=STATE_SECONDS)).delete()
    state = LaunchState.objects.create(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        registration=registration,
        user_agent_digest=_digest(user_agent),
        expires_at=now + dt.timedelta(seconds=STATE_SECONDS),
    )
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": registration.client_id,
        "redirect_uri": launch_url,
        "login_hint": login_hint,
        "state": state.state,
        "nonce": state.nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if urlsplit(registration.auth_login_url).query else "?"
    return LoginRedirect(f"{registration.auth_login_url}{separator}{urlencode(query)}", state.state)


def _on_our_host(url: str, our_url: str) -> bool:
    try:
        parts, ours = urlsplit(url), urlsplit(our_url)
    except ValueError:
        return False
    return parts.scheme in {"https", "http"} and parts.netloc.lower() == ours.netloc.lower()


# -- the launch ------------------------------------------------------------------------------------------


@dataclass
class Message:
    registration: PlatformRegistration
    claims: dict[str, Any]

    @property
    def message_type(self) -> str:
        return str(self.claims[CLAIM + "message_type"])

    @property
    def deployment_id(self) -> str:
        return str(self.claims[CLAIM + "deployment_id"])

    @property
    def custom(self) -> dict[str, Any]:
        value = self.claims.get(CLAIM + "custom") or {}
        return value if isinstance(value, dict) else {}


def _consume_state(
    registration: PlatformRegistration, state: str, *, cookie: str | None, user_agent: str
) -> LaunchState:
    """The state we issued for this browser, marked used; refused when unknown, used, expired or from
    another browser."""
    now = timezone.now()
    issued = LaunchState.objects.filter(state=state).first()
    if issued is None or issued.registration_id != registration.pk:
        raise LtiRefused("state", "unknown state", registration)
    if issued.used_at is not None:
        raise LtiRefused("replayed", "state used before", registration)
    if issued.expires_at < now:
        raise LtiRefused("expired", "state expired", registration)
    if cookie is not None:
        if not secrets.compare_digest(cookie, state):
            raise LtiRefused("state", "state cookie differs", registration)
    elif not secrets.compare_digest(issued.user_agent_digest, _digest(user_agent)):
        raise LtiRefused("state", "another browser", registration)
    # Marked used in one statement: of two requests with the same state, only one gets past this.
    if not LaunchState.objects.filter(pk=issued.pk, used_at__isnull=True).update(used_at=now):
        raise LtiRefused("replayed", "state used before", registration)
    return issued


def verify(id_token: str, state: str, *, cookie: str | None, user_agent: str, launch_url: str) -> Message:
    """All checks of an LTI 1.3 launch (see the module's docstring); the accepted message."""
    if not id_token or not state:
        raise LtiRefused("malformed", "id_token and state are required")
    try:
        unverified = jwt.decode(id_token, options={"verify_signature": False})
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise LtiRefused("malformed", str(exc)) from exc
    issuer = str(unverified.get("iss", ""))
    audience = unverified.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    candidates = list(
        PlatformRegistration.objects.select_related("organisation", "connection").filter(
            issuer=issuer, is_active=True
        )
    )
    if not candidates:
        raise LtiRefused("unknown_platform", issuer)
    matching = [r for r in candidates if r.client_id in audiences]
    if len(matching) != 1:
        raise LtiRefused("wrong_audience", ", ".join(map(str, audiences)), candidates[0])
    registration = matching[0]
    if len(audiences) > 1 and unverified.get("azp") != registration.client_id:
        raise LtiRefused("wrong_audience", "azp does not name us", registration)
    if "azp" in unverified and unverified["azp"] != registration.client_id:
        raise LtiRefused("wrong_audience", f"azp {unverified['azp']!r}", registration)
    if header.get("alg") not in ALGORITHMS:
        raise LtiRefused("bad_signature", f"algorithm {header.get('alg')!r}", registration)
    key = _platform_key(registration, str(header.get("kid", "")))
    if key is None:
        raise LtiRefused("bad_signature", f"unknown kid {header.get('kid')!r}", registration)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=ALGORITHMS,
            audience=registration.client_id,
            issuer=registration.issuer,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
            leeway=CLOCK_SKEW_SECONDS,
        )
    except jwt.ExpiredSignatureError as exc:
        raise LtiRefused("expired", str(exc), registration) from exc
    except jwt.InvalidSignatureError as exc:
        raise LtiRefused("bad_signature", str(exc), registration) from exc
    except jwt.InvalidAudienceError as exc:
        raise LtiRefused("wrong_audience", str(exc), registration) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise LtiRefused("malformed", str(exc), registration) from exc
    if int(claims["iat"]) < timezone.now().timestamp() - MAX_TOKEN_AGE_SECONDS:
        raise LtiRefused("expired", "issued too long ago", registration)
    # The single-use state is spent only by a message the platform really signed: a forged post cannot use up
    # the state of someone's real launch.
    issued = _consume_state(registration, state, cookie=cookie, user_agent=user_agent)
    nonce = str(claims["nonce"])
    try:
        with transaction.atomic():
            UsedNonce.objects.filter(expires_at__lt=timezone.now()).delete()
            UsedNonce.objects.create(
                registration=registration,
                nonce=nonce[:255],
                expires_at=timezone.now() + dt.timedelta(seconds=MAX_TOKEN_AGE_SECONDS),
            )
    except IntegrityError as exc:
        raise LtiRefused("replayed", "nonce used before", registration) from exc
    if not secrets.compare_digest(nonce, issued.nonce):
        raise LtiRefused("replayed", "not the nonce we sent", registration)
    if claims.get(CLAIM + "version") != VERSION:
        raise LtiRefused("wrong_message", f"version {claims.get(CLAIM + 'version')!r}", registration)
    message_type = claims.get(CLAIM + "message_type")
    if message_type not in {RESOURCE_LINK, DEEP_LINKING}:
        raise LtiRefused("wrong_message", f"message type {message_type!r}", registration)
    deployment = claims.get(CLAIM + "deployment_id")
    if not isinstance(deployment, str) or deployment not in registration.deployment_ids:
        raise LtiRefused("unknown_deployment", str(deployment), registration)
    target = claims.get(CLAIM + "target_link_uri")
    if message_type == RESOURCE_LINK:
        if not isinstance(target, str) or not _on_our_host(target, launch_url):
            raise LtiRefused("wrong_target", str(target), registration)
        link = claims.get(CLAIM + "resource_link")
        if not isinstance(link, dict) or not link.get("id"):
            raise LtiRefused("malformed", "resource_link.id is required", registration)
        if not isinstance(claims.get("sub"), str) or not 0 < len(claims["sub"]) <= 200:
            raise LtiRefused("malformed", "sub must be text of 1 to 200 characters", registration)
    return Message(registration, claims)


def record_refusal(refused: LtiRefused) -> None:
    """A refused launch in the audit trail (the registration's organisation; the operator's otherwise)."""
    registration = refused.registration
    audit.record(
        None,
        registration.organisation if registration is not None else None,
        audit.Action.LTI_LAUNCH_FAILED,
        f"LTI: {registration.name}" if registration is not None else "LTI",
        reason=refused.reason,
        detail=refused.detail[:300],
    )


def member_role(message: Message) -> str:
    """The member role for an account made at the first launch: a member role the launch names in the
    custom parameter `role`, else the registration's role when the platform calls the user a learner.
    Empty otherwise: no account is made (the RIS tab's rule: only member roles)."""
    named = str(message.custom.get("role") or "")
    if named:
        return named
    roles = message.claims.get(CLAIM + "roles") or []
    if isinstance(roles, list) and LEARNER_ROLES & {str(role) for role in roles}:
        return message.registration.member_role
    return ""


def _name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(str(claims.get(part) or "").strip() for part in ("given_name", "family_name"))
    return name.strip()


@dataclass
class ResourceLaunch:
    session: TabSession
    url: str


def _target(message: Message, launch_url: str) -> tuple[Any, Any]:
    """The meeting and agenda item the launch names: our ids in the target link (from deep linking) or in
    the custom parameters `toerusting_meeting` / `toerusting_agenda_item`; the platform's own ids in the
    custom parameters `meeting` / `agenda_item` (looked up in the registration's agenda source)."""
    organisation = message.registration.organisation
    query = parse_qs(urlsplit(str(message.claims.get(CLAIM + "target_link_uri", ""))).query)
    custom = message.custom

    def our_id(query_name: str, custom_name: str) -> int | None:
        value = str(custom.get(custom_name) or (query.get(query_name) or [""])[0])
        return int(value) if value.isdigit() and len(value) < 12 else None

    item_id, meeting_id = (
        our_id("agenda_item", "toerusting_agenda_item"),
        our_id("meeting", "toerusting_meeting"),
    )
    if item_id is not None:
        item = agenda_selectors.agenda_item_in_organisation(organisation, item_id)
        if item is not None:
            return None, item
    if meeting_id is not None:
        meeting = agenda_selectors.meeting_in_organisation(organisation, meeting_id)
        if meeting is not None:
            return meeting, None
    source = agenda_source_of(message.registration)
    if custom.get("agenda_item"):
        item = agenda_selectors.agenda_item_by_source(organisation, source, str(custom["agenda_item"]))
        if item is not None:
            return None, item
    if custom.get("meeting"):
        meeting = agenda_selectors.meeting_by_source(organisation, source, str(custom["meeting"]))
        if meeting is not None:
            return meeting, None
    return None, None


@transaction.atomic
def resource_launch(message: Message, *, user_agent: str, launch_url: str) -> ResourceLaunch:
    """Map the platform's user to a member with the RIS tab's rules and open a tab session on the
    meeting or agenda item the launch names."""
    claims = message.claims
    custom = message.custom
    mapped = {
        "sub": str(claims["sub"]),
        "email": str(claims.get("email") or ""),
        "name": _name(claims),
        "role": member_role(message),
        "fractie": str(custom.get("fractie") or ""),
    }
    try:
        session = embed_services.open_session(message.registration.connection, mapped, user_agent=user_agent)
    except embed_services.LaunchRefused as refused:
        raise LtiRefused(refused.reason, refused.detail, message.registration) from refused
    meeting, item = _target(message, launch_url)
    audit.record(
        session.user,
        message.registration.organisation,
        audit.Action.LTI_LAUNCH,
        f"LTI: {message.registration.name}",
        deployment=message.deployment_id,
        meeting=meeting.pk if meeting is not None else None,
        agenda_item=item.pk if item is not None else None,
    )
    return ResourceLaunch(session, embed_services.target_url(session, meeting=meeting, agenda_item=item))


# -- deep linking ----------------------------------------------------------------------------------------


def start_deep_link(message: Message) -> DeepLinkRequest:
    """Keep a deep-linking request while its user picks content (refused when it cannot take links)."""
    settings_claim = message.claims.get(DL_CLAIM + "deep_linking_settings")
    if not isinstance(settings_claim, dict) or not settings_claim.get("deep_link_return_url"):
        raise LtiRefused(
            "malformed", "deep_linking_settings.deep_link_return_url is required", message.registration
        )
    accept = settings_claim.get("accept_types") or []
    if "ltiResourceLink" not in accept:
        raise LtiRefused("wrong_message", f"accept_types {accept!r}", message.registration)
    now = timezone.now()
    DeepLinkRequest.objects.filter(expires_at__lt=now).delete()
    return DeepLinkRequest.objects.create(
        key=secrets.token_urlsafe(32),
        registration=message.registration,
        deployment_id=message.deployment_id,
        return_url=str(settings_claim["deep_link_return_url"])[:1000],
        data=str(settings_claim.get("data") or ""),
        multiple=bool(settings_claim.get("accept_multiple", False)),
        expires_at=now + dt.timedelta(seconds=DEEP_LINK_SECONDS),
    )


def deep_link_request(key: str) -> DeepLinkRequest | None:
    if not key or len(key) > 64:
        return None
    return (
        DeepLinkRequest.objects.select_related("registration__organisation", "registration__connection")
        .filter(key=key, expires_at__gt=timezone.now())
        .first()
    )


@dataclass
class Choice:
    value: str
    title: str
    meeting: Any


def deep_link_choices(request: DeepLinkRequest) -> list[Choice]:
    """The upcoming meetings of the organisation and their agenda items, as the picker offers them."""
    organisation = request.registration.organisation
    choices: list[Choice] = []
    for meeting in agenda_selectors.upcoming_meetings_in_organisation(organisation):
        choices.append(Choice(f"meeting:{meeting.pk}", str(meeting.name), meeting))
        for item in agenda_selectors.items_of(meeting).filter(is_heading=False):
            choices.append(Choice(f"agenda_item:{item.pk}", str(item.title), meeting))
    return choices


def _content_item(choice: Choice, tool_url: str) -> dict[str, Any]:
    kind, _colon, pk = choice.value.partition(":")
    return {
        "type": "ltiResourceLink",
        "title": choice.title,
        "url": f"{tool_url}?{urlencode({kind: pk})}",
        "custom": {f"toerusting_{kind}": pk},
    }


@transaction.atomic
def deep_link_response(request: DeepLinkRequest, values: list[str], *, tool_url: str) -> str:
    """The signed LtiDeepLinkingResponse (our tool key, kid in the header) for the chosen content; the
    request is used up."""
    offered = {choice.value: choice for choice in deep_link_choices(request)}
    chosen = [offered[value] for value in values if value in offered]
    if not request.multiple:
        chosen = chosen[:1]
    now = int(timezone.now().timestamp())
    registration = request.registration
    claims: dict[str, Any] = {
        "iss": registration.client_id,
        "aud": registration.issuer,
        "iat": now,
        "exp": now + 300,
        "nonce": secrets.token_urlsafe(16),
        CLAIM + "message_type": DEEP_LINKING_RESPONSE,
        CLAIM + "version": VERSION,
        CLAIM + "deployment_id": request.deployment_id,
        DL_CLAIM + "content_items": [_content_item(choice, tool_url) for choice in chosen],
    }
    if request.data:
        claims[DL_CLAIM + "data"] = request.data
    token = signing_services.sign_jwt(PURPOSE, claims)
    audit.record(
        None,
        registration.organisation,
        audit.Action.LTI_DEEP_LINK,
        f"LTI: {registration.name}",
        items=[choice.value for choice in chosen],
    )
    request.delete()
    return token


def launch_path() -> str:
    return reverse("lti:launch")


def may_manage(user: Any, organisation: Any) -> None:
    permissions.require(user, organisation, permissions.Capability.MANAGE_LTI)
