"""`recompute_deadlines`: recompute every open statutory clock against the calendar in force.

Idempotent: a second run moves nothing. Each clock whose due date moves gets a
`clock.recomputed` audit event. With --pending it only runs when a calendar edit is waiting
for its recompute (the after-commit run was lost), which makes it safe to run from cron:

    */10 * * * *  gongkai recompute_deadlines --pending
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gongkai.calendars.services import recompute_open_clocks, recompute_pending
from gongkai.core.kit.commands import JobCommand


class Command(JobCommand):
    help = "按现行工作日历重新计算所有未结期限，并为每个变动的期限记录审计事件。"
    # The calendar warning (gongkai.W030) belongs to `check`, not to every cron run.
    requires_system_checks: list[str] = []
    # The calendar in force is today's; a recompute is all or nothing (no dry run).
    uses_today = False
    supports_dry_run = False
    default_interval = 600.0

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pending",
            action="store_true",
            help="只处理尚未完成的节假日安排变更（供 cron 补做）",
        )

    def run_once(self, **options: Any) -> None:
        result = recompute_pending(actor="recompute_deadlines")
        if result is None:
            if options["pending"]:
                self.stdout.write("没有待处理的重新计算。moved: 0")
                return
            result = recompute_open_clocks(actor="recompute_deadlines")
        if result.aborted:
            self.stdout.write(
                self.style.WARNING("节假日安排在计算期间再次变更，已停止；请再次运行本命令。")
            )
        self.stdout.write(
            f"已检查 {result.checked} 个未结期限，{result.moved} 个期限变动，"
            f"{result.refreshed} 个仅更新说明。moved: {result.moved}"
        )
