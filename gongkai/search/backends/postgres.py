"""PostgreSQL: tsvector columns on search_entry with GIN indexes (migration 0002).

``tsv`` covers the title, 文号 and body, ``tsv_title`` the title and 文号 alone (the first
ranking tier). Vectors are literals built by ``gongkai.lib.segment.pg_tsvector``: the
distinct character bigrams, distinct characters (``~粮``) and facets (``§o12``). No text
search configuration parses them, so PostgreSQL holds exactly the tokens SQLite's FTS5 holds.

A term is the conjunction of its bigrams (``&``), which the GIN index answers without
reading any row; the rows it returns are then checked for the term's runs of three or
more letters and digits as substrings of the stored title, 文号 and body (``strpos``,
``segment.verify_runs``; CJK runs as stored, others in NFKC lower case): 公开申请 is not 公开 … 申请 anywhere. Recall is that of a
substring search; the check costs reading the text of the candidate rows, which the walk
plan below bounds for common terms.

Plans. GIN returns matches unordered, and the two plans for "newest 20 matches" differ by
orders of magnitude: a bitmap scan reads every posting of every lexeme and every matching
row (right for rare terms; ~45 ms for a word in nine documents out of ten at a million),
a walk down the sort_key index testing each row stops when the page is full (right for
common terms, ruinous for rare ones). The planner's estimate multiplies lexeme frequencies
as if words were independent, which they are not; so each step estimates the matches
itself from the lexeme statistics (``pg_stats``, target 1000 in migration 0002; see
``_estimate``) and picks the plan:

* estimated matches above √(``DENSE_FACTOR`` × rows) and 8 × the count limit: the result
  is not counted ("1000+", see selectors.count_limit) and the page is walked newest first
  over a bounded number of rows (``WALK_MIN``–``WALK_MAX``); a walk that comes back short
  falls back to counting and the bitmap;
* otherwise the matches are counted and fetched with the bitmap.

The title tier is walked from √(``TITLE_DENSE_FACTOR`` × rows) estimated matches: its
vectors are small and stored in the row, so testing a row costs little.

What remains slow (docs/benchmarks.md, 2026-12-04: p99 104 ms at a million): a common
term whose matches are all old (2019 in the title or 文号 of 62,000 documents, 90–100 ms):
its walk finds nothing among the newest rows, and the bitmap visits every match (14,000
heap blocks). A narrow table for the title tier, or an index that keeps postings in date
order (RUM's ``rum_tsvector_addon_ops``, packaged for Debian as postgresql-15-rum), would
answer it directly. And a query of several terms whose rarest bigram is common (依申请公开
答复期限): the estimate calls it dense, the walk fails and the count reads about 1,000
bodies.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from gongkai.lib.segment import (
    PG_FACET_PREFIX,
    pg_term_lexemes,
    pg_tsquery,
    pg_tsvector,
    verify_runs,
)
from gongkai.search.backends.base import IndexItem, SearchQuery, Tier

TABLE = "search_entry"
# A walk reads about size × rows / matches rows and tests each (the full vector: ~5 µs;
# the title vector: ~1 µs); the bitmap reads every match (~2 µs). The walk wins from about
# sqrt(50 × rows) estimated matches (sqrt(10 × rows) for the title tier).
DENSE_FACTOR = 50
TITLE_DENSE_FACTOR = 10
# Rows a walk reads at most before giving up for the bitmap plan: four times what the
# estimate says the page needs, within these bounds. A term whose matches are all old
# (2019) fails its walk and costs the walk and the bitmap.
WALK_MIN = 2_000
WALK_MAX = 20_000


def vectors(item: IndexItem) -> tuple[str, str]:
    """(tsv, tsv_title) literals of an item (bench/search.py bulk-loads these)."""
    return (
        pg_tsvector(f"{item.title}\n{item.body}", facets=item.facets),
        pg_tsvector(item.title, facets=item.facets),
    )


def _as_stored_first(run: str) -> bool:
    """Whether a run found in the text as stored is found in its NFKC, lower-case form too,
    so that the cheap test may go first: a run of ASCII letters and digits ending in a digit
    (after a letter, a combining mark in the text would compose with it under NFKC)."""
    return run.isascii() and run[-1].isdigit()


def _verified(query: SearchQuery, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """Every run of three or more letters and digits of every term occurs in one of the
    columns (``segment.verify_runs``): the bigram conjunction's false matches are dropped.

    Runs other than CJK are looked for in the NFKC, lower-case text; normalising a body
    costs microseconds a row, so where the run as stored implies it (years, 文号 numbers:
    2019 in the title or 文号 of 62,000 documents of a million) every column as stored is
    tried first and the OR stops there for nearly every row (190 → 55 ms for 2019)."""
    clauses: list[str] = []
    params: list[str] = []
    for term in query.terms:
        for run, as_stored in verify_runs(term):
            # Every column as stored before any normalised one: 2019 is mostly in the 文号.
            tests = [f"strpos({c}, %s) > 0" for c in columns if as_stored or _as_stored_first(run)]
            if not as_stored:
                tests += [f"strpos(lower(normalize({c}, NFKC)), %s) > 0" for c in columns]
            params += [run] * len(tests)
            clauses.append("(" + " OR ".join(tests) + ")")
    return " AND ".join(clauses), params


def _with(where: str, params: list[str], check: tuple[str, list[str]]) -> tuple[str, list[str]]:
    return (f"{where} AND {check[0]}", [*params, *check[1]]) if check[0] else (where, params)


def where_clause(query: SearchQuery, tier: Tier) -> tuple[str, list[str]]:
    everywhere = pg_tsquery(query.terms, facets=query.facets)
    anywhere = _verified(query, ("title", "reference", "body"))
    titled = _verified(query, ("title", "reference"))
    if tier is Tier.ALL:
        return _with("tsv @@ %s::tsquery", [everywhere], anywhere)
    if tier is Tier.TITLE:
        return _with("tsv_title @@ %s::tsquery", [everywhere], titled)
    in_title, in_title_params = _with("tsv_title @@ %s::tsquery", [pg_tsquery(query.terms)], titled)
    where, params = _with("tsv @@ %s::tsquery", [everywhere], anywhere)
    return f"{where} AND NOT ({in_title})", [*params, *in_title_params]


# Lexeme frequencies from pg_stats (ANALYZE; most common elements), per column.
STATISTICS_TTL = 600.0
_statistics: dict[str, tuple[float, dict[str, float], float]] = {}


def _frequencies(cursor: Any, column: str) -> tuple[dict[str, float], float]:
    """(lexeme → share of rows, share assumed for a lexeme not among them), cached."""
    cached = _statistics.get(column)
    if cached is not None and time.monotonic() - cached[0] < STATISTICS_TTL:
        return cached[1], cached[2]
    cursor.execute(
        "SELECT e, f FROM pg_stats, "
        "unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f) "
        "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s "
        "AND e IS NOT NULL",
        [TABLE, column],
    )
    frequencies = {lexeme: float(share) for lexeme, share in cursor.fetchall()}
    # As the planner does: a lexeme not listed is rarer than the rarest listed one.
    floor = min(frequencies.values()) / 2 if frequencies else 0.001
    _statistics[column] = (time.monotonic(), frequencies, floor)
    return frequencies, floor


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
        with _no_seqscan(cursor):
            return self._count(cursor, *where_clause(query, tier), limit)

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        with _no_seqscan(cursor):
            return self._bitmap_keys(cursor, *where_clause(query, tier), offset, limit)

    @staticmethod
    def _estimate(cursor: Any, query: SearchQuery, column: str, rows: float) -> float:
        """Matches expected of ``column``: the rarest word lexeme times the facets.

        The planner multiplies the frequencies of all lexemes, as if words were independent;
        words of one phrase or subject are not (行政复议 and 行政诉讼 go together), and the
        product then sends a query with 50,000 matches to the bitmap. The rarest lexeme is
        an upper bound; facets (organ, year …) are independent of the words.
        """
        frequencies, floor = _frequencies(cursor, column)
        words = [lexeme for term in query.terms for lexeme in pg_term_lexemes(term)]
        estimate = rows * min((frequencies.get(w, floor) for w in words), default=1.0)
        for facet in query.facets:
            estimate *= frequencies.get(PG_FACET_PREFIX + facet, floor)
        return estimate

    @staticmethod
    def _count(cursor: Any, where: str, params: list[str], limit: int) -> int:
        _use(cursor, bitmap=True)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS m",
            [*params, limit],
        )
        return int(cursor.fetchone()[0])

    @staticmethod
    def _bitmap_keys(
        cursor: Any, where: str, params: list[str], offset: int, limit: int
    ) -> list[int]:
        _use(cursor, bitmap=True)
        match, _, check = where.partition(" AND ")
        if "body" not in check:  # nothing to check, or short in-row texts (the title tier)
            cursor.execute(
                f"SELECT sort_key FROM {TABLE} WHERE {where} "
                "ORDER BY sort_key DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        # The checks read bodies (TOAST, decompressed each): the GIN condition alone gives
        # the candidates, sorted newest first by their keys (narrow rows); the checks then
        # read the text of candidates in that order until the page is full, not of every
        # candidate (依申请公开 答复期限 at a million: 3,429 candidates, 90 → 23 ms).
        if match.count("%s") != 1:
            raise ValueError(f"unexpected condition: {match}")
        cursor.execute(
            f"SELECT c.sort_key FROM (SELECT ctid AS t, sort_key FROM {TABLE} WHERE {match} "
            "ORDER BY sort_key DESC OFFSET 0) AS c "
            f"WHERE EXISTS (SELECT 1 FROM {TABLE} AS e WHERE e.ctid = c.t AND {check}) "
            "LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    @staticmethod
    def _walk(
        cursor: Any, where: str, params: list[str], offset: int, limit: int, budget: int
    ) -> list[int] | None:
        """Keys from the newest ``budget`` rows, or None if they hold too few matches."""
        _use(cursor, bitmap=False)
        # Only the columns the condition reads: each one selected is decompressed.
        read = ("tsv", "tsv_title", "title", "reference", "body")
        columns = ", ".join(
            c for c in read if f"{c} @@" in where or f"({c}," in where or f"({c}, NFKC" in where
        )
        cursor.execute(
            f"SELECT sort_key FROM (SELECT sort_key, {columns} FROM {TABLE} "
            "ORDER BY sort_key DESC LIMIT %s) AS newest "
            f"WHERE {where} ORDER BY sort_key DESC LIMIT %s OFFSET %s",
            [budget, *params, limit, offset],
        )
        keys = [int(row[0]) for row in cursor.fetchall()]
        return keys if len(keys) == limit else None

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        """As base.tiered_page, choosing each step's plan from the planner's estimate."""
        everywhere = where_clause(query, Tier.ALL)
        in_title = where_clause(query, Tier.TITLE)
        rest = where_clause(query, Tier.REST)
        with _no_seqscan(cursor):
            cursor.execute(f"SELECT reltuples FROM pg_class WHERE oid = '{TABLE}'::regclass")
            rows = max(float(cursor.fetchone()[0]), 1.0)

            def budget(estimate: float) -> int:
                wanted = 4 * (offset + size) * rows / max(estimate, 1.0)
                return int(min(max(wanted, WALK_MIN), WALK_MAX))

            estimate = self._estimate(cursor, query, "tsv", rows)
            # Not counted only when at least 8 × the limit are expected (and walks confirm).
            dense = estimate >= max(8 * count_limit, math.sqrt(DENSE_FACTOR * rows))
            total: int | None = None
            if not dense:
                total = self._count(cursor, *everywhere, count_limit + 1)
                size = min(size, min(total, count_limit) - offset)
                if size <= 0:
                    return total, []
            keys: list[int] | None = None
            title_estimate = self._estimate(cursor, query, "tsv_title", rows)
            if title_estimate >= math.sqrt(TITLE_DENSE_FACTOR * rows):
                keys = self._walk(cursor, *in_title, offset, size, budget(title_estimate))
            if keys is None:
                # The title matches up to the end of the page, in one bitmap: how many
                # there are (up to offset + size) and the page's share of them.
                found = self._bitmap_keys(cursor, *in_title, 0, offset + size)
                titled, keys = len(found), found[offset:]
                if len(keys) < size:
                    start, wanted = max(0, offset - titled), size - len(keys)
                    more = (
                        self._walk(cursor, *rest, start, wanted, budget(estimate))
                        if dense
                        else None
                    )
                    if more is None:
                        if total is None:  # the walk found fewer than expected: count them
                            total = self._count(cursor, *everywhere, count_limit + 1)
                            wanted = min(wanted, min(total, count_limit) - offset - len(keys))
                        more = self._bitmap_keys(cursor, *rest, start, wanted) if wanted > 0 else []
                    keys += more
        if total is None:
            # Not counted: the estimate and the walks say there are many more than the limit.
            total = count_limit + 1
        return total, keys
