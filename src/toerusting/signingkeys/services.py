"""Create, use and rotate Toerusting's own signing keys. Other apps sign with `sign_jwt` and publish
`selectors.jwks`; an operator rotates with `toerusting rotate_keys` or the admin."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from toerusting.audit import services as audit
from toerusting.signingkeys.models import KeyAlgorithm, KeyState, SigningKey

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

__all__ = ["KeyAlgorithm", "active_key", "private_key_of", "retire_expired", "rotate", "sign_jwt"]

# Members of a public JWK that define it (RFC 7638), for the thumbprint that is its kid.
_THUMBPRINT_MEMBERS = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}


def _generate(algorithm: str) -> tuple[str, dict[str, Any]]:
    """A new private key (PKCS#8 PEM) and its public JWK."""
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
    if algorithm == KeyAlgorithm.RS256:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    elif algorithm == KeyAlgorithm.ES256:
        private = ec.generate_private_key(ec.SECP256R1())
        public_jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    elif algorithm == KeyAlgorithm.EDDSA:
        private = ed25519.Ed25519PrivateKey.generate()
        public_jwk = OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    else:
        raise ValueError(f"unknown key algorithm {algorithm!r}")
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return pem, dict(public_jwk)


def thumbprint(public_jwk: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint, base64url without padding."""
    members = {name: public_jwk[name] for name in _THUMBPRINT_MEMBERS[public_jwk["kty"]]}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _new_key(purpose: str, organisation: Organisation | None, algorithm: str) -> SigningKey:
    pem, public_jwk = _generate(algorithm)
    kid = thumbprint(public_jwk)
    public_jwk.update({"kid": kid, "alg": algorithm, "use": "sig"})
    return SigningKey.objects.create(
        organisation=organisation,
        purpose=purpose,
        kid=kid,
        algorithm=algorithm,
        private_key=pem,
        public_jwk=public_jwk,
        state=KeyState.ACTIVE,
    )


def _active(purpose: str, organisation: Organisation | None) -> SigningKey | None:
    return SigningKey.objects.filter(
        purpose=purpose, organisation=organisation, state=KeyState.ACTIVE
    ).first()


def active_key(
    purpose: str, organisation: Organisation | None = None, algorithm: str = KeyAlgorithm.RS256
) -> SigningKey:
    """The key that signs for this purpose and organisation, made on first use."""
    key = _active(purpose, organisation)
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _new_key(purpose, organisation, algorithm)
    except IntegrityError:  # another request made it at the same moment
        key = _active(purpose, organisation)
        if key is None:
            raise
        return key
    audit.record(None, organisation, audit.Action.KEY_CREATED, key.kid, purpose=purpose)
    return key


def retire_expired(now: dt.datetime | None = None) -> int:
    """Previous keys past their overlap become retired: the private half is erased, the public half kept."""
    now = now or timezone.now()
    count = 0
    for key in SigningKey.objects.filter(state=KeyState.PREVIOUS, retire_after__lte=now):
        key.state = KeyState.RETIRED
        key.private_key = ""
        key.retired_at = now
        key.save(update_fields=["state", "private_key", "retired_at"])
        count += 1
    return count


def rotate(
    purpose: str,
    organisation: Organisation | None = None,
    *,
    actor: Any = None,
    overlap: dt.timedelta | None = None,
    algorithm: str | None = None,
) -> SigningKey:
    """A new active key; the one it replaces stays published and accepted for `overlap`
    (settings.SIGNING_KEY_OVERLAP_DAYS by default)."""
    overlap = overlap if overlap is not None else dt.timedelta(days=settings.SIGNING_KEY_OVERLAP_DAYS)
    now = timezone.now()
    with transaction.atomic():
        current = (
            SigningKey.objects.select_for_update()
            .filter(purpose=purpose, organisation=organisation, state=KeyState.ACTIVE)
            .first()
        )
        if current is not None:
            current.state = KeyState.PREVIOUS
            current.retire_after = now + overlap
            current.save(update_fields=["state", "retire_after"])
        key = _new_key(purpose, organisation, algorithm or (current.algorithm if current else "RS256"))
        audit.record(
            actor,
            organisation,
            audit.Action.KEY_ROTATED,
            key.kid,
            purpose=purpose,
            previous=current.kid if current else None,
            accepted_until=(now + overlap).isoformat() if current else None,
        )
    retire_expired(now)
    return key


def private_key_of(key: SigningKey) -> Any:
    """The loaded private key (for libraries that sign themselves, such as a Data Integrity proof)."""
    if not key.private_key:
        raise ValueError(f"key {key.kid} is retired and signs nothing")
    return serialization.load_pem_private_key(key.private_key.encode(), password=None)


def sign_jwt(
    purpose: str,
    claims: dict[str, Any],
    organisation: Organisation | None = None,
    *,
    algorithm: str = KeyAlgorithm.RS256,
    headers: dict[str, Any] | None = None,
) -> str:
    """A JWT signed with the active key, its kid in the header."""
    key = active_key(purpose, organisation, algorithm)
    return jwt.encode(
        claims, key.private_key, algorithm=key.algorithm, headers={**(headers or {}), "kid": key.kid}
    )
