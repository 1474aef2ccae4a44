"""The Open Badges 3.0 credential of an award and its check.

A credential is an OpenBadgeCredential (a W3C Verifiable Credential, data model 2.0) signed as a VC-JWT:
the JWT's payload is the credential itself with the registered claims of the spec's JWT proof format
(`iss` = issuer.id, `jti` = id, `nbf` = validFrom, `exp` = validUntil when set), signed with the issuing
organisation's "badges" key (EdDSA), its `kid` in the JOSE header. The recipient is named by a salted
hash of their e-mail address (an IdentityObject), and by name only when they chose so.

Revocation is published as a W3C Bitstring Status List (v1.0): every credential names its bit
(`credentialStatus`, a BitstringStatusListEntry) in its issuer's list, a BitstringStatusListCredential signed
with the same key at /badges/uitgever/<org>/intrekkingen/, so a verifier elsewhere sees a revocation too.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jwt
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from toerusting.signingkeys import selectors as key_selectors
from toerusting.signingkeys import services as key_services

if TYPE_CHECKING:
    from toerusting.badges.models import Award, BadgeDefinition
    from toerusting.organisations.models import Organisation

PURPOSE = "badges"
ALGORITHM = "EdDSA"
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
# A JSON file that carries the JWT: a VC 2.0 enveloped credential, its id a data: URL of the JWT.
ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/vc-ld+jwt,", "data:application/jwt,")
MAX_INPUT = 64 * 1024
# The revocation list: the spec's minimum length (16 kB, 131,072 bits), so that a list says little about how
# many badges an organisation issued; positions are drawn at random. A verifier may keep a copy for a day.
STATUS_LIST_BITS = 131_072
STATUS_PURPOSE = "revocation"
STATUS_LIST_VALID = dt.timedelta(days=1)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_url(organisation: Organisation) -> str:
    return absolute(reverse("badges:issuer", kwargs={"org": organisation.slug}))


def jwks_url(organisation: Organisation) -> str:
    return absolute(reverse("badges:jwks", kwargs={"org": organisation.slug}))


def status_list_url(organisation: Organisation) -> str:
    return absolute(reverse("badges:status_list", kwargs={"org": organisation.slug}))


def image_url(definition: BadgeDefinition) -> str:
    path = static(f"badges/designs/{definition.design}.svg")
    return path if path.startswith(("http://", "https://")) else absolute(path)


def issuer_profile(organisation: Organisation) -> dict[str, Any]:
    """The issuer's Profile, as embedded in every credential."""
    return {
        "id": issuer_url(organisation),
        "type": ["Profile"],
        "name": organisation.name,
        "url": absolute(reverse("badges:verify")),
    }


def achievement(definition: BadgeDefinition) -> dict[str, Any]:
    return {
        "id": f"urn:uuid:{definition.uid}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": definition.name,
        "description": definition.description,
        "criteria": {"narrative": definition.criteria},
        "image": {"id": image_url(definition), "type": "Image"},
    }


def identity_hash(value: str, salt: str) -> str:
    """The IdentityObject's hash: "sha256$" and the hex digest of the value followed by the salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def identifiers(award: Award) -> list[dict[str, Any]]:
    user = award.user
    email = (user.email or "").strip().lower()
    if email:
        kind, value = "emailAddress", email
    else:  # no address: the account's id on this site, hashed the same way
        kind, value = "systemId", f"toerusting:user:{user.pk}"
    found = [
        {
            "type": "IdentityObject",
            "identityType": kind,
            "hashed": True,
            "identityHash": identity_hash(value, award.salt),
            "salt": award.salt,
        }
    ]
    name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    if award.include_name and name:
        found.append(
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
        )
    return found


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def status_entry(award: Award) -> dict[str, Any] | None:
    """The award's BitstringStatusListEntry; None for an award without a position in a list."""
    if award.status_index is None or award.status_organisation_id is None:
        return None
    url = status_list_url(award.definition.organisation)
    return {
        "id": f"{url}#{award.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(award.status_index),
        "statusListCredential": url,
    }


