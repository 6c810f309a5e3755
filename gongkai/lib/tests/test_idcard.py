"""GB 11643 citizen identity numbers (居民身份证号码)."""

from datetime import date

import pytest

from gongkai.lib.idcard import (
    IdCardError,
    check_character,
    is_valid_resident_id,
    normalise_resident_id,
)


def test_valid_number_with_x_check_character():
    assert is_valid_resident_id("11010519491231002X")
    assert normalise_resident_id("11010519491231002X") == "11010519491231002X"


def test_lower_case_x_and_spaces_are_normalised():
    assert normalise_resident_id(" 110105 19491231 002x ") == "11010519491231002X"


def test_check_character_is_iso_7064_mod_11_2():
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位"),  # wrong check character
        ("11010519491231002", "18位"),
        ("1101051949123100200", "18位"),
        ("11010519491231X02X", "前17位"),
        ("01010519491231002X", "地址码"),
        ("110105194902300021", "出生日期"),  # 30 February
        ("110105174901010021", "出生日期"),  # born 1749
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(number, message):
    with pytest.raises(IdCardError, match=message):
        normalise_resident_id(number)
    assert not is_valid_resident_id(number)


def test_birth_date_after_today_is_refused_when_today_is_given():
    first17 = "11010520300101002"
    number = first17 + check_character(first17)
    assert is_valid_resident_id(number)
    assert not is_valid_resident_id(number, today=date(2026, 1, 1))
