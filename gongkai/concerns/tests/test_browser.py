"""End to end: the office registers a 重大 case and confirms the first responsible body, the
alert sweep warns before the 5-hour deadline, the department records and publishes its
authoritative release, and the public reads it in 回应关切. Debian's chromium via
Playwright."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.concerns.alerts import alerts_sweep
from gongkai.concerns.models import CaseAlert, OpinionCase
from gongkai.core.kit.outbox import deliver_pending

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, action: str) -> None:
    with page.expect_navigation():
        page.click(f"button[data-action='{action}']")


def test_case_allocated_alerted_and_answered_in_hygz(live_server, cast, browser):  # type: ignore[no-untyped-def]
    detected = timezone.localtime() - timedelta(hours=4, minutes=20)
    office = login(browser, live_server, cast.gov_office.username)
    office.goto(f"{live_server.url}/staff/concerns/new/")
    office.fill("#id_detected_at", detected.strftime("%Y-%m-%dT%H:%M"))
    office.fill("#id_source", "某网络论坛")
    office.fill("#id_topic", "网传示范区某小学校车超载")
    office.fill("#id_summary", "帖文称某小学校车严重超载，转发量较大。")
    office.select_option("#id_severity", "major")
    office.select_option("#id_organs", str(cast.district.education.pk))
    act(office, "create")
    assert "舆情已登记" in office.content()
    assert office.inner_text("#proposed-organ").startswith("示范区教育局")
    release_due = (detected + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M")
    assert release_due in office.inner_text("#clocks")
    act(office, "allocate")
    assert office.inner_text("#responsible-organ").startswith("示范区教育局")
    case = OpinionCase.objects.get()

    # Forty minutes before the 5-hour deadline: the sweep warns the department and the
    # coordinators, once.
    run = alerts_sweep()
    assert run.sent == 1
    assert CaseAlert.objects.filter(case=case, queued_at__isnull=False).count() == 1
    deliver_pending()  # the send_outbox job
    assert "临期预警" in mail.outbox[-1].subject
    assert alerts_sweep().claimed == 0
    office.reload()
    assert "临期预警" in office.inner_text("#alerts")

    head = login(browser, live_server, cast.head.username)
    head.goto(f"{live_server.url}/staff/concerns/")
    row = head.locator(f"tr[data-case='{case.pk}']")
    assert row.get_attribute("class") == "due-urgent"  # under an hour left: red
    row.locator("a").click()
    head.wait_for_url(re.compile(rf"/staff/concerns/{case.pk}/"))
    head.fill("#id_respond-title", "关于网传某小学校车超载情况的通报")
    head.fill(
        "#id_respond-content", "经核查，涉事校车核载19人，当日实载17人，未超载。网传情况不实。"
    )
    head.fill("#id_respond-link", "https://www.example.gov.cn/xwfb/1.html")
    act(head, "respond")
    assert "回应已记录" in head.content()
    assert "已完成" in head.inner_text("#clocks tr[data-kind='opinion_release']")
    act(head, "publish_response")
    assert "已在“回应关切”发布" in head.inner_text("#responses")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/hygz/")
    public.click("text=关于网传某小学校车超载情况的通报")
    assert "网传示范区某小学校车超载" in public.inner_text("#response-topic")
    assert "未超载" in public.inner_text("#response-content")
    assert public.inner_text("#response-organ") == "示范区教育局"
