"""lib.overlap: share of an interpretation copied from its documents (避免简单摘抄)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.overlap import copied_share, significant
from gongkai.lib.tests.overlap_samples import COPIED_INTERPRETATION, DOCUMENT, REAL_INTERPRETATION


def test_significant_drops_punctuation_and_spaces_and_maps_positions():
    normal, positions = significant("资助， 标准 A１!")
    assert normal == "资助标准a1"
    assert positions == [0, 1, 4, 5, 7, 8]


def test_copied_interpretation_is_mostly_copied():
    result = copied_share(COPIED_INTERPRETATION, [DOCUMENT])
    assert result.ratio > 0.85
    assert result.percent >= 85
    # The longest copied passage is given as it appears in the interpretation.
    assert result.passages[0] in COPIED_INTERPRETATION
    assert "在我区经教育行政部门审批设立" in result.passages[0]


def test_real_interpretation_shares_little():
    result = copied_share(REAL_INTERPRETATION, [DOCUMENT])
    # Only short fixed phrases such as 事实无人抚养儿童 recur.
    assert result.ratio < 0.1


def test_reordered_copy_is_counted_in_full():
    # A monotone alignment (SequenceMatcher) would match only one of the two paragraphs.
    first, second = (
        "资助资金由区财政全额承担，列入年度预算。",
        "幼儿园应当建立资助工作台账，专款专用，不得挤占挪用。",
    )
    result = copied_share(second + first, [first + "其他内容。" + second])
    assert result.ratio == 1.0


def test_repunctuated_and_rewrapped_copy_is_still_found():
    text = "资助标准为每生每学年一千五百元\n分春季学期和秋季学期两次发放；每学期七百五十元"
    assert copied_share(text, [DOCUMENT]).ratio == 1.0


def test_several_sources_are_combined():
    a, b = "第一份文件中的一句完整的话语内容。", "第二份文件里另外一句完整的话语。"
    assert copied_share(a + b, [a, b]).ratio == 1.0
    assert copied_share(a + b, [a]).ratio == pytest.approx(
        len(significant(a)[0]) / len(significant(a + b)[0])
    )


@pytest.mark.parametrize(
    ("text", "sources", "expected"),
    [
        ("", [DOCUMENT], 0.0),
        ("短句", [DOCUMENT], 0.0),  # shorter than one n-gram: nothing to judge
        (REAL_INTERPRETATION, [], 0.0),
        (REAL_INTERPRETATION, [""], 0.0),
        ("。，、；", [DOCUMENT], 0.0),  # punctuation only
    ],
)
def test_degenerate_inputs(text, sources, expected):
    assert copied_share(text, sources).ratio == expected


def test_n_must_be_positive():
    with pytest.raises(ValueError):
        copied_share("abc", ["abc"], n=0)


@given(st.text(max_size=200), st.lists(st.text(max_size=200), max_size=3))
def test_ratio_is_a_share(text, sources):
    result = copied_share(text, sources)
    assert 0.0 <= result.ratio <= 1.0
    assert result.copied <= result.total
    for passage in result.passages:
        assert passage in text


@given(st.text(alphabet="政策解读资助标准幼儿园区财政0123456789", min_size=8, max_size=200))
def test_text_copied_whole_is_fully_covered(text):
    assert copied_share(text, [text]).ratio == 1.0
