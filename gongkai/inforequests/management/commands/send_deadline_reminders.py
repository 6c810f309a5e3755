"""`gongkai send_deadline_reminders [--loop] [--dry-run] [--days N]`.

E-mails (and texts, through the SMS gateway of GONGKAI_SMS_BACKEND) the handlers of every case
whose reply deadline (条例第三十三条) is within N working days or past. Idempotent: each
reminder is claimed by a unique row before it is sent, so runs may overlap or be missed
(the next one catches up) and nothing is sent twice. Run it from cron, or with --loop under
systemd (SIGTERM stops it between runs).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from gongkai.core.kit.commands import JobCommand
from gongkai.inforequests.services import reminders_send


class Command(JobCommand):
    help = "依申请公开：答复期限即将届满或已超期时，提醒承办人员（邮件、短信）。"

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="距答复期限不超过N个工作日即提醒（默认 GONGKAI_DUE_SOON_WORKDAYS）",
        )

    def check_options(self, **options: Any) -> None:
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("--days 不能为负数。")

    def run_once(self, **options: Any) -> None:
        run = reminders_send(today=self.today, workdays=options["days"], dry_run=self.dry_run)
        if self.dry_run:
            self.stdout.write(
                f"（试运行）应提醒 {run.due} 件，其中已提醒过 {run.skipped} 件，"
                f"待发送 {run.due - run.skipped} 件。"
            )
        else:
            self.stdout.write(
                f"应提醒 {run.due} 件：本次发送 {run.sent} 件（邮件 {run.emails} 封，"
                f"短信 {run.sms} 条，已排入待发消息），已提醒过 {run.skipped} 件。"
            )
