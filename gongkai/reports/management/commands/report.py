"""`gongkai report table3 --organ ORG --year YYYY --format json|csv [--version 2019|2021]`.

One sub-command per table of gongkai.reports.registry: Table 2, Table 4 … appear here once
registered.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.reports import registry


class Command(BaseCommand):
    help = "政府信息公开工作年度报告统计表。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="table", required=True, parser_class=CommandParser)
        for table in registry.tables():
            table.add_arguments(sub.add_parser(table.key, help=table.title))

    def handle(self, *args: Any, **options: Any) -> None:
        registry.get(options["table"]).run(options, self.stdout, self.stderr)
