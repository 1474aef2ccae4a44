"""Public halves of the signing keys: the key set to publish, and a key by its id for verification."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from toerusting.signingkeys.models import KeyState, SigningKey

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

__all__ = ["jwks", "public_jwk"]


def published_keys(purpose: str, organisation: Organisation | None = None) -> list[SigningKey]:
    """The active key and the previous ones still in their overlap, newest first."""
    now = timezone.now()
    return list(
        SigningKey.objects.filter(purpose=purpose, organisation=organisation)
        .filter(Q(state=KeyState.ACTIVE) | Q(state=KeyState.PREVIOUS, retire_after__gt=now))
        .order_by("-created_at")
    )


def jwks(purpose: str, organisation: Organisation | None = None) -> dict[str, Any]:
    """A JSON Web Key Set (RFC 7517) of the published keys."""
    return {"keys": [key.public_jwk for key in published_keys(purpose, organisation)]}


def public_jwk(kid: str, purpose: str, *, accepted_only: bool = False) -> dict[str, Any] | None:
    """The public key with this id, also when retired (a badge signed years ago still verifies), unless
    `accepted_only` asks for keys that may still be used (active, or previous within the overlap)."""
    key = SigningKey.objects.filter(kid=kid, purpose=purpose).first()
    if key is None:
        return None
    if accepted_only and not (
        key.state == KeyState.ACTIVE
        or (key.state == KeyState.PREVIOUS and key.retire_after and key.retire_after > timezone.now())
    ):
        return None
    return dict(key.public_jwk)
