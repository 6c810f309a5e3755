"""How the staff pages name the report's sections in the user's language.

The sections' official headings (一、总体情况 …) are part of the report, an official document
in Chinese; in another language a page names each section and keeps its official heading
in brackets (house style for legal terms): “1. Overview (一、总体情况)”.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongkai.lib.annual_report import SECTIONS

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
