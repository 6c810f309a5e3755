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

Plans. GIN returns matches unordered, and the plans for "newest 20 matches" differ by
orders of magnitude: a bitmap scan reads every posting of every lexeme and every matching
row (right for rare terms), a walk down the sort_key index testing each row stops when the
page is full (right for common terms, ruinous for rare ones). The planner's estimate
multiplies lexeme frequencies as if words were independent, which they are not; so each
step estimates the matches itself from the lexeme statistics (``pg_stats``, target 1000 in
migration 0002; see ``_estimate``) and picks the plan:

* estimated matches above √(``DENSE_FACTOR`` × rows) and 8 × the count limit: the result
  is not counted ("1000+", see selectors.count_limit) and the page is looked for among the
  newest rows: walked row by row (``WALK_MIN``–``WALK_MAX`` rows), or, below
  √(``WINDOW_FACTOR`` × rows) estimated matches, through the GIN bitmap narrowed by the
  BRIN index on the day (migration 0004) to the days of those rows (``_newest``). If that
  comes back short, the matches are tallied and fetched as below;
* otherwise the matches are tallied (``_tally``): the GIN candidates are sorted by key
  and the newest checked, each body decompressed once for all its checks. No more
  candidates than the count limit: all are checked, and that one pass gives the exact
  count and the page. More: the newest ``SAMPLE`` are checked, and the total is "more
  than the limit" when the candidates times the share that passed make at least twice
  the limit (else it is counted); the rest tier's page comes from those checked when it
  is among them, or from the bitmap.

The title tier is walked from √(``TITLE_DENSE_FACTOR`` × rows) estimated matches (its
vectors are small and stored in the row, so testing a row costs little). A walk that finds
nothing among the newest rows means the matches are older (2019 in the title or 文号 of
62,000 documents of a million, none since 2020): probes of ``PROBE_ROWS`` rows at the
bounds of the sort_key histogram, then across the stretch they point to, find where the
matches start, and the bitmap is narrowed to the days from there (``_probed``), instead of
reading all 62,000 rows for their keys.

GIN lexemes. A checked run implies all its bigrams, so the GIN condition asks only for the
selective ones (``_pruned``, ``PRUNE_SHARE``): 2019's 20 is in nine titles out of ten and
its postings cost more than the few more candidates its absence lets through.

Session settings: no sequential scan, no JIT (it compiled the bigger bitmaps for 40 ms)
and no parallel workers (their start-up costs more than these queries take).

What remains (docs/benchmarks.md): dense terms whose matches are all old depend on the
table being roughly in publication order (the BRIN index narrows less where it is not), and
years in titles, whose digit bigrams are common, leave hundreds of false candidates among
the newest rows to be checked. An index that keeps postings in date order (RUM's
``rum_tsvector_addon_ops``, packaged for Debian as postgresql-15-rum) would answer both
directly.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from gongkai.lib.segment import (
    PG_FACET_PREFIX,
    Term,
    pg_run_lexemes,
    pg_term_lexemes,
    pg_tsquery,
    pg_tsvector,
    verify_runs,
)
from gongkai.search.backends.base import KEY_ID_BITS, IndexItem, SearchQuery, Tier

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
# Below √(WINDOW_FACTOR × rows) estimated matches the walk of the rest tier goes through
# the GIN index narrowed to the newest rows' days instead (``_newest``): the bitmap costs
# about 0.1 µs a posting of its rarest lexeme, testing a row of the walk about 5 µs.
WINDOW_FACTOR = 4_000
# A term whose matches are all older than the newest rows: rows tested below each of at
# most PROBES bounds of the sort_key histogram to find where they start (``_probed``).
PROBES = 50
PROBE_ROWS = 16
# The narrowed bitmap is asked for where the probes expect PROBE_MARGIN × the page.
PROBE_MARGIN = 4
# Bigrams that a checked run stands in for are asked of the GIN index only if they are in
# at most this share of the rows, or the run's rarest (``_pruned``). The title tier keeps
# more: its false candidates in a bitmap narrowed by the BRIN index cost a lossy page each
# (2019 with 19 alone: 4,000 false candidates in the newest years, 55 ms; with 01 & 19
# few).
PRUNE_SHARE = 0.3
PRUNE_SHARE_TITLE = 0.6
# Counting (``_tally``): the newest SAMPLE candidates are checked to estimate the share
# of the candidates that match.
SAMPLE = 100


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
            first = as_stored or _as_stored_first(run)
            tests = [f"strpos({c}, %s) > 0" for c in columns if first]
            if not as_stored:
                # Where the text as stored was tried, its normalised form can differ only
                # if it is not in NFKC or has capitals: most texts are skipped cheaply
                # (2023's 1,600 false candidates among the newest titles, ~8 ms).
                tests += [
                    f"(({c} IS NOT NFKC NORMALIZED OR {c} <> lower({c})) "
                    f"AND strpos(lower(normalize({c}, NFKC)), %s) > 0)"
                    if first
                    else f"strpos(lower(normalize({c}, NFKC)), %s) > 0"
                    for c in columns
                ]
            params += [run] * len(tests)
            clauses.append("(" + " OR ".join(tests) + ")")
    return " AND ".join(clauses), params


