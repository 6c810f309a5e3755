"""索引号 patterns (domain.md §7.1) and 统一社会信用代码 checks (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.indexno import (
    DEFAULT_PATTERN,
    format_index_number,
    is_valid_uscc,
    org_code_from_uscc,
    uscc_check_char,
    validate_pattern,
)

# Real codes: the first is quoted on a government portal (domain.md §7.1), the second is the
# worked example of GB 32100-2015.
PORTAL_USCC = "11620622013933539B"
STANDARD_EXAMPLE_USCC = "91350100M000100Y43"


def test_default_pattern_reproduces_the_national_example():
    # 目录指引 (2008): 000014349/2016-00203 — 20 characters.
    number = format_index_number(DEFAULT_PATTERN, org_code="000014349", year=2016, serial=203)

    assert number == "000014349/2016-00203"
    assert len(number) == 20


def test_default_pattern_with_org_code_taken_from_uscc():
    org_code = org_code_from_uscc(PORTAL_USCC)

    number = format_index_number(DEFAULT_PATTERN, org_code=org_code, year=2021, serial=3844)

    assert number == "013933539/2021-03844"


def test_local_pattern_with_optional_placeholders():
    pattern = "{area_code}-{dept_code}-{category}-{yyyy}-{serial:04d}"

    number = format_index_number(
        pattern,
        org_code="000014349",
        year=2024,
        serial=7,
        area_code="610728",
        dept_code="001",
        category="ZC",
    )

    assert number == "610728-001-ZC-2024-0007"


@pytest.mark.parametrize(
    "pattern",
    [
        DEFAULT_PATTERN,
        "{org_code}/{yyyy}-{serial:06d}",
        "{area_code}{yyyy}{serial}",
        "shg58/{yyyy}-{serial:03d}",
    ],
)
def test_validate_pattern_accepts_good_patterns(pattern):
    validate_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{org_code}/{yyyy}", "serial"),  # no serial: duplicates guaranteed
        ("{org_code}/{yyyy}-{serial:05d", "花括号"),
        ("{org_code}}/{serial}", "花括号"),
        ("{org}/{serial}", "org"),
        ("{serial.real}", "serial.real"),
        ("{serial[0]}", "serial"),
        ("{serial!r}", "serial"),
        ("{0}{serial}", "0"),
        ("{}{serial}", "占位符"),
        ("{org_code:05d}/{serial}", "格式说明"),
        ("{serial:{yyyy}}", "嵌套"),
    ],
)
def test_validate_pattern_rejects_bad_patterns(pattern, message):
    with pytest.raises(ValueError, match=message):
        validate_pattern(pattern)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"serial": 0}, "流水号"),
        ({"serial": 100_000}, "5 位"),  # would make the identifier longer than 20 characters
        ({"year": 1800}, "年份"),
        ({"org_code": ""}, "org_code"),
        ({"org_code": "000 014349"}, "org_code"),
        ({"unknown": "x"}, "unknown"),
    ],
)
def test_format_index_number_rejects_bad_values(kwargs, message):
    arguments = {"org_code": "000014349", "year": 2016, "serial": 1, **kwargs}

    with pytest.raises(ValueError, match=message):
        format_index_number(DEFAULT_PATTERN, **arguments)


def test_format_index_number_requires_values_for_optional_placeholders():
    with pytest.raises(ValueError, match="area_code"):
        format_index_number("{area_code}-{serial}", org_code="x", year=2020, serial=1)


def test_format_index_number_rejects_bad_pattern():
    with pytest.raises(ValueError, match="serial"):
        format_index_number("{org_code}/{yyyy}", org_code="000014349", year=2016, serial=1)


@pytest.mark.parametrize("uscc", [PORTAL_USCC, STANDARD_EXAMPLE_USCC, " 91350100m000100y43 "])
def test_is_valid_uscc_accepts_real_codes(uscc):
    assert is_valid_uscc(uscc)


@pytest.mark.parametrize(
    "uscc",
    [
        "",
        "11620622013933539",  # 17 characters
        "11620622013933539BX",
        "11620622013933539C",  # wrong check character
        "91350100M000100Y44",
        "9135010OM000100Y43",  # letter O is not in the GB 32100 character set
        "91ABCDEFM000100Y43",  # 行政区划码 must be digits
        "１１620622013933539B",
    ],
)
def test_is_valid_uscc_rejects_bad_codes(uscc):
    assert not is_valid_uscc(uscc)


def test_org_code_from_uscc_returns_positions_9_to_17():
    assert org_code_from_uscc(STANDARD_EXAMPLE_USCC) == "M000100Y4"
    assert org_code_from_uscc(PORTAL_USCC) == "013933539"


def test_org_code_from_uscc_rejects_invalid_code():
    with pytest.raises(ValueError, match="统一社会信用代码"):
        org_code_from_uscc("11620622013933539C")


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_uscc_bodies = st.builds(
    lambda head, area, tail: head + area + tail,
    st.text(alphabet=_USCC_CHARS, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=_USCC_CHARS, min_size=9, max_size=9),
)


@given(body=_uscc_bodies)
def test_check_char_makes_any_body_valid(body):
    assert is_valid_uscc(body + uscc_check_char(body))


@given(body=_uscc_bodies, position=st.integers(0, 17), replacement=st.sampled_from(_USCC_CHARS))
def test_any_single_substitution_is_detected(body, position, replacement):
    code = body + uscc_check_char(body)
    altered = code[:position] + replacement + code[position + 1 :]

    # Weights 3**i mod 31 are all non-zero modulo the prime 31, so every substitution shows.
    assert is_valid_uscc(altered) == (altered == code)
