"""Parsing the corpus of real government documents (domain.md §11 scenarios 2 and 3).

The corpus lives outside the repository. Its folder is ``$GONGKAI_CORPUS_DIR``, by default
``../shared/corpus`` next to the repository root. Without it the corpus tests are skipped
locally and fail under ``CI=true``, so CI can never pass by silently testing nothing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from gongkai.lib.corpus import (
    ParsedDocument,
    detect_disclosure_marking,
    expires_on,
    find_validity_years,
    last_valid_day,
    parse_chinese_date,
    parse_chinese_number,
    parse_corpus_text,
    validity_end,
)
from gongkai.lib.docnumber import parse_doc_number

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = Path(os.environ.get("GONGKAI_CORPUS_DIR") or REPO_ROOT.parent / "shared" / "corpus")
MISSING = "<corpus folder missing>"
CORPUS_FILES = sorted(p.name for p in CORPUS_DIR.glob("*.txt")) if CORPUS_DIR.is_dir() else []


def _corpus_text(name: str) -> str:
    if name == MISSING or not CORPUS_DIR.is_dir():
        message = f"corpus files not found in {CORPUS_DIR} (set GONGKAI_CORPUS_DIR)"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return (CORPUS_DIR / name).read_text(encoding="utf-8")


# Facts checked by hand against each file (its header and its own text). None means the
# source does not state it, so the parser must not produce one.
EXPECTED = {
    "anshun-municipal-grain-reserve-measures-2023.txt": {
        "issuers": ("安顺市人民政府",),
        "doc_number": None,  # “unknown in source; do not invent one”
        "written_date": date(2023, 9, 5),
        "effective_date": None,  # 自印发之日起施行: no calendar date stated
        "validity_years": None,
        "disclosure_marking": "主动公开",  # 附注 （此件公开发布）
    },
    "chongqing-grain-report-reward-rules-2023.txt": {
        "issuers": ("重庆市粮食局", "重庆市财政局"),
        "doc_number": "渝粮规范〔2023〕2号",
        "written_date": date(2023, 12, 31),
        "effective_date": None,  # 自发布之日起施行
        "validity_years": 5,
        "disclosure_marking": None,
    },
    "gov-info-disclosure-regulations-2019.txt": {
        "issuers": ("国务院",),
        "doc_number": "国务院令第711号",
        "written_date": date(2019, 4, 3),
        "effective_date": date(2019, 5, 15),
        "validity_years": None,
        "disclosure_marking": None,
    },
    "major-admin-decision-procedure-2019.txt": {
        "issuers": ("国务院",),
        "doc_number": "国务院令第713号",
        "written_date": date(2019, 4, 20),
        "effective_date": date(2019, 9, 1),
        "validity_years": None,
        "disclosure_marking": None,
    },
    "online-gov-services-provisions-2019.txt": {
        "issuers": ("国务院",),
        "doc_number": "国务院令第716号",
        "written_date": date(2019, 4, 26),
        "effective_date": None,  # 自公布之日起施行
        "validity_years": None,
        "disclosure_marking": None,
    },
    "spc-gov-info-disclosure-cases-2011.txt": {
        "issuers": ("最高人民法院",),
        "doc_number": "法释〔2011〕17号",
        "written_date": date(2011, 7, 29),  # 公告公布; adopted 2010-12-13
        "effective_date": date(2011, 8, 13),
        "validity_years": None,
        "disclosure_marking": None,
    },
    "national-holidays-measures-2013.txt": {
        "issuers": ("国务院",),
        "doc_number": None,
        "written_date": date(2013, 12, 11),
        "effective_date": None,
        "validity_years": None,
        "disclosure_marking": None,
    },
    "national-holidays-measures-2024.txt": {
        "issuers": ("国务院",),
        "doc_number": None,
        "written_date": date(2024, 11, 10),
        "effective_date": None,
        "validity_years": None,
        "disclosure_marking": None,
    },
    "state-secrets-law-2024.txt": {
        "issuers": ("全国人民代表大会常务委员会",),
        "doc_number": None,  # header number is flagged “from memory — verify”
        "written_date": date(2024, 2, 27),
        "effective_date": date(2024, 5, 1),  # from the text: 本法自2024年5月1日起施行
        "validity_years": None,
        "disclosure_marking": None,
    },
    "state-secrets-law-implementing-regs-2024.txt": {
        "issuers": ("国务院",),
        "doc_number": "国务院令第786号",
        "written_date": date(2024, 7, 10),  # 修订公布, not the 2014 original
        "effective_date": date(2024, 9, 1),
        "validity_years": None,
        "disclosure_marking": None,
    },
}


@pytest.mark.parametrize("name", CORPUS_FILES or [MISSING])
def test_every_corpus_file_parses(name):
    parsed = parse_corpus_text(_corpus_text(name))

    assert isinstance(parsed, ParsedDocument)
    assert parsed.title
    assert parsed.issuers
    assert len(parsed.body) > 200
    assert "=====" not in parsed.body
    assert not parsed.body.startswith(("标题", "发布机关"))
    if parsed.doc_number is not None:
        assert str(parse_doc_number(parsed.doc_number)) == parsed.doc_number
    if parsed.written_date and parsed.effective_date:
        assert parsed.written_date <= parsed.effective_date


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_facts(name):
    parsed = parse_corpus_text(_corpus_text(name))

    actual = {field: getattr(parsed, field) for field in EXPECTED[name]}
    assert actual == EXPECTED[name]


def test_corpus_folder_holds_every_expected_file():
    _corpus_text(MISSING if not CORPUS_DIR.is_dir() else CORPUS_FILES[0])

    assert set(EXPECTED) <= set(CORPUS_FILES)


def test_anshun_scenario_2_marking_date_and_no_invented_number():
    parsed = parse_corpus_text(_corpus_text("anshun-municipal-grain-reserve-measures-2023.txt"))

    assert parsed.title == "安顺市人民政府关于印发安顺市市级储备粮管理办法的通知"
    assert parsed.disclosure_marking == "主动公开"
    assert detect_disclosure_marking(parsed.body) == "主动公开"  # from the text, not the header
    assert parsed.written_date == date(2023, 9, 5)
    assert parsed.doc_number is None


def test_chongqing_scenario_3_joint_issuance_and_validity():
    parsed = parse_corpus_text(_corpus_text("chongqing-grain-report-reward-rules-2023.txt"))

    number = parse_doc_number(parsed.doc_number or "")
    assert (number.code, number.year, number.number) == ("渝粮规范", 2023, 2)
    assert parsed.issuers == ("重庆市粮食局", "重庆市财政局")
    assert parsed.validity_years == 5
    assert parsed.source.startswith("原发布于重庆市发展和改革委员会")
    # domain.md §11.3: published 2023-12-31 with 有效期5年 ⇒ 失效 from 2028-12-31.
    assert expires_on(date(2023, 12, 31), parsed.validity_years) == date(2028, 12, 31)


def test_regulations_2019_order_number_and_effective_date():
    parsed = parse_corpus_text(_corpus_text("gov-info-disclosure-regulations-2019.txt"))

    assert parsed.doc_number == "国务院令第711号"
    assert parsed.effective_date == date(2019, 5, 15)
    assert parsed.body.startswith("中华人民共和国政府信息公开条例")


# --- synthetic texts -------------------------------------------------------------------------

HEADER = """标题: 测试通知
发布机关(issuing organ): 某某区人民政府办公室
文号(document number): {number}
日期(dates): {dates}
来源(source URL): https://example.gov.cn/1
=====
"""


def _document(body: str, *, number: str = "—", dates: str = "") -> ParsedDocument:
    return parse_corpus_text(HEADER.format(number=number, dates=dates) + body)


@pytest.mark.parametrize(
    "number",
    [
        "—",
        "(not in source)",
        "无",
        "",
        "来源文本未载明文号",
        "某政发〔2023〕5号［from memory — verify］",
    ],
)
def test_doc_number_is_never_invented(number):
    assert _document("正文。", number=number).doc_number is None


def test_doc_number_header_is_normalised():
    assert _document("正文。", number="某政办发[2023]05号").doc_number == "某政办发〔2023〕5号"


def test_doc_number_falls_back_to_the_line_in_the_heading():
    body = "某某区人民政府办公室文件\n某政办发〔2023〕12号\n\n关于……的通知\n正文。"

    assert _document(body).doc_number == "某政办发〔2023〕12号"


def test_doc_number_is_not_taken_from_a_citation_in_the_text():
    body = "根据《实施细则》（国办发〔2016〕80号）的规定，现通知如下。"

    assert _document(body).doc_number is None


def test_written_date_falls_back_to_the_signature_block():
    body = "正文。\n\n某某区人民政府办公室\n2023年9月5日\n（此件公开发布）\n\n附件：办法\n"

    parsed = _document(body)

    assert parsed.written_date == date(2023, 9, 5)
    assert parsed.disclosure_marking == "主动公开"


def test_written_date_ignores_flagged_header_dates():
    parsed = _document("正文。", dates="成文日期 2023-01-02［待核］；公布 2023-01-05")

    assert parsed.written_date == date(2023, 1, 5)


def test_effective_date_from_header_or_final_article():
    assert _document("正文。", dates="成文日期 2023-01-02；施行 2023-03-01").effective_date == date(
        2023, 3, 1
    )
    body = "第一条 ……\n第九条 本办法自二〇二四年一月一日起施行。"
    assert _document(body).effective_date == date(2024, 1, 1)


def test_effective_date_is_none_when_relative():
    assert _document("本办法自印发之日起施行。").effective_date is None


def test_text_without_header_is_all_body():
    parsed = parse_corpus_text("关于某事的通知\n正文，有效期为三年。本通知自印发之日起施行。\n")

    assert parsed.title == "关于某事的通知"
    assert parsed.issuers == ()
    assert parsed.source == ""
    assert parsed.doc_number is None


def test_rule_of_equals_signs_in_a_plain_text_is_not_a_header():
    parsed = parse_corpus_text("关于某事的通知\n正文第一段。\n==========\n正文第二段。\n")

    assert parsed.title == "关于某事的通知"
    assert parsed.body.startswith("关于某事的通知")
    assert "正文第二段" in parsed.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年9月5日", date(2023, 9, 5)),
        ("2023年09月05日", date(2023, 9, 5)),
        ("2023-09-05", date(2023, 9, 5)),
        ("2023/9/5", date(2023, 9, 5)),
        ("2023.9.5", date(2023, 9, 5)),
        ("二〇二三年九月五日", date(2023, 9, 5)),
        ("二〇二三年十二月三十一日", date(2023, 12, 31)),
        ("二○二三年十月二十日", date(2023, 10, 20)),  # ○ (U+25CB) typed for 〇
        ("２０２３年１２月３１日", date(2023, 12, 31)),
        (" 2023 年 9 月 5 日 ", date(2023, 9, 5)),
        ("2023年2月30日", None),
        ("2023年13月1日", None),
        ("2023年9月", None),
        ("____年____月____日", None),
        ("二〇二三年九月五日起施行", None),
        ("", None),
    ],
)
def test_parse_chinese_date(text, expected):
    assert parse_chinese_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("１２", 12),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十一", 31),
        ("十十", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_chinese_number(text, expected):
    assert parse_chinese_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本实施细则自发布之日起施行，有效期5年。", 5),
        ("本办法自2024年1月1日起施行，有效期为三年。", 3),
        ("本通知自印发之日起施行。\n有效期两年。", 2),
        ("本规定有效期为十年。", 10),
        ("本意见自印发之日起实施，有效期３年。", 3),
        ("资格证书有效期为5年。", None),  # not the document's own validity
        ("本办法自印发之日起施行。", None),
        ("本办法自2019年1月1日起施行，有效期至2023年12月31日。", None),  # a date, not years
    ],
)
def test_find_validity_years(text, expected):
    assert find_validity_years(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（此件公开发布）", "主动公开"),
        ("(此件公开发布)", "主动公开"),
        ("（此件主动公开）", "主动公开"),
        ("（此件依申请公开）", "依申请公开"),
        ("(此件依申请公开）", "依申请公开"),
        ("（此件不予公开）", "不予公开"),
        ("（ 此件不公开 ）", "不予公开"),
        ("（此件公开发布）\n……\n（此件不予公开）", "不予公开"),  # conflict: the safer one
        ("此件公开发布", None),  # a 附注 is always in brackets
        ("主动公开政府信息", None),
        ("", None),
    ],
)
def test_detect_disclosure_marking(text, expected):
    assert detect_disclosure_marking(text) == expected


@pytest.mark.parametrize(
    ("published", "years", "first_invalid_day"),
    [
        (date(2023, 12, 31), 5, date(2028, 12, 31)),  # domain.md §11 scenario 3
        (date(2019, 1, 1), 5, date(2024, 1, 1)),  # “有效期至2023年12月31日”
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 9, 5), 2, date(2025, 9, 5)),
    ],
)
def test_expires_on(published, years, first_invalid_day):
    assert expires_on(published, years) == first_invalid_day
    assert validity_end(published, years) == first_invalid_day
    assert (first_invalid_day - last_valid_day(published, years)).days == 1


@pytest.mark.parametrize("years", [0, -1])
def test_expires_on_rejects_non_positive_years(years):
    with pytest.raises(ValueError, match="有效期"):
        expires_on(date(2023, 1, 1), years)