Lexemes = Callable[[Term], list[str]]


@dataclass(frozen=True)
class Condition:
    """A tier's condition in two parts: ``match``, which a GIN index answers (and a BRIN
    index narrows, ``since``), and ``check``, tested on each row it returns: the runs as
    substrings of the stored text and, for the rest tier, not a title match."""

    match: str
    match_params: tuple[Any, ...]
    check: str = ""
    check_params: tuple[Any, ...] = ()

    @property
    def sql(self) -> tuple[str, list[Any]]:
        if not self.check:
            return self.match, list(self.match_params)
        return f"{self.match} AND {self.check}", [*self.match_params, *self.check_params]

    @property
    def reads_body(self) -> bool:
        return "body" in self.check

    @property
    def columns(self) -> str:
        """The columns the condition reads (a walk selects only these: each is decompressed)."""
        where = self.sql[0]
        read = ("tsv", "tsv_title", "title", "reference", "body")
        return ", ".join(c for c in read if f"{c} @@" in where or f"({c}," in where)

    def since(self, day: int) -> Condition:
        """Only rows published on ``day`` or later: the BRIN index on the day (migration
        0004) narrows the GIN bitmap before any row is read."""
        return replace(
            self, match=f"{self.match} AND {DAY} >= %s", match_params=(*self.match_params, day)
        )


DAY = "(sort_key >> 32)"


def where_clause(query: SearchQuery, tier: Tier, lexemes: Lexemes = pg_term_lexemes) -> Condition:
    """The condition of a tier. ``lexemes`` picks the bigrams each term asks of the GIN
    index (``_pruned``: checked runs stand in for their commonest bigrams); the title
    tier's exclusion from the rest is tested on the row and asks for all of them."""
    everywhere = pg_tsquery(query.terms, facets=query.facets, lexemes=lexemes)
    anywhere = _verified(query, ("title", "reference", "body"))
    titled = _verified(query, ("title", "reference"))
    if tier is Tier.ALL:
        return Condition("tsv @@ %s::tsquery", (everywhere,), *_check(anywhere))
    if tier is Tier.TITLE:
        return Condition("tsv_title @@ %s::tsquery", (everywhere,), *_check(titled))
    in_title = " AND ".join(["tsv_title @@ %s::tsquery", *filter(None, [titled[0]])])
    check = " AND ".join([*filter(None, [anywhere[0]]), f"NOT ({in_title})"])
    params = (*anywhere[1], pg_tsquery(query.terms), *titled[1])
    return Condition("tsv @@ %s::tsquery", (everywhere,), check, params)


