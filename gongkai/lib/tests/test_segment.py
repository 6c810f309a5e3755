"""gongkai.lib.segment: one tokenizer for indexing and querying (no database, no Django).

The FTS5 cases run on an in-memory SQLite table, exactly as the SQLite backend builds it.
"""

from __future__ import annotations

import sqlite3

import pytest

from gongkai.lib import segment
from gongkai.lib.segment import (
    facet_token,
    fts5_match,
    index_chars,
    index_text,
    index_tokens,
    normalize,
    parse_query,
    pg_tsquery,
    pg_tsvector,
)


def test_normalize_folds_full_width_letters_and_digits_but_keeps_punctuation():
    assert normalize("Ｂ超２０２３年，ＡＢＣ①") == "b超2023年，abc1"


def test_index_tokens_are_precise_tokens_followed_by_their_sub_words():
    assert index_tokens("政府信息公开条例") == [
        "政府信息公开",
        "政府",
        "信息",
        "信息公开",
        "公开",
        "条例",
    ]


def test_index_tokens_keep_letters_and_digits_only():
    assert index_tokens("COVID-19疫情，第711号") == ["covid", "19", "疫情", "第", "711", "号"]


def test_unknown_words_are_single_characters_in_any_context():
    # No HMM: 承储 is not guessed as a word from its neighbours (由承储 / 承储企业).
    assert index_tokens("由承储企业负责")[:4] == ["由", "承", "储", "企业"]
    assert parse_query("承储企业")[0].tokens == ("承", "储", "企业")


def test_government_phrases_are_words():
    assert index_tokens("推进一网通办改革") == ["推进", "一网通办", "一网通", "网通", "改革"]
    assert parse_query("依申请公开")[0].tokens == ("依申请公开",)


def test_index_chars_are_the_distinct_cjk_characters():
    assert index_chars("粮食，粮仓 2023") == "仓 粮 食"


@pytest.mark.parametrize(
    ("query", "runs", "fine_runs"),
    [
        ("政务公开", (("政务公开",),), (("政务", "公开"),)),
        ("粮食", (("粮食",),), None),
        ("示教发〔2023〕12号", (("示", "教", "发"), ("2023",), ("12", "号")), None),
        ("２０２３年", (("2023", "年"),), None),
    ],
)
def test_parse_query_terms(query, runs, fine_runs):
    (term,) = parse_query(query)
    assert term.runs == runs
    assert term.fine_runs == fine_runs


def test_parse_query_splits_on_white_space_and_drops_empty_and_repeated_terms():
    terms = parse_query("  粮食\u3000储备 ， 粮食 ")
    assert [t.text for t in terms] == ["粮食", "储备"]
    assert len(parse_query(" ".join(f"词{i}" for i in range(30)))) == segment.MAX_TERMS


def test_single_character_terms_use_the_character_column():
    (term,) = parse_query("粮")
    assert term.is_char
    assert fts5_match([term]) == '({chars} : "粮")'
    assert pg_tsquery([term]) == "('~粮')"


def test_fts5_window_leaves_room_for_the_sub_words_between_tokens():
    (term,) = parse_query("政府信息公开条例")
    # 政府信息公开 is followed by its 4 sub-words before 条例.
    assert 'NEAR("政府信息公开" "条例", 4)' in fts5_match([term])


def test_facet_tokens_are_letters_and_digits():
    assert facet_token("k", "annual_report") == "kannualreport"
    assert facet_token("o", 12) == "o12"


def test_pg_vector_has_tokens_characters_and_facets():
    vector = pg_tsvector("政务公开，政务", facets=["o1"])
    assert vector.split() == [
        "'政务公开'",
        "'政务'",
        "'公开'",
        "'~公'",
        "'~务'",
        "'~开'",
        "'~政'",
        "'§o1'",
    ]


def test_pg_query_terms_are_conjunctions_of_precise_tokens():
    query = pg_tsquery(parse_query("政府信息公开条例 粮 2023年"), facets=["y2023"])
    assert query == "('政府信息公开' & '条例') & ('~粮') & ('2023' & '~年') & '§y2023'"


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
        ("推进一网通办改革", "一网通办"),
        ("办依申请公开事项", "依申请公开"),
        ("依据政府信息公开条例", "信息公开"),
        ("依据政府信息公开条例", "政府信息"),
        ("国家政务服务平台", "政务服务"),
        ("由承储企业负责", "承储企业"),
        ("示教发〔2023〕12号", "示教发〔2023〕12号"),
        ("示教发〔2023〕12号", "2023"),
        ("储备粮轮换", "粮"),
        ("ＣＯＶＩＤ－１９疫情", "covid"),
    ],
)
def test_fts5_finds_words_and_phrases_in_context(fts, text, query):
    assert _finds(fts, text, query)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("政务工作与信息的公开", "政务公开"),
        ("粮食", "储备"),
    ],
)
def test_fts5_does_not_find_scattered_words(fts, text, query):
    assert not _finds(fts, text, query)
