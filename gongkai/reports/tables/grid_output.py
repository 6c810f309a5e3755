"""Tables 2 and 4 on the command line: the printed grid as JSON or CSV (``report table2``,
``report table4``), from the same figures as the annual report."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandError

from gongkai.lib.table3 import FIRST_YEAR, Violation, default_version
from gongkai.organizations.models import Organ
from gongkai.reports.grids import Grid, placed, width
from gongkai.reports.registry import Output


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--organ", required=True, help="机关代码（slug）")
    parser.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
    parser.add_argument("--format", choices=["json", "csv"], default="json", dest="output_format")
    parser.add_argument(
        "--version",
        choices=["2019", "2021"],
        default=None,
        dest="table_version",
        help="年报格式；默认按年度选择",
    )


def organ_year_version(options: dict[str, Any]) -> tuple[Organ, int, str]:
    organ = Organ.objects.filter(slug=options["organ"]).first()
    if organ is None:
        raise CommandError(f"机关不存在：{options['organ']}")
    year = int(options["year"])
    if year < FIRST_YEAR:
        raise CommandError(f"年度报告表格自{FIRST_YEAR}年度起适用。")
    return organ, year, options.get("table_version") or default_version(year)


def write(
    grid: Grid,
    violations: list[Violation],
    title: str,
    options: dict[str, Any],
    out: Output,
    err: Output,
) -> None:
    if options["output_format"] == "json":
        cells = [
            {
                "row": r,
                "column": c,
                "text": cell.text,
                "colspan": cell.colspan,
                "rowspan": cell.rowspan,
            }
            for r, c, cell in placed(grid)
        ]
        out.write(
            json.dumps(
                {"title": title, "cells": cells, "violations": [asdict(v) for v in violations]},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        rows: list[list[str]] = [["" for _ in range(width(grid))] for _ in grid]
        for r, c, cell in placed(grid):
            rows[r][c] = cell.text
        writer = csv.writer(out)
        writer.writerow([title])
        writer.writerows(rows)
    for violation in violations:
        err.write(f"[{violation.severity}] {violation.message}\n")
