"""Logging in through an organisation's own identity provider (OpenID Connect, authorization code flow).

The flow: `begin` reads the provider's discovery document (its issuer must be the configured one), keeps a
fresh `state`, `nonce` and PKCE code verifier (S256) in the session and sends the browser to the provider.
`complete` takes the provider's answer: the state must be one this session started, the code is exchanged
once (with the verifier), the ID token's signature is checked against the provider's published keys and its
issuer, audience, expiry and nonce against what was sent; the claims it lacks come from the userinfo
endpoint (its subject must be the same). The account is found by the verified claim only (never by a
name), with the same rule as the RIS launch (organisations.services.external_user). Every refusal is an
`OidcRefused` with a reason the page explains; nothing is written before the checks pass.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from toerusting import outbound
from toerusting.audit import services as audit_services
from toerusting.oidc.models import MatchOn, OidcIdentity, OidcProvider
from toerusting.organisations import services as organisation_services

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.sessions.backends.base import SessionBase

    from toerusting.organisations.models import Organisation

PENDING_KEY = "toerusting_oidc_pending"
SESSION_KEY = "toerusting_oidc_session"
MAX_PENDING = 5
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]


class OidcRefused(Exception):
    """A login through the provider that cannot be accepted; `reason` is a key of views.REASONS."""

    def __init__(self, reason: str, detail: str = "", provider: OidcProvider | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.provider = provider
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass
class Completed:
    user: AbstractBaseUser
    provider: OidcProvider
    next_path: str
    logout_state: dict[str, Any]


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL (for the page's Content-Security-Policy)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _timeout() -> float:
    return float(settings.OIDC_HTTP_TIMEOUT_SECONDS)


def discover(provider: OidcProvider) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be exactly the configured issuer."""
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        outbound.check_public(url)
        response = outbound.session().get(url, timeout=_timeout())
        response.raise_for_status()
        document = response.json()
    except outbound.OutboundRefused as exc:
        raise OidcRefused("unreachable", str(exc), provider) from exc
    except requests.RequestException as exc:
        raise OidcRefused("unreachable", f"{url}: {exc.__class__.__name__}", provider) from exc
    except ValueError as exc:
        raise OidcRefused("discovery_invalid", url, provider) from exc
    if not isinstance(document, dict):
        raise OidcRefused("discovery_invalid", url, provider)
    if document.get("issuer") != provider.issuer:
        raise OidcRefused("wrong_issuer", str(document.get("issuer"))[:200], provider)
    for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(field), str):
            raise OidcRefused("discovery_invalid", field, provider)
    return document


DISCOVERY_CACHE_SECONDS = 600


def form_targets(provider: OidcProvider) -> list[str]:
    """The origins the login button's form may lead to: the issuer's and that of its authorisation endpoint
    (which may differ, as with some Azure AD tenants). The discovery document is cached for ten minutes; when
    the provider cannot be reached, only the issuer's origin (the button then shows the clear refusal)."""
    targets = [origin_of(provider.issuer)]
    key = f"oidc:discovery:{provider.pk}:{hashlib.sha256(provider.issuer.encode()).hexdigest()[:16]}"
    document = cache.get(key)
    if document is None:
        try:
            document = discover(provider)
        except OidcRefused:
            return targets
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    endpoint = str(document.get("authorization_endpoint", ""))
    if endpoint.startswith(("https://", "http://")) and origin_of(endpoint) not in targets:
        targets.append(origin_of(endpoint))
    return targets


def _client(provider: OidcProvider, redirect_uri: str) -> OAuth2Session:
    # Pinned like every request to a configured address: the token request goes to the address checked.
    return outbound.pin(
        OAuth2Session(
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            scope=" ".join(provider.scope_list),
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method name, no secret)
        )
    )


