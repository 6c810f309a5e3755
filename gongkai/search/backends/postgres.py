"""PostgreSQL: tsvector columns on search_entry with GIN indexes (migration 0002).

``tsv`` covers the title, 文号 and body, ``tsv_title`` the title and 文号 alone (the first
ranking tier). Vectors are literals built by ``gongkai.lib.segment.pg_tsvector``: the
distinct index tokens, distinct characters (``~粮``) and facets (``§o12``). No text search
configuration parses them, so PostgreSQL holds exactly the tokens SQLite's FTS5 holds.

A term is the conjunction of its tokens (``&``), which the GIN index answers without
reading any row; phrase queries on positions (``<N>``) would read and recheck every
candidate row, which at a million documents costs seconds for common words
(docs/benchmarks.md, "Search"). Recall is the higher of the two; precision is lower.

The planner cannot know how many rows a tsquery matches, and its two plans differ by
orders of magnitude: a bitmap scan of the GIN index reads every match (right for rare
terms), a backward scan of the sort_key index with the query as a filter reads rows
newest first until the page is full (right for common terms, ruinous for rare ones).
So each tier is first counted with the bitmap (cheap: no row is rechecked), and the plan
of its page is chosen from that count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from gongkai.lib.segment import pg_tsquery, pg_tsvector
from gongkai.search.backends.base import IndexItem, SearchQuery, Tier

TABLE = "search_entry"
# Above this many matches a page is read newest first along the sort_key index (each row
# read has a 1 in 100 chance or better to match); below it the matches are sorted.
DENSE = 10_000


def vectors(item: IndexItem) -> tuple[str, str]:
    """(tsv, tsv_title) literals of an item (bench/search.py bulk-loads these)."""
    return (
        pg_tsvector(f"{item.title}\n{item.body}", facets=item.facets),
        pg_tsvector(item.title, facets=item.facets),
    )


def where_clause(query: SearchQuery, tier: Tier) -> tuple[str, list[str]]:
    everywhere = pg_tsquery(query.terms, facets=query.facets)
    if tier is Tier.ALL:
        return "tsv @@ %s::tsquery", [everywhere]
    if tier is Tier.TITLE:
        return "tsv_title @@ %s::tsquery", [everywhere]
    in_title = pg_tsquery(query.terms)
    return "tsv @@ %s::tsquery AND NOT tsv_title @@ %s::tsquery", [everywhere, in_title]


@contextmanager
def _no_seqscan(cursor: Any) -> Iterator[None]:
    """Never a sequential scan (it would read every row's vector); restored afterwards."""
    cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan")


def _use(cursor: Any, *, bitmap: bool) -> None:
    """The bitmap plan (GIN), or the walk along the sort_key index."""
    cursor.execute(
        "SELECT set_config('enable_bitmapscan', %s, false), "
        "set_config('enable_indexscan', %s, false)",
        ["on" if bitmap else "off", "off" if bitmap else "on"],
    )


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
        with _no_seqscan(cursor):
            _use(cursor, bitmap=True)
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS m",
                [*params, limit],
            )
            return int(cursor.fetchone()[0])

    def keys(
        self,
        cursor: Any,
        query: SearchQuery,
        tier: Tier,
        offset: int,
        limit: int,
        *,
        matches: int | None = None,
    ) -> list[int]:
        """Keys newest first; ``matches`` (the tier's count, if known) chooses the plan."""
        if matches is None:
            matches = self.count(cursor, query, tier, DENSE + 1)
        with _no_seqscan(cursor):
            return self._keys(cursor, query, tier, offset, limit, bitmap=matches <= DENSE)

    def _keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int, *, bitmap: bool
    ) -> list[int]:
        where, params = where_clause(query, tier)
        _use(cursor, bitmap=bitmap)
        cursor.execute(
            f"SELECT sort_key FROM {TABLE} WHERE {where} ORDER BY sort_key DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        """As base.tiered_page, with each tier's count deciding the plan of its page."""
        everywhere, every_params = where_clause(query, Tier.ALL)
        in_title, title_params = where_clause(query, Tier.TITLE)
        with _no_seqscan(cursor):
            _use(cursor, bitmap=True)
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {everywhere} "
                "LIMIT %s) AS a), "
                f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {in_title} LIMIT %s) AS t)",
                [*every_params, max(count_limit, DENSE) + 1, *title_params, DENSE + 1],
            )
            total, titled = cursor.fetchone()
            size = min(size, min(total, count_limit) - offset)
            if size <= 0:
                return total, []
            keys: list[int] = []
            if offset < titled:
                keys = self._keys(cursor, query, Tier.TITLE, offset, size, bitmap=titled <= DENSE)
            if len(keys) < size:
                # Both counts are exact below DENSE; above it the rest is dense, or the page
                # (offset ≤ count_limit ≤ DENSE) was filled from the title tier.
                rest = total - titled if total <= DENSE else DENSE + 1
                keys += self._keys(
                    cursor,
                    query,
                    Tier.REST,
                    max(0, offset - titled),
                    size - len(keys),
                    bitmap=rest <= DENSE,
                )
        return int(total), keys
