"""Daily job: flag lapsed corrections for the office, close lapsed fee notices, end expired
consultation windows.

Idempotent (each case is re-checked under its row lock): run it from cron every night, e.g.
`gongkai sweep_inforequests`, or with `--loop` under systemd.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.commands import JobCommand
from gongkai.inforequests.services import inforequests_sweep


class Command(JobCommand):
    help = (
        "依申请公开：补正期限届满转工作人员核实，逾期未缴费自动办结，"
        "征求意见期限届满恢复计算答复期限。"
    )

    def run_once(self, **options: Any) -> None:
        result = inforequests_sweep(today=self.today, dry_run=self.dry_run)
        prefix = "（试运行）" if self.dry_run else ""
        self.stdout.write(
            f"{prefix}补正期限届满待核实 {result.corrections_lapsed} 件，逾期未缴费办结 "
            f"{result.fees_lapsed} 件，征求意见期限届满 {result.consultations_expired} 件，"
            f"补正告知期限届满 {result.notice_windows_closed} 件。"
        )
