"""PostgreSQL: tsvector columns on search_entry with GIN indexes (migration 0002).

``tsv`` covers the title, 文号 and body, ``tsv_title`` the title and 文号 alone (the first
ranking tier). Vectors are literals built by ``gongkai.lib.segment.pg_tsvector``: index
tokens with their character offsets as positions, distinct characters and facets. No
text search configuration parses them, so PostgreSQL holds exactly the tokens that
SQLite's FTS5 table holds.

Terms are phrases on those positions (``PHRASE``; measured in bench/search.py and
docs/benchmarks.md); the ORDER BY sort_key DESC LIMIT n of a page lets the planner walk
the sort_key index newest first when a term is common.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.lib.segment import pg_tsquery, pg_tsvector
from gongkai.search.backends.base import IndexItem, SearchQuery, Tier

TABLE = "search_entry"
PHRASE = True


def vectors(item: IndexItem) -> tuple[str, str]:
    """(tsv, tsv_title) literals of an item (bench/search.py bulk-loads these)."""
    return (
        pg_tsvector(f"{item.title}\n{item.body}", facets=item.facets, positions=PHRASE),
        pg_tsvector(item.title, facets=item.facets, positions=PHRASE),
    )


def where_clause(query: SearchQuery, tier: Tier) -> tuple[str, list[str]]:
    everywhere = pg_tsquery(query.terms, facets=query.facets, phrase=PHRASE)
    if tier is Tier.ALL:
        return "tsv @@ %s::tsquery", [everywhere]
    if tier is Tier.TITLE:
        in_title = pg_tsquery(query.terms, facets=query.facets, phrase=PHRASE)
        return "tsv_title @@ %s::tsquery", [in_title]
    in_title = pg_tsquery(query.terms, phrase=PHRASE)
    return "tsv @@ %s::tsquery AND NOT tsv_title @@ %s::tsquery", [everywhere, in_title]


class PostgresBackend:
    vendor = "postgresql"
    needs_exact_removal = False

    def add(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        cursor.executemany(
            f"UPDATE {TABLE} SET tsv = %s::tsvector, tsv_title = %s::tsvector WHERE sort_key = %s",
            [(*vectors(item), item.key) for item in items],
        )

    def remove(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        cursor.executemany(
            f"UPDATE {TABLE} SET tsv = ''::tsvector, tsv_title = ''::tsvector WHERE sort_key = %s",
            [(item.key,) for item in items],
        )

    def clear(self, cursor: Any) -> None:
        cursor.execute(f"UPDATE {TABLE} SET tsv = ''::tsvector, tsv_title = ''::tsvector")

    def optimize(self, cursor: Any) -> None:
        cursor.execute(f"ANALYZE {TABLE}")

    def count(self, cursor: Any, query: SearchQuery, tier: Tier, limit: int) -> int:
        where, params = where_clause(query, tier)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS matches",
            [*params, limit],
        )
        return int(cursor.fetchone()[0])

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        where, params = where_clause(query, tier)
        cursor.execute(
            f"SELECT sort_key FROM {TABLE} WHERE {where} ORDER BY sort_key DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]
