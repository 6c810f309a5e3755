"""信息处理费 bands (国办函〔2020〕109号; domain.md §3.8, §11 scenario 7)."""

import pytest

from gongkai.lib.fees import (
    FeeError,
    FeeMode,
    per_request_price,
    per_request_total,
    per_volume_fee,
    quote,
)


@pytest.mark.parametrize(
    ("ordinal", "price"),
    [
        (1, 0),
        (10, 0),  # ≤ 10 free
        (11, 100),
        (30, 100),  # 11–30 inclusive
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (100, 800),
    ],
)
def test_per_request_price_band_edges(ordinal, price):
    assert per_request_price(ordinal) == price


def test_thirty_five_requests_in_a_month():
    # 1–10 free, 11–30 at 100, 31–35 at 200 (domain.md §11 scenario 7).
    assert per_request_total(35) == 20 * 100 + 5 * 200 == 3000


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (1, 0),
        (30, 0),  # ≤ 30 free
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),
        (150, 1700),  # 70 × 10 + 50 × 20
        (200, 2700),
        (201, 2740),
        (250, 2700 + 50 * 40),
    ],
)
def test_per_volume_band_edges(pages, fee):
    assert per_volume_fee(pages) == fee


def test_quote_explains_the_bands():
    q = quote(FeeMode.PER_VOLUME, pages=150)
    assert q.amount == 1700
    assert q.lines == (
        "第1至30页共30页，免费。",
        "第31至100页共70页，每页10元，计700元。",
        "第101至150页共50页，每页20元，计1000元。",
        "合计1700元。",
    )
    assert quote("per_request", ordinal=12).amount == 100
    assert quote(FeeMode.PER_REQUEST, ordinal=3).is_free


def test_never_both_modes():
    with pytest.raises(FeeError, match="不得同时适用"):
        quote(FeeMode.PER_REQUEST, ordinal=12, pages=150)
    with pytest.raises(FeeError, match="不得同时适用"):
        quote(FeeMode.PER_VOLUME, ordinal=12, pages=150)


@pytest.mark.parametrize(
    ("mode", "kwargs"),
    [
        (FeeMode.PER_REQUEST, {}),
        (FeeMode.PER_VOLUME, {}),
        (FeeMode.PER_VOLUME, {"pages": -1}),
        (FeeMode.PER_REQUEST, {"ordinal": 0}),
        ("by_weight", {"pages": 3}),
    ],
)
def test_impossible_input_raises(mode, kwargs):
    with pytest.raises(FeeError):
        quote(mode, **kwargs)
