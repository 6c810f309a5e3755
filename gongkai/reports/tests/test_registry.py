"""The report-table registry: `report <table>` offers every registered table."""

from __future__ import annotations

from argparse import ArgumentParser
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.reports import registry
from gongkai.reports.registry import Output, ReportTable


def _add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True)


def _run(options: dict[str, Any], out: Output, err: Output) -> None:
    out.write(f"附表 {options['year']}\n")


EXTRA = ReportTable("table9", "附表：测试", _add_arguments, _run)


def test_tables_2_3_4_are_registered():
    assert [t.key for t in registry.tables()] == ["table2", "table3", "table4"]
    assert registry.get("table3").title.startswith("表三")
    assert registry.get("table4").title.startswith("表四")


def test_a_registered_table_becomes_a_report_subcommand(monkeypatch):
    monkeypatch.setattr(registry, "_TABLES", dict(registry._TABLES))
    registry.register(EXTRA)
    assert [t.key for t in registry.tables()] == ["table2", "table3", "table4", "table9"]
    out = StringIO()
    call_command("report", "table9", "--year", "2025", stdout=out)
    assert out.getvalue() == "附表 2025\n"


def test_a_different_table_under_a_taken_key_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_TABLES", dict(registry._TABLES))
    registry.register(EXTRA)
    registry.register(EXTRA)  # a second ready(): harmless
    with pytest.raises(ValueError, match="already registered"):
        registry.register(ReportTable("table9", "其他", _add_arguments, _run))
