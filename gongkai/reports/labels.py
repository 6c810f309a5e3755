"""How the staff pages name the report's sections and the checks' findings in the user's
language.

The sections' official headings (一、总体情况 …) are part of the report, an official document
in Chinese; in another language a page names each section and keeps its official heading
in brackets (house style for legal terms): “1. Overview (一、总体情况)”.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongkai.lib.annual_report import CLAIMS, SECTIONS, headings

SECTION_LABELS = {
    "overview": _("总体情况"),
    "proactive": _("主动公开政府信息情况"),
    "requests": _("收到和处理政府信息公开申请情况"),
    "remedies": _("政府信息公开行政复议、行政诉讼情况"),
    "problems": _("存在的主要问题及改进情况"),
    "other": _("其他需要报告的事项"),
}


def section_heading(key: str, title: str) -> str:
    """“一、总体情况” in Chinese; “1. Overview (一、总体情况)” in English."""
    if (get_language() or "zh-hans").startswith("zh"):
        return title
    number = list(SECTION_LABELS).index(key) + 1
    return f"{number}. {SECTION_LABELS[key]} ({title})"


def section_choices() -> list[tuple[str, str]]:
    """The sections as form choices (2021 headings), in the user's language."""
    return [(s.key, section_heading(s.key, f"{s.numeral}、{s.heading_2021}")) for s in SECTIONS]


# The checks (gongkai.lib.annual_report, gongkai.lib.table3) write their findings in Chinese,
# naming the official table cells. Another language gets a sentence per rule, the Chinese
# finding kept in brackets where it names cells of the official tables.
RULES = {
    "blank": _("表格中有空白单元格（%(detail)s）"),
    "negative": _("表格中有负数或非整数（%(detail)s）"),
    "identity": _("表三勾稽关系不成立（%(detail)s）"),
    "results_total": _("表三办理结果各项之和与总计不符（%(detail)s）"),
    "column_total": _("表三总计列与各类申请人之和不符（%(detail)s）"),
    "carry_over": _("表三上年结转与上一年度报告不符（%(detail)s）"),
    "t2_public_total": _("表二本年新公开数量大于对外公开总数量（%(detail)s）"),
    "t4_total": _("表四各项结果之和与总计不符（%(detail)s）"),
}


def violation_text(violation: Any, version: str) -> str:
    """One finding of the checks in the user's language (its message in Chinese)."""
    if (get_language() or "zh-hans").startswith("zh"):
        return str(violation.message)
    titles = dict(headings(version))
    section = ""
    if violation.row in titles:
        section = section_heading(violation.row, titles[violation.row])
    if violation.rule == "narrative":
        claim = next((c.label for c in CLAIMS if c.key == violation.column), violation.column)
        return str(
            _("“%(section)s”部分所写数字%(quoted)s与表格数据（%(claim)s%(expected)s）不符。")
            % {
                "section": section,
                "quoted": violation.actual if violation.actual is not None else "?",
                "claim": claim,
                "expected": violation.expected if violation.expected is not None else "?",
            }
        )
    if violation.rule == "blank_section":
        return str(_("“%(section)s”部分没有内容。") % {"section": section})
    if violation.rule == "prompt_left":
        return str(
            _("“%(section)s”部分仍有待填写的提示文字（以“（请”开头）。") % {"section": section}
        )
    if violation.rule in RULES:
        return str(RULES[violation.rule] % {"detail": str(violation.message).rstrip("。")})
    return str(violation.message)
