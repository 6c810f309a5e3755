"""Day walks in chromium (issue 15): the department head signs a document and its
interpretation from the 待办; the legal reviewer passes a 行政规范性文件 (G18) from the 待办."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, Document
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Status

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, action: str) -> None:
    with page.expect_navigation():
        page.click(f"[data-action='{action}']")


def _submitted(clerk: Any, district: Any, **data: Any) -> Document:
    fields = {
        "title": "示范区教育局关于调整学前教育资助标准的通知",
        "body": "各幼儿园：现将调整后的学前教育资助标准通知如下。",
        "attribute": Attribute.PROACTIVE,
        "is_policy": True,
    }
    fields.update(data)
    document = document_services.document_create(actor=clerk, organ=district.education, data=fields)
    return document_services.document_submit(actor=clerk, document=document)


def test_the_head_signs_a_document_and_its_interpretation_from_the_inbox(
    live_server: Any, district: Any, clerk: Any, head: Any, make_interpretation: Any, browser: Any
) -> None:
    document = _submitted(clerk, district)
    assert document.status == DocumentStatus.SIGNOFF
    interpretation = make_interpretation(document, title="《关于调整学前教育资助标准的通知》解读")

    page = login(browser, live_server, "head")
    # 《实施细则》: a policy document is signed together with its interpretation, which comes
    # first. It waits in the 待办, inline with its 当前办理人.
    task = page.locator("[data-task='interpretations.sign_off']")
    assert interpretation.title in task.inner_text()
    assert head.get_full_name() in task.locator(".handler").first.inner_text()
    with page.expect_navigation():
        task.locator(f"text={interpretation.title}").click()
    act(page, "sign_off")  # the detail page's link to the sign-off form
    page.fill("#id_opinion", "同意发布。")
    act(page, "sign_off")
    interpretation.refresh_from_db()
    assert interpretation.status == Status.SIGNED_OFF
    assert interpretation.signed_off_by == head

    # Then the document, opened from its row in the 待办.
    page.goto(f"{live_server.url}/staff/")
    row = page.locator(f"tr[data-document='{document.pk}']")
    assert "调整学前教育资助标准" in row.inner_text()
    with page.expect_navigation():
        row.locator("a").first.click()
    page.fill("#form-sign-off [name=opinion]", "同意印发。")
    act(page, "sign_off")
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED, page.inner_text("main")[:500]
    # Nothing is left to sign.
    page.goto(f"{live_server.url}/staff/")
    assert page.locator("[data-task='interpretations.sign_off']").count() == 0
    assert page.locator(f"tr[data-document='{document.pk}']").count() == 0


def test_the_legal_reviewer_passes_a_normative_document_from_the_inbox(
    live_server: Any, district: Any, clerk: Any, legal_reviewer: Any, browser: Any
) -> None:
    document = _submitted(
        clerk,
        district,
        title="示范区学前教育资助办法",
        is_normative=True,
        genre="办法",
    )
    assert document.status == DocumentStatus.LEGALITY_REVIEW

    page = login(browser, live_server, "legal")
    section = page.locator("#inbox-legality")
    assert "示范区学前教育资助办法" in section.inner_text()
    with page.expect_navigation():
        section.locator(f"tr[data-document='{document.pk}'] a").first.click()
    # Returning needs an opinion: the form says so and nothing moves.
    act(page, "legality_return")
    assert "审核不通过时须填写审核意见" in page.inner_text("main")
    document.refresh_from_db()
    assert document.status == DocumentStatus.LEGALITY_REVIEW
    page.fill("#form-legality textarea[name=opinion]", "经审核，符合法律法规，未增设义务。")
    act(page, "legality_pass")
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNOFF
    assert "合法性审核" in page.content()
    page.goto(f"{live_server.url}/staff/")
    assert page.locator(f"#inbox-legality tr[data-document='{document.pk}']").count() == 0
    assert Interpretation.objects.count() == 0
