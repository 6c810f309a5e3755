"""End to end in Debian's chromium: the self-inspection converts a withheld document to
主动公开, which passes 保密审查 and is published; the annual report then shows the conversion
in its narrative, is checked, signed off and published, and its DOCX and PDF open with Chinese
text (python-docx, pdftotext, pdffonts)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from docx import Document as read_docx

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.documents.models import Attribute, ReasonCode
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.reports.models import AnnualReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, action: str) -> None:
    page.click(f"[data-action='{action}']")
    page.wait_for_load_state("load")


def download(page: Any, action: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"[data-action='{action}']")
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def test_self_inspection_to_published_report(
    browser: Any, live_server: Any, district: Any, tmp_path: Any
) -> None:
    edu = district.education
    UserFactory(username="office", roles=[(edu, Role.OPENNESS_OFFICER)])
    UserFactory(username="head", roles=[(edu, Role.HEAD)])
    UserFactory(username="secrecy", roles=[(district.government, Role.CONFIDENTIALITY)])
    year = timezone.localdate().year - 1
    document: Any = DocumentFactory(
        organ=edu,
        title="示范区教育局关于学区划分调整的研究意见",
        status=DocumentStatus.ISSUED,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于内部研究过程中的过程性信息。",
        written_date=date(year, 4, 1),
        marking="（此件不予公开）",
    )

    # 1. The openness office builds the worklist and converts the document.
    office = login(browser, live_server, "office")
    office.goto(f"{live_server.url}/staff/reports/inspections/")
    office.select_option("#id_organ", str(edu.pk))
    office.fill("#id_year", str(year))
    act(office, "generate")
    row = office.locator("tr[data-item]").filter(has_text="学区划分调整")
    row.locator("select[name=decision]").select_option("convert")
    row.locator("textarea[name=note]").fill("学区划分已确定，社会公众广泛关注，转为主动公开。")
    row.locator("[data-action='decide']").click()
    office.wait_for_load_state("load")
    assert "转为主动公开" in office.locator("tr[data-item]").first.inner_text()
    document.refresh_from_db()
    assert document.attribute == Attribute.PROACTIVE and document.status == DocumentStatus.ISSUED

    # 2. Its gates: 保密审查 item by item, then publication.
    secrecy = login(browser, live_server, "secrecy")
    secrecy.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    for box in secrecy.locator("input[name=items]").all():
        box.check()
    act(secrecy, "confidentiality_pass")
    office.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    act(office, "publish")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED

    # 3. The report: its narrative reports the conversion; bad input is refused.
    office.goto(f"{live_server.url}/staff/reports/new/")
    office.select_option("#id_organ", str(edu.pk))
    office.fill("#id_year", str(year))
    act(office, "create")
    assert "转为主动公开1项" in office.locator("#text-overview").input_value()
    office.select_option("#id_cell", "licensing:decisions")
    office.fill("#id_value", "12")
    act(office, "figure")
    assert "没有来源的数据不能填报" in office.content()
    for cell, value in (
        ("licensing:decisions", "12"),
        ("penalty:decisions", "3"),
        ("enforcement:decisions", "0"),
        ("fees:amount", "0"),
    ):
        office.select_option("#id_cell", cell)
        office.fill("#id_value", value)
        office.fill("#id_source", "区政务服务审批系统")
        act(office, "figure")
    office.fill("#text-problems", "一是政策解读形式单一；二是自查发现的应公开信息已全部公开。")
    act(office, "save-problems")
    act(office, "check")
    assert office.inner_text("#report-status").strip() == "已核验"

    head = login(browser, live_server, "head")
    report = AnnualReport.objects.get(organ=edu, year=year)
    head.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    act(head, "sign_off")
    assert head.inner_text("#report-status").strip() == "已审签"
    office.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    act(office, "publish")
    assert office.inner_text("#report-status").strip() == "已发布"

    # 4. The portal page, and the DOCX and PDF open with Chinese text.
    act(office, "public")
    assert "转为主动公开1项" in office.content()
    assert "收到和处理政府信息公开申请情况" in office.content()
    office.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    docx = read_docx(io.BytesIO(download(office, "docx")))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "转为主动公开1项" in text and "一是政策解读形式单一" in text
    pdf = download(office, "pdf")
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "转为主动公开1项" in "".join(out.split())
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, text=True
        ).stdout
        cjk = [line for line in fonts.splitlines() if "CJK" in line]
        assert cjk and all(" yes " in line for line in cjk)  # embedded