def credential(award: Award) -> dict[str, Any]:
    """The OpenBadgeCredential of the award, without proof (the plain JSON a member may download)."""
    definition = award.definition
    body: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{award.uid}",
        "type": TYPES,
        "name": definition.name,
        "issuer": issuer_profile(definition.organisation),
        "validFrom": _iso(award.awarded_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers(award),
            "achievement": achievement(definition),
        },
    }
    entry = status_entry(award)
    if entry is not None:
        body["credentialStatus"] = entry
    return body


def encode_bits(positions: Iterable[int], size: int = STATUS_LIST_BITS) -> str:
    """The spec's encodedList: the bitstring (position 0 is the first byte's leftmost bit), GZIP-compressed,
    base64url without padding, with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def status_list_credential(
    organisation: Organisation, revoked: Iterable[int], now: dt.datetime
) -> dict[str, Any]:
    """The organisation's BitstringStatusListCredential: a bit set for every revoked award."""
    url = status_list_url(organisation)
    return {
        "@context": CONTEXTS[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(organisation),
        "validFrom": _iso(now),
        "validUntil": _iso(now + STATUS_LIST_VALID),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bits(revoked),
        },
    }


def sign_status_list(
    organisation: Organisation, revoked: Iterable[int], now: dt.datetime | None = None
) -> str:
    """The revocation list as a VC-JWT, signed with the key that signs the organisation's badges."""
    now = (now or timezone.now()).replace(microsecond=0)
    body = status_list_credential(organisation, revoked, now)
    claims = {
        **body,
        "iss": body["issuer"],
        "jti": body["id"],
        "nbf": int(now.timestamp()),
        "exp": int((now + STATUS_LIST_VALID).timestamp()),
    }
    return key_services.sign_jwt(
        PURPOSE, claims, organisation, algorithm=ALGORITHM, headers={"typ": "vc+jwt"}
    )


def sign(award: Award) -> str:
    """The credential as a VC-JWT signed with the organisation's badge key."""
    body = credential(award)
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "nbf": int(award.awarded_at.timestamp()),
    }
    organisation = award.definition.organisation
    key = key_services.active_key(PURPOSE, organisation, ALGORITHM)
    return key_services.sign_jwt(
        PURPOSE,
        claims,
        organisation,
        algorithm=ALGORITHM,
        headers={"typ": "JWT", "jwk": {k: v for k, v in key.public_jwk.items() if k not in ("kid", "use")}},
    )


def envelope(token: str) -> dict[str, Any]:
    """The JSON file with the JWT (a VC 2.0 EnvelopedVerifiableCredential)."""
    return {
        "@context": CONTEXTS[:1],
        "id": ENVELOPE_PREFIXES[0] + token,
        "type": "EnvelopedVerifiableCredential",
    }


# --- Checking a credential -------------------------------------------------------------------------------


@dataclass
class Check:
    """The outcome of a check, for the verification page. `problems` say why it is not valid."""

    valid: bool = False
    problems: list[str] = field(default_factory=list)
    payload: dict[str, Any] | None = None
    award_uid: str = ""
    issuer_organisation_id: int | None = None
    revoked_at: dt.datetime | None = None
    revoked_reason: str = ""

    @property
    def holder_name(self) -> str:
        """The holder's name, when they chose to put it in the badge."""
        subject = (self.payload or {}).get("credentialSubject")
        for identity in subject.get("identifier") or [] if isinstance(subject, dict) else []:
            if (
                isinstance(identity, dict)
                and identity.get("identityType") == "name"
                and not identity.get("hashed")
            ):
                return str(identity.get("identityHash", ""))
        return ""

    def fail(self, problem: str) -> Check:
        self.valid = False
        self.problems.append(problem)
        return self


class NotACredential(ValueError):
    """The text is no VC-JWT and no JSON file that carries one; the message says what was wrong."""


