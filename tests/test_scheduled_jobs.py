"""Every job command is scheduled in the documented crontab (docs/deployment.md): a job that
is not scheduled never runs in production (a queued e-mail never leaves, a clock never
alerts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from gongkai.core.kit.commands import JobCommand

DEPLOYMENT = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"


def job_commands() -> list[str]:
    jobs = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("gongkai."):
            continue
        if isinstance(load_command_class(app, name), JobCommand):
            jobs.append(name)
    return jobs


def crontab_commands() -> set[str]:
    text = DEPLOYMENT.read_text(encoding="utf-8")
    block = text.split("```cron", 1)[1].split("```", 1)[0]
    return set(re.findall(r"manage\.py (\w+)", block))


@pytest.mark.django_db
def test_every_job_command_is_in_the_documented_crontab() -> None:
    jobs = job_commands()
    assert "send_outbox" in jobs  # the scan finds the jobs at all
    missing = sorted(set(jobs) - crontab_commands())
    assert not missing, f"job commands missing from docs/deployment.md's crontab: {missing}"
