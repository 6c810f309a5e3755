"""Drafts of sections 一 to 六 written from the system's own figures (domain.md §4.1, §4.5).

The drafts are the content of an official document, written in Chinese whatever the user's
language (like the 依申请公开 letters' templates); staff edit them before checking. Where the
system holds no data (平台建设, 监督保障), the draft says what to write in full-width brackets
beginning “（请”; the check warns while such a prompt is left in the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.lib.table3 import APPLICANT_COLUMNS, Table3

PROMPT_MARK = "（请"


def _t3(table: Table3, *rows: str) -> int:
    return sum(table.value(r, c) for r in rows for c in APPLICANT_COLUMNS)


def _prefix(table: Table3, prefix: str) -> int:
    return sum(
        table.value(r.key, c)
        for r in table.rows
        if r.kind == "count" and r.key.startswith(prefix)
        for c in APPLICANT_COLUMNS
    )


def draft_sections(
    *,
    organ_name: str,
    is_government: bool,
    year: int,
    version: str,
    table3: Table3,
    t4_totals: Mapping[str, int],
    figures: Mapping[str, Any],
    previous_problems: str,
) -> dict[str, str]:
    inspection = figures.get("self_inspection") or {}
    overview = [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第四十九条、第五十条规定，"
        f"由{organ_name}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本年度报告中所列数据统计期限从{year}年1月1日到12月31日止。"
        f"本报告电子版可在本机关门户网站“政府信息公开年报”栏目下载。",
        f"（一）主动公开。{year}年，{organ_name}主动公开政府信息{figures.get('documents_published', 0)}条，"
        f"其中行政规范性文件{figures.get('normative_published', 0)}件；"
        f"发布政策解读{figures.get('interpretations_published', 0)}篇。",
        f"（二）依申请公开。全年新收政府信息公开申请{_t3(table3, 'new')}件，"
        f"上年结转{_t3(table3, 'carried_in')}件；本年度办结{_t3(table3, 'total')}件，"
        f"其中予以公开及部分公开{_t3(table3, 'open', 'partial')}件，不予公开{_prefix(table3, 'deny_')}件，"
        f"无法提供{_prefix(table3, 'na_')}件，不予处理{_prefix(table3, 'np_')}件；"
        f"结转下年度继续办理{_t3(table3, 'carried_out')}件。",
    ]
    if inspection.get("items"):
        overview.append(
            f"（三）政府信息管理。开展年度政府信息公开自查，清理不予公开、依申请公开及多次被申请公开的信息"
            f"{inspection.get('items', 0)}项，其中转为主动公开{inspection.get('converted', 0)}项，"
            f"应公开而予以公开{inspection.get('published', 0)}项，经复核继续不予公开"
            f"{inspection.get('kept', 0)}项。"
        )
    else:
        overview.append("（三）政府信息管理。（请填写政府信息管理、动态调整和年度自查情况。）")
    overview.append("（四）政府信息公开平台建设。（请填写政府网站、政务新媒体等平台建设情况。）")
    supervision = "（五）监督保障。（请填写组织领导、培训、考核监督情况。）"
    if is_government:
        supervision = (
            "（五）监督保障。（请填写组织领导、培训、考核监督情况，以及工作考核、社会评议和"
            "责任追究结果。）"
        )
    overview.append(supervision)
    remedies = sum(t4_totals.values())
    problems = []
    if previous_problems.strip():
        problems.append(f"{year - 1}年度报告提出的问题及整改情况：{previous_problems.strip()}")
    problems.append("（请填写本年度政府信息公开工作存在的主要问题及改进措施。）")
    other: list[str] = []
    priorities = figures.get("priorities") or {}
    if priorities.get("total"):
        line = (
            f"年度政务公开工作要点落实情况：本年度工作要点共{priorities['total']}项，"
            f"已完成{priorities.get('done', 0)}项"
        )
        rest = priorities.get("open") or []
        if rest:
            line += "；尚未完成的：" + "；".join(
                f"{p['title']}（{p['unit']}，{p['progress']}）" for p in rest
            )
        other.append(line + "。")
    if version == "2021":
        fees = int(figures.get("fees_collected", 0))
        if fees:
            other.append(
                f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度共收取信息处理费"
                f"{fees}元。"
            )
        else:
            other.append(
                "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。"
            )
    if remedies:
        litigation = t4_totals.get("direct", 0) + t4_totals.get("after_review", 0)
        other.append(
            f"本年度因政府信息公开引发行政复议{t4_totals.get('review', 0)}件、"
            f"行政诉讼{litigation}件，详见第四部分。"
        )
    elif not other:
        other.append("无。")
    return {
        "overview": "\n".join(overview),
        "proactive": "",
        "requests": "",
        "remedies": "",
        "problems": "\n".join(problems),
        "other": "\n".join(other),
    }
