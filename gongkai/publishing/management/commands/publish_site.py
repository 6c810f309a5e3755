"""Publish the public site as static files under settings.PUBLISH_ROOT.

    manage.py publish_site --pending   # the queue (cron/systemd timer; idempotent)
    manage.py publish_site --full      # every page, and delete stale files (after a
                                       # template change, a lost state, a restore)

`--loop` keeps processing the queue every --interval seconds until SIGTERM.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from gongkai.core.kit.commands import JobCommand
from gongkai.publishing import publisher


class Command(JobCommand):
    help = "把门户页面发布为静态文件（--pending 处理队列，--full 全量重建）。"
    uses_today = False
    supports_dry_run = False
    default_interval = 5.0

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild every page")
        parser.add_argument("--pending", action="store_true", help="process the queue")
        parser.add_argument(
            "--seconds", type=float, default=None, help="stop the queue after this long"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["full"] or options["pending"]):
            raise CommandError("choose --full and/or --pending")
        failed = 0
        if options["full"]:
            started = time.monotonic()
            result = publisher.publish_all(progress=10000, out=self.stdout)
            self._report("full", result, started)
            failed += len(result.failed)
        if options["pending"]:
            failed += self._pending(options)
        if failed:
            raise CommandError(f"{failed} page(s) failed; see the log")

    def _pending(self, options: dict[str, Any]) -> int:
        """The queue: once, or with --loop until SIGTERM (the kit's run loop)."""
        self._failed = 0
        self.run_loop(**options)
        return self._failed

    def run_once(self, **options: Any) -> None:
        started = time.monotonic()
        result = publisher.process_pending(seconds=options["seconds"])
        if result.outcomes or result.failed or not options["loop"]:
            self._report("pending", result, started)
        if not options["loop"]:
            self._failed += len(result.failed)

    def _report(self, kind: str, result: publisher.PublishResult, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stdout.write(f"publish_site {kind}: {result.summary()} in {elapsed:.1f}s")
        for path, error in sorted(result.failed.items()):
            self.stderr.write(f"  {path}: {error}")
