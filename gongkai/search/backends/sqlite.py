"""SQLite: contentless FTS5 tables over pre-segmented text (migration 0002).

``search_fts`` holds every entry: ``title`` (title and 文号) and ``body`` hold the
character bigrams of ``gongkai.lib.segment`` (a query is the phrase of its bigrams: an
exact substring match), ``chars`` the distinct letters and digits of both,
``facets`` the filter tokens. ``search_fts_title`` holds the title alone (``title``,
``tchars``, ``facets``): the first ranking tier is asked of it, because a column filter on
the big table still reads the doclists of every column, and a term that is common in
bodies but absent from titles would be scanned to the end (hundreds of ms at a million).

The rowid is the entry key, so ``ORDER BY rowid DESC LIMIT n`` walks the doclists newest
first and stops after n rows; the rest tier excludes the few title matches (it is only
read when the title tier does not fill the page).

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
TITLE_TABLE = "search_fts_title"

_INSERT = f"INSERT INTO {TABLE}(rowid, title, body, chars, facets) VALUES (%s, %s, %s, %s, %s)"
_INSERT_TITLE = f"INSERT INTO {TITLE_TABLE}(rowid, title, tchars, facets) VALUES (%s, %s, %s, %s)"
_DELETE = (
    f"INSERT INTO {TABLE}({TABLE}, rowid, title, body, chars, facets) "
    "VALUES ('delete', %s, %s, %s, %s, %s)"
)
_DELETE_TITLE = (
    f"INSERT INTO {TITLE_TABLE}({TITLE_TABLE}, rowid, title, tchars, facets) "
    "VALUES ('delete', %s, %s, %s, %s)"
)


def fts_rows(item: IndexItem) -> tuple[tuple[int, str, str, str, str], tuple[int, str, str, str]]:
    """The rows of an item in both tables (bench/search.py bulk-loads these)."""
    title = index_text(item.title)
    facets = " ".join(item.facets)
    return (
        (item.key, title, index_text(item.body), index_chars(f"{item.title}\n{item.body}"), facets),
        (item.key, title, index_chars(item.title), facets),
    )


def match_expression(query: SearchQuery, tier: Tier) -> str:
    """MATCH of search_fts (ALL, REST) or of search_fts_title (TITLE)."""
    if tier is Tier.TITLE:
        return fts5_match(
            query.terms, text_columns="title", char_column="tchars", facets=query.facets
        )
    return fts5_match(query.terms, facets=query.facets)


def _where(query: SearchQuery, tier: Tier) -> tuple[str, str, list[str]]:
    """(table, WHERE clause, parameters) of a tier."""
    if tier is Tier.TITLE:
        return TITLE_TABLE, f"{TITLE_TABLE} MATCH %s", [match_expression(query, tier)]
    if tier is Tier.ALL:
        return TABLE, f"{TABLE} MATCH %s", [match_expression(query, tier)]
    return (
        TABLE,
        f"{TABLE} MATCH %s AND rowid NOT IN "
        f"(SELECT rowid FROM {TITLE_TABLE} WHERE {TITLE_TABLE} MATCH %s)",
        [match_expression(query, Tier.ALL), match_expression(query, Tier.TITLE)],
    )


class SqliteBackend:
    vendor = "sqlite"
    needs_exact_removal = True

    def add(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        rows = [fts_rows(item) for item in items]
        cursor.executemany(_INSERT, [row for row, _title in rows])
        cursor.executemany(_INSERT_TITLE, [title for _row, title in rows])

    def remove(self, cursor: Any, items: Sequence[IndexItem]) -> None:
        rows = [fts_rows(item) for item in items]
        cursor.executemany(_DELETE, [row for row, _title in rows])
        cursor.executemany(_DELETE_TITLE, [title for _row, title in rows])

    def clear(self, cursor: Any) -> None:
        for table in (TABLE, TITLE_TABLE):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def optimize(self, cursor: Any) -> None:
        for table in (TABLE, TITLE_TABLE):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    def count(self, cursor: Any, query: SearchQuery, tier: Tier, limit: int) -> int:
        table, where, params = _where(query, tier)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT %s)",
            [*params, limit],
        )
        return int(cursor.fetchone()[0])

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        table, where, params = _where(query, tier)
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {where} ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        # FTS5 reads doclists in rowid (= recency) order and stops at the LIMIT, so every
        # step costs in proportion to the rows it returns, whatever the term's frequency.
        return tiered_page(self, cursor, query, offset, size, count_limit)
