"""Job (every few minutes, or ``--loop --interval 60``): open published 征集调查 at their
opening time and close open ones at their closing time; a missed run catches up. Answers are
refused outside the period whether or not this job has run (services.accepting_answers)."""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.commands import JobCommand
from gongkai.mailbox.services import solicitations_tick


class Command(JobCommand):
    help = "Open and close solicitations and surveys (征集调查) at their times."
    uses_today = False
    default_interval = 60.0

    def run_once(self, **options: Any) -> Any:
        opened, closed = solicitations_tick(dry_run=self.dry_run)
        self.stdout.write(f"opened {opened}, closed {closed}")
        return opened, closed