def extract_token(text: str) -> str:
    """The compact JWT in what was pasted or uploaded: the JWT itself, or a JSON file carrying it."""
    text = text.strip()
    if not text:
        raise NotACredential(_("Paste a badge or choose a file."))
    if len(text) > MAX_INPUT:
        raise NotACredential(_("This is too long to be a badge (at most 64 kB)."))
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise NotACredential(
                _("The file is no valid JSON (line %(line)s): %(error)s")
                % {"line": exc.lineno, "error": exc.msg}  # type: ignore[attr-defined]
            ) from exc
        if not isinstance(data, dict):
            raise NotACredential(_("The JSON holds no badge."))
        candidate = data.get("id")
        for prefix in ENVELOPE_PREFIXES:
            if isinstance(candidate, str) and candidate.startswith(prefix):
                return candidate[len(prefix) :].strip()
        embedded = data.get("jwt")
        if isinstance(embedded, str):
            return embedded.strip()
        if "credentialSubject" in data:
            raise NotACredential(
                _(
                    "This is the readable version of a badge, without its signature, so it cannot be "
                    "checked. Use the file with the signed badge (the JWT)."
                )
            )
        raise NotACredential(_("The JSON holds no signed badge (no JWT in its “id”)."))
    if text.count(".") != 2:
        raise NotACredential(_("This is no signed badge: a JWT has three parts separated by dots."))
    return text


def _header(token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as exc:
        raise NotACredential(_("The first part of the JWT cannot be read.")) from exc
    return header


def check(text: str, now: dt.datetime | None = None) -> Check:
    """Check a credential: its signature against the issuer's published keys (retired keys included), its
    issuer, its dates and its form. Revocation is for the caller (who reads the awards)."""
    result = Check()
    try:
        token = extract_token(text)
        header = _header(token)
    except NotACredential as exc:
        return result.fail(str(exc))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return result.fail(_("The signature does not say which key made it (no “kid”)."))
    public = key_selectors.public_jwk(kid, PURPOSE)
    if public is None:
        return result.fail(_("The badge was not signed with a key of an issuer on this site."))
    if header.get("alg") != public.get("alg"):
        return result.fail(_("The badge names another signing algorithm than its key has."))
    try:
        key = jwt.PyJWK(public).key
        payload = jwt.decode(
            token,
            key,
            algorithms=[public["alg"]],
            options={"verify_aud": False, "require": ["iss", "jti", "nbf"]},
            leeway=60,
        )
    except jwt.InvalidSignatureError:
        return result.fail(_("The signature does not match: the badge was changed after it was issued."))
    except jwt.ExpiredSignatureError:
        return result.fail(_("The badge has expired."))
    except jwt.ImmatureSignatureError:
        return result.fail(_("The badge is not valid yet."))
    except jwt.MissingRequiredClaimError as exc:
        return result.fail(_("The badge misses the claim “%(claim)s”.") % {"claim": exc.claim})
    except (jwt.InvalidTokenError, ValueError, TypeError, binascii.Error):
        return result.fail(_("The badge cannot be read: the JWT is damaged."))
    result.payload = payload
    problems = _form_problems(payload)
    if problems:
        result.problems.extend(problems)
        return result
    owner = key_selectors.key_organisation_id(kid, PURPOSE)
    result.issuer_organisation_id = owner
    result.award_uid = payload["id"].removeprefix("urn:uuid:")
    now = now or timezone.now()
    valid_until = payload.get("validUntil")
    if isinstance(valid_until, str):
        try:
            if dt.datetime.fromisoformat(valid_until.replace("Z", "+00:00")) < now:
                return result.fail(_("The badge has expired."))
        except ValueError:
            return result.fail(_("The end date of the badge cannot be read."))
    result.valid = True
    return result


def _form_problems(payload: dict[str, Any]) -> list[str]:
    problems = []
    if payload.get("@context") != CONTEXTS:
        problems.append(_("The badge does not use the contexts of Open Badges 3.0."))
    types = payload.get("type")
    if not isinstance(types, list) or not set(TYPES) <= set(types):
        problems.append(_("The badge is no OpenBadgeCredential."))
    issuer = payload.get("issuer")
    if not isinstance(issuer, dict) or issuer.get("id") != payload.get("iss"):
        problems.append(_("The issuer in the badge differs from the issuer that signed it."))
    if not isinstance(payload.get("id"), str) or payload.get("id") != payload.get("jti"):
        problems.append(_("The id of the badge differs from its signed id."))
    subject = payload.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        problems.append(_("The badge names no achievement."))
    return problems
