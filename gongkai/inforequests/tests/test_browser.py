"""A whole 依申请公开 case, end to end in Debian's chromium.

1. a citizen applies online at /ysqgk/ and keeps the case number and query code;
2. the openness officer confirms receipt and issues a 补正 notice (and its letter);
3. the citizen corrects on the tracking page;
4. the office head extends the deadline, decides 部分公开 and sends the reply letter;
5. the citizen sees the letter on the tracking page and downloads it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest, Letter, LetterKind, Outcome
from gongkai.inforequests.tests.factories import VALID_ID
from gongkai.inforequests.workflow import Status

# Playwright's sync API runs an event loop in this thread; the ORM calls between browser
# steps are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    """Replaces the package's frozen clock: the live server and the browser need time to pass."""
    with time_machine.travel("2025-12-15 10:00 +08:00", tick=True):
        yield


def new_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    # The staff pages ask before irreversible steps (发出文书); the user agrees.
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def login(browser: Any, live_server: Any, username: str) -> Any:
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, action: str) -> None:
    with page.expect_navigation():
        page.click(f"[data-action='{action}']")


def test_a_case_from_application_to_reply_letter(
    live_server: Any, district: Any, reviewer: Any, office_head: Any, browser: Any
) -> None:
    # 1. The citizen applies online.
    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("inforequests_public:apply"))
    assert "20个工作日" in citizen.content()
    citizen.click("#apply-online")
    citizen.check("input[name=applicant_type][value=natural]")
    citizen.fill("#id_applicant_name", "王小明")
    citizen.select_option("#id_id_type", "resident_id")
    citizen.fill("#id_id_number", "110105194912310021")  # a typo in the check digit
    citizen.fill("#id_phone", "13812345678")
    citizen.fill("#id_email", "wang@example.com")
    citizen.select_option("#id_organ", str(district.education.pk))
    citizen.fill("#id_info_title", "示范街道房屋征收补偿方案")
    citizen.check("input[name=provision_form][value=email]")
    citizen.check("input[name=delivery][value=email]")
    with citizen.expect_navigation():
        citizen.click("#submit-application")
    assert "居民身份证号码校验位不正确" in citizen.inner_text("#error-summary")
    assert InfoRequest.objects.count() == 0
    citizen.fill("#id_id_number", VALID_ID)
    with citizen.expect_navigation():
        citizen.click("#submit-application")
    case_number = citizen.inner_text("#case-number").strip()
    query_code = citizen.inner_text("#query-code").strip()
    info_request = InfoRequest.objects.get()
    assert info_request.case_number == case_number and len(query_code) == 12
    # 条例第三十一条: the online platform acknowledges the application at once.
    assert info_request.status == Status.RECEIVED

    # 2. The openness officer asks for a correction (一次性告知).
    officer = login(browser, live_server, "reviewer")
    officer.click("nav.main-nav >> text=依申请公开")
    officer.click(f"text={case_number}")
    officer.fill("#id_correction_notice_items", "请写明征收项目的名称\n请写明方案的印发年份")
    officer.fill("#id_correction_notice_period_days", "10")
    act(officer, "correction_notice")
    info_request.refresh_from_db()
    assert info_request.status == Status.CORRECTION
    officer.select_option("#id_letter_create_kind", LetterKind.CORRECTION.value)
    act(officer, "letter_create")
    assert "政府信息公开申请补正告知书" in officer.inner_text("#letter-title")
    act(officer, "letter_send")
    assert Letter.objects.get(kind=LetterKind.CORRECTION).is_sent

    # 3. The citizen corrects on the tracking page.
    citizen.goto(live_server.url + reverse("inforequests_public:track"))
    citizen.fill("#id_case_number", case_number)
    citizen.fill("#id_query_code", query_code)
    with citizen.expect_navigation():
        citizen.click("#track-submit")
    assert "请写明征收项目的名称" in citizen.inner_text("#correction-items")
    assert "政府信息公开申请补正告知书" in citizen.inner_text("#letters")
    assert "13812345678" not in citizen.content()
    citizen.fill("#id_text", "示范街道棚户区改造一期项目，方案于2024年印发。")
    with citizen.expect_navigation():
        citizen.click("#correction-submit")
    assert "补正已提交" in citizen.content()
    assert citizen.inner_text("#case-status") == "已受理"
    info_request.refresh_from_db()
    assert info_request.corrected_on is not None and info_request.status == Status.RECEIVED

    # 4. The office head extends, decides 部分公开 and sends the reply letter.
    head = login(browser, live_server, "office_head")
    head.goto(live_server.url + reverse("inforequests:detail", args=[info_request.pk]))
    head.fill("#id_extend_days", "10")
    head.fill("#id_extend_reason", "需要调取档案并区分处理")
    act(head, "extend")
    info_request.refresh_from_db()
    assert info_request.extension_days == 10
    # 条例第十七条: 保密审查 of the material provided, item by item, before the decision.
    head.fill("#id_release_review_items", "示范街道棚户区改造一期补偿方案（第1-2页）")
    head.fill("#id_release_review_failed_items", "第3页（第三方个人信息）")
    act(head, "release_review")
    head.fill("#id_release_review_items", "示范街道棚户区改造一期补偿方案（第1-2页）")
    act(head, "release_review")
    assert "通过" in head.inner_text("#release-reviews")
    head.select_option("#id_decide_outcome", Outcome.PARTIAL.value)
    head.locator("#withheld-grounds summary").click()
    head.check(f"input[name=withheld_grounds][value={Outcome.THIRD_PARTY_RIGHTS.value}]")
    head.fill("#id_decide_reasons", "第3页含有第三方个人信息，已作区分处理。")
    act(head, "decide")
    head.select_option("#id_letter_create_kind", LetterKind.REPLY.value)
    act(head, "letter_create")
    body = head.input_value("#id_body")
    assert "第三十七条" in body and "申请行政复议" in body
    head.fill("#id_body", body + "\n附件：示范街道棚户区改造一期补偿方案（部分公开）")
    act(head, "letter_save")
    act(head, "letter_send")
    reply = Letter.objects.get(kind=LetterKind.REPLY)
    assert reply.is_sent and reply.reference == "教育局依申请公开〔2025〕第2号"
    assert "附件：示范街道棚户区改造一期补偿方案（部分公开）" in reply.body
    act(head, "reply")
    info_request.refresh_from_db()
    assert info_request.status == Status.REPLIED and info_request.outcome == Outcome.PARTIAL

    # 5. The citizen sees the reply letter in tracking and downloads it.
    citizen.reload()
    letters = citizen.inner_text("#letters")
    assert "政府信息公开申请答复告知书" in letters and "教育局依申请公开〔2025〕第2号" in letters
    assert "部分公开" in citizen.inner_text("#case-outcome")
    with citizen.expect_download() as download:
        citizen.click(f"[data-letter='{reply.pk}'] [data-format='pdf']")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
