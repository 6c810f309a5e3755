"""`manage.py send_report_reminders [--today YYYY-MM-DD] [--dry-run] [--loop]`.

G16 (条例第四十九条): reminds the openness offices (and the government office for the
government's report) of annual reports due within a month or already late. The messages go
through the durable outbox, each exactly once per organ, report year, kind (即将到期 / 已逾期)
and recipient, so the job may run daily from cron (or with --loop) and may overlap; the
`send_outbox` job delivers them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.core.kit.commands import JobCommand
from gongkai.reports.reminders import reminders_enqueue


class Command(JobCommand):
    help = "年度报告（条例第四十九条）：临近法定期限或已逾期未发布时，提醒政务公开工作机构。"
    default_interval = 6 * 3600.0

    def run_once(self, **options: Any) -> None:
        today = self.today or timezone.localdate()
        run = reminders_enqueue(today=today, dry_run=self.dry_run)
        prefix = "（试运行）" if self.dry_run else ""
        self.stdout.write(
            f"{prefix}应发布而未发布的年度报告 {run.due} 份：新提醒 {run.queued} 条，"
            f"已提醒过 {run.already} 条，无人可提醒的机关 {run.no_recipient} 个。"
        )
