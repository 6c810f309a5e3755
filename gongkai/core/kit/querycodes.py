"""Private query codes (查询码) and receipts of citizens' submissions without an account.

Shared by 依申请公开 (gongkai.inforequests) and the public mailbox (gongkai.mailbox). The raw
code is shown once, on the receipt; only a SHA-256 digest salted with the case number is
stored. A code derived from an idempotency key (HMAC with SECRET_KEY, salted per module) is
the same on a replayed submission, so a double click shows the writer the code of the one
case that was created.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac

__all__ = [
    "ALPHABET",
    "LENGTH",
    "hash_query_code",
    "new_query_code",
    "normalise_query_code",
    "query_code_matches",
    "scoped_token",
]

# No 0/O, 1/I/L: the code is read aloud on the phone and copied from paper receipts.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12  # 31**12 ≈ 2**59


def new_query_code(client_token: str | None = None, *, salt: str) -> str:
    """A random code, or the code derived from `client_token` (same token → same code)."""
    if client_token is None:
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    number = int(salted_hmac(salt, client_token).hexdigest(), 16)
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def normalise_query_code(raw: str) -> str:
    return "".join(c for c in (raw or "").upper() if c.isalnum())


def hash_query_code(case_number: str, code: str) -> str:
    return hashlib.sha256(f"{case_number}\x00{normalise_query_code(code)}".encode()).hexdigest()


def query_code_matches(case_number: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_query_code(case_number, code), stored_hash)


def scoped_token(client_token: str, key: str) -> str:
    """An idempotency key scoped to who submits: the same key from another writer is another
    submission, so a guessed key never returns somebody else's case (or its query code)."""
    return hashlib.sha256(f"{client_token}\x00{key}".encode()).hexdigest()
