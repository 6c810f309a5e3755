"""The base of background job commands (cron or systemd, the database as the queue).

    class Command(JobCommand):
        help = "…"

        def run_once(self, **options):
            result = things_sweep(today=self.today, dry_run=self.dry_run)
            self.stdout.write(f"…{result.count}…")

gives the command `--today YYYY-MM-DD` (the local date to act on; default today),
`--dry-run` (count, change nothing), `--loop` with `--interval SECONDS` (run again and again)
and a graceful stop: SIGTERM or SIGINT during a loop ends it after the current run, never in
the middle of one. Jobs are idempotent, so a stopped or missed run is caught up by the next.
Set `uses_today`, `supports_dry_run` or `supports_loop` to False for a job without them.
"""

from __future__ import annotations

import signal
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def parse_today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError("--today 须为 YYYY-MM-DD 格式。") from None


class JobCommand(BaseCommand):
    uses_today = True
    supports_dry_run = True
    supports_loop = True
    default_interval: float = 3600.0
    # The granularity of the wait between runs: how soon a stop request is noticed.
    tick: float = 0.25

    today: date | None = None
    dry_run: bool = False
    stopping: bool = False

    def add_arguments(self, parser: CommandParser) -> None:
        if self.uses_today:
            parser.add_argument("--today", help="按指定日期执行（YYYY-MM-DD），默认今天")
        if self.supports_dry_run:
            parser.add_argument("--dry-run", action="store_true", help="只统计，不修改")
        if self.supports_loop:
            parser.add_argument("--loop", action="store_true", help="循环执行，直到收到 SIGTERM")
            parser.add_argument(
                "--interval",
                type=float,
                default=self.default_interval,
                help="循环间隔（秒）",
            )
        self.add_job_arguments(parser)

    def add_job_arguments(self, parser: CommandParser) -> None:
        """Arguments of the job itself."""

    def handle(self, *args: Any, **options: Any) -> None:
        self.today = parse_today(options.get("today"))
        self.dry_run = bool(options.get("dry_run"))
        self.check_options(**options)
        self.run_loop(**options)

    def check_options(self, **options: Any) -> None:
        """Raise CommandError for invalid job options."""

    def run_once(self, **options: Any) -> Any:
        raise NotImplementedError

    def stop(self, signum: int = 0, frame: Any = None) -> None:
        self.stopping = True

    def run_loop(self, **options: Any) -> None:
        """One run, or with --loop runs every --interval seconds until stopped."""
        loop = bool(options.get("loop"))
        self.stopping = False
        if loop:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        while True:
            self.run_once(**options)
            if not loop or self.stopping:
                return
            waited = 0.0
            interval = max(float(options.get("interval") or self.default_interval), self.tick)
            while waited < interval:
                if self.stopping:
                    return
                time.sleep(self.tick)
                waited += self.tick
