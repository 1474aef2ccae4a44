"""Keys derived from the server secret: the journal's key per member and the pulse's marker key.

HKDF-SHA256 over SECRET_KEY, with a different `info` per use, so that neither key says anything about the
other or about the secret. Changing SECRET_KEY makes existing journal entries unreadable (by design: the key
is the server's, there is no second copy) and lets members answer a pulse again.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12


class Unreadable(Exception):
    """A journal entry that its key cannot open (another member's row, or a changed SECRET_KEY)."""


def _derive(info: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"toerusting-reflections", info=info.encode()
    ).derive(settings.SECRET_KEY.encode())


def journal_key(user_id: int) -> bytes:
    return _derive(f"journal:{user_id}")


def encrypt(user_id: int, plaintext: str) -> bytes:
    """Nonce + AES-256-GCM ciphertext; the member's id is authenticated data, so a row moved to another
    member does not open."""
    nonce = os.urandom(NONCE_BYTES)
    aad = f"journal:{user_id}".encode()
    return nonce + AESGCM(journal_key(user_id)).encrypt(nonce, plaintext.encode(), aad)


def decrypt(user_id: int, blob: bytes | memoryview) -> str:
    data = bytes(blob)
    aad = f"journal:{user_id}".encode()
    try:
        return AESGCM(journal_key(user_id)).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], aad).decode()
    except (InvalidTag, ValueError) as exc:
        raise Unreadable from exc


def pulse_marker(user_id: int, meeting_id: int) -> str:
    """One-way: from the marker nobody learns the member, and it holds nothing that an answer row holds."""
    key = _derive("pulse-marker")
    return hmac.new(key, f"{user_id}:{meeting_id}".encode(), hashlib.sha256).hexdigest()


def answer_marker(purpose: str, user_id: int, object_id: int) -> str:
    """The pulse's one-way marker for another anonymous questionnaire (the mid-term reflection): a key of
    its own per purpose, so a marker of one never matches a marker of the other."""
    key = _derive(f"marker:{purpose}")
    return hmac.new(key, f"{user_id}:{object_id}".encode(), hashlib.sha256).hexdigest()
