"""Tell applicants to attend (列席) the outcome of a selection, once each.

The selection service queues the notices in the durable outbox in its own transaction, and
`send_outbox` delivers them (retrying failures). This job is the catch-up: it queues the
notice of any decided application that has none (selections recorded before the outbox
carried them). Each application is claimed with a conditional UPDATE and the outbox keys
are idempotent, so overlapping runs never queue twice. Cron: every 10 min.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.commands import JobCommand
from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.services import notify_attendees
from gongkai.meetings.workflow import ApplicationStatus, Status


class Command(JobCommand):
    help = "通知列席报名人遴选结果（未通知或通知失败的）"
    uses_today = False
    default_interval = 600.0

    def run_once(self, **options: Any) -> Any:
        if self.dry_run:
            pending = AttendanceApplication.objects.filter(
                notified_at__isnull=True,
                status__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED],
                item__meeting__status=Status.ANNOUNCED,
            ).count()
            self.stdout.write(f"待通知 {pending} 人")
            return pending
        sent = notify_attendees()
        self.stdout.write(f"已加入发送队列 {sent} 人")
        return sent
