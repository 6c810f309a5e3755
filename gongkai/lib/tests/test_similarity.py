"""Grouping requests for the same information (重复申请, 条例第四十四条)."""

import pytest

from gongkai.lib.similarity import (
    Described,
    bigrams,
    group_same_information,
    jaccard,
    normalise_description,
    same_information,
)


def test_normalisation_drops_punctuation_width_and_stock_phrases():
    assert (
        normalise_description("申请公开：２０２４年 XX街道（拆迁）补偿方案！")
        == "2024年xx街道拆迁补偿方案"
    )


def test_jaccard_of_bigrams():
    a = bigrams("拆迁补偿方案")
    assert jaccard(a, a) == 1.0
    assert jaccard(a, bigrams("教育经费预算")) == 0.0
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_same_information_by_document_number_or_text():
    a = Described(1, "2024年示范街道房屋征收补偿方案")
    b = Described(2, "请提供2024年示范街道房屋征收补偿方案的全文")
    c = Described(3, "区教育局2025年部门预算")
    assert same_information(a, b)
    assert not same_information(a, c)
    assert same_information(
        Described(4, "甲", doc_number="示政发〔2024〕3号"),
        Described(5, "乙", doc_number="示政发〔2024〕3号"),
    )
    assert same_information(Described(6, "甲", document_id=9), Described(7, "乙", document_id=9))


def test_groups_are_connected_components_in_input_order():
    items = [
        Described("a", "示范街道房屋征收补偿方案"),
        Described("b", "区教育局2025年部门预算"),
        Described("c", "申请公开示范街道房屋征收补偿方案"),
        Described("d", "某文件", doc_number="示政发〔2024〕3号"),
        Described("e", "区教育局2025年部门预算公开"),
        Described("f", "另一文件", doc_number="示政发〔2024〕3号"),
    ]
    assert group_same_information(items) == [["a", "c"], ["b", "e"], ["d", "f"]]


def test_threshold_must_be_a_fraction():
    with pytest.raises(ValueError):
        group_same_information([], threshold=0)
