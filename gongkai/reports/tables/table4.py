"""表四：政府信息公开行政复议、行政诉讼情况 — from the register of cases."""

from __future__ import annotations

from typing import Any

from gongkai.lib.annual_report import check_table4
from gongkai.reports.grids import table4_grid
from gongkai.reports.registry import Output, ReportTable, register
from gongkai.reports.selectors import table4
from gongkai.reports.tables.grid_output import add_arguments, organ_year_version, write


def run(options: dict[str, Any], out: Output, err: Output) -> None:
    organ, year, _version = organ_year_version(options)
    table = table4(organ=organ, year=year)
    write(table4_grid(table), check_table4(table), f"{organ.name} {year}年 表四", options, out, err)


TABLE4 = register(
    ReportTable(
        key="table4",
        title="表四：政府信息公开行政复议、行政诉讼情况",
        add_arguments=add_arguments,
        run=run,
    )
)
