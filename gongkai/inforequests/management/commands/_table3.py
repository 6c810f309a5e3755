"""Shared by `report table3` and `report_table3`: arguments and output of Table 3."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.management.base import CommandError

from gongkai.core.exceptions import InvalidInput
from gongkai.inforequests.stats import Table3Report, table3_report
from gongkai.lib.table3 import COLUMNS, HEADER_NOTE, VERSIONS, table_rows
from gongkai.organizations.models import Organ


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--organ", required=True, help="机关代码（slug）")
    parser.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
    parser.add_argument("--format", choices=["json", "csv"], default="json", dest="output_format")
    parser.add_argument(
        "--version",
        choices=VERSIONS,
        default=None,
        dest="table_version",
        help="年报格式：2019（国办公开办函〔2019〕60号）或 2021（〔2021〕30号）；默认按年度选择",
    )
    parser.add_argument("--strict", action="store_true", help="勾稽关系不成立时以非零状态退出")


def run(options: dict[str, Any], out: TextIO, err: TextIO) -> None:
    organ = Organ.objects.filter(slug=options["organ"]).first()
    if organ is None:
        raise CommandError(f"机关不存在：{options['organ']}")
    try:
        report = table3_report(organ=organ, year=options["year"], version=options["table_version"])
    except InvalidInput as exc:
        raise CommandError(str(exc)) from exc
    if options["output_format"] == "json":
        out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        write_csv(report, out)
    for violation in report.violations:
        err.write(f"[{violation.severity}] {violation.message}\n")
    if options["strict"] and any(v.severity == "error" for v in report.violations):
        raise CommandError("表三勾稽关系不成立。")


def write_csv(report: Table3Report, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow([f"{report.organ.name} {report.year}年 表三（{report.table.version}年格式）"])
    writer.writerow([HEADER_NOTE, *(c.group or "" for c in COLUMNS)])
    writer.writerow(["", *(c.label for c in COLUMNS)])
    for row in table_rows(report.table):
        values = row["values"]
        indent = "　" * int(row["level"])  # type: ignore[call-overload]
        cells = [""] * len(COLUMNS) if values is None else [values[c.key] for c in COLUMNS]  # type: ignore[index]
        writer.writerow([f"{indent}{row['label']}", *cells])
