"""The registry of demo seeders: one per module, run in dependency order by ``seed_demo``.

A seeder is idempotent: it looks its records up by a stable key (a slug, a username, a
``demo:<key>`` client token) and creates only what is missing, returning how many records it
created. It receives a :class:`DemoContext` carrying the demo district and today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gongkai.accounts.models import User
    from gongkai.organizations.models import Organ


@dataclass
class DemoContext:
    """What every seeder reads: the district (filled by the ``district`` seeder) and options."""

    today: date
    with_corpus: bool = True
    # None: the default corpus folder (GONGKAI_CORPUS_DIR or ../shared/corpus).
    corpus: Path | None = None
    organs: dict[str, Organ] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    # Lines a seeder wants printed after the counts (e.g. the corpus import summary).
    messages: list[str] = field(default_factory=list)
    # Problems worth a line on stderr (e.g. corpus files that failed to import).
    warnings: list[str] = field(default_factory=list)
    # Anything a seeder exposes to later seeders or to tests (e.g. the corpus import report).
    results: dict[str, Any] = field(default_factory=dict)

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)


@dataclass(frozen=True)
class Seeder:
    key: str
    # What the seeder creates, as printed by seed_demo ("demo documents created 14").
    label: str
    seed: Callable[[DemoContext], int]
    # Keys of the seeders that must run first.
    after: tuple[str, ...] = ()


_SEEDERS: dict[str, Seeder] = {}


def register(seeder: Seeder) -> Seeder:
    """Add a seeder; registering the same one again (a second ``ready()``) changes nothing."""
    existing = _SEEDERS.get(seeder.key)
    if existing is not None and existing != seeder:
        raise ValueError(f"a different demo seeder is already registered as {seeder.key!r}")
    _SEEDERS[seeder.key] = seeder
    return seeder


def unregister(key: str) -> None:
    _SEEDERS.pop(key, None)


def seeders() -> list[Seeder]:
    """Every registered seeder, each after the ones it names; otherwise in registration order."""
    ordered: list[Seeder] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(seeder: Seeder) -> None:
        if seeder.key in placed:
            return
        if seeder.key in visiting:
            raise ValueError(f"demo seeders depend on each other in a cycle at {seeder.key!r}")
        visiting.add(seeder.key)
        for key in seeder.after:
            if key not in _SEEDERS:
                raise ValueError(f"demo seeder {seeder.key!r} needs {key!r}, which is missing")
            place(_SEEDERS[key])
        visiting.discard(seeder.key)
        placed.add(seeder.key)
        ordered.append(seeder)

    for seeder in list(_SEEDERS.values()):
        place(seeder)
    return ordered
