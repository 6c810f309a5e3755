"""表三：收到和处理政府信息公开申请情况 (依申请公开), in the 2019 or 2021 format.

The counts come from the inforequests selector :func:`gongkai.inforequests.stats.table3_report`;
the layout and the §4.3 checks from the pure :mod:`gongkai.lib.table3`.
"""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from gongkai.core.exceptions import InvalidInput
from gongkai.inforequests.stats import Table3Report, table3_report
from gongkai.lib.table3 import VERSIONS
from gongkai.organizations.models import Organ
from gongkai.reports.registry import Output, ReportTable, register


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


def run(options: dict[str, Any], out: Output, err: Output) -> None:
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


def write_csv(report: Table3Report, out: Output) -> None:
    csv.writer(out).writerows(report.csv_rows())


TABLE3 = register(
    ReportTable(
        key="table3",
        title="表三：收到和处理政府信息公开申请情况",
        add_arguments=add_arguments,
        run=run,
    )
)
