"""The 待办 lines of the annual report and the self-inspection: who sees which line (its key)
and which tasks inline (label, link, 当前办理人, deadline)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from gongkai.core.kit.inbox import InboxLink
from gongkai.documents.models import Attribute, ReasonCode
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.reports import services
from gongkai.reports.inbox import inbox_links
from gongkai.reports.inspection import inspection_item_decide, self_inspection_generate
from gongkai.reports.models import Decision
from gongkai.reports.tests.conftest import YEAR

JAN_10 = date(YEAR + 1, 1, 10)  # the departments' reports are due on 31 January


def lines(user: Any, today: date = JAN_10) -> dict[str, InboxLink]:
    found = inbox_links(user, today)
    assert all(link.key for link in found)
    return {link.key: link for link in found}


def test_report_lines_follow_the_workflow(
    district: Any, reviewer: Any, clerk: Any, head: Any, other_reviewer: Any, gov_office: Any
) -> None:
    report = services.annual_report_create(actor=reviewer, organ=district.education, year=YEAR)
    detail = f"/staff/reports/{report.pk}/"

    # Draft: the drafters check it; the head has nothing yet; another organ sees nothing.
    for user in (reviewer, clerk):
        check = lines(user)["reports.check"]
        assert check.count == 1
        (item,) = check.items
        assert (item.label, item.url, item.due) == (report.title, detail, date(YEAR + 1, 1, 31))
        assert item.handler == "张" + reviewer.first_name
    assert lines(head) == {}
    assert "reports.check" not in lines(other_reviewer)
    assert "reports.check" not in lines(gov_office)

    services.annual_report_check(actor=reviewer, report=report)
    assert "reports.check" not in lines(reviewer)
    (item,) = lines(head)["reports.sign_off"].items
    assert (item.label, item.url) == (report.title, detail)
    assert item.handler == "张" + head.first_name
    assert "reports.sign_off" not in lines(reviewer)

    services.annual_report_sign_off(actor=head, report=report)
    assert lines(head) == {}
    assert "reports.publish" not in lines(clerk)  # the openness office publishes
    (item,) = lines(reviewer)["reports.publish"].items
    assert item.url == detail

    services.annual_report_publish(actor=reviewer, report=report, today=JAN_10)
    assert not {"reports.publish", "reports.due"} & set(lines(reviewer))


def test_the_deadline_reminder_opens_the_report_or_the_form_that_generates_it(
    district: Any, reviewer: Any, clerk: Any, other_reviewer: Any, gov_office: Any
) -> None:
    report = services.annual_report_create(actor=reviewer, organ=district.education, year=YEAR)

    # The organ's openness office: its own report, not yet due, opened from the item.
    due = lines(reviewer)["reports.due"]
    assert not due.urgent
    assert [(i.label, i.url) for i in due.items] == [(report.title, f"/staff/reports/{report.pk}/")]
    # Drafters see the deadline on the list, not in the 待办.
    assert "reports.due" not in lines(clerk)
    # Another department without a report: the item opens the form for its organ and year.
    (item,) = lines(other_reviewer)["reports.due"].items
    assert item.label == f"{district.finance.name}{YEAR}年政府信息公开工作年度报告"
    assert item.url == f"/staff/reports/new/?organ={district.finance.pk}&year={YEAR}"
    assert item.due == date(YEAR + 1, 1, 31)
    # The government office sees every department's; after 31 January they are urgent.
    office = lines(gov_office, date(YEAR + 1, 2, 5))["reports.due"]
    assert office.urgent
    assert {i.label for i in office.items} >= {
        report.title,
        f"{district.finance.name}{YEAR}年政府信息公开工作年度报告",
    }


def test_the_reminders_form_is_filled_for_its_organ_and_year(
    client: Client, district: Any, reviewer: Any
) -> None:
    client.force_login(reviewer)
    page = client.get(f"/staff/reports/new/?organ={district.education.pk}&year={YEAR - 1}")
    form = page.context["form"]
    assert form["organ"].value() == str(district.education.pk)
    assert form["year"].value() == str(YEAR - 1)


def test_self_inspection_items_go_to_the_organs_openness_office(
    district: Any, reviewer: Any, clerk: Any, head: Any, other_reviewer: Any, gov_office: Any
) -> None:
    document = DocumentFactory(
        organ=district.education,
        title="示范区教育局关于学区划分调整的研究意见",
        status=DocumentStatus.ISSUED,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于内部研究过程中的过程性信息。",
        written_date=date(YEAR, 4, 1),
    )
    inspection, added = self_inspection_generate(actor=None, organ=district.education, year=YEAR)
    assert added == 1
    item = inspection.items.get()

    line = lines(reviewer)["reports.inspection"]
    assert line.count == 1 and not line.urgent
    (task,) = line.items
    assert task.label == document.title
    assert task.url == f"/staff/reports/inspections/{inspection.pk}/#item-{item.pk}"
    assert task.due == inspection.due_date == date(YEAR + 1, 1, 15)
    assert task.handler == "张" + reviewer.first_name
    # Past the worklist's deadline the line is urgent.
    assert lines(reviewer, date(YEAR + 1, 1, 16))["reports.inspection"].urgent
    # Only the openness office decides (条例第十八条).
    for user in (clerk, head, other_reviewer, gov_office):
        assert "reports.inspection" not in lines(user)

    inspection_item_decide(
        actor=reviewer, item=item, decision=Decision.KEEP, note="仍属过程性信息，继续不予公开。"
    )
    assert "reports.inspection" not in lines(reviewer)
