"""Table 3 of the annual report: 收到和处理政府信息公开申请情况 (domain.md §4.3).

Two official formats: 国办公开办函〔2019〕60号 (reports on 2019 and 2020) and 国办公开办函〔2021〕30号
(reports on 2021 onward). They differ only in row （六）其他处理: one row in 2019, three sub-rows
in 2021. Results are therefore kept in the 2021 leaves and folded for the 2019 format.

Columns (申请人情况): 自然人 | 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 | 总计.

Identities checked by :func:`check_table3` (domain.md §4.3, per column):

1. 一 + 二 = 三（七）总计 + 四 — the 勾稽关系 printed in the header cell;
2. （七）总计 = the sum of every result leaf (each application counted once; 部分公开 only in （二）);
3. the 总计 column = the sum of the six applicant columns, on every row;
4. 二 of year N = 四 of year N − 1 (when the previous table is given);
5. integers ≥ 0; a blank cell counts as 0 but is reported as a warning.

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "APPLICANT_COLUMNS",
    "COLUMNS",
    "FIRST_YEAR",
    "HEADER_NOTE",
    "RESULT_LEAVES_2021",
    "TOTAL",
    "VERSIONS",
    "Column",
    "Row",
    "Table3",
    "Violation",
    "build_table3",
    "check_table3",
    "column_label",
    "csv_rows",
    "default_version",
    "fold_leaf",
    "result_leaves",
    "rows_for",
    "table_rows",
]

Version = Literal["2019", "2021"]
VERSIONS: tuple[Version, ...] = ("2019", "2021")
TOTAL = "total"
HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # "法人或其他组织" for the five organisation columns


COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业", "法人或其他组织"),
    Column("research", "科研机构", "法人或其他组织"),
    Column("public_interest", "社会公益组织", "法人或其他组织"),
    Column("legal_services", "法律服务机构", "法人或其他组织"),
    Column("other_org", "其他", "法人或其他组织"),
    Column(TOTAL, "总计"),
)
APPLICANT_COLUMNS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.key != TOTAL)
_COLUMN_LABEL = {c.key: c.label for c in COLUMNS}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int
    kind: Literal["count", "group", "total"] = "count"  # a group row prints no numbers


_HEAD = (
    Row("new", "一、本年新收政府信息公开申请数量", 0),
    Row("carried_in", "二、上年结转政府信息公开申请数量", 0),
    Row("results", "三、本年度办理结果", 0, "group"),
    Row("open", "（一）予以公开", 1),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    Row("deny", "（三）不予公开", 1, "group"),
    Row("deny_secret", "1.属于国家秘密", 2),
    Row("deny_law", "2.其他法律行政法规禁止公开", 2),
    Row("deny_safety", "3.危及“三安全一稳定”", 2),
    Row("deny_third", "4.保护第三方合法权益", 2),
    Row("deny_internal", "5.属于三类内部事务信息", 2),
    Row("deny_process", "6.属于四类过程性信息", 2),
    Row("deny_enforce", "7.属于行政执法案卷", 2),
    Row("deny_query", "8.属于行政查询事项", 2),
    Row("na", "（四）无法提供", 1, "group"),
    Row("na_not_held", "1.本机关不掌握相关政府信息", 2),
    Row("na_need_create", "2.没有现成信息需要另行制作", 2),
    Row("na_unclear", "3.补正后申请内容仍不明确", 2),
    Row("np", "（五）不予处理", 1, "group"),
    Row("np_petition", "1.信访举报投诉类申请", 2),
    Row("np_repeat", "2.重复申请", 2),
    Row("np_publication", "3.要求提供公开出版物", 2),
    Row("np_mass", "4.无正当理由大量反复申请", 2),
    Row("np_confirm", "5.要求行政机关确认或重新出具已获取信息", 2),
)
_TAIL = (
    Row(TOTAL, "（七）总计", 1, "total"),
    Row("carried_out", "四、结转下年度继续办理", 0),
)
_OTHER_2019 = (Row("other", "（六）其他处理", 1),)
_OTHER_2021 = (
    Row("other", "（六）其他处理", 1, "group"),
    Row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    Row(
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
    ),
    Row("other_other", "3.其他", 2),
)
_ROWS: dict[str, tuple[Row, ...]] = {
    "2019": _HEAD + _OTHER_2019 + _TAIL,
    "2021": _HEAD + _OTHER_2021 + _TAIL,
}
_NOT_RESULTS = {"new", "carried_in", TOTAL, "carried_out"}

RESULT_LEAVES_2021: tuple[str, ...] = tuple(
    r.key for r in _ROWS["2021"] if r.kind == "count" and r.key not in _NOT_RESULTS
)
_FOLD_2019 = {"other_no_correction": "other", "other_no_fee": "other", "other_other": "other"}


def _version(version: str) -> Version:
    if version not in VERSIONS:
        raise ValueError(f"unknown Table 3 format {version!r}; use 2019 or 2021")
    return version


# The first report year of a Table 3 format: the 2019 reports, the first under the revised
# 条例 (国务院令第711号, in force 2019-05-15), used 国办公开办函〔2019〕60号. Earlier reports
# followed other formats, which this module does not know.
FIRST_YEAR = 2019


def default_version(year: int) -> Version:
    """The format in force for the report on ``year`` (〔2021〕30号 from the 2021 reports on).

    Raises ValueError for years before 2019: no format here applies to them.
    """
    if year < FIRST_YEAR:
        raise ValueError(
            f"no Table 3 format for the {year} report; formats start with {FIRST_YEAR}"
        )
    return "2021" if year >= 2021 else "2019"


def rows_for(version: str) -> tuple[Row, ...]:
    return _ROWS[_version(version)]


def result_leaves(version: str) -> tuple[str, ...]:
    """Keys of the result rows that carry numbers, in printed order."""
    return tuple(
        r.key for r in rows_for(version) if r.kind == "count" and r.key not in _NOT_RESULTS
    )


def fold_leaf(leaf_2021: str, version: str) -> str:
    """The row of ``version`` that counts a result recorded as a 2021 leaf."""
    if leaf_2021 not in RESULT_LEAVES_2021:
        raise ValueError(f"not a Table 3 result leaf: {leaf_2021!r}")
    return _FOLD_2019.get(leaf_2021, leaf_2021) if _version(version) == "2019" else leaf_2021


Cell = int | None


@dataclass
class Table3:
    """The numbers of Table 3: ``cells[row][column]`` for every count/total row and column."""

    version: Version
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)

    def value(self, row: str, column: str) -> int:
        return self.cells.get(row, {}).get(column) or 0

    @property
    def rows(self) -> tuple[Row, ...]:
        return rows_for(self.version)


def _fill(counts: Mapping[str, int] | None) -> dict[str, Cell]:
    counts = counts or {}
    unknown = set(counts) - set(APPLICANT_COLUMNS)
    if unknown:
        raise ValueError(f"unknown Table 3 columns: {sorted(unknown)}")
    row: dict[str, Cell] = {c: int(counts.get(c, 0)) for c in APPLICANT_COLUMNS}
    row[TOTAL] = sum(row[c] or 0 for c in APPLICANT_COLUMNS)
    return row


def build_table3(
    version: str,
    *,
    new: Mapping[str, int],
    carried_in: Mapping[str, int],
    results: Mapping[str, Mapping[str, int]],
    carried_out: Mapping[str, int],
) -> Table3:
    """Assemble the table from counts per applicant column.

    ``results`` maps 2021 result leaves to per-column counts; for the 2019 format the three
    （六） leaves are added into the single row （六）. Totals (row （七） and column 总计) are
    computed, so a table built here satisfies rules 2, 3 and 5 by construction; rules 1 and 4
    test the data it was built from.
    """
    v = _version(version)
    table = Table3(v)
    table.cells["new"] = _fill(new)
    table.cells["carried_in"] = _fill(carried_in)
    folded: dict[str, dict[str, int]] = {leaf: {} for leaf in result_leaves(v)}
    for leaf, counts in results.items():
        target = folded[fold_leaf(leaf, v)]
        for column, n in counts.items():
            target[column] = target.get(column, 0) + int(n)
    for leaf, counts in folded.items():
        table.cells[leaf] = _fill(counts)
    table.cells[TOTAL] = _fill(
        {c: sum(table.value(leaf, c) for leaf in folded) for c in APPLICANT_COLUMNS}
    )
    table.cells["carried_out"] = _fill(carried_out)
    return table


@dataclass(frozen=True)
class Violation:
    rule: str  # "identity" | "results_total" | "column_total" | "carry_over" | "negative" | "blank"
    severity: Literal["error", "warning"]
    message: str
    row: str = ""
    column: str = ""
    expected: int | None = None
    actual: int | None = None


def _check_cells(table: Table3) -> list[Violation]:
    found: list[Violation] = []
    for row in table.rows:
        if row.kind == "group":
            continue
        for column in COLUMNS:
            value = table.cells.get(row.key, {}).get(column.key)
            if value is None:
                found.append(
                    Violation(
                        "blank",
                        "warning",
                        f"“{row.label}”行“{column.label}”列为空，按0计算。",
                        row.key,
                        column.key,
                    )
                )
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                found.append(
                    Violation(
                        "negative",
                        "error",
                        f"“{row.label}”行“{column.label}”列应为非负整数，现为{value!r}。",
                        row.key,
                        column.key,
                        actual=value if isinstance(value, int) else None,
                    )
                )
    return found


def _check_column(table: Table3, column: Column, leaves: tuple[str, ...]) -> list[Violation]:
    found: list[Violation] = []
    v = table.value
    c = column.key
    left = v("new", c) + v("carried_in", c)
    right = v(TOTAL, c) + v("carried_out", c)
    if left != right:
        found.append(
            Violation(
                "identity",
                "error",
                f"“{column.label}”列：第一项加第二项之和（{left}）不等于第三项总计加第四项之和"
                f"（{right}）。",
                TOTAL,
                c,
                left,
                right,
            )
        )
    leaf_sum = sum(v(leaf, c) for leaf in leaves)
    if leaf_sum != v(TOTAL, c):
        found.append(
            Violation(
                "results_total",
                "error",
                f"“{column.label}”列：办理结果各项之和为{leaf_sum}，与（七）总计{v(TOTAL, c)}不符。",
                TOTAL,
                c,
                leaf_sum,
                v(TOTAL, c),
            )
        )
    return found


def _check_total_column(table: Table3) -> list[Violation]:
    found: list[Violation] = []
    for row in table.rows:
        if row.kind == "group":
            continue
        expected = sum(table.value(row.key, c) for c in APPLICANT_COLUMNS)
        actual = table.value(row.key, TOTAL)
        if expected != actual:
            found.append(
                Violation(
                    "column_total",
                    "error",
                    f"“{row.label}”行：总计列为{actual}，各类申请人之和为{expected}。",
                    row.key,
                    TOTAL,
                    expected,
                    actual,
                )
            )
    return found


def check_table3(table: Table3, previous: Table3 | None = None) -> list[Violation]:
    """Every violation of the §4.3 identities; an empty list means the table is consistent."""
    found = _check_cells(table)
    leaves = result_leaves(table.version)
    for column in COLUMNS:
        found += _check_column(table, column, leaves)
    found += _check_total_column(table)
    if previous is not None:
        for column in COLUMNS:
            now, before = (
                table.value("carried_in", column.key),
                previous.value("carried_out", column.key),
            )
            if now != before:
                found.append(
                    Violation(
                        "carry_over",
                        "error",
                        f"“{column.label}”列：上年结转{now}件，与上一年度报告结转下年度{before}件不符。",
                        "carried_in",
                        column.key,
                        before,
                        now,
                    )
                )
    return found


def table_rows(table: Table3) -> list[dict[str, object]]:
    """The rows in printed order with their values (None for group rows), for JSON/CSV/HTML."""
    out: list[dict[str, object]] = []
    for row in table.rows:
        values = None
        if row.kind != "group":
            values = {c.key: table.cells.get(row.key, {}).get(c.key) for c in COLUMNS}
        out.append(
            {
                "key": row.key,
                "label": row.label,
                "level": row.level,
                "kind": row.kind,
                "values": values,
            }
        )
    return out


def csv_rows(table: Table3, title: str) -> list[list[str | int | None]]:
    """The table as spreadsheet rows: a title, the two header rows (column groups, then
    columns) and one row per table row, its label indented by level (empty cells for groups)."""
    rows: list[list[str | int | None]] = [
        [title],
        [HEADER_NOTE, *(c.group or "" for c in COLUMNS)],
        ["", *(c.label for c in COLUMNS)],
    ]
    for row in table.rows:
        indent = "　" * row.level  # an ideographic space per level, as in the printed table
        cells: list[str | int | None] = [""] * len(COLUMNS)
        if row.kind != "group":
            cells = [table.cells.get(row.key, {}).get(c.key) for c in COLUMNS]
        rows.append([f"{indent}{row.label}", *cells])
    return rows


def column_label(key: str) -> str:
    return _COLUMN_LABEL[key]
