"""The annual report (政府信息公开工作年度报告, 条例第四十九条—第五十条): Tables 2 and 4, the
sections, and the checks before publishing (domain.md §4). Table 3 is :mod:`gongkai.lib.table3`.

Two formats, chosen by report year (:func:`gongkai.lib.table3.default_version`): the 2019 trial
format (国办公开办函〔2019〕60号) for the 2019 and 2020 reports, the 2021 format (国办公开办函〔2021〕30号)
from the 2021 reports on. They differ in Table 2 (domain.md §4.2) and Table 3 row （六）.

Checks (:func:`check_report`): every identity of Tables 3 and 4, the sanity of Table 2, 二 of
this year = 四 of last year, numbers quoted in the sections that contradict the tables
("予以公开及部分公开258件" against 261 in Table 3), blank cells. Errors block publication; warnings
are shown.

Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from gongkai.lib.table3 import APPLICANT_COLUMNS, TOTAL, Table3, Violation, check_table3

__all__ = [
    "SECTIONS",
    "T2_BLOCKS",
    "T4_COLUMNS",
    "T4_GROUPS",
    "NarrativeClaim",
    "Section",
    "T2Block",
    "T2Row",
    "Table2",
    "Table4",
    "check_narrative",
    "check_report",
    "check_table2",
    "check_table4",
    "headings",
    "parse_value",
    "t2_cells",
    "table4_from_cases",
    "table4_totals",
]

Version = Literal["2019", "2021"]
Number = int | Decimal
Cell = Number | None


# --- sections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    numeral: str
    heading_2019: str
    heading_2021: str
    table: str = ""  # the table printed in the section, if any

    def heading(self, version: str) -> str:
        return self.heading_2021 if version == "2021" else self.heading_2019


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", "总体情况"),
    Section("proactive", "二", "主动公开政府信息情况", "主动公开政府信息情况", "table2"),
    Section(
        "requests",
        "三",
        "收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请情况",
        "table3",
    ),
    Section(
        "remedies",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议、行政诉讼情况",
        "table4",
    ),
    Section(
        "problems",
        "五",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题及改进情况",
    ),
    Section("other", "六", "其他需要报告的事项", "其他需要报告的事项"),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def headings(version: str) -> list[tuple[str, str]]:
    """(key, "一、总体情况") for every section of the format."""
    return [(s.key, f"{s.numeral}、{s.heading(version)}") for s in SECTIONS]


# --- Table 2 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class T2Row:
    key: str
    label: str
    # Where the figures come from: "documents" (the registry) or "manual" (entered by staff,
    # each figure with its source: licensing, penalty, fee and procurement systems).
    source: Literal["documents", "manual"] = "manual"


@dataclass(frozen=True)
class T2Block:
    header: str
    columns: tuple[tuple[str, str], ...]  # (key, title)
    rows: tuple[T2Row, ...]
    # Columns that may be negative (本年增/减) and that hold amounts (decimals).
    signed: frozenset[str] = frozenset()
    amounts: frozenset[str] = frozenset()


_PREV = (("previous", "上一年项目数量"), ("change", "本年增/减"))

T2_BLOCKS: dict[str, tuple[T2Block, ...]] = {
    "2019": (
        T2Block(
            "第二十条第（一）项",
            (
                ("made", "本年新制作数量"),
                ("published", "本年新公开数量"),
                ("public_total", "对外公开总数量"),
            ),
            (T2Row("rules", "规章", "documents"), T2Row("normative", "规范性文件", "documents")),
        ),
        T2Block(
            "第二十条第（五）项",
            (*_PREV, ("decisions", "处理决定数量")),
            (T2Row("licensing", "行政许可"), T2Row("other_services", "其他对外管理服务事项")),
            signed=frozenset({"change"}),
        ),
        T2Block(
            "第二十条第（六）项",
            (*_PREV, ("decisions", "处理决定数量")),
            (T2Row("penalty", "行政处罚"), T2Row("enforcement", "行政强制")),
            signed=frozenset({"change"}),
        ),
        T2Block(
            "第二十条第（八）项",
            _PREV,
            (T2Row("fees", "行政事业性收费"),),
            signed=frozenset({"change"}),
        ),
        T2Block(
            "第二十条第（九）项",
            (("items", "采购项目数量"), ("amount", "采购总金额")),
            (T2Row("procurement", "政府集中采购"),),
            amounts=frozenset({"amount"}),
        ),
    ),
    "2021": (
        T2Block(
            "第二十条第（一）项",
            (
                ("issued", "本年制发件数"),
                ("repealed", "本年废止件数"),
                ("in_force", "现行有效件数"),
            ),
            (
                T2Row("rules", "规章", "documents"),
                T2Row("normative", "行政规范性文件", "documents"),
            ),
        ),
        T2Block(
            "第二十条第（五）项",
            (("decisions", "本年处理决定数量"),),
            (T2Row("licensing", "行政许可"),),
        ),
        T2Block(
            "第二十条第（六）项",
            (("decisions", "本年处理决定数量"),),
            (T2Row("penalty", "行政处罚"), T2Row("enforcement", "行政强制")),
        ),
        T2Block(
            "第二十条第（八）项",
            (("amount", "本年收费金额（单位：万元）"),),
            (T2Row("fees", "行政事业性收费"),),
            amounts=frozenset({"amount"}),
        ),
    ),
}


def t2_cells(version: str, *, source: str | None = None) -> list[tuple[T2Block, T2Row, str]]:
    """Every (block, row, column) of Table 2, optionally only those of one source."""
    return [
        (block, row, column)
        for block in T2_BLOCKS[version]
        for row in block.rows
        if source is None or row.source == source
        for column, _title in block.columns
    ]


def cell_label(version: str, row_key: str, column: str) -> str:
    for block, row, col in t2_cells(version):
        if row.key == row_key and col == column:
            title = dict(block.columns)[column]
            return f"{block.header}“{row.label}”行“{title}”列"
    raise KeyError((row_key, column))


def parse_value(version: str, row_key: str, column: str, raw: str | int | Decimal) -> Number:
    """A staff-entered Table 2 figure, validated: an integer (≥ 0 unless the column is
    本年增/减) or, for amounts, a non-negative decimal. ValueError with a Chinese message."""
    block = next((b for b, r, c in t2_cells(version) if r.key == row_key and c == column), None)
    if block is None:
        raise ValueError(f"表二没有此栏目：{row_key}/{column}")
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            f"{cell_label(version, row_key, column)}应为数字，现为“{text}”。"
        ) from None
    if not value.is_finite():
        raise ValueError(f"{cell_label(version, row_key, column)}应为数字。")
    if column in block.amounts:
        if value < 0:
            raise ValueError(f"{cell_label(version, row_key, column)}不能为负数。")
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 四舍五入
    if value != value.to_integral_value():
        raise ValueError(f"{cell_label(version, row_key, column)}应为整数。")
    if value < 0 and column not in block.signed:
        raise ValueError(f"{cell_label(version, row_key, column)}不能为负数。")
    return int(value)


@dataclass
class Table2:
    version: Version
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)

    def value(self, row: str, column: str) -> Number:
        return self.cells.get(row, {}).get(column) or 0


def check_table2(table: Table2) -> list[Violation]:
    found: list[Violation] = []
    for block, row, column in t2_cells(table.version):
        value = table.cells.get(row.key, {}).get(column)
        label = f"表二{block.header}“{row.label}”行“{dict(block.columns)[column]}”列"
        if value is None:
            found.append(
                Violation(
                    "blank", "warning", f"{label}为空，请填写（没有的填0）。", row.key, column
                )
            )
        elif value < 0 and column not in block.signed:
            found.append(Violation("negative", "error", f"{label}不能为负数。", row.key, column))
    if table.version == "2019":
        for key in ("rules", "normative"):
            published, total = table.value(key, "published"), table.value(key, "public_total")
            if published > total:
                found.append(
                    Violation(
                        "t2_public_total",
                        "error",
                        f"表二“{'规章' if key == 'rules' else '规范性文件'}”行：本年新公开数量"
                        f"（{published}）大于对外公开总数量（{total}）。",
                        key,
                        "public_total",
                        int(published),
                        int(total),
                    )
                )
    return found


# --- Table 4 ----------------------------------------------------------------------------------

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("direct", "行政诉讼（未经复议直接起诉）"),
    ("after_review", "行政诉讼（复议后起诉）"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    (TOTAL, "总计"),
)
T4_PARTS = tuple(c for c, _ in T4_COLUMNS if c != TOTAL)


@dataclass
class Table4:
    cells: dict[str, dict[str, int | None]] = field(default_factory=dict)

    def value(self, group: str, column: str) -> int:
        return self.cells.get(group, {}).get(column) or 0


def table4_from_cases(cases: list[tuple[str, str]]) -> Table4:
    """Table 4 from (group, result column) pairs, one per case; totals computed per group."""
    table = Table4({g: dict.fromkeys(T4_PARTS, 0) for g, _ in T4_GROUPS})
    for group, result in cases:
        if group not in table.cells or result not in T4_PARTS:
            raise ValueError(f"unknown Table 4 cell: {group}/{result}")
        table.cells[group][result] = (table.cells[group][result] or 0) + 1
    for group, _label in T4_GROUPS:
        table.cells[group][TOTAL] = sum(table.cells[group][c] or 0 for c in T4_PARTS)
    return table


def table4_totals(table: Table4) -> dict[str, int]:
    return {g: table.value(g, TOTAL) for g, _ in T4_GROUPS}


def check_table4(table: Table4) -> list[Violation]:
    found: list[Violation] = []
    for group, label in T4_GROUPS:
        for column, title in T4_COLUMNS:
            value = table.cells.get(group, {}).get(column)
            if value is None:
                found.append(
                    Violation(
                        "blank", "warning", f"表四“{label}”“{title}”为空，按0计算。", group, column
                    )
                )
            elif value < 0:
                found.append(
                    Violation(
                        "negative", "error", f"表四“{label}”“{title}”不能为负数。", group, column
                    )
                )
        parts = sum(table.value(group, c) for c in T4_PARTS)
        if parts != table.value(group, TOTAL):
            found.append(
                Violation(
                    "t4_total",
                    "error",
                    f"表四“{label}”：结果维持、结果纠正、其他结果、尚未审结之和（{parts}）不等于总计"
                    f"（{table.value(group, TOTAL)}）。",
                    group,
                    TOTAL,
                    parts,
                    table.value(group, TOTAL),
                )
            )
    return found


# --- narrative against tables -----------------------------------------------------------------


def _t3(table: Table3, *rows: str) -> int:
    # The 总计 column is often left blank in real reports: sum the applicant columns.
    return sum(table.value(r, c) for r in rows for c in APPLICANT_COLUMNS)


def _t3_prefix(table: Table3, prefix: str) -> int:
    return sum(
        table.value(r.key, c)
        for r in table.rows
        if r.key.startswith(prefix) and r.kind == "count"
        for c in APPLICANT_COLUMNS
    )


@dataclass(frozen=True)
class NarrativeClaim:
    """A phrase of the narrative that quotes a table figure: the number is group 1."""

    key: str
    label: str
    pattern: str
    figure: Callable[[Table3, Table4, Mapping[str, Number]], Number | None]


_GAP = r"[^0-9，。；、！？\n]{0,8}?"
_NUM = r"(\d[\d,，]*(?:\.\d+)?)"

CLAIMS: tuple[NarrativeClaim, ...] = (
    NarrativeClaim(
        "open_partial",
        "予以公开及部分公开",
        rf"予以公开(?:及|和|与|、)部分公开{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "open", "partial"),
    ),
    NarrativeClaim(
        "new",
        "本年新收政府信息公开申请",
        rf"(?:新收|收到|受理){_GAP}申请{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "new"),
    ),
    NarrativeClaim(
        "carried_in",
        "上年结转",
        rf"上年结转{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "carried_in"),
    ),
    NarrativeClaim(
        "open",
        "予以公开",
        rf"(?<!及)(?<!和)(?<!、)予以公开(?!及|和|与|、){_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "open"),
    ),
    NarrativeClaim(
        "partial",
        "部分公开",
        rf"(?<!及)(?<!和)(?<!与)(?<!、)部分公开{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "partial"),
    ),
    NarrativeClaim(
        "deny",
        "不予公开",
        rf"不予公开{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3_prefix(t3, "deny_"),
    ),
    NarrativeClaim(
        "na",
        "无法提供",
        rf"无法提供{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3_prefix(t3, "na_"),
    ),
    NarrativeClaim(
        "np",
        "不予处理",
        rf"不予处理{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3_prefix(t3, "np_"),
    ),
    NarrativeClaim(
        "carried_out",
        "结转下年度",
        rf"结转下(?:一)?年度?{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: _t3(t3, "carried_out"),
    ),
    NarrativeClaim(
        "review",
        "行政复议",
        rf"行政复议(?:案件)?{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: t4.value("review", TOTAL),
    ),
    NarrativeClaim(
        "litigation",
        "行政诉讼",
        rf"行政诉讼(?:案件)?{_GAP}{_NUM}\s*件",
        lambda t3, t4, f: t4.value("direct", TOTAL) + t4.value("after_review", TOTAL),
    ),
    NarrativeClaim(
        "fees",
        "信息处理费",
        rf"信息处理费{_GAP}{_NUM}\s*元",
        lambda t3, t4, f: f.get("fees_collected"),
    ),
    NarrativeClaim(
        "proactive",
        "主动公开政府信息",
        rf"主动公开(?:政府)?信息{_GAP}{_NUM}\s*(?:条|件)",
        lambda t3, t4, f: f.get("documents_published"),
    ),
)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("，", ""))


def check_narrative(
    sections: Mapping[str, str],
    table3: Table3,
    table4: Table4,
    figures: Mapping[str, Number] | None = None,
) -> list[Violation]:
    """Numbers quoted in the sections that contradict the tables (warnings: the text may
    quote another period or a part; staff decide)."""
    figures = figures or {}
    found: list[Violation] = []
    titles = {s.key: f"{s.numeral}、{s.heading_2021}" for s in SECTIONS}
    for key, text in sections.items():
        taken: list[tuple[int, int]] = []
        for claim in CLAIMS:
            for match in re.finditer(claim.pattern, text or ""):
                span = match.span(1)
                if any(a <= span[0] < b for a, b in taken):
                    continue  # the number belongs to an earlier, more specific claim
                taken.append(span)
                expected = claim.figure(table3, table4, figures)
                if expected is None:
                    continue
                quoted = _number(match.group(1))
                if quoted != Decimal(expected):
                    found.append(
                        Violation(
                            "narrative",
                            "warning",
                            f"“{titles.get(key, key)}”部分写“{match.group(0)}”，与表格数据"
                            f"（{claim.label}{expected}）不符。",
                            key,
                            claim.key,
                            int(expected) if float(expected).is_integer() else None,
                            int(quoted) if quoted == quoted.to_integral_value() else None,
                        )
                    )
    return found


# --- the whole report -------------------------------------------------------------------------


def check_report(
    *,
    table2: Table2,
    table3: Table3,
    table4: Table4,
    sections: Mapping[str, str],
    previous_table3: Table3 | None = None,
    figures: Mapping[str, Number] | None = None,
) -> list[Violation]:
    """Every check before publishing, errors first."""
    found = check_table2(table2)
    found += check_table3(table3, previous_table3)
    found += check_table4(table4)
    for key, title in headings(table3.version):
        if not (sections.get(key) or "").strip() and key not in (
            "proactive",
            "requests",
            "remedies",
        ):
            found.append(Violation("blank_section", "warning", f"“{title}”部分没有内容。", key))
    found += check_narrative(sections, table3, table4, figures)
    return sorted(found, key=lambda v: v.severity != "error")
