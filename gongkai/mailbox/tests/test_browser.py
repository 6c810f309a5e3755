"""互动交流 end to end in Debian's chromium.

A citizen leaves a message (consenting to publication), keeps the number and query code;
the department's clerk accepts and replies; the openness office publishes it as 留言选登;
the reply appears in 留言选登 without the writer's name or telephone; the citizen rates it.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.urls import reverse

from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.workflow import Status

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
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


def test_a_message_from_the_form_to_liuyan_xuandeng(
    live_server: Any, district: Any, clerk: Any, reviewer: Any, browser: Any
) -> None:
    # 1. The citizen leaves a message.
    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("mailbox_public:home"))
    citizen.click(f"a[href='{reverse('mailbox_public:form')}']")
    citizen.select_option("#id_organ", str(district.education.pk))
    citizen.check("input[name=kind][value=consultation]")
    citizen.fill("#id_subject", "孩子入学报名需要哪些材料")
    citizen.fill("#id_text", "我是王小明，孩子今年入学，电话13812345678，请问报名需要哪些材料？")
    citizen.fill("#id_writer_name", "王小明")
    citizen.fill("#id_phone", "13812345678")
    # bad input first: the message is not stored and the page says why, in Chinese
    citizen.fill("#id_phone", "")
    with citizen.expect_navigation():
        citizen.click("#submit-message")
    assert "请至少填写一种联系方式" in citizen.inner_text("#error-summary")
    assert PublicMessage.objects.count() == 0
    citizen.fill("#id_phone", "13812345678")
    citizen.check("#id_consent_publish")
    with citizen.expect_navigation():
        citizen.click("#submit-message")
    number = citizen.inner_text("#message-number").strip()
    code = citizen.inner_text("#query-code").strip()
    message = PublicMessage.objects.get(number=number)
    assert message.status == Status.SUBMITTED and len(code) == 12

    # 2. The clerk of 教育局 sees it in 待办, accepts and replies.
    staff = login(browser, live_server, "clerk")
    staff.goto(live_server.url + reverse("staff:inbox"))
    staff.click("a[href$='?due=soon']")
    assert number in staff.content()
    staff.click(f"text={number}")
    act(staff, "accept")
    assert staff.inner_text("#message-status").strip() == "办理中"
    staff.fill("#id_reply-reply", "王小明您好：报名需携带户口簿、房产证明和儿童预防接种证。")
    act(staff, "reply")
    assert staff.inner_text("#message-status").strip() == "已答复"

    # 3. The openness office publishes it (the masked copy is proposed).
    office = login(browser, live_server, "reviewer")
    office.goto(live_server.url + reverse("mailbox:detail", args=[message.pk]))
    proposed = office.input_value("#id_publish-public_text")
    assert "13812345678" not in proposed and "王小明" not in proposed
    act(office, "publish")
    assert "已选登" in office.inner_text("#message-status")

    # 4. 留言选登 shows the reply without personal data.
    citizen.goto(live_server.url + reverse("mailbox_public:list"))
    citizen.click("text=孩子入学报名需要哪些材料")
    detail = citizen.inner_text("#message-detail")
    assert "户口簿" in detail and "教育局" in detail
    assert "王小明" not in detail and "13812345678" not in detail

    # 5. The citizen rates the reply with the query code.
    citizen.goto(live_server.url + reverse("mailbox_public:track"))
    citizen.fill("#id_number", number)
    citizen.fill("#id_query_code", code)
    with citizen.expect_navigation():
        citizen.click("#track-submit")
    assert "户口簿" in citizen.inner_text("#reply")
    citizen.check("input[name=rating][value='3']")
    with citizen.expect_navigation():
        citizen.click("#rate-submit")
    assert "满意" in citizen.inner_text("#rating")
    message.refresh_from_db()
    assert message.rating == 3
