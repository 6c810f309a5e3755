"""信息处理费 (information processing fee) schedule.

条例第四十二条: as a rule no fee is charged; a fee may be charged only when the number or the
frequency of an applicant's requests clearly exceeds a reasonable range. The schedule is the one
of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号), domain.md §3.8:

- 按件计收 (per request), counted per applicant per calendar month:
  requests 1–10 free; 11–30 at 100 yuan each; above 30 every further block of 10 raises the
  price by 100 yuan per request (31–40 → 200, 41–50 → 300, …) — the reading of “以10件为一档，
  每增加一档，收费标准提高100元/件” recorded in domain.md §3.8.
- 按量计收 (per volume), per request: pages 1–30 free; 31–100 at 10 yuan/page; 101–200 at
  20 yuan/page; 201 and above at 40 yuan/page, each price for the pages within its band
  (150 pages → 70 × 10 + 50 × 20 = 1,700 yuan).

An organ charges one way or the other for a request, never both (“不得同时适用”): asking for both
raises :class:`FeeError`. Amounts are whole yuan.

Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "FREE_PAGES",
    "FREE_REQUESTS_PER_MONTH",
    "FeeError",
    "FeeMode",
    "FeeQuote",
    "per_request_price",
    "per_request_total",
    "per_volume_fee",
    "quote",
]

FREE_REQUESTS_PER_MONTH = 10
FIRST_BAND_LAST_REQUEST = 30
FIRST_BAND_PRICE = 100
BLOCK = 10
BLOCK_STEP = 100

FREE_PAGES = 30
# (last page of the band, yuan per page); the last band has no upper end.
VOLUME_BANDS: tuple[tuple[int | None, int], ...] = ((30, 0), (100, 10), (200, 20), (None, 40))


class FeeMode(StrEnum):
    PER_REQUEST = "per_request"  # 按件计收
    PER_VOLUME = "per_volume"  # 按量计收


class FeeError(ValueError):
    """An impossible fee computation; the message is Chinese and user-facing."""


@dataclass(frozen=True)
class FeeQuote:
    mode: FeeMode
    amount: int  # yuan
    lines: tuple[str, ...]  # how the amount was computed, in Chinese, for the fee notice

    @property
    def is_free(self) -> bool:
        return self.amount == 0


def _positive(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FeeError(f"{what}须为正整数，现为{value!r}。")


def per_request_price(ordinal: int) -> int:
    """Price in yuan of the ``ordinal``-th request of one applicant in one calendar month."""
    _positive(ordinal, "当月申请序号")
    if ordinal <= FREE_REQUESTS_PER_MONTH:
        return 0
    if ordinal <= FIRST_BAND_LAST_REQUEST:
        return FIRST_BAND_PRICE
    blocks = (ordinal - FIRST_BAND_LAST_REQUEST + BLOCK - 1) // BLOCK
    return FIRST_BAND_PRICE + BLOCK_STEP * blocks


def per_request_total(count: int) -> int:
    """Total per-request fees of ``count`` requests of one applicant in one month."""
    if count == 0:
        return 0
    _positive(count, "申请件数")
    return sum(per_request_price(n) for n in range(1, count + 1))


def _volume_lines(pages: int) -> tuple[int, list[str]]:
    total, lines, lower = 0, [], 0
    for upper, price in VOLUME_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top <= lower:
            break
        count = top - lower
        amount = count * price
        total += amount
        span = f"第{lower + 1}至{top}页" if count > 1 else f"第{top}页"
        lines.append(
            f"{span}共{count}页，免费。"
            if price == 0
            else f"{span}共{count}页，每页{price}元，计{amount}元。"
        )
        lower = top
    return total, lines


def per_volume_fee(pages: int) -> int:
    """Per-volume fee in yuan of one request of ``pages`` pages (progressive bands)."""
    if pages == 0:
        return 0
    _positive(pages, "页数")
    return _volume_lines(pages)[0]


def quote(mode: FeeMode | str, *, ordinal: int | None = None, pages: int | None = None) -> FeeQuote:
    """The fee of one request: per request (``ordinal`` in the month) or per volume (``pages``).

    Exactly one of ``ordinal`` and ``pages`` must be given, matching ``mode``: the two modes are
    never combined for one request.
    """
    try:
        mode = FeeMode(mode)
    except ValueError:
        raise FeeError(f"计费方式无效：{mode!r}。") from None
    if ordinal is not None and pages is not None:
        raise FeeError("按件计收与按量计收不得同时适用，只能选择其一。")
    if mode is FeeMode.PER_REQUEST:
        if ordinal is None:
            raise FeeError("按件计收须给出该申请人当月的申请序号。")
        price = per_request_price(ordinal)
        if price == 0:
            line = f"本申请为该申请人当月第{ordinal}件，每月前{FREE_REQUESTS_PER_MONTH}件免费。"
        else:
            line = f"本申请为该申请人当月第{ordinal}件，按件计收{price}元。"
        return FeeQuote(mode, price, (line,))
    if pages is None:
        raise FeeError("按量计收须给出页数。")
    if pages != 0:
        _positive(pages, "页数")
    total, lines = _volume_lines(pages)
    return FeeQuote(mode, total, (*lines, f"合计{total}元。"))
