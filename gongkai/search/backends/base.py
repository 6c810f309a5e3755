"""What every full-text backend offers."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gongkai.lib.segment import Term

# The low 32 bits of a key are the SearchEntry id; the high bits its publication date, so
# that descending keys are newest first (FTS5 reads its doclists in rowid order).
KEY_ID_BITS = 32
KEY_ID_MASK = (1 << KEY_ID_BITS) - 1


def entry_key(entry_id: int, date_ordinal: int) -> int:
    return (date_ordinal << KEY_ID_BITS) | (entry_id & KEY_ID_MASK)


def entry_id_of(key: int) -> int:
    return key & KEY_ID_MASK


@dataclass(frozen=True)
class IndexItem:
    """One entry as the engines index it."""

    key: int
    title: str  # title and 文号
    body: str
    facets: tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[Term, ...]
    facets: tuple[str, ...] = ()


class Tier(enum.Enum):
    """Ranking tiers: every term in the title (or 文号) first, then the others."""

    ALL = "all"
    TITLE = "title"
    REST = "rest"


class Backend(Protocol):
    vendor: str
    # True when removing a row needs the values it was indexed with (FTS5 contentless).
    needs_exact_removal: bool

    def add(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        """Index items whose entry rows exist (and are not indexed yet)."""

    def remove(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        """Unindex items exactly as they were indexed."""

    def clear(self, cursor: Any) -> None:
        """Empty the full-text structures."""

    def optimize(self, cursor: Any) -> None:
        """Compact after a bulk load."""

    def count(self, cursor: Any, query: SearchQuery, tier: Tier, limit: int) -> int:
        """Matches in the tier, counted up to ``limit``."""

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        """Keys of the matches in the tier, newest first."""

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        """(matches counted up to ``count_limit + 1``, keys of one page in ranking order)."""


def tiered_page(
    backend: Backend, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
) -> tuple[int, list[int]]:
    """Matches with every term in the title first, then the rest; newest first in each."""
    total = backend.count(cursor, query, Tier.ALL, count_limit + 1)
    size = min(size, min(total, count_limit) - offset)
    if size <= 0:
        return total, []
    in_title = backend.count(cursor, query, Tier.TITLE, offset + size)
    keys: list[int] = []
    if offset < in_title:
        keys = backend.keys(cursor, query, Tier.TITLE, offset, size)
    if len(keys) < size:
        keys += backend.keys(cursor, query, Tier.REST, max(0, offset - in_title), size - len(keys))
    return total, keys
