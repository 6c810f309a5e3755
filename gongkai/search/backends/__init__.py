"""Full-text engines behind the search index: SQLite FTS5 and PostgreSQL tsvector + GIN.

Both take the same items (``IndexItem``), segment them with ``gongkai.lib.segment`` and
answer the same ``SearchQuery``; the selector and bench/search.py call them through a
DB-API cursor, so the benchmark measures exactly the production code path.
"""

from __future__ import annotations

from gongkai.search.backends.base import Backend, IndexItem, SearchQuery, Tier


def backend_for(vendor: str) -> Backend:
    if vendor == "sqlite":
        from gongkai.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if vendor == "postgresql":
        from gongkai.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise NotImplementedError(f"full-text search is not implemented for {vendor}")


__all__ = ["Backend", "IndexItem", "SearchQuery", "Tier", "backend_for"]
