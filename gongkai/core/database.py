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
