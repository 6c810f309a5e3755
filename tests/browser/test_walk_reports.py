"""Role walks of the annual self-inspection and the annual report (issue 14), from each
role's 待办, in Chinese and in English (tests/browser/walk.py).

1. Self-inspection: the department's openness office (政务公开工作机构) opens a withheld
   document's item from its 待办 and converts it to 主动公开; the 保密审查 reviewer passes it
   from its 待办; the openness office publishes it from its 待办.
2. The annual report: the openness office opens the G16 reminder from its 待办, generates
   the report from the data (its narrative reports the self-inspection's conversion), sees
   the narrative/table mismatch warning and corrects the text, checks it; the head signs it
   off from its 待办; the openness office publishes it from its 待办; the public 年报 page
   shows it and its DOCX and PDF download (their text, CJK fonts embedded, is tested in
   gongkai/reports/tests/test_render.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.documents.models import Attribute, ReasonCode
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.organizations.models import Organ
from gongkai.reports.inspection import inspection_item_decide, self_inspection_generate
from gongkai.reports.models import AnnualReport, Decision, InspectionItem
from gongkai.reports.tests.conftest import published
from gongkai.reports.workflow import Status
from tests.browser import walk
from tests.browser.walk import Desk, citizen_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
language = walk.language  # the fixture: zh-hans and en


def _names() -> list[str]:
    """Data on the pages: organs' and people's names."""
    users = get_user_model().objects.all()
    return [*Organ.objects.values_list("name", flat=True)] + [
        u.get_full_name() or u.get_username() for u in users
    ]


def withheld(organ: Any, year: int) -> Any:
    """An issued document withheld (不予公开) in ``year``."""
    return DocumentFactory(
        organ=organ,
        title="示范区教育局关于学区划分调整的研究意见",
        status=DocumentStatus.ISSUED,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于内部研究过程中的过程性信息。",
        written_date=date(year, 4, 1),
        marking="（此件不予公开）",
    )


def open_document(desk: Desk, block: str, document: Any) -> Any:
    """From the 待办's document block `block`, open `document`."""
    page = desk.inbox()
    link = page.locator(f"#inbox-{block} tr[data-document='{document.pk}'] a").first
    assert link.count() == 1, f"{document.title!r} is not in the 待办 block {block!r}"
    with page.expect_navigation():
        link.click()
    desk.check_chrome()
    return page


def test_self_inspection_converts_a_withheld_document(
    live_server: Any, district: Any, browser: Any, language: str
) -> None:
    edu = district.education
    UserFactory(username="office", roles=[(edu, Role.OPENNESS_OFFICER)])
    UserFactory(username="secrecy", roles=[(district.government, Role.CONFIDENTIALITY)])
    year = timezone.localdate().year - 1
    document = withheld(edu, year)
    # The yearly job has built the worklist.
    self_inspection_generate(actor=None, organ=edu, year=year)
    item = InspectionItem.objects.get(document=document)
    data = [document.title, *_names()]

    # The openness office: the item from the 待办, its review, the conversion.
    office = Desk(browser, live_server, "office", language, data=data)
    page = office.open_task("reports.inspection", document.title)
    row = page.locator(f"tr[data-item='{item.pk}']")
    assert row.get_attribute("data-decision") == Decision.PENDING
    row.locator("select[name=decision]").select_option(Decision.CONVERT)
    row.locator("textarea[name=note]").fill("学区划分已确定，社会公众广泛关注，转为主动公开。")
    office.act(f"tr[data-item='{item.pk}'] [data-action=decide]")
    row = page.locator(f"tr[data-item='{item.pk}']")
    assert row.get_attribute("data-decision") == Decision.CONVERT
    office.inbox()
    assert "reports.inspection" not in office.task_keys()
    document.refresh_from_db()
    assert document.attribute == Attribute.PROACTIVE and document.status == DocumentStatus.ISSUED

    # Its gates: 保密审查 from the reviewer's 待办, then publication from the office's.
    secrecy = Desk(browser, live_server, "secrecy", language, data=data)
    page = open_document(secrecy, "confidentiality", document)
    for box in page.locator("input[name=items]").all():
        box.check()
    secrecy.act("[data-action=confidentiality_pass]")
    page = open_document(office, "to_publish", document)
    office.act("[data-action=publish]")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


def test_annual_report_from_reminder_to_publication(
    live_server: Any, district: Any, browser: Any, language: str
) -> None:
    edu = district.education
    office_user = UserFactory(username="office", roles=[(edu, Role.OPENNESS_OFFICER)])
    UserFactory(username="head", roles=[(edu, Role.HEAD)])
    year = timezone.localdate().year - 1
    published(edu, date(year, 3, 2), title="示范区教育局关于做好学生资助工作的通知")
    # The year's self-inspection converted a withheld document (the first walk's work).
    withheld(edu, year)
    worklist, _added = self_inspection_generate(actor=None, organ=edu, year=year)
    inspection_item_decide(
        actor=office_user,
        item=worklist.items.get(),
        decision=Decision.CONVERT,
        note="转为主动公开。",
    )
    title = AnnualReport(organ=edu, year=year).title
    data = [title, *_names()]

    # The openness office: the G16 reminder opens the form for this organ and year.
    office = Desk(browser, live_server, "office", language, data=data)
    page = office.open_task("reports.due", title)
    assert page.input_value("#id_year") == str(year)
    assert page.input_value("#id_organ") == str(edu.pk)
    office.act("[data-action=create]")
    report = AnnualReport.objects.get(organ=edu, year=year)
    assert "status-draft" in (page.get_attribute("#report-status", "class") or "")
    overview = page.input_value("#text-overview")
    assert "主动公开政府信息1条" in overview and "转为主动公开1项" in overview
    # A figure quoted wrongly in the narrative is flagged against the tables.
    page.fill("#text-overview", overview.replace("主动公开政府信息1条", "主动公开政府信息258条"))
    office.act("[data-action=save-overview]")
    assert page.locator("#report-checks [data-rule=narrative]").count() == 1
    page.fill("#text-overview", overview)
    office.act("[data-action=save-overview]")
    assert page.locator("#report-checks [data-rule=narrative]").count() == 0
    office.act("[data-action=check]")
    report.refresh_from_db()
    assert report.status == Status.CHECKED

    # The head signs it off from the 待办.
    head = Desk(browser, live_server, "head", language, data=data)
    head.open_task("reports.sign_off", title)
    head.act("[data-action=sign_off]")
    report.refresh_from_db()
    assert report.status == Status.SIGNED_OFF

    # The openness office publishes it from the 待办; the reminder is gone.
    office.open_task("reports.publish", title)
    office.act("[data-action=publish]")
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    office.inbox()
    assert not {"reports.due", "reports.publish"} & set(office.task_keys())

    # The public 年报 column shows it; its DOCX and PDF download.
    citizen = citizen_page(browser)
    citizen.goto(f"{live_server.url}/ndbg/")
    with citizen.expect_navigation():
        citizen.locator(f"a[href*='/ndbg/{edu.slug}/{year}/']").first.click()
    assert title in citizen.content() and "转为主动公开1项" in citizen.content()
    for fmt, mime in (
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ):
        href = citizen.locator(f"a[href$='report.{fmt}']").first.get_attribute("href")
        response = citizen.request.get(f"{live_server.url}{href}" if href.startswith("/") else href)
        assert response.status == 200, fmt
        assert response.headers["content-type"].startswith(mime), fmt
