"""Tell applicants to attend (列席) the outcome of a selection, once each.

The selection service sends the notices right after it commits; this job catches up what
failed (gateway or mail down) or was never sent (the process died). Each application is
claimed with a conditional UPDATE, so overlapping runs never send twice. Cron: every 10 min.
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
        self.stdout.write(f"已通知 {sent} 人")
        return sent
