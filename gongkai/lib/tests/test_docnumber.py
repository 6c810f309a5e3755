"""文号 parsing and normalisation (GB/T 9704-2012, domain.md §7.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.docnumber import (
    DocNumber,
    DocNumberError,
    normalise_doc_number,
    parse_doc_number,
)


@pytest.mark.parametrize(
    ("text", "code", "year", "number", "kind", "normalised"),
    [
        ("渝粮规范〔2023〕2号", "渝粮规范", 2023, 2, "standard", "渝粮规范〔2023〕2号"),
        ("国办发〔2016〕80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        (
            "国办公开办函〔2021〕30号",
            "国办公开办函",
            2021,
            30,
            "standard",
            "国办公开办函〔2021〕30号",
        ),
        ("法释〔2011〕17号", "法释", 2011, 17, "standard", "法释〔2011〕17号"),
        ("国办发[2016]80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发【2016】80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发（2016）80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发(2016)80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发［2016］80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发﹝2016﹞80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发〔２０１６〕８０号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        (" 国办发 〔2016〕\u300080 号\n", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发〔2016〕080号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国办发〔2016〕第80号", "国办发", 2016, 80, "standard", "国办发〔2016〕80号"),
        ("国务院令第711号", "国务院", None, 711, "order", "国务院令第711号"),
        ("中华人民共和国国务院令第711号", "国务院", None, 711, "order", "国务院令第711号"),
        ("国务院令（第711号）", "国务院", None, 711, "order", "国务院令第711号"),
        ("国务院令 第 ７１１ 号", "国务院", None, 711, "order", "国务院令第711号"),
        ("公安部第67号令", "公安部", None, 67, "order", "公安部令第67号"),
        ("交通运输部令2019年第12号", "交通运输部", 2019, 12, "order", "交通运输部令2019年第12号"),
    ],
)
def test_parse_doc_number_accepts_variants_and_normalises(
    text, code, year, number, kind, normalised
):
    parsed = parse_doc_number(text)

    assert parsed == DocNumber(code=code, year=year, number=number, kind=kind)
    assert str(parsed) == normalised
    assert normalise_doc_number(text) == normalised


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "国办发〔2016〕80",  # missing 号
        "国办发2016年80号",  # no brackets around the year
        "〔2016〕80号",  # missing 机关代字
        "国办发〔16〕80号",  # two-digit year
        "国办发〔20166〕80号",
        "国办发〔1948〕1号",  # before 1949
        "国办发〔2101〕1号",
        "国办发〔2016〕0号",  # serial zero
        "国办发〔2016〕000号",
        "国办发〔2016〕-1号",
        "国办发〔2016〕号",
        "国办发〔2016〕80号〔2016〕80号",
        "abc〔2016〕80号",  # 机关代字 must be Chinese
        "国办发〔2016〕80号文",
        "主席令第二十号",  # Chinese-numeral serials are not supported
        "____举报奖字〔 〕____号",  # blank template in the Chongqing corpus file
        "国务院令第0号",
        "（国办发〔2016〕80号）",  # a citation in brackets is not itself a 文号
    ],
)
def test_parse_doc_number_rejects_garbage(text):
    with pytest.raises(DocNumberError):
        parse_doc_number(text)


def test_doc_number_error_is_value_error_with_chinese_guidance():
    with pytest.raises(ValueError, match="国办发〔2016〕80号") as excinfo:
        parse_doc_number("国办发2016-80")

    assert "文号" in str(excinfo.value)


def test_doc_number_error_names_the_year_range():
    with pytest.raises(DocNumberError, match="1949"):
        parse_doc_number("国办发〔1900〕1号")


def test_doc_number_constructor_validates():
    with pytest.raises(DocNumberError):
        DocNumber(code="国办发", year=None, number=1, kind="standard")
    with pytest.raises(DocNumberError):
        DocNumber(code="国办发", year=2016, number=0, kind="standard")
    with pytest.raises(DocNumberError):
        DocNumber(code="", year=2016, number=1, kind="standard")


def test_order_code_drops_country_prefix_on_construction():
    number = DocNumber(code="中华人民共和国国务院", year=None, number=711, kind="order")

    assert number.code == "国务院"
    assert str(number) == "国务院令第711号"


# --- properties -----------------------------------------------------------------------------

_codes = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8
)
_numbers = st.integers(min_value=1, max_value=999_999)
_years = st.integers(min_value=1949, max_value=2100)
_standard_numbers = st.builds(
    DocNumber, code=_codes, year=_years, number=_numbers, kind=st.just("standard")
)
_order_numbers = st.builds(
    DocNumber, code=_codes, year=st.none() | _years, number=_numbers, kind=st.just("order")
)
_BRACKETS = ["〔〕", "[]", "【】", "（）", "()", "［］", "﹝﹞"]
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(_standard_numbers | _order_numbers)
def test_str_then_parse_round_trips(number):
    assert parse_doc_number(str(number)) == number


@given(_standard_numbers | _order_numbers)
def test_normalise_is_idempotent(number):
    once = normalise_doc_number(str(number))

    assert normalise_doc_number(once) == once


@given(
    number=_standard_numbers,
    brackets=st.sampled_from(_BRACKETS),
    fullwidth=st.booleans(),
    zeros=st.integers(min_value=0, max_value=3),
    spaces=st.lists(st.sampled_from([" ", "\u3000", "\t"]), min_size=3, max_size=3),
)
def test_variants_normalise_to_the_same_number(number, brackets, fullwidth, zeros, spaces):
    serial = "0" * zeros + str(number.number)
    text = (
        f"{number.code}{spaces[0]}{brackets[0]}{number.year}{brackets[1]}"
        f"{spaces[1]}{serial}{spaces[2]}号"
    )
    if fullwidth:
        text = text.translate(_FULLWIDTH)

    assert parse_doc_number(text) == number
    assert normalise_doc_number(text) == str(number)


@given(st.text(max_size=40))
def test_parse_never_fails_with_anything_but_doc_number_error(text):
    try:
        parsed = parse_doc_number(text)
    except DocNumberError:
        return
    assert parse_doc_number(str(parsed)) == parsed
