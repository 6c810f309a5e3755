"""The 18-digit citizen identification number (公民身份号码, GB 11643-1999).

Layout: 6-digit address code, 8-digit date of birth (YYYYMMDD), 3-digit sequence code (odd for
men, even for women) and one check character computed with ISO 7064 MOD 11-2: the weighted sum
of the first 17 digits (weights 2^(18-i) mod 11) taken mod 11 selects the check character from
``1 0 X 9 8 7 6 5 4 3 2``. A lower-case ``x`` is accepted and normalised.

An 依申请公开 applicant gives an identity proof (条例第二十九条); when it is a 居民身份证 the
number is validated here so a typo is caught at the counter, not in the reply letter.

Pure Python: no Django, no clock (pass ``today`` to reject birth dates in the future).
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["IdCardError", "check_character", "is_valid_resident_id", "normalise_resident_id"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# First digit of the address code: 1 华北, 2 东北, 3 华东, 4 中南, 5 西南, 6 西北, 7 台湾,
# 8 港澳 and 华侨 codes; 0 and 9 are never used.
_REGIONS = frozenset("12345678")
_EARLIEST_BIRTH_YEAR = 1850


class IdCardError(ValueError):
    """An invalid resident identity number; the message is Chinese and user-facing."""


def check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise IdCardError("身份证号码前17位须为数字。")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise_resident_id(raw: str, *, today: date | None = None) -> str:
    """Return the number in canonical form (upper-case X, no spaces) or raise IdCardError."""
    number = re.sub(r"\s+", "", raw or "").upper()
    if len(number) != 18:
        raise IdCardError(f"居民身份证号码应为18位，现为{len(number)}位。")
    if not _SHAPE.fullmatch(number):
        raise IdCardError("居民身份证号码前17位须为数字，最后一位为数字或X。")
    if number[0] not in _REGIONS:
        raise IdCardError("居民身份证号码的地址码不正确。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdCardError("居民身份证号码中的出生日期不正确。") from None
    if born.year < _EARLIEST_BIRTH_YEAR or (today is not None and born > today):
        raise IdCardError("居民身份证号码中的出生日期不正确。")
    if check_character(number[:17]) != number[17]:
        raise IdCardError("居民身份证号码校验位不正确，请核对后重新填写。")
    return number


def is_valid_resident_id(raw: str, *, today: date | None = None) -> bool:
    try:
        normalise_resident_id(raw, today=today)
    except IdCardError:
        return False
    return True