def _check(verified: tuple[str, list[str]]) -> tuple[str, tuple[str, ...]]:
    return verified[0], tuple(verified[1])


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


def _histogram(cursor: Any) -> list[int]:
    """Bounds of the sort_key histogram (pg_stats, ANALYZE), ascending, cached."""
    cached = _bounds.get(TABLE)
    if cached is not None and time.monotonic() - cached[0] < STATISTICS_TTL:
        return cached[1]
    cursor.execute(
        "SELECT histogram_bounds::text::bigint[] FROM pg_stats "
        "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'sort_key'",
        [TABLE],
    )
    row = cursor.fetchone()
    bounds = [int(b) for b in row[0]] if row and row[0] else []
    _bounds[TABLE] = (time.monotonic(), bounds)
    return bounds


_bounds: dict[str, tuple[float, list[int]]] = {}


def _rows(cursor: Any) -> float:
    cursor.execute(f"SELECT reltuples FROM pg_class WHERE oid = '{TABLE}'::regclass")
    return max(float(cursor.fetchone()[0]), 1.0)


def _pruned(cursor: Any, tier: Tier) -> Lexemes:
    """The lexemes a term asks of the GIN index of the tier's vector column.

    The strpos check of a run (``_verified``) already implies every bigram inside it, so
    the index needs only the selective ones: 2019's 20 is in nine titles out of ten, and
    the GIN scan of 20 & 01 & 19 reads their postings (18 ms at a million, 19 alone 8 ms).
    Kept: bigrams outside any checked run, and of each run its rarest and those in at
    most ``PRUNE_SHARE`` of the rows. The matches are the same; only more candidates may
    be read, which the checks drop.
    """
    column = "tsv_title" if tier is Tier.TITLE else "tsv"
    frequencies, floor = _frequencies(cursor, column)
    most = PRUNE_SHARE_TITLE if tier is Tier.TITLE else PRUNE_SHARE

    def share(lexeme: str) -> float:
        return frequencies.get(lexeme, floor)

    def lexemes(term: Term) -> list[str]:
        every = pg_term_lexemes(term)
        dropped: set[str] = set()
        kept: set[str] = set()
        for run, _as_stored in verify_runs(term):
            implied = [g for g in pg_run_lexemes(run) if g in every]
            if implied:
                kept.add(min(implied, key=share))
                dropped.update(g for g in implied if share(g) > most)
        return [lexeme for lexeme in every if lexeme in kept or lexeme not in dropped]

    return lexemes


