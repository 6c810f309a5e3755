"""Publish the public site as static files under settings.PUBLISH_ROOT.

    manage.py publish_site --pending   # the queue (cron/systemd timer; idempotent)
    manage.py publish_site --full      # every page, and delete stale files (after a
                                       # template change, a lost state, a restore)

`--loop` keeps processing the queue every --interval seconds until SIGTERM.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.publishing import publisher


class Command(BaseCommand):
    help = "把门户页面发布为静态文件（--pending 处理队列，--full 全量重建）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild every page")
        parser.add_argument("--pending", action="store_true", help="process the queue")
        parser.add_argument("--loop", action="store_true", help="with --pending: keep going")
        parser.add_argument("--interval", type=float, default=5.0)
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
        stop = False
        failed = 0

        def terminate(signum: int, frame: Any) -> None:
            nonlocal stop
            stop = True

        if options["loop"]:
            signal.signal(signal.SIGTERM, terminate)
            signal.signal(signal.SIGINT, terminate)
        while True:
            started = time.monotonic()
            result = publisher.process_pending(seconds=options["seconds"])
            if result.outcomes or result.failed or not options["loop"]:
                self._report("pending", result, started)
            if not options["loop"]:
                return len(result.failed)
            if stop:
                break
            slept = 0.0
            while slept < options["interval"] and not stop:
                time.sleep(0.25)
                slept += 0.25
            if stop:
                break
        return failed

    def _report(self, kind: str, result: publisher.PublishResult, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stdout.write(f"publish_site {kind}: {result.summary()} in {elapsed:.1f}s")
        for path, error in sorted(result.failed.items()):
            self.stderr.write(f"  {path}: {error}")
