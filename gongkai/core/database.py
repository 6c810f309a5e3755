"""Facts about the configured database that can be read without connecting to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def sqlite_file_missing(connection: Any) -> bool:
    """True for SQLite on a database file that does not exist yet.

    Connecting would create it, empty: commands and system checks that only read must not
    connect then (`gongkai deadline` on a fresh install says to run `gongkai migrate`).
    In-memory databases (the test database among them) always exist.
    """
    if connection.vendor != "sqlite":
        return False
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return False
    return not Path(name).is_file()


# PostgreSQL conditions that mean "try again shortly", not "this request is wrong":
# lock_not_available (NOWAIT / lock_timeout), deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}


def is_busy_error(exc: BaseException) -> bool:
    """True when a database error says the database is busy (a lock held by another
    transaction): SQLite's "database is locked" after its busy timeout, or PostgreSQL's lock
    timeout, deadlock or serialization failure. The user may simply retry."""
    from django.db import OperationalError
    from django.db.utils import DatabaseError

    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()
