"""One-time ballot codes: made at random, shown once, stored as a keyed hash only."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: read off paper and typed on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """``ABCDE-FGHJK``: easier to read aloud and copy."""
    return f"{code[:5]}-{code[5:]}"


def normalise(raw: str) -> str | None:
    """The code typed by a voter (any case, spaces or dashes), or None if it cannot be one."""
    text = "".join(str(raw or "").split()).replace("-", "").replace("－", "").upper()
    if len(text) != LENGTH or any(c not in ALPHABET for c in text):
        return None
    return text


def code_hash(round_id: int, code: str) -> str:
    key = settings.VOTE_CODE_KEY.encode()
    return hmac.new(key, f"{round_id}:{code}".encode(), hashlib.sha256).hexdigest()
