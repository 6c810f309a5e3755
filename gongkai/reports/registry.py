"""The registry of annual-report tables (政府信息公开工作年度报告, 条例第五十条).

Each table of the report format (国办公开办函〔2021〕30号: 表一 … 表四) registers a
:class:`ReportTable`: its command-line arguments and how it writes itself. ``manage.py report
<key>`` offers one sub-command per registered table, so Table 2 (主动公开) and Table 4 (行政复议、
行政诉讼) plug in beside Table 3 without touching the command.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Output(Protocol):
    """Where a table writes: a text stream (a command's stdout/stderr or a StringIO)."""

    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class ReportTable:
    key: str
    # The table's name in the report format, e.g. "表三：收到和处理政府信息公开申请情况".
    title: str
    add_arguments: Callable[[ArgumentParser], None]
    # Writes the table for the parsed options; raises CommandError on bad input.
    run: Callable[[dict[str, Any], Output, Output], None]


_TABLES: dict[str, ReportTable] = {}


def register(table: ReportTable) -> ReportTable:
    """Add a table; registering the same one again (a second ``ready()``) changes nothing."""
    existing = _TABLES.get(table.key)
    if existing is not None and existing != table:
        raise ValueError(f"a different report table is already registered as {table.key!r}")
    _TABLES[table.key] = table
    return table


def get(key: str) -> ReportTable:
    return _TABLES[key]


def tables() -> list[ReportTable]:
    """The registered tables, in their order in the report (by key: table2, table3, …)."""
    return [_TABLES[key] for key in sorted(_TABLES)]
