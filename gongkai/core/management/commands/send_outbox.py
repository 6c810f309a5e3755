"""`gongkai send_outbox [--loop --interval 30] [--dry-run] [--limit N]`.

Delivers the durable outbox (`gongkai.core.kit.outbox`): e-mail through Django's mail and
SMS through GONGKAI_SMS_BACKEND, each message once, failures retried later. Run it from cron
every minute or with --loop under systemd: SIGTERM stops it between two messages, never in
the middle of one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from gongkai.core.kit import outbox
from gongkai.core.kit.commands import JobCommand
from gongkai.core.models import OutboxMessage


class Command(JobCommand):
    help = "发送待发消息（邮件、短信）：每条只发一次，失败的稍后重试。"
    uses_today = False
    default_interval = 30.0

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="每轮最多发送的条数")

    def check_options(self, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit 须为正整数。")

    def run_once(self, **options: Any) -> None:
        if self.dry_run:
            due = OutboxMessage.objects.filter(outbox.due_filter(timezone.now())).count()
            self.stdout.write(f"（试运行）待发送 {due} 条。")
            return
        run = outbox.deliver_pending(limit=options["limit"], should_stop=lambda: self.stopping)
        self.stdout.write(
            f"已发送 {run.sent} 条，稍后重试 {run.retried} 条，放弃 {run.failed} 条（待管理员处理）。"
        )
        for error in run.errors:
            self.stderr.write(error)
