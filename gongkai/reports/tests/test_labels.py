"""The report's section headings and the checks' findings in the user's language."""

from __future__ import annotations

from django.utils import translation

from gongkai.lib.table3 import Violation
from gongkai.reports.labels import section_choices, section_heading, violation_text

NARRATIVE = Violation(
    "narrative",
    "warning",
    "“一、总体情况”部分写“主动公开政府信息258条”，与表格数据（主动公开政府信息272）不符。",
    "overview",
    "proactive",
    272,
    258,
)


def test_chinese_keeps_the_official_heading_and_the_checks_own_message() -> None:
    with translation.override("zh-hans"):
        assert section_heading("overview", "一、总体情况") == "一、总体情况"
        assert violation_text(NARRATIVE, "2021") == NARRATIVE.message


def test_english_names_the_section_and_keeps_the_official_heading_in_brackets() -> None:
    with translation.override("en"):
        assert section_heading("overview", "一、总体情况") == "1. Overview (一、总体情况)"
        assert (
            dict(section_choices())["other"]
            == "6. Other matters to report (六、其他需要报告的事项)"
        )
        assert violation_text(NARRATIVE, "2021") == (
            "“1. Overview (一、总体情况)” quotes 258 where the tables give 272 (主动公开政府信息)."
        )
        blank = Violation("blank", "warning", "表四“行政复议”“结果维持”为空，按0计算。", "review")
        assert violation_text(blank, "2021") == (
            "A table cell is blank (表四“行政复议”“结果维持”为空，按0计算)"
        )
        prompt = Violation("prompt_left", "warning", "…", "problems")
        assert violation_text(prompt, "2019").startswith(
            "“5. Main problems and improvements (五、政府信息公开工作存在的主要问题及改进情况)”"
        )
