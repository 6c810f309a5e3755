"""List G8 findings after the fact: published policy documents without an interpretation and
interpretations published later than allowed. For cron or a weekly report.

    manage.py interpretation_report [--fail-on-findings]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.calendars.selectors import current_calendar
from gongkai.interpretations import selectors


class _Everyone:
    """Monitoring scope of the whole district (the command runs as the system)."""

    is_authenticated = True
    is_superuser = True


class Command(BaseCommand):
    help = "政策解读监测：已发布但缺少解读的政策性文件；迟于文件发布的解读。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail-on-findings", action="store_true", help="有问题时以非零状态退出"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        everyone = _Everyone()
        today = timezone.localdate()
        lacking = list(selectors.policy_documents_lacking_interpretation(everyone))
        late = selectors.late_interpretations(everyone, current_calendar(today))
        self.stdout.write(f"已发布但缺少解读的政策性文件：{len(lacking)}")
        for document in lacking:
            self.stdout.write(
                f"  {document.published_date or '—'}  {document.organ.name}  {document.title}"
            )
        self.stdout.write(
            f"迟于文件发布超过{selectors.max_delay_workdays()}个工作日的解读：{len(late)}"
        )
        for row in late:
            self.stdout.write(
                f"  {row.interpretation.published_date}  +{row.delay_workdays}  "
                f"{row.interpretation.title}（{row.document.title}）"
            )
        if options["fail_on_findings"] and (lacking or late):
            raise CommandError("存在未同步发布的政策解读。")
