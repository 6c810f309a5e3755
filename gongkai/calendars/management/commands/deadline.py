"""`gongkai deadline`: compute a working-day deadline from the command line.

    gongkai deadline --start 2025-09-25 --days 20 --pause 2025-10-09:2025-10-15 --extend 20

Prints the explanation (Chinese; --lang en for English), then the due date in ISO format alone
on the last line, so scripts can take `| tail -n 1`. Uses the calendar in force (packaged data
plus the administrators' entries).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendars.selectors import current_calendar
from gongkai.lib.deadlines import (
    MAX_EXTENSION_DAYS,
    Extension,
    Pause,
    PauseKind,
    compute_deadline,
)


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: “{value}”不是有效日期，请用 YYYY-MM-DD 格式。") from None


def _pause(value: str) -> Pause:
    parts = value.split(":")
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise CommandError(
            f"--pause: “{value}”格式应为 开始日期:结束日期[:类型]，如 2025-10-09:2025-10-15。"
        )
    kinds = ", ".join(k.value for k in PauseKind)
    try:
        kind = PauseKind(parts[2]) if len(parts) == 3 else PauseKind.THIRD_PARTY
    except ValueError:
        raise CommandError(f"--pause: 类型“{parts[2]}”无效，可选：{kinds}。") from None
    start, end = _date(parts[0], "--pause"), _date(parts[1], "--pause")
    if end < start:
        raise CommandError(f"--pause: 结束日期 {end} 早于开始日期 {start}。")
    return Pause(start, end, kind)


class Command(BaseCommand):
    help = "计算以工作日计的法定期限，逐步说明计算过程，最后一行输出届满日（ISO 格式）。"
    # Keep stdout/stderr to the explanation; `check` reports the calendar warning.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="起算日（当日不计入），YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=20, help="工作日数，默认 20")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="A:B[:KIND]",
            help="不计入期限的期间，可多次指定；KIND 为 third_party（默认）、other_organ、fee",
        )
        parser.add_argument("--restart", help="补正后重新起算日（条例第三十条），YYYY-MM-DD")
        parser.add_argument(
            "--extend", type=int, help=f"延长工作日数（1–{MAX_EXTENSION_DAYS}，条例第三十三条）"
        )
        parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="说明语言")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"], "--start")
        days = options["days"]
        if days < 0:
            raise CommandError(f"--days 不能为负数：{days}。")
        extend = options["extend"]
        if extend is not None and not 1 <= extend <= MAX_EXTENSION_DAYS:
            raise CommandError(
                f"--extend 须为 1 到 {MAX_EXTENSION_DAYS} 个工作日"
                f"（条例第三十三条第二款：延长的期限最长不得超过20个工作日），收到 {extend}。"
            )
        pauses = [_pause(value) for value in options["pause"]]
        restart = _date(options["restart"], "--restart") if options["restart"] else None
        try:
            deadline = compute_deadline(
                current_calendar(),
                start=start,
                days=days,
                pauses=pauses,
                restart=restart,
                extension=Extension(extend) if extend else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        lang = options["lang"]
        for step in deadline.steps:
            self.stdout.write(step.en if lang == "en" else step.zh)
        # Closed pauses only, so the clock always runs to a due date.
        if deadline.due is None:
            raise CommandError("pauses must be closed to compute a due date")
        self.stdout.write(deadline.due.isoformat())
