"""The push API's writes and its bearer tokens (stored hashed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from django.utils import timezone

from toerusting.agenda.models import (
    Meeting,
    PushToken,
)
from toerusting.agenda.records import (
    MeetingRecord,
)
from toerusting.agenda.services.meetings import _upsert
from toerusting.agenda.services.sync import _Organisations

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


# --- Push tokens -------------------------------------------------------------------------------------

TOKEN_PREFIX = "trt"  # noqa: S105 (a label in front of the token, not a secret)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_push_token(organisation: Organisation, name: str) -> tuple[PushToken, str]:
    """A new token for a RIS vendor; the plain token is returned once and only its hash is stored."""
    prefix = secrets.token_hex(6)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = PushToken.objects.create(
        organisation=organisation, name=name, prefix=prefix, token_hash=_hash(plain)
    )
    return token, plain


def revoke_push_token(token: PushToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def organisation_for_token(plain: str) -> Organisation | None:
    """The organisation a bearer token belongs to, or None for an unknown, wrong or revoked token."""
    parts = plain.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = PushToken.objects.select_related("organisation").filter(prefix=parts[1], revoked_at=None).first()
    if token is None or not hmac.compare_digest(token.token_hash, _hash(plain)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        PushToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organisation


def push_meeting(organisation: Organisation, record: MeetingRecord) -> tuple[str, Meeting, list[str]]:
    """Upsert a meeting pushed by the RIS vendor; returns the outcome, the meeting and any warnings."""
    warnings: list[str] = []
    gremia = _Organisations(organisation, {}).resolve(organisation.slug, record.source)[1]
    outcome, meeting = _upsert(organisation, record, gremia, warnings)
    return outcome, meeting, warnings
