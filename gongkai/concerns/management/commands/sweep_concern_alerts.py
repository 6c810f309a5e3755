"""Escalation alerts of the 舆情 hour clocks (5 h / 24 h / 48 h, gate G15): every few
minutes under cron or systemd (`--loop --interval 60`). Idempotent: a missed run is caught
up by the next, and each alert goes out once."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from gongkai.concerns.alerts import alerts_sweep
from gongkai.core.kit.commands import JobCommand


class Command(JobCommand):
    help = "发送舆情回应时限的临期预警和到期警示（每条只发一次，漏跑自动补发）"
    default_interval = 60.0

    def run_once(self, **options: Any) -> Any:
        now = None
        if self.today is not None:
            # --today: act as at the end of that local day (a replay of a missed day).
            now = timezone.make_aware(datetime.combine(self.today, time(23, 59, 59)))
        run = alerts_sweep(now=now, dry_run=self.dry_run)
        if self.dry_run:
            self.stdout.write(f"待发送预警 {run.due} 条（未发送）")
            return run
        self.stdout.write(
            f"舆情预警：新认领 {run.claimed} 条，已发送 {run.sent} 条（邮件 {run.emails} 封，"
            f"短信 {run.sms} 条），已由其他进程认领 {run.skipped} 条，失败 {run.failed} 条"
        )
        return run
