"""Tables 2, 3 and 4 as printed grids (cells with colspan/rowspan), the one layout that the
portal page, the PDF, the DOCX and the XLSX all draw (domain.md §4.2–§4.4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.lib.annual_report import T2_BLOCKS, T4_COLUMNS, T4_GROUPS, Table2, Table4
from gongkai.lib.table3 import COLUMNS, HEADER_NOTE, Table3


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    head: bool = False
    number: bool = False
    level: int = 0


Grid = list[list[Cell]]


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def table2_grid(table: Table2) -> Grid:
    blocks = T2_BLOCKS[table.version]
    width = 1 + max(len(b.columns) for b in blocks)
    grid: Grid = []
    for block in blocks:
        grid.append([Cell(block.header, colspan=width, head=True)])
        titles = [Cell("信息内容", head=True)]
        span = width - len(block.columns)
        for i, (_key, title) in enumerate(block.columns):
            last = i == len(block.columns) - 1
            titles.append(Cell(title, colspan=span if last else 1, head=True))
        grid.append(titles)
        for row in block.rows:
            line = [Cell(row.label)]
            for i, (key, _title) in enumerate(block.columns):
                last = i == len(block.columns) - 1
                value = table.cells.get(row.key, {}).get(key)
                line.append(Cell(fmt(value), colspan=span if last else 1, number=True))
            grid.append(line)
    return grid


def table3_grid(table: Table3) -> Grid:
    organisations = [c for c in COLUMNS if c.group]
    grid: Grid = [
        [
            Cell(HEADER_NOTE, rowspan=2, head=True),
            Cell("自然人", rowspan=2, head=True),
            Cell("法人或其他组织", colspan=len(organisations), head=True),
            Cell("总计", rowspan=2, head=True),
        ],
        [Cell(c.label, head=True) for c in organisations],
    ]
    for row in table.rows:
        if row.kind == "group":
            grid.append([Cell(row.label, level=row.level)] + [Cell("") for _ in COLUMNS])
            continue
        grid.append(
            [Cell(row.label, level=row.level)]
            + [Cell(fmt(table.cells.get(row.key, {}).get(c.key)), number=True) for c in COLUMNS]
        )
    return grid


def table4_grid(table: Table4) -> Grid:
    parts = len(T4_COLUMNS)
    grid: Grid = [
        [
            Cell("行政复议", colspan=parts, head=True),
            Cell("行政诉讼", colspan=2 * parts, head=True),
        ],
        [Cell(title, rowspan=2, head=True) for _k, title in T4_COLUMNS]
        + [
            Cell("未经复议直接起诉", colspan=parts, head=True),
            Cell("复议后起诉", colspan=parts, head=True),
        ],
        [Cell(title, head=True) for _g in range(2) for _k, title in T4_COLUMNS],
        [
            Cell(fmt(table.cells.get(group, {}).get(key)), number=True)
            for group, _label in T4_GROUPS
            for key, _t in T4_COLUMNS
        ],
    ]
    return grid


def placed(grid: Grid) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) with the column each cell starts at once spans are laid out."""
    taken: set[tuple[int, int]] = set()
    out: list[tuple[int, int, Cell]] = []
    for r, line in enumerate(grid):
        c = 0
        for cell in line:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


def width(grid: Grid) -> int:
    return max(c + cell.colspan for _r, c, cell in placed(grid))
