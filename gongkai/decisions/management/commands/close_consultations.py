"""Daily job: open announced consultations on their opening day and close open ones after
their last day (重大行政决策程序暂行条例第十五条); republish the countdown of open ones."""

from __future__ import annotations

from typing import Any

from gongkai.core.kit import steps
from gongkai.core.kit.commands import JobCommand
from gongkai.decisions.services import consultations_tick


class Command(JobCommand):
    help = "Open and close public consultations (意见征集) on their dates."

    def run_once(self, **options: Any) -> Any:
        today = self.today or steps.today()
        opened, closed = consultations_tick(today=today, dry_run=self.dry_run)
        self.stdout.write(f"opened {opened}, closed {closed} ({today.isoformat()})")
        return opened, closed
