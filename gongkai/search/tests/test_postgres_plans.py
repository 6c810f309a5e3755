"""PostgreSQL's plans (gongkai.search.backends.postgres) give the tiered order whichever
one runs: each is forced here on the recall corpus and compared with the two tiers read
through the plain bitmap. And the GIN lexemes that checked runs stand in for."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gongkai.lib.segment import parse_query
from gongkai.search.backends import SearchQuery, Tier, backend_for
from gongkai.search.backends import postgres as pg
from gongkai.search.tests.test_recall import corpus  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

QUERIES = ["管理", "政府 公开", "2019", "2023 管理办法", "信息公开 政府", "信息", "公开"]


@pytest.fixture
def analysed(corpus: Any, monkeypatch: pytest.MonkeyPatch) -> Any:  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL plans")
    monkeypatch.setattr(pg, "_statistics", {})
    monkeypatch.setattr(pg, "_bounds", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    return corpus


def tiers(query: SearchQuery) -> list[int]:
    backend = backend_for("postgresql")
    with connection.cursor() as cursor:
        title = backend.keys(cursor, query, Tier.TITLE, 0, 10_000)
        rest = backend.keys(cursor, query, Tier.REST, 0, 10_000)
    return title + rest


@pytest.mark.parametrize("limit", [1000, 30])
@pytest.mark.parametrize("plan", ["walk", "newest", "probed"])
@pytest.mark.parametrize("text", QUERIES)
def test_every_plan_pages_in_tier_order(analysed, monkeypatch, plan, text, limit):
    """With a count limit of 30, more candidates than the limit: the total is counted or
    estimated from a sample (``_tally``), and the page still follows the tiers."""
    query = SearchQuery(terms=tuple(parse_query(text)))
    expected = tiers(query)
    assert expected, text
    # Every step believes the term dense; walks read too few rows to fill a page, so the
    # probes, the narrowed bitmaps and the fallbacks all run.
    monkeypatch.setattr(pg.PostgresBackend, "_estimate", staticmethod(lambda *a: 1e12))
    monkeypatch.setattr(pg, "WALK_MIN", 1 if plan != "walk" else 10_000)
    monkeypatch.setattr(pg, "WALK_MAX", 1 if plan != "walk" else 10_000)
    monkeypatch.setattr(pg, "WINDOW_FACTOR", 1e30 if plan == "newest" else 0)
    narrowed: list[int] = []
    since = pg.Condition.since

    def spy(self: pg.Condition, day: int) -> pg.Condition:
        narrowed.append(day)
        return since(self, day)

    monkeypatch.setattr(pg.Condition, "since", spy)
    backend = backend_for("postgresql")
    for offset in (0, 20, 60):
        with connection.cursor() as cursor:
            _total, keys = backend.page(cursor, query, offset, 20, limit)
        # Up to the limit a full page; past it, whatever is shown is still in tier order.
        assert keys == expected[offset : offset + len(keys)], (text, offset)
        assert len(keys) >= min(20, max(0, min(limit, len(expected)) - offset)), (text, offset)
    if plan == "newest":
        assert narrowed  # the BRIN-narrowed bitmap was asked


def test_probes_narrow_the_title_bitmap_to_the_newest_matches(analysed, monkeypatch):
    """The probes find where a term's matches start and the bitmap reads from there."""
    query = SearchQuery(terms=tuple(parse_query("管理")))
    expected = tiers(query)
    with connection.cursor() as cursor:
        title = backend_for("postgresql").keys(cursor, query, Tier.TITLE, 0, 10_000)
        keys = pg.PostgresBackend._probed(
            cursor,
            pg.where_clause(query, Tier.TITLE),
            pg.where_clause(query, Tier.TITLE),
            0,
            5,
        )
    assert len(title) >= 5
    # None only if the probes saw too few; the corpus has many title matches of 管理.
    assert keys == title[:5] == expected[:5]


@pytest.mark.parametrize("text", ["公开", "信息公开 政府", "2019"])
def test_tally_counts_exactly_up_to_the_limit(analysed, text):
    """Up to the limit the total is exact and the page comes from the same pass; above
    it, "more than the limit" (None) only when the sample says at least twice as many."""
    query = SearchQuery(terms=tuple(parse_query(text)))
    expected = tiers(query)
    everywhere = pg.where_clause(query, Tier.ALL, pg._pruned(None, Tier.ALL))
    titled = pg.where_clause(query, Tier.TITLE)
    backend = pg.PostgresBackend()
    with connection.cursor() as cursor:
        total, matches = backend._tally(cursor, everywhere, titled, 1000)
        assert total == len(expected) == len(matches)
        ranked = [k for k, t in matches if t] + [k for k, t in matches if not t]
        assert ranked == expected
        small = len(expected) // 3
        total, matches = backend._tally(cursor, everywhere, titled, small)
    assert total is None or total == small + 1
    # The matches returned are the newest ones, in order, whatever their number.
    newest = sorted(expected, reverse=True)
    assert [k for k, _t in matches] == newest[: len(matches)]


def test_checked_runs_stand_in_for_their_common_bigrams(monkeypatch):
    shares = {"20": 0.9, "01": 0.7, "19": 0.07, "政府": 0.95, "府网": 0.05, "网站": 0.2, "2》": 0.9}
    monkeypatch.setattr(pg, "_frequencies", lambda cursor, column: (shares, 0.001))
    lexemes = pg._pruned(None, Tier.ALL)
    (year,) = parse_query("2019")
    assert lexemes(year) == ["19"]
    (site,) = parse_query("政府网站")
    assert lexemes(site) == ["府网", "网站"]
    # Two characters are not checked: their one bigram is the whole condition.
    (two,) = parse_query("政府")
    assert lexemes(two) == ["政府"]
    # Bigrams across punctuation are no run's: they stay.
    (mark,) = parse_query("20》19")
    assert set(lexemes(mark)) == set(pg.pg_term_lexemes(mark))
