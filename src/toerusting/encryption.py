"""Secrets at rest (client secrets, private keys, shared launch secrets): AES-256-GCM with keys derived from
SECRET_KEY, readable after a rotation of SECRET_KEY.

A value is encrypted with the key derived from the current SECRET_KEY and carries a short id of that key;
reading tries the current key and every key of SECRET_KEY_FALLBACKS (Django's own setting for rotating the
secret). Rotating without downtime: put the old secret in SECRET_KEY_FALLBACKS and the new one in SECRET_KEY,
restart, run `toerusting reencrypt_secrets`, then drop the fallback. The field's place (app, model, field) is
authenticated data, so a value copied into another field does not open.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "enc1"
_NONCE = 12


class Unreadable(Exception):
    """A stored secret that none of the configured keys opens (SECRET_KEY changed without a fallback)."""


def _derive(secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"toerusting-secrets", info=b"secrets-at-rest"
    ).derive(secret.encode())


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _keys() -> Iterator[bytes]:
    yield _derive(settings.SECRET_KEY)
    for fallback in getattr(settings, "SECRET_KEY_FALLBACKS", []):
        yield _derive(fallback)


def encrypt(plaintext: str, context: str) -> str:
    """`enc1:<key id>:<base64 of nonce + ciphertext>`, encrypted with the current key."""
    key = _derive(settings.SECRET_KEY)
    nonce = os.urandom(_NONCE)
    blob = nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{_key_id(key)}:{base64.b64encode(blob).decode()}"


def is_encrypted(value: str) -> bool:
    return value.startswith(f"{PREFIX}:")


def needs_reencryption(value: str) -> bool:
    """True for a value that is plain text or encrypted with a fallback key."""
    if not is_encrypted(value):
        return True
    return value.split(":", 2)[1] != _key_id(_derive(settings.SECRET_KEY))


def decrypt(value: str, context: str) -> str:
    try:
        _prefix, key_id, payload = value.split(":", 2)
        blob = base64.b64decode(payload, validate=True)
    except ValueError as exc:
        raise Unreadable(f"not an encrypted value ({context})") from exc
    for key in _keys():
        if _key_id(key) != key_id:
            continue
        try:
            return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], context.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise Unreadable(f"the key does not open this value ({context})") from exc
    raise Unreadable(
        f"encrypted with a key that is neither SECRET_KEY nor in SECRET_KEY_FALLBACKS ({context})"
    )


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column stored encrypted. Python code sees the plain text; the database only the ciphertext.
    A value written before the field was encrypted (plain text) is read as it is and encrypted on the next
    save or by `toerusting reencrypt_secrets`."""

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "" or not is_encrypted(value):
            return value
        return decrypt(value, self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), self.context())


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
