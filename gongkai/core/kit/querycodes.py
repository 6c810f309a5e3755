"""Private query codes (查询码) and receipts of citizens' submissions without an account.

Shared by 依申请公开 (gongkai.inforequests) and the public mailbox (gongkai.mailbox). The raw
code is shown once, on the receipt; only a SHA-256 digest salted with the case number is
stored. A code derived from an idempotency key (HMAC with SECRET_KEY, salted per module) is
the same on a replayed submission, so a double click shows the writer the code of the one
case that was created.

`stored_once` is the intake step of every such submission: the row is committed before the
receipt is shown, and a replay of the same (scoped) token lands on the row already stored,
also when the two requests race.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput

T = TypeVar("T")
M = TypeVar("M", bound=Model)

__all__ = [
    "ALPHABET",
    "LENGTH",
    "hash_query_code",
    "new_query_code",
    "normalise_query_code",
    "query_code_matches",
    "created_once",
    "scoped_token",
    "stored_once",
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
    for _position in range(LENGTH):
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


def stored_once(
    rows: QuerySet[M],
    token: str | None,
    *,
    create: Callable[[], T],
    replay: Callable[[M, str], T],
) -> T:
    """Store a citizen's submission once per idempotency token.

    `rows` are the rows that may hold the token (column `client_token`, unique). A row
    already stored under `token` is answered with `replay(row, token)`; otherwise `create()` runs in
    its own transaction (committed when this returns, outside an outer one). Two requests
    with one token racing: the loser's insert fails on the unique token and it answers the
    winner's row. A token held by a row outside `rows` (another user's, where `rows` are the
    actor's own) is refused as InvalidInput. Without a token every call creates.
    """
    if token:
        existing = rows.filter(client_token=token).first()
        if existing is not None:
            return replay(existing, token)
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        if token:
            existing = rows.filter(client_token=token).first()
            if existing is not None:
                return replay(existing, token)
            if rows.model._default_manager.filter(client_token=token).exists():
                # Somebody else's row holds the token: never theirs, never a 500.
                raise InvalidInput(
                    _("该幂等键（client_token）已被其他提交使用，请换一个。"), field="client_token"
                ) from None
        raise


def created_once(model: type[M], actor: Any, token: str | None, create: Callable[[], M]) -> M:
    """A staff or API create, idempotent on the client's token (`stored_once`), scoped to the
    actor: another user's token never returns their row."""
    return stored_once(
        model._default_manager.filter(created_by=actor),
        token or None,
        create=create,
        replay=lambda existing, _token: existing,
    )
