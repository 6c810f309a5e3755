"""`gongkai report table3 --organ ORG --year YYYY --format json|csv [--version 2019|2021]`.

A command with sub-commands so further annual-report tables can be added as `report table2` …
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.inforequests.management.commands import _table3


class Command(BaseCommand):
    help = "政府信息公开工作年度报告统计表。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="table", required=True, parser_class=CommandParser)
        table3 = sub.add_parser("table3", help="表三：收到和处理政府信息公开申请情况")
        _table3.add_arguments(table3)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["table"] == "table3":
            _table3.run(options, self.stdout, self.stderr)
