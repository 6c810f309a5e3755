"""Yearly job: build the self-inspection worklist of every organ (gate G17, 条例第十八条).

Idempotent: run it in December (e.g. `gongkai self_inspection` on 1 December) and again at
year end; items already on a worklist keep their decisions. ``--year`` defaults to the year of
``--today`` (the year being inspected).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from gongkai.core.kit.commands import JobCommand
from gongkai.organizations.models import Organ, OrganKind
from gongkai.reports.inspection import self_inspection_generate


class Command(JobCommand):
    help = "年度自查：为各机关生成不予公开、依申请公开及多次被申请公开信息的自查清单。"
    supports_dry_run = False

    def add_job_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="自查年度（默认为当年）")
        parser.add_argument("--organ", help="只生成该机关（代码）的清单")

    def run_once(self, **options: Any) -> None:
        from gongkai.core.kit.steps import today as local_today

        year = options.get("year") or (self.today or local_today()).year
        organs = Organ.objects.exclude(kind=OrganKind.GOVERNMENT_OFFICE)
        if options.get("organ"):
            organs = organs.filter(slug=options["organ"])
            if not organs.exists():
                raise CommandError(f"机关不存在：{options['organ']}")
        total = 0
        for organ in organs.order_by("pk"):
            _inspection, added = self_inspection_generate(actor=None, organ=organ, year=year)
            total += added
        self.stdout.write(f"{year}年度自查清单已生成：{organs.count()}个机关，新增{total}项。")
