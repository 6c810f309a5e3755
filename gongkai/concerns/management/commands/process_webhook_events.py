"""Job: build 舆情 cases from the monitoring webhook's pending events, in batches, each
exactly once (gongkai.concerns.webhook.process_pending). Run every minute, or as a worker
with ``--loop --interval 2``; several workers may run side by side on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gongkai.concerns.models import EventState, WebhookEvent
from gongkai.concerns.webhook import process_pending
from gongkai.core.kit.commands import JobCommand


class Command(JobCommand):
    help = "Build 舆情 cases from pending monitoring webhook events."
    uses_today = False
    default_interval = 2.0

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="events per transaction")

    def run_once(self, **options: Any) -> Any:
        if self.dry_run:
            pending = WebhookEvent.objects.filter(state=EventState.PENDING).count()
            self.stdout.write(f"pending {pending}")
            return pending
        processed, failed = process_pending(batch=max(1, int(options.get("batch") or 200)))
        self.stdout.write(f"processed {processed}, failed {failed}")
        return processed, failed
