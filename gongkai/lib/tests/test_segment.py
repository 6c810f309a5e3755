"""gongkai.lib.segment: one tokenizer for indexing and querying (no database, no Django).

The FTS5 cases run on an in-memory SQLite table, exactly as the SQLite backend builds it.
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from gongkai.lib.segment import (
    BOUNDARY,
    facet_token,
    fts5_match,
    index_chars,
    index_text,
    index_tokens,
    normalize,
    parse_query,
    pg_tsquery,
    pg_tsvector,
    units,
    verify_runs,
)


def test_normalize_folds_full_width_letters_and_digits_but_keeps_punctuation():
    assert normalize("Ｂ超２０２３年，ＡＢＣ①") == "b超2023年，abc1"


def test_index_tokens_are_the_bigrams_of_every_run():
    assert index_tokens("政府信息公开") == ["政府", "府信", "信息", "息公", "公开"]
    assert index_tokens("COVID 19") == ["co", "ov", "vi", "id", BOUNDARY, "19"]


def test_punctuation_is_a_unit_of_its_own():
    tokens = index_tokens("措施》的")
    assert tokens[0] == "措施" and tokens[2][1] == "的"
    assert tokens[1] != tokens[2] and all(len(t) == 2 for t in tokens)
    # Different punctuation, different units.
    assert units("》") != units("〉") != units("，")
    assert all(len(units(c)) == 1 for c in "》〔〕,.;'\\")


def test_runs_of_one_character_are_tokens():
    assert index_tokens("第 5 号") == ["第", BOUNDARY, "5", BOUNDARY, "号"]


def test_index_chars_are_the_distinct_letters_and_digits():
    assert index_chars("粮食，粮仓 2023") == "0 2 3 仓 粮 食"


def test_parse_query_splits_on_white_space_and_drops_empty_and_repeated_terms():
    terms = parse_query("  政务公开　  政务公开 ，， 粮 ")
    assert [t.text for t in terms] == ["政务公开", "粮"]
    assert terms[1].is_char and not terms[0].is_char


def test_pg_vector_has_bigrams_characters_and_facets():
    vector = pg_tsvector("政务公开", facets=["o1"])
    assert vector.split() == [
        "'政务'",
        "'务公'",
        "'公开'",
        "'~公'",
        "'~务'",
        "'~开'",
        "'~政'",
        "'§o1'",
    ]


def test_pg_query_terms_are_conjunctions_of_bigrams_checked_by_their_runs():
    terms = parse_query("政务公开 粮 2023年", max_terms=3)
    query = pg_tsquery(terms, facets=["y2023"])
    assert query == (
        "('政务' & '务公' & '公开') & ('~粮') & ('20' & '02' & '23' & '3年') & '§y2023'"
    )
    assert [verify_runs(t) for t in terms] == [[("政务公开", True)], [], [("2023年", False)]]


def test_facet_tokens_are_letters_and_digits():
    assert facet_token("k", "annual_report") == "kannualreport"
    assert facet_token("o", 12) == "o12"


# --- Matching on a real FTS5 table -------------------------------------------------------


@pytest.fixture
def fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, tchars, chars, facets, content='', "
        "columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')"
    )
    return db


def _finds(db: sqlite3.Connection, text: str, query: str) -> bool:
    db.execute(
        "INSERT INTO t(rowid, title, body, tchars, chars, facets) VALUES (1, '', ?, '', ?, '')",
        (index_text(text), index_chars(text)),
    )
    try:
        match = fts5_match(parse_query(query))
        return bool(db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,)).fetchall())
    finally:
        db.execute("INSERT INTO t(t) VALUES ('delete-all')")


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("全面推进政务公开工作", "政务公开"),
        ("政务公开", "政务 公开"),
        ("深化放管服改革", "放管服"),
        ("确定密级", "定密"),  # across the words 确定 / 密级
        ("依据政府信息公开条例", "府信"),
        ("国家政务服务平台", "政务服务"),
        ("示教发〔2023〕12号", "示教发〔2023〕12号"),
        ("示教发〔2023〕12号", "2023"),
        ("示教发〔2023〕12号", "〕12"),
        ("储备粮轮换", "粮"),
        ("ＣＯＶＩＤ－１９疫情", "covid－19"),
        ("关于印发《管理办法》的通知", "办法》的"),
    ],
)
def test_fts5_finds_any_substring(fts, text, query):
    assert _finds(fts, text, query)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("政务工作与信息的公开", "政务公开"),
        ("政务，公开", "政务公开"),
        ("政务 公开", "政务公开"),
        ("管理办法的通知", "办法》的"),
        ("示教发〔2023〕12号", "示教发[2023]12号"),
        ("粮食", "储备"),
    ],
)
def test_fts5_does_not_find_what_the_text_does_not_contain(fts, text, query):
    assert not _finds(fts, text, query)


def test_fts5_agrees_with_substring_search_on_random_texts(fts):
    """Random texts over a small alphabet (so that near-misses abound): FTS5 finds a random
    query exactly when the normalised text contains it."""
    rng = random.Random(7)
    alphabet = "政务公开信息府，。 《》12ab"
    for _ in range(300):
        text = "".join(rng.choices(alphabet, k=rng.randint(5, 40)))
        query = "".join(rng.choices(alphabet.replace(" ", ""), k=rng.randint(2, 5)))
        if not parse_query(query) or len(parse_query(query)) > 1:
            continue
        assert _finds(fts, text, query) == (normalize(query) in normalize(text)), (text, query)
