"""`gongkai report_table3 …`: the same as `gongkai report table3 …`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.reports.tables.table3 import TABLE3


class Command(BaseCommand):
    help = "表三：收到和处理政府信息公开申请情况（同 report table3）。"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version selects the report format here (as in `report table3`), replacing Django's
        # --version (which prints the Django version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        TABLE3.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        TABLE3.run(options, self.stdout, self.stderr)
