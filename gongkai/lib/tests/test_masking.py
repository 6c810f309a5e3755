"""Masking personal data before 留言选登 (pure; no database)."""

from __future__ import annotations

import pytest

from gongkai.lib.masking import mask_name, mask_text


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张＊"), ("欧阳小明", "欧＊＊＊"), ("", ""), ("王", "王＊")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("电话13812345678请回电", "13812345678"),
        ("电话 +86 138-1234-5678", "1234-5678"),
        ("身份证11010519491231002X", "11010519491231002X"),
        ("邮箱 wang.xm@example.com", "wang.xm@example.com"),
        ("座机0411-88886666", "88886666"),
        ("卡号6222021234567890123", "6222021234567890123"),
        ("车牌辽B12345被拖走", "辽B12345"),
    ],
)
def test_patterns_are_masked(text: str, gone: str) -> None:
    masked = mask_text(text)
    assert gone not in masked and "＊" in masked


def test_names_are_masked_everywhere_and_substance_stays() -> None:
    text = "王小明反映：王小明家门口路灯不亮。"
    assert mask_text(text, ["王小明"]) == "王＊＊反映：王＊＊家门口路灯不亮。"
    # dates, amounts and article numbers are not personal data
    plain = "2025年3月1日起补贴标准为每人每月300元（条例第二十七条）"
    assert mask_text(plain, ["李四"]) == plain
