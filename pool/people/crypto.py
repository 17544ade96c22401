"""Encryption at rest and keyed lookup for national ID numbers.

AES-256-GCM (authenticated) with keys from CADRE_ID_ENCRYPTION_KEY: one or more
base64 keys separated by commas, the first encrypts and all decrypt, so a key
can be rotated (``manage.py rotate_id_key`` re-encrypts every row). Each
ciphertext starts with a 4-byte fingerprint of its key and a 12-byte nonce.
Lookup goes through HMAC-SHA256 with CADRE_ID_HASH_KEY, never the clear text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_AAD = b"cadre-id-number"


def _fingerprint(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:4]


@cache
def _keyring(spec: str) -> list[tuple[bytes, AESGCM]]:
    ring = []
    for part in spec.split(","):
        key = base64.b64decode(part.strip())
        if len(key) != 32:
            raise ImproperlyConfigured("CADRE_ID_ENCRYPTION_KEY 必须是 32 字节密钥的 base64 编码")
        ring.append((_fingerprint(key), AESGCM(key)))
    return ring


def encrypt(clear: str) -> bytes:
    fingerprint, aead = _keyring(settings.CADRE_ID_ENCRYPTION_KEY)[0]
    nonce = os.urandom(12)
    return fingerprint + nonce + aead.encrypt(nonce, clear.encode(), _AAD)


def decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    for fingerprint, aead in _keyring(settings.CADRE_ID_ENCRYPTION_KEY):
        if blob[:4] == fingerprint:
            return aead.decrypt(blob[4:16], blob[16:], _AAD).decode()
    raise ImproperlyConfigured("没有能解密该身份证号的密钥（CADRE_ID_ENCRYPTION_KEY）")


def is_current(blob: bytes) -> bool:
    """Whether ``blob`` is encrypted with the first (current) key."""
    return bytes(blob)[:4] == _keyring(settings.CADRE_ID_ENCRYPTION_KEY)[0][0]


def lookup_hash(clear: str) -> str:
    return hmac.new(settings.CADRE_ID_HASH_KEY.encode(), clear.encode(), hashlib.sha256).hexdigest()
