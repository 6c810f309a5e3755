"""Work priorities (section 六), the G16 deadlines and 待办 lines, the roll-up's late flag."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.reports import priorities, selectors, services
from gongkai.reports.content import report_content
from gongkai.reports.inbox import inbox_links
from gongkai.reports.models import Progress
from gongkai.reports.tests.conftest import YEAR


def test_priorities_feed_section_six(year_of_work: Any, reviewer: Any, other_clerk: Any) -> None:
    item = priorities.priority_add(
        actor=reviewer,
        organ=year_of_work,
        year=YEAR,
        data={
            "title": "推进义务教育招生信息公开",
            "responsible_unit": "基础教育科",
            "deadline": date(YEAR, 6, 30),
        },
    )
    priorities.priority_add(
        actor=reviewer,
        organ=year_of_work,
        year=YEAR,
        data={
            "title": "完善政府信息公开指南",
            "responsible_unit": "办公室",
            "deadline": date(YEAR, 9, 30),
        },
    )
    priorities.priority_update(actor=reviewer, priority=item, data={"progress": Progress.DONE})
    with pytest.raises(InvalidInput):
        priorities.priority_update(
            actor=reviewer, priority=item, data={"progress": Progress.DELAYED}
        )
    with pytest.raises(NotPermitted):
        priorities.priority_update(
            actor=other_clerk, priority=item, data={"progress": Progress.DONE}
        )
    with pytest.raises(InvalidInput):
        priorities.priority_add(
            actor=reviewer,
            organ=year_of_work,
            year=YEAR,
            data={"title": " ", "responsible_unit": "x", "deadline": date(YEAR, 1, 1)},
        )
    report = services.annual_report_create(actor=reviewer, organ=year_of_work, year=YEAR)
    other = report_content(report).section_text("other")
    assert "本年度工作要点共2项，已完成1项" in other
    assert "完善政府信息公开指南（办公室，未启动）" in other


def test_deadlines_by_organ_kind(district: Any) -> None:
    assert selectors.deadline(district.education, 2025) == date(2026, 1, 31)
    assert selectors.deadline(district.government, 2025) == date(2026, 3, 31)


def test_due_reminders_and_late_flags(district: Any, reviewer: Any, gov_office: Any) -> None:
    # 10 January: 教育局 is reminded; the government is not yet (due 31 March).
    due = selectors.reports_due(reviewer, date(YEAR + 1, 1, 10))
    assert [d.organ for d in due] == [district.education] and not due[0].late
    links = inbox_links(reviewer, date(YEAR + 1, 1, 10))
    assert any("年度报告即将到期或已逾期未发布" in link.title for link in links)
    # 5 February: late.
    assert selectors.reports_due(reviewer, date(YEAR + 1, 2, 5))[0].late
    office_view = {d.organ for d in selectors.reports_due(gov_office, date(YEAR + 1, 3, 10))}
    assert {district.education, district.finance, district.government} <= office_view
    # A report published after 31 January is flagged late in the roll-up.
    report = services.annual_report_create(actor=reviewer, organ=district.education, year=YEAR)
    report.published_date = date(YEAR + 1, 2, 3)
    assert selectors.is_late(report, district.education, YEAR, date(YEAR + 1, 6, 1))
    rows = {r.organ: r for r in selectors.rollup(gov_office, YEAR, date(YEAR + 1, 2, 5))}
    assert rows[district.finance].late and rows[district.finance].report is None


def test_report_commands_offer_tables_2_and_4(year_of_work: Any, reviewer: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("report", "table4", "--organ", "edu", "--year", str(YEAR), stdout=out)
    assert "行政复议" in out.getvalue()
    out = StringIO()
    call_command("report", "table2", "--organ", "edu", "--year", str(YEAR), stdout=out)
    assert "行政规范性文件" in out.getvalue()


def test_priority_page(client: Client, year_of_work: Any, reviewer: Any) -> None:
    client.force_login(reviewer)
    url = f"/staff/reports/priorities/?organ=edu&year={YEAR}"
    bad = client.post(url, {"title": "", "responsible_unit": "办公室", "deadline": f"{YEAR}-05-01"})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "title": "推进政务公开标准目录建设",
            "responsible_unit": "办公室",
            "deadline": f"{YEAR}-05-01",
        },
    )
    assert ok.status_code == 302
    assert "推进政务公开标准目录建设" in client.get(url).content.decode()


def test_priority_forms_post_to_the_organ_and_year_shown(
    client: Client, year_of_work: Any, reviewer: Any
) -> None:
    """Opened without parameters, the page shows the first organ and this year; its forms
    post there by name, and a POST that names no organ (or an unknown one) changes nothing."""
    import re

    from django.utils import timezone

    from gongkai.reports.models import WorkPriority

    client.force_login(reviewer)
    page = client.get("/staff/reports/priorities/").content.decode()
    action = re.search(r'<form method="post" action="([^"]+)" id="priority-form"', page)
    assert action is not None, page
    target = action.group(1).replace("&amp;", "&")
    assert re.fullmatch(r"/staff/reports/priorities/\?organ=[\w-]+&year=\d{4}", target), target
    year = timezone.localdate().year
    data = {"title": "推进政务公开", "responsible_unit": "办公室", "deadline": f"{year}-11-30"}
    before = WorkPriority.objects.count()
    assert client.post("/staff/reports/priorities/", data).status_code == 404
    assert client.post("/staff/reports/priorities/?organ=nowhere", data).status_code == 404
    assert client.post(f"{target.split('&')[0]}&year=x", data).status_code == 404
    assert WorkPriority.objects.count() == before
    assert client.post(target, data).status_code == 302
    assert WorkPriority.objects.count() == before + 1
