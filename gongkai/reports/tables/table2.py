"""表二：主动公开政府信息情况 — the 第二十条第（一）项 rows from the document registry (the
other rows come from other registers and are entered on the report, with their source)."""

from __future__ import annotations

from typing import Any

from gongkai.lib.annual_report import Table2, check_table2
from gongkai.reports.grids import table2_grid
from gongkai.reports.registry import Output, ReportTable, register
from gongkai.reports.selectors import table2_from_documents
from gongkai.reports.tables.grid_output import add_arguments, organ_year_version, write


def run(options: dict[str, Any], out: Output, err: Output) -> None:
    organ, year, version = organ_year_version(options)
    cells = table2_from_documents(organ=organ, year=year, version=version)
    table = Table2(version, {row: dict(cols) for row, cols in cells.items()})  # type: ignore[arg-type]
    found = [v for v in check_table2(table) if v.rule != "blank" or v.row in cells]
    write(
        table2_grid(table),
        found,
        f"{organ.name} {year}年 表二（{version}年格式）",
        options,
        out,
        err,
    )


TABLE2 = register(
    ReportTable(
        key="table2", title="表二：主动公开政府信息情况", add_arguments=add_arguments, run=run
    )
)
