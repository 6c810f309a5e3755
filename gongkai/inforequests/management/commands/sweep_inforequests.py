"""Daily job: flag lapsed corrections for the office, close lapsed fee notices, end expired
consultation windows.

Idempotent (each case is re-checked under its row lock): run it from cron every night, e.g.
`gongkai sweep_inforequests`, or with `--loop` under systemd.
"""

from __future__ import annotations

import signal
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.inforequests.services import inforequests_sweep


class Command(BaseCommand):
    help = (
        "依申请公开：补正期限届满转工作人员核实，逾期未缴费自动办结，"
        "征求意见期限届满恢复计算答复期限。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="按指定日期执行（YYYY-MM-DD），默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不修改")
        parser.add_argument("--loop", action="store_true", help="循环执行（每小时一次）")
        parser.add_argument("--interval", type=int, default=3600, help="循环间隔（秒）")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today 须为 YYYY-MM-DD 格式。") from None
        stop = False

        def on_term(signum: int, frame: Any) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, on_term)
        while True:
            result = inforequests_sweep(today=today, dry_run=options["dry_run"])
            prefix = "（试运行）" if options["dry_run"] else ""
            self.stdout.write(
                f"{prefix}补正期限届满待核实 {result.corrections_lapsed} 件，逾期未缴费办结 "
                f"{result.fees_lapsed} 件，征求意见期限届满 {result.consultations_expired} 件，"
                f"补正告知期限届满 {result.notice_windows_closed} 件。"
            )
            if not options["loop"] or stop:
                return
            for _ in range(max(options["interval"], 1)):
                if stop:
                    return
                time.sleep(1)