def begin(provider: OidcProvider, session: SessionBase, *, redirect_uri: str, next_path: str = "") -> str:
    """The provider's authorization URL for a new login; state, nonce and verifier are kept in the session."""
    document = discover(provider)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), generate_token(64)
    url, _state = _client(provider, redirect_uri).create_authorization_url(
        document["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    pending = dict(session.get(PENDING_KEY) or {})
    # A few logins may be under way in several tabs; older ones are dropped.
    for old in sorted(pending, key=lambda key: pending[key].get("at", 0))[
        : max(0, len(pending) - MAX_PENDING + 1)
    ]:
        pending.pop(old)
    pending[state] = {
        "provider": provider.pk,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_path,
        "at": time.time(),
    }
    session[PENDING_KEY] = pending
    return str(url)


def _take_pending(session: SessionBase, state: str) -> dict[str, Any]:
    """The login this session started with this state, once; anything else is a state mismatch."""
    pending = dict(session.get(PENDING_KEY) or {})
    entry = pending.pop(state, None) if state else None
    session[PENDING_KEY] = pending
    if not isinstance(entry, dict):
        raise OidcRefused("state_mismatch")
    if time.time() - float(entry.get("at", 0)) > settings.OIDC_LOGIN_TIMEOUT_SECONDS:
        raise OidcRefused("state_mismatch", "too old")
    return entry


def _verify_id_token(
    provider: OidcProvider, document: dict[str, Any], id_token: str, nonce: str
) -> dict[str, Any]:
    try:
        outbound.check_public(document["jwks_uri"])
        response = outbound.session().get(document["jwks_uri"], timeout=_timeout())
        response.raise_for_status()
        keys = KeySet.import_key_set(response.json())
    except outbound.OutboundRefused as exc:
        raise OidcRefused("unreachable", f"jwks: {exc}", provider) from exc
    except requests.RequestException as exc:
        raise OidcRefused("unreachable", f"jwks: {exc.__class__.__name__}", provider) from exc
    except (ValueError, JoseError) as exc:
        raise OidcRefused("token_invalid", "jwks", provider) from exc
    try:
        claims = dict(jwt.decode(id_token, keys, algorithms=ALGORITHMS).claims)
    except (JoseError, ValueError) as exc:
        raise OidcRefused("token_invalid", exc.__class__.__name__, provider) from exc
    if claims.get("iss") != provider.issuer:
        raise OidcRefused("wrong_issuer", str(claims.get("iss"))[:200], provider)
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if provider.client_id not in audiences or (
        len(audiences) > 1 and claims.get("azp") != provider.client_id
    ):
        raise OidcRefused("wrong_audience", ", ".join(str(a) for a in audiences)[:200], provider)
    now, skew = time.time(), settings.OIDC_CLOCK_SKEW_SECONDS
    if not isinstance(claims.get("exp"), int | float) or claims["exp"] + skew < now:
        raise OidcRefused("token_expired", "", provider)
    if isinstance(claims.get("iat"), int | float) and claims["iat"] - skew > now:
        raise OidcRefused("token_invalid", "iat in the future", provider)
    if not nonce or claims.get("nonce") != nonce:
        raise OidcRefused("nonce_mismatch", "", provider)
    if not claims.get("sub"):
        raise OidcRefused("token_invalid", "no sub", provider)
    return claims


def _userinfo(
    provider: OidcProvider, document: dict[str, Any], access_token: str, subject: str
) -> dict[str, Any]:
    endpoint = document.get("userinfo_endpoint")
    if not isinstance(endpoint, str) or not access_token:
        return {}
    try:
        outbound.check_public(endpoint)
        response = outbound.session().get(
            endpoint, headers={"Authorization": f"Bearer {access_token}"}, timeout=_timeout()
        )
        response.raise_for_status()
        info = response.json()
    except outbound.OutboundRefused as exc:
        raise OidcRefused("unreachable", f"userinfo: {exc}", provider) from exc
    except requests.RequestException as exc:
        raise OidcRefused("unreachable", f"userinfo: {exc.__class__.__name__}", provider) from exc
    except ValueError as exc:
        raise OidcRefused("token_invalid", "userinfo", provider) from exc
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise OidcRefused("token_invalid", "userinfo subject", provider)
    return info


def _needs_userinfo(provider: OidcProvider, claims: dict[str, Any]) -> bool:
    wanted = ["email", "email_verified"] if provider.match_on == MatchOn.EMAIL else [provider.identity_claim]
    if provider.create_accounts:
        wanted += [provider.role_claim, "name", "email", "fractie"]
    return any(name and name not in claims for name in wanted)


def _find_user(provider: OidcProvider, claims: dict[str, Any]) -> AbstractBaseUser:
    """The account the verified claims stand for; the rule of organisations.services.external_user."""
    organisation = provider.organisation
    if provider.match_on == MatchOn.CLAIM:
        key = str(claims.get(provider.identity_claim) or "").strip() if provider.identity_claim else ""
        if not key:
            raise OidcRefused("no_claim", provider.identity_claim, provider)
    else:
        key = str(claims["sub"])
    identity = OidcIdentity.objects.select_related("user").filter(provider=provider, subject=key).first()
    try:
        if identity is not None:
            organisation_services.check_external_user(organisation, identity.user)
            identity.last_login_at = timezone.now()
            identity.save(update_fields=["last_login_at"])
            return identity.user
        email = str(claims.get("email") or "").strip()
        # Some providers send the boolean as a string; anything else than true is not verified.
        verified = claims.get("email_verified") in (True, "true")
        if provider.require_email_verified and email and not verified:
            raise OidcRefused("email_unverified", "", provider)
        if provider.match_on == MatchOn.CLAIM and not provider.create_accounts:
            raise OidcRefused("unknown_user", key, provider)
        if provider.match_on == MatchOn.EMAIL and not email:
            raise OidcRefused("no_claim", "email", provider)
        user = organisation_services.external_user(
            organisation,
            # Matched on an employee number, an address only ever serves a new account, never a link.
            email=email if provider.match_on == MatchOn.EMAIL else "",
            create_accounts=provider.create_accounts,
            role=str(claims.get(provider.role_claim) or "") if provider.role_claim else "",
            name=str(claims.get("name") or ""),
            # For a role held for a fractie (raadslid), the fractie's name, as in the RIS launch.
            fractie_name=str(claims.get("fractie") or ""),
        )
        if user is None and provider.match_on == MatchOn.CLAIM and provider.create_accounts:
            raise OidcRefused("unknown_user", key, provider)
    except organisation_services.ExternalAccountRefused as refused:
        raise OidcRefused(refused.reason, refused.detail, provider) from refused
    if user is None:
        raise OidcRefused("unknown_user", key, provider)
    OidcIdentity.objects.create(provider=provider, subject=key, user_id=user.pk, last_login_at=timezone.now())
    return user


def complete(session: SessionBase, params: dict[str, str], *, redirect_uri: str) -> Completed:
    """Check the provider's answer and return the account it stands for (see the module's docstring)."""
    entry = _take_pending(session, params.get("state", ""))
    provider = (
        OidcProvider.objects.select_related("organisation").filter(pk=entry["provider"], enabled=True).first()
    )
    if provider is None:
        raise OidcRefused("disabled")
    if params.get("error"):
        raise OidcRefused("provider_error", params["error"][:100], provider)
    if params.get("iss") and params["iss"] != provider.issuer:
        raise OidcRefused("wrong_issuer", params["iss"][:200], provider)
    if not params.get("code"):
        raise OidcRefused("provider_error", "no code", provider)
    document = discover(provider)
    try:
        outbound.check_public(document["token_endpoint"])
        token = _client(provider, redirect_uri).fetch_token(
            document["token_endpoint"],
            grant_type="authorization_code",
            code=params["code"],
            code_verifier=entry["verifier"],
            timeout=_timeout(),
        )
    except outbound.OutboundRefused as exc:
        raise OidcRefused("unreachable", f"token: {exc}", provider) from exc
    except OAuthError as exc:
        reason = "code_rejected" if exc.error == "invalid_grant" else "provider_error"
        raise OidcRefused(reason, str(exc.error)[:100], provider) from exc
    except requests.RequestException as exc:
        raise OidcRefused("unreachable", f"token: {exc.__class__.__name__}", provider) from exc
    id_token = str(token.get("id_token") or "")
    if not id_token:
        raise OidcRefused("token_invalid", "no id_token", provider)
    claims = _verify_id_token(provider, document, id_token, str(entry["nonce"]))
    if _needs_userinfo(provider, claims):
        info = _userinfo(provider, document, str(token.get("access_token") or ""), str(claims["sub"]))
        claims = {**info, **claims}
    with transaction.atomic():
        user = _find_user(provider, claims)
    end_session = document.get("end_session_endpoint")
    return Completed(
        user=user,
        provider=provider,
        next_path=str(entry.get("next") or ""),
        logout_state={
            "provider": provider.pk,
            "id_token": id_token,
            "end_session_endpoint": end_session if isinstance(end_session, str) else "",
        },
    )


def remember_for_logout(session: SessionBase, completed: Completed) -> None:
    """Kept after the login (which may have started a new session): what the provider's logout needs."""
    session[SESSION_KEY] = completed.logout_state


def logout_url(session: SessionBase, post_logout_redirect_uri: str) -> str:
    """Where to send the browser after the local logout to end the provider's session too (RP-initiated
    logout with id_token_hint), or "" when this session did not log in through a provider that offers it."""
    state = session.get(SESSION_KEY)
    if not isinstance(state, dict) or not state.get("end_session_endpoint"):
        return ""
    provider = OidcProvider.objects.filter(pk=int(state.get("provider") or 0)).first()
    if provider is None:
        return ""
    query = urlencode(
        {
            "id_token_hint": state["id_token"],
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.client_id,
        }
    )
    separator = "&" if "?" in state["end_session_endpoint"] else "?"
    return f"{state['end_session_endpoint']}{separator}{query}"


def record_failure(refused: OidcRefused, organisation: Organisation | None = None) -> None:
    """A failed login through the provider in the organisation's audit trail (the operator's without one)."""
    provider = refused.provider
    audit_services.record(
        None,
        provider.organisation if provider is not None else organisation,
        audit_services.Action.OIDC_LOGIN_FAILED,
        provider.issuer if provider is not None else "",
        reason=refused.reason,
        detail=refused.detail[:200],
    )


SECRET_FIELDS = frozenset({"client_secret"})
AUDITED_FIELDS = (
    "enabled",
    "issuer",
    "client_id",
    "client_secret",
    "scopes",
    "match_on",
    "identity_claim",
    "require_email_verified",
    "create_accounts",
    "role_claim",
    "provider_enforces_mfa",
)


def record_change(actor: Any, provider: OidcProvider, changed: list[str], *, created: bool) -> None:
    """A change of the connection in the organisation's trail: which fields, never the secret's value."""
    audit_services.record(
        actor,
        provider.organisation,
        audit_services.Action.OIDC_CONFIG_CHANGED,
        provider.issuer,
        created=created,
        changed=sorted(changed),
    )


def record_identity_links(
    actor: Any, provider: OidcProvider, *, added: int, changed: int, deleted: int
) -> None:
    """Employee numbers linked to accounts (or unlinked) by the operator, in the organisation's trail."""
    audit_services.record(
        actor,
        provider.organisation,
        audit_services.Action.OIDC_CONFIG_CHANGED,
        provider.issuer,
        identities_added=added,
        identities_changed=changed,
        identities_deleted=deleted,
    )


def logout_redirect(request: Any) -> str:
    """The hook "logout_redirect": the provider's logout URL for a session that logged in through it."""
    from django.urls import reverse

    return logout_url(request.session, request.build_absolute_uri(reverse("oidc:logged_out")))
