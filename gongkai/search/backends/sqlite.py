"""SQLite: a contentless FTS5 table over pre-segmented text (migration 0002).

Columns: ``title`` (title and 文号) and ``body`` hold the index tokens of
``gongkai.lib.segment``, ``tchars``/``chars`` the distinct CJK characters of the title and
of everything, ``facets`` the filter tokens. The rowid is the entry key, so ``ORDER BY
rowid DESC LIMIT n`` walks the doclists newest first and stops after n rows.

Contentless (``content=''``) keeps the index at its minimum size; the price is that a row
is removed by giving FTS5 the exact values it was indexed with. They are recomputed from
the stored entry with the same segmenter (``SearchEntry.segmenter``), which is why the
index must be rebuilt when ``SEGMENTER_VERSION`` changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.lib.segment import fts5_match, index_chars, index_text
from gongkai.search.backends.base import IndexItem, SearchQuery, Tier, tiered_page

TABLE = "search_fts"


_INSERT = f"INSERT INTO {TABLE}(rowid, title, body, tchars, chars, facets) VALUES (%s, %s, %s, %s, %s, %s)"
_DELETE = (
    f"INSERT INTO {TABLE}({TABLE}, rowid, title, body, tchars, chars, facets) "
    "VALUES ('delete', %s, %s, %s, %s, %s, %s)"
)


def fts_row(item: IndexItem) -> tuple[int, str, str, str, str, str]:
    """The FTS5 row of an item (bench/search.py bulk-loads these)."""
    return (
        item.key,
        index_text(item.title),
        index_text(item.body),
        index_chars(item.title),
        index_chars(f"{item.title}\n{item.body}"),
        " ".join(item.facets),
    )


def match_expression(query: SearchQuery, tier: Tier) -> str:
    everywhere = fts5_match(query.terms, facets=query.facets)
    if tier is Tier.ALL:
        return everywhere
    if tier is Tier.TITLE:
        return fts5_match(
            query.terms, text_columns="title", char_column="tchars", facets=query.facets
        )
    in_title = fts5_match(query.terms, text_columns="title", char_column="tchars")
    return f"({everywhere}) NOT ({in_title})"


class SqliteBackend:
    vendor = "sqlite"
    needs_exact_removal = True

    def add(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        cursor.executemany(_INSERT, [fts_row(item) for item in items])

    def remove(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        cursor.executemany(_DELETE, [fts_row(item) for item in items])

    def clear(self, cursor: Any) -> None:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")

    def optimize(self, cursor: Any) -> None:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")

    def count(self, cursor: Any, query: SearchQuery, tier: Tier, limit: int) -> int:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
            [match_expression(query, tier), limit],
        )
        return int(cursor.fetchone()[0])

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        cursor.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [match_expression(query, tier), limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        # FTS5 reads doclists in rowid (= recency) order and stops at the LIMIT, so every
        # step costs in proportion to the rows it returns, whatever the term's frequency.
        return tiered_page(self, cursor, query, offset, size, count_limit)
