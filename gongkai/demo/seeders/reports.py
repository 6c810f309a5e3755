"""Demo annual reports (reports module): 教育局's report on last year published (its portal page
under /ndbg/), 财政局's in draft, a 行政复议 case in the register, this year's self-inspection
worklists and 教育局's work priorities. Everything goes through the module's services; a second
run finds what exists and skips it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.reports import inspection, priorities, services
from gongkai.reports.models import AnnualReport, RemedyCase, SelfInspection, WorkPriority
from gongkai.reports.workflow import Result, Route

FIGURES_2021 = (
    ("licensing", "decisions", "326", "区政务服务中心审批系统年度统计"),
    ("penalty", "decisions", "14", "区教育局行政处罚案件台账"),
    ("enforcement", "decisions", "0", "区教育局行政强制台账"),
    ("fees", "amount", "0", "区财政非税收入管理系统"),
)


def _report(context: DemoContext, organ: str, *, publish: bool) -> int:
    year = context.today.year - 1
    if AnnualReport.objects.filter(organ=context.organs[organ], year=year).exists():
        return 0
    office = context.users[f"{organ}_openness"]
    report = services.annual_report_create(actor=office, organ=context.organs[organ], year=year)
    for row, column, value, source in FIGURES_2021:
        services.annual_report_set_figure(
            actor=office, report=report, row=row, column=column, value=value, source=source
        )
    services.annual_report_edit_section(
        actor=office,
        report=report,
        key="problems",
        text="一是政策解读形式较为单一，图解、视频解读偏少；二是部分栏目更新不够及时。"
        f"{year + 1}年将加强解读与文件同步发布，建立栏目更新提醒机制。",
    )
    if publish:
        services.annual_report_check(actor=office, report=report)
        services.annual_report_sign_off(
            actor=context.users[f"{organ}_head"], report=report, opinion="同意发布。"
        )
        services.annual_report_publish(actor=office, report=report, today=date(year + 1, 1, 20))
    return 1


def seed_reports(context: DemoContext) -> int:
    created = 0
    year = context.today.year
    with transaction.atomic():
        edu = context.organs["edu"]
        if not RemedyCase.objects.filter(organ=edu, case_number=f"示复〔{year - 1}〕3号").exists():
            services.remedy_case_record(
                actor=context.users["edu_openness"],
                organ=edu,
                data={
                    "case_number": f"示复〔{year - 1}〕3号",
                    "route": Route.REVIEW,
                    "result": Result.UPHELD,
                    "filed_on": date(year - 1, 6, 3),
                    "concluded_on": date(year - 1, 8, 1),
                    "summary": "申请人对招生信息部分公开答复不服申请行政复议，复议机关维持。",
                },
            )
        created += _report(context, "edu", publish=True)
        created += _report(context, "fin", publish=False)
        for organ in ("edu", "fin"):
            if not SelfInspection.objects.filter(organ=context.organs[organ], year=year).exists():
                inspection.self_inspection_generate(
                    actor=context.users[f"{organ}_openness"], organ=context.organs[organ], year=year
                )
        if not WorkPriority.objects.filter(organ=edu, year=year).exists():
            for title, unit, deadline in (
                ("推进义务教育招生入学政策及学区划分信息公开", "基础教育科", date(year, 6, 30)),
                ("完善校外培训机构监管信息公开专栏", "校外教育培训监管科", date(year, 9, 30)),
                ("开展政府信息公开年度自查", "办公室", date(year, 12, 31)),
            ):
                priorities.priority_add(
                    actor=context.users["edu_openness"],
                    organ=edu,
                    year=year,
                    data={"title": title, "responsible_unit": unit, "deadline": deadline},
                )
    return created


register(
    Seeder(
        "reports",
        "demo annual reports",
        seed_reports,
        after=("documents", "inforequests", "interpretations"),
    )
)