@contextmanager
def _no_seqscan(cursor: Any) -> Iterator[None]:
    """Never a sequential scan (it would read every row's vector); restored afterwards."""
    cursor.execute(
        "SET enable_seqscan = off; SET jit = off; SET max_parallel_workers_per_gather = 0"
    )
    try:
        yield
    finally:
        cursor.execute(
            "RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan; "
            "RESET jit; RESET max_parallel_workers_per_gather"
        )


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
            return self._count(cursor, where_clause(query, tier, _pruned(cursor, tier)), limit)

    def keys(
        self, cursor: Any, query: SearchQuery, tier: Tier, offset: int, limit: int
    ) -> list[int]:
        with _no_seqscan(cursor):
            condition = where_clause(query, tier, _pruned(cursor, tier))
            return self._bitmap_keys(cursor, condition, offset, limit)

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
    def _count(cursor: Any, condition: Condition, limit: int) -> int:
        _use(cursor, bitmap=True)
        where, params = condition.sql
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS m",
            [*params, limit],
        )
        return int(cursor.fetchone()[0])

    @staticmethod
    def _bitmap_keys(cursor: Any, condition: Condition, offset: int, limit: int) -> list[int]:
        _use(cursor, bitmap=True)
        if not condition.reads_body:  # nothing to check, or short in-row texts (the title tier)
            where, params = condition.sql
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
        cursor.execute(
            f"SELECT c.sort_key FROM (SELECT ctid AS t, sort_key FROM {TABLE} "
            f"WHERE {condition.match} ORDER BY sort_key DESC OFFSET 0) AS c "
            f"WHERE EXISTS (SELECT 1 FROM {TABLE} AS e WHERE e.ctid = c.t AND {condition.check}) "
            "LIMIT %s OFFSET %s",
            [*condition.match_params, *condition.check_params, limit, offset],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    @staticmethod
    def _walk(
        cursor: Any, condition: Condition, offset: int, limit: int, budget: int
    ) -> list[int] | None:
        """Keys from the newest ``budget`` rows, or None if they hold too few matches."""
        _use(cursor, bitmap=False)
        where, params = condition.sql
        cursor.execute(
            f"SELECT sort_key FROM (SELECT sort_key, {condition.columns} FROM {TABLE} "
            "ORDER BY sort_key DESC LIMIT %s) AS newest "
            f"WHERE {where} ORDER BY sort_key DESC LIMIT %s OFFSET %s",
            [budget, *params, limit, offset],
        )
        keys = [int(row[0]) for row in cursor.fetchall()]
        return keys if len(keys) == limit else None

    @staticmethod
    def _day_back(cursor: Any, rows_back: int) -> int | None:
        """The publication day of the ``rows_back``-th newest row (index only)."""
        _use(cursor, bitmap=False)
        cursor.execute(
            f"SELECT {DAY} FROM {TABLE} ORDER BY sort_key DESC OFFSET %s LIMIT 1", [rows_back]
        )
        row = cursor.fetchone()
        return int(row[0]) if row else None

    @classmethod
    def _newest(
        cls, cursor: Any, condition: Condition, offset: int, limit: int, budget: int
    ) -> list[int] | None:
        """As ``_walk``, through the GIN index narrowed to the days of the newest ``budget``
        rows: no row outside them is read (for a term whose bigrams are not too common,
        cheaper than testing every row of the walk; see ``WINDOW_FACTOR``)."""
        day = cls._day_back(cursor, budget)
        if day is None:
            return None
        keys = cls._bitmap_keys(cursor, condition.since(day), offset, limit)
        return keys if len(keys) == limit else None

    @staticmethod
    def _probe(cursor: Any, probe: Condition, points: list[int]) -> list[int]:
        """Matches among the ``PROBE_ROWS`` rows at or below each key, newest point first."""
        _use(cursor, bitmap=False)
        where, params = probe.sql
        cursor.execute(
            f"SELECT (SELECT count(*) FROM (SELECT sort_key, {probe.columns} FROM {TABLE} "
            f"WHERE sort_key <= b.k ORDER BY sort_key DESC LIMIT %s) AS s WHERE {where}) "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS b(k, n) ORDER BY b.n DESC",
            [PROBE_ROWS, *params, points],
        )
        return [int(row[0]) for row in cursor.fetchall()]

    @staticmethod
    def _locate(
        points: list[int], hits: list[int], per_gap: float, needed: int
    ) -> tuple[int, int] | None:
        """(gap, start key): going down from the newest point, the gap between two points
        (numbered from the newest) where the matches expected at each gap's probed density
        reach ``needed``, and the key in it where they do."""
        expected = 0.0
        for gap, found in enumerate(hits[:-1]):
            density = found / PROBE_ROWS
            if density and expected + density * per_gap >= needed:
                high, low = points[-1 - gap], points[-2 - gap]
                share = (needed - expected) / (density * per_gap)
                return gap, high - math.ceil(share * (high - low))
            expected += density * per_gap
        return None

    @classmethod
    def _probed(
        cls, cursor: Any, probe: Condition, condition: Condition, offset: int, limit: int
    ) -> list[int] | None:
        """Keys of a term whose matches are all older than the newest rows (2019).

        ``PROBE_ROWS`` rows are tested below each of ``PROBES`` bounds of the sort_key
        histogram (pg_stats: as many rows between two bounds) to find, going back, where
        the matches become many enough for the page (``PROBE_MARGIN`` × what it needs); then again at
        ``PROBES`` points across that stretch and the one above it (where they may begin
        unseen). The bitmap is narrowed to the days from there on, so that it reads the
        newest matches and not all of them. None if the probes find too few, or the
        narrowed bitmap does."""
        bounds = _histogram(cursor)
        if len(bounds) < 3:
            return None
        if len(bounds) > PROBES:
            step = len(bounds) / PROBES
            bounds = [bounds[int(i * step)] for i in range(PROBES)] + [bounds[-1]]
        needed = PROBE_MARGIN * (offset + limit)
        per_gap = _rows(cursor) / (len(bounds) - 1)
        located = cls._locate(bounds, cls._probe(cursor, probe, bounds), per_gap, needed)
        if located is None:
            return None
        gap, start = located
        low, high = bounds[-2 - gap], bounds[-gap] if gap else bounds[-1]
        gaps = 2 if gap else 1
        fine = [low + (high - low) * j // PROBES for j in range(PROBES + 1)]
        finer = cls._locate(fine, cls._probe(cursor, probe, fine), per_gap * gaps / PROBES, needed)
        if finer is not None:
            start = finer[1]
        since = condition.since(start >> KEY_ID_BITS)
        keys = cls._bitmap_keys(cursor, since, offset, limit)
        return keys if len(keys) == limit else None

    @staticmethod
    def _examine(
        cursor: Any, everywhere: Condition, titled: Condition, limit: int
    ) -> tuple[int, list[tuple[int, bool, bool]]]:
        """(candidates, checked): how many rows the GIN condition returns, and its newest
        ``limit`` as (key, whether it passes the checks, whether it is a title match).

        One GIN scan: the candidates are sorted by their keys (narrow rows), counted on the
        way, then checked newest first; each candidate's body is fetched from TOAST and
        decompressed once for all its checks (``body || ''``), not once for every run
        looked for in it."""
        _use(cursor, bitmap=True)
        title_where, title_params = titled.sql
        reads = f"{title_where} {everywhere.check}"
        columns = ", ".join(
            "body || '' AS body" if c == "body" else c
            for c in ("tsv_title", "title", "reference", "body")
            if c in reads
        )
        cursor.execute(
            "SELECT c.sort_key, c.n, v.titled IS NOT NULL, coalesce(v.titled, false) "
            f"FROM (SELECT ctid AS t, sort_key, count(*) OVER () AS n FROM {TABLE} "
            f"WHERE {everywhere.match} ORDER BY sort_key DESC LIMIT %s) AS c "
            f"LEFT JOIN LATERAL (SELECT ({title_where}) AS titled FROM (SELECT {columns} "
            f"FROM {TABLE} AS e WHERE e.ctid = c.t OFFSET 0) AS r "
            f"WHERE {everywhere.check or 'TRUE'}) AS v ON true ORDER BY c.sort_key DESC",
            [*everywhere.match_params, limit, *title_params, *everywhere.check_params],
        )
        rows = cursor.fetchall()
        candidates = int(rows[0][1]) if rows else 0
        return candidates, [(int(key), bool(ok), bool(title)) for key, _n, ok, title in rows]

    def _tally(
        self, cursor: Any, everywhere: Condition, titled: Condition, count_limit: int
    ) -> tuple[int | None, list[tuple[int, bool]]]:
        """(total, newest matches with whether each is a title match).

        The newest ``SAMPLE`` candidates are checked. If there are no more candidates
        than the limit, all are checked: the total is exact and the matches are all of
        them (the page is theirs). Otherwise, if the candidates times the share of the
        sample that passed make at least twice the limit, the total is not counted (None:
        "more than the limit"), else counted. Either way the matches are the newest ones,
        from which the rest tier's page may come.
        """
        candidates, rows = self._examine(cursor, everywhere, titled, SAMPLE)
        if SAMPLE < candidates <= count_limit:
            candidates, rows = self._examine(cursor, everywhere, titled, candidates)
        matches = [(key, title) for key, ok, title in rows if ok]
        if candidates <= count_limit:
            return len(matches), matches
        if candidates * len(matches) / len(rows) >= 2 * count_limit:
            return None, matches
        return self._count(cursor, everywhere, count_limit + 1), matches

    def page(
        self, cursor: Any, query: SearchQuery, offset: int, size: int, count_limit: int
    ) -> tuple[int, list[int]]:
        """As base.tiered_page, choosing each step's plan from the planner's estimate."""
        with _no_seqscan(cursor):
            pruned, pruned_title = _pruned(cursor, Tier.ALL), _pruned(cursor, Tier.TITLE)
            everywhere = where_clause(query, Tier.ALL, pruned)
            in_title = where_clause(query, Tier.TITLE, pruned_title)
            rest = where_clause(query, Tier.REST, pruned)
            # Walks test rows one by one: the whole conjunction is the cheaper test.
            title_probe = where_clause(query, Tier.TITLE)
            rest_probe = where_clause(query, Tier.REST)
            rows = _rows(cursor)

            def budget(estimate: float) -> int:
                wanted = 4 * (offset + size) * rows / max(estimate, 1.0)
                return int(min(max(wanted, WALK_MIN), WALK_MAX))

            def complete(total: int, matches: list[tuple[int, bool]]) -> tuple[int, list[int]]:
                ranked = [k for k, t in matches if t] + [k for k, t in matches if not t]
                return total, ranked[offset : offset + size]

            estimate = self._estimate(cursor, query, "tsv", rows)
            # Not counted only when at least 8 × the limit are expected (and walks confirm).
            dense = estimate >= max(8 * count_limit, math.sqrt(DENSE_FACTOR * rows))
            total: int | None = None
            matches: list[tuple[int, bool]] | None = None
            if not dense:
                total, matches = self._tally(cursor, everywhere, title_probe, count_limit)
                if total is not None and total <= count_limit:
                    return complete(total, matches)
                size = min(size, count_limit - offset)
                if size <= 0:
                    return count_limit + 1, []
            keys: list[int] | None = None
            title_estimate = self._estimate(cursor, query, "tsv_title", rows)
            if title_estimate >= math.sqrt(TITLE_DENSE_FACTOR * rows):
                keys = self._walk(cursor, title_probe, offset, size, budget(title_estimate))
                if keys is None:
                    keys = self._probed(cursor, title_probe, in_title, offset, size)
            if keys is None:
                # The title matches up to the end of the page, in one bitmap: how many
                # there are (up to offset + size) and the page's share of them.
                found = self._bitmap_keys(cursor, in_title, 0, offset + size)
                titled, keys = len(found), found[offset:]
                if len(keys) < size:
                    start, wanted = max(0, offset - titled), size - len(keys)
                    more = None
                    if dense and estimate < math.sqrt(WINDOW_FACTOR * rows):
                        more = self._newest(cursor, rest, start, wanted, budget(estimate))
                    elif dense:
                        more = self._walk(cursor, rest_probe, start, wanted, budget(estimate))
                    if more is None:
                        if matches is None:  # fewer than expected: count them
                            total, matches = self._tally(
                                cursor, everywhere, title_probe, count_limit
                            )
                            if total is not None and total <= count_limit:
                                return complete(total, matches)
                            wanted = min(wanted, count_limit - offset - len(keys))
                        # The newest matches not in the title, if they reach the page.
                        others = [k for k, t in matches if not t]
                        if start + wanted <= len(others):
                            more = others[start : start + wanted]
                        elif wanted > 0:
                            more = self._bitmap_keys(cursor, rest, start, wanted)
                        else:
                            more = []
                    keys += more
        if total is None:
            # Not counted: the estimate and the walks say there are many more than the limit.
            total = count_limit + 1
        return total, keys
