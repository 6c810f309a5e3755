"""Document numbers (发文字号, 文号) as laid down by GB/T 9704-2012 《党政机关公文格式》.

Two shapes are recognised (domain.md §7.2):

* standard (``kind="standard"``): ``{机关代字}〔{四位年份}〕{序号}号``, e.g. ``国办发〔2016〕80号``.
  GB/T 9704-2012 §7.2.4 prescribes the hexagonal brackets 〔〕 (U+3014/U+3015), a four-digit
  year, and a serial number without leading zeros and without “第”.
* orders (``kind="order"``, 令): ``{机关}令第{序号}号``, e.g. ``国务院令第711号``. Some ministries
  number their orders per year (``交通运输部令2019年第12号``); that year is kept.

Input from imports and forms is messy, so the parser accepts the common variants and
normalises them: brackets ``[] 【】 （） () ［］ ﹝﹞ 〖〗``, full-width digits, any whitespace,
leading zeros, a stray “第” before the serial of a standard number, the order variants
``公安部第67号令`` and ``国务院令（第711号）``, and the country prefix ``中华人民共和国`` of an
order (cited as ``国务院令第711号`` in the State Council policy library).

Not supported (rejected): serials written in Chinese numerals (``主席令第二十号``) and numbers
without brackets around the year (``国办发2016年80号``), which are too ambiguous to normalise.

Pure Python: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DocNumber",
    "DocNumberError",
    "MAX_YEAR",
    "MIN_YEAR",
    "normalise_doc_number",
    "parse_doc_number",
]

# The People's Republic was founded in 1949; anything outside this window is a typo.
MIN_YEAR = 1949
MAX_YEAR = 2100

_OPEN_BRACKETS = "〔[【（(［﹝〖"
_CLOSE_BRACKETS = "〕]】）)］﹞〗"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WHITESPACE = re.compile(r"\s+")  # str patterns: includes U+3000 and U+00A0
# 机关代字: CJK ideographs only (basic block, extension A, compatibility ideographs).
_CODE = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,30}"
_COUNTRY_PREFIX = "中华人民共和国"

_STANDARD_RE = re.compile(
    rf"(?P<code>{_CODE})[{re.escape(_OPEN_BRACKETS)}](?P<year>[0-9]{{4}})"
    rf"[{re.escape(_CLOSE_BRACKETS)}]第?(?P<no>[0-9]{{1,9}})号"
)
_ORDER_RE = re.compile(rf"(?P<code>{_CODE})令(?:(?P<year>[0-9]{{4}})年)?第(?P<no>[0-9]{{1,9}})号")
_ORDER_SUFFIX_RE = re.compile(rf"(?P<code>{_CODE})第(?P<no>[0-9]{{1,9}})号令")  # 公安部第67号令
_ORDER_BRACKETED_RE = re.compile(r"令[（(](第[0-9]+号)[）)]$")  # 国务院令（第711号）
_VALID_CODE_RE = re.compile(_CODE)

_FORMAT_HELP = (
    "应为“机关代字〔年份〕序号号”，如“国办发〔2016〕80号”；"
    "令的文号应为“机关令第序号号”，如“国务院令第711号”。"
)


class DocNumberError(ValueError):
    """A 文号 that cannot be parsed; the message is Chinese and user-facing."""


@dataclass(frozen=True)
class DocNumber:
    """A parsed 文号. ``str()`` gives the normalised GB/T 9704-2012 form."""

    code: str
    """机关代字 (``国办发``), or the issuing organ of an order without 令 (``国务院``)."""
    year: int | None
    """Year in the brackets; always set for standard numbers, optional for orders."""
    number: int
    """序号 (serial), positive, stored without leading zeros."""
    kind: Literal["standard", "order"] = "standard"

    def __post_init__(self) -> None:
        if self.kind not in ("standard", "order"):
            raise DocNumberError(f"文号类型不正确：{self.kind!r}。")
        if self.kind == "order":
            # Keep str()/parse round-trips exact: the parser drops the country prefix too.
            object.__setattr__(self, "code", _order_code(self.code))
        if not _VALID_CODE_RE.fullmatch(self.code):
            raise DocNumberError(f"机关代字不正确：“{self.code}”。{_FORMAT_HELP}")
        if self.kind == "standard" and self.year is None:
            raise DocNumberError(f"文号缺少年份。{_FORMAT_HELP}")
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            raise DocNumberError(
                f"文号中的年份应在{MIN_YEAR}年至{MAX_YEAR}年之间，现为{self.year}。"
            )
        if self.number < 1:
            raise DocNumberError(f"文号序号应为正整数（不能为0），现为{self.number}。")

    def __str__(self) -> str:
        if self.kind == "order":
            year = f"{self.year}年" if self.year is not None else ""
            return f"{self.code}令{year}第{self.number}号"
        return f"{self.code}〔{self.year}〕{self.number}号"


def _clean(text: str) -> str:
    return _WHITESPACE.sub("", text).translate(_FULLWIDTH_DIGITS)


def _order_code(code: str) -> str:
    # The formal heading of an order is 中华人民共和国国务院令; the cited 文号 omits the country.
    if code.startswith(_COUNTRY_PREFIX) and len(code) > len(_COUNTRY_PREFIX):
        return code[len(_COUNTRY_PREFIX) :]
    return code


def parse_doc_number(text: str) -> DocNumber:
    """Parse a 文号, accepting the common variants listed in the module docstring.

    Raises :class:`DocNumberError` (a ``ValueError``) with a Chinese message.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise DocNumberError("文号不能为空。" + _FORMAT_HELP)
    shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
    if match := _STANDARD_RE.fullmatch(cleaned):
        return DocNumber(
            code=match["code"], year=int(match["year"]), number=int(match["no"]), kind="standard"
        )
    cleaned = _ORDER_BRACKETED_RE.sub(r"令\1", cleaned)
    match = _ORDER_RE.fullmatch(cleaned) or _ORDER_SUFFIX_RE.fullmatch(cleaned)
    if match is None:
        raise DocNumberError(f"文号“{shown}”格式不正确：{_FORMAT_HELP}")
    year = match.groupdict().get("year")
    return DocNumber(
        code=_order_code(match["code"]),
        year=int(year) if year else None,
        number=int(match["no"]),
        kind="order",
    )


def normalise_doc_number(text: str) -> str:
    """Return the normalised form of a 文号 (``国办发[2016]080号`` → ``国办发〔2016〕80号``)."""
    return str(parse_doc_number(text))
