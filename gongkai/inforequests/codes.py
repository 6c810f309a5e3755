"""Case numbers and private query codes (查询码).

The query code lets an applicant follow a case without an account. Only a SHA-256 digest,
salted with the case number, is stored; the raw code is shown once. A code derived from an
idempotency key (HMAC with SECRET_KEY) is the same on a replayed submission, so a double click
shows the applicant the code of the one case that was created.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils.crypto import salted_hmac

from gongkai.inforequests.conf import setting

__all__ = [
    "format_case_number",
    "hash_query_code",
    "new_query_code",
    "normalise_query_code",
    "query_code_matches",
]

# No 0/O, 1/I/L: the code is read aloud on the phone and copied from paper receipts.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12  # 31**12 ≈ 2**59


def format_case_number(year: int, serial: int) -> str:
    return f"{setting('GONGKAI_INFOREQUEST_CASE_PREFIX')}-{year}-{serial:06d}"


def new_query_code(client_token: str | None = None) -> str:
    if client_token is None:
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    number = int(salted_hmac("gongkai.inforequests.query_code", client_token).hexdigest(), 16)
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
