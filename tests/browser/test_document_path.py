"""The core path of issue 2, end to end in Debian's chromium.

1. the clerk drafts a document without a disclosure attribute and is refused (G1);
2. the government office returns it (退文);
3. the clerk fixes it;
4. the openness-office and confidentiality reviews pass;
5. it is published, in the government's name (an adopted 代拟稿);
6. a citizen sees it on the portal with its 索引号.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.documents.models import Document
from gongkai.documents.workflow import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, action: str) -> None:
    page.click(f"[data-action='{action}']")
    page.wait_for_load_state("load")


def test_document_core_path(browser: Any, live_server: Any, district: Any) -> None:
    UserFactory(username="clerk", roles=[(district.education, Role.CLERK)])
    UserFactory(username="head", roles=[(district.education, Role.HEAD)])
    UserFactory(username="gov_openness", roles=[(district.government, Role.OPENNESS_OFFICER)])
    UserFactory(username="gov", roles=[(district.office, Role.GOVERNMENT_OFFICE)])
    UserFactory(username="secrecy", roles=[(district.government, Role.CONFIDENTIALITY)])

    # 1. Drafting without an attribute is refused at 报送, naming gate G1.
    clerk = login(browser, live_server, "clerk")
    clerk.goto(f"{live_server.url}/staff/documents/new/")
    clerk.fill("#id_title", "示范区教育局关于做好2026年秋季学期学生资助工作的通知")
    clerk.fill("#id_doc_number", "示教发[2026]12号")
    clerk.fill("#id_summary", "部署秋季学期学生资助工作。")
    clerk.fill("#id_body", "各学校：\n现就2026年秋季学期学生资助工作通知如下。")
    clerk.check("#id_for_government")
    act(clerk, "submit")
    assert "公文未确定公开属性" in clerk.content() and "【G1】" not in clerk.content()
    document = Document.objects.get()
    assert document.status == Status.DRAFT
    assert document.doc_number == "示教发〔2026〕12号"

    # The clerk proposes 依申请公开 with its own reason (the 不予公开 grounds are hidden);
    # the department head signs it off.
    clerk.check("input[name=attribute][value=on_request]")
    assert clerk.is_hidden("#id_reason_codes_0")
    clerk.check("input[name=on_request_reason][value=SPECIFIC_SUBJECTS]")
    clerk.fill("#id_legal_explanation", "仅涉及部分学校，不需要社会公众广泛知晓。")
    act(clerk, "submit")
    document.refresh_from_db()
    assert document.status == Status.SIGNOFF

    head = login(browser, live_server, "head")
    head.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    act(head, "sign_off")
    document.refresh_from_db()
    assert document.status == Status.GOVERNMENT_OFFICE

    # 2. The government office returns it (退文) with a reason.
    gov = login(browser, live_server, "gov")
    gov.goto(f"{live_server.url}/staff/")
    gov.click(f"a[href='/staff/documents/{document.pk}/']")
    gov.check("input[name=category][value=unlawful_reason]")
    gov.fill("#id_return_reason", "学生资助政策面向社会，应当主动公开，所列理由不成立。")
    act(gov, "return")
    document.refresh_from_db()
    assert document.status == Status.RETURNED

    # 3. The clerk sees the reason, fixes the attribute and submits again.
    clerk.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    assert "应当主动公开" in clerk.inner_text("#return-reason")
    act(clerk, "edit")
    clerk.check("input[name=attribute][value=proactive]")
    # A 主动公开 document has no reasons: both lists disappear (and are dropped on save).
    assert clerk.is_hidden("#id_on_request_reason_0")
    assert clerk.is_hidden("#id_reason_codes_0")
    clerk.fill("#id_legal_explanation", "")
    act(clerk, "submit")
    document.refresh_from_db()
    assert document.status == Status.SIGNOFF

    head.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    act(head, "sign_off")
    gov.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    act(gov, "accept")
    document.refresh_from_db()
    assert document.status == Status.ISSUED
    # Adopted, the 代拟稿 is the government's document; 教育局 stays on record as 起草单位.
    assert document.organ == district.government
    assert document.drafting_organ == district.education

    # 4. The confidentiality review, item by item, then the openness office publishes.
    secrecy = login(browser, live_server, "secrecy")
    secrecy.goto(f"{live_server.url}/staff/documents/{document.pk}/")
    for box in secrecy.locator("input[name=items]").all():
        box.check()
    act(secrecy, "confidentiality_pass")

    openness = login(browser, live_server, "gov_openness")
    openness.goto(f"{live_server.url}/staff/")
    openness.click(f"a[href='/staff/documents/{document.pk}/']")
    act(openness, "publish")
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    index_number = document.index_number
    assert index_number == f"000000001/{timezone.localdate().year}-00001"
    assert openness.inner_text("#index-number").strip() == index_number

    # 6. A citizen (anonymous) finds it on the portal with its 索引号.
    context = browser.new_context(locale="zh-CN")
    citizen = context.new_page()
    citizen.goto(f"{live_server.url}/")
    citizen.click("text=政府信息公开")
    citizen.click("text=政策文件")
    citizen.click("text=关于做好2026年秋季学期学生资助工作的通知")
    assert citizen.inner_text("#index-number").strip() == index_number
    assert "（此件公开发布）" in citizen.content()
    assert citizen.inner_text("#drafting-organ").strip() == district.education.name


def test_the_clerk_drafts_and_resubmits_after_the_reviewer_returns_it(
    browser: Any, live_server: Any, district: Any
) -> None:
    """Issue 15, the clerk's day: a policy document proposed 依申请公开 goes to the openness
    office, whose reviewer returns it choosing the 退文 category; the clerk finds it in the
    待办 with the category and the reason, fixes it and submits again."""
    UserFactory(username="clerk", roles=[(district.education, Role.CLERK)])
    UserFactory(username="reviewer", roles=[(district.education, Role.OPENNESS_OFFICER)])

    clerk = login(browser, live_server, "clerk")
    clerk.goto(f"{live_server.url}/staff/documents/new/")
    clerk.fill("#id_title", "示范区教育局关于2026年校外培训机构监管的通知")
    clerk.fill("#id_body", "各学校：现就校外培训机构监管工作通知如下。")
    clerk.check("#id_is_policy")
    clerk.check("input[name=attribute][value=on_request]")
    clerk.check("input[name=on_request_reason][value=SPECIFIC_SUBJECTS]")
    clerk.fill("#id_legal_explanation", "仅涉及部分培训机构。")
    act(clerk, "submit")
    document = Document.objects.get()
    assert document.status == Status.DISCLOSURE_REVIEW

    reviewer = login(browser, live_server, "reviewer")
    reviewer.click(f"#inbox-disclosure_review a[href='/staff/documents/{document.pk}/']")
    reviewer.wait_for_load_state("load")
    reviewer.check("#form-return input[name=category][value=unlawful_reason]")
    reviewer.fill("#form-return textarea[name=reason]", "校外培训监管面向社会，应当主动公开。")
    act(reviewer, "return")
    document.refresh_from_db()
    assert document.status == Status.RETURNED

    clerk.goto(f"{live_server.url}/staff/")
    clerk.click(f"#inbox-returned a[href='/staff/documents/{document.pk}/']")
    clerk.wait_for_load_state("load")
    callout = clerk.inner_text("#return-reason")
    assert "拟不公开但未依法依规说明理由" in callout and "应当主动公开" in callout
    act(clerk, "edit")
    clerk.check("input[name=attribute][value=proactive]")
    clerk.fill("#id_legal_explanation", "")
    act(clerk, "submit")
    document.refresh_from_db()
    assert document.status == Status.SIGNOFF
    clerk.goto(f"{live_server.url}/staff/")
    assert clerk.locator(f"#inbox-returned a[href='/staff/documents/{document.pk}/']").count() == 0
