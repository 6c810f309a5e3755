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
    out.write(f"表二 {options['year']}\n")


TABLE2 = ReportTable("table2", "表二：主动公开政府信息情况", _add_arguments, _run)


def test_table3_is_registered():
    assert [t.key for t in registry.tables()][-1] == "table3"
    assert registry.get("table3").title.startswith("表三")


def test_a_registered_table_becomes_a_report_subcommand(monkeypatch):
    monkeypatch.setattr(registry, "_TABLES", dict(registry._TABLES))
    registry.register(TABLE2)
    assert [t.key for t in registry.tables()] == ["table2", "table3"]
    out = StringIO()
    call_command("report", "table2", "--year", "2025", stdout=out)
    assert out.getvalue() == "表二 2025\n"


def test_a_different_table_under_a_taken_key_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_TABLES", dict(registry._TABLES))
    registry.register(TABLE2)
    registry.register(TABLE2)  # a second ready(): harmless
    with pytest.raises(ValueError, match="already registered"):
        registry.register(ReportTable("table2", "其他", _add_arguments, _run))
