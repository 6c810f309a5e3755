"""Day walks in chromium (issue 15): the officer asks for an extension, the head of the
openness office approves it from the 待办, the applicant is told by e-mail; the applicant's
reply arrives with the letter and the released files attached."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.kit import outbox
from gongkai.inforequests.tests.factories import received
from gongkai.inforequests.tests.test_browser import _today, act, login  # noqa: F401
from gongkai.lib.tests.test_filetext import make_pdf

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_requests_an_extension_and_the_head_approves_from_the_inbox(
    live_server: Any, district: Any, reviewer: Any, browser: Any, tmp_path: Any
) -> None:
    UserFactory(
        username="edu_openness_head",
        first_name="芳",
        last_name="钱",
        roles=[(district.education, Role.OPENNESS_OFFICE_HEAD)],
    )
    ir = received(reviewer, district.education, date(2025, 12, 10), info_title="学区划分方案")
    outbox.deliver_pending()
    assert "政府信息公开申请已收到" in mail.outbox[0].subject

    officer = login(browser, live_server, "reviewer")
    officer.goto(live_server.url + reverse("inforequests:detail", args=[ir.pk]))
    officer.fill("#id_extension_request_days", "15")
    officer.fill("#id_extension_request_reason", "需要调取历年档案")
    act(officer, "extension_request")
    assert "待负责人审批" in officer.inner_text("#extension-pending")
    # The officer uploads the material found; it is stripped of metadata.
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(make_pdf("Plan", author="Zhang San"))
    officer.set_input_files("#form-provided input[type=file]", str(pdf))
    officer.fill("#form-provided input[name=title]", "学区划分方案")
    act(officer, "provided_add")
    assert "学区划分方案.pdf" in officer.inner_text("#provided-files")

    head = login(browser, live_server, "edu_openness_head")
    task = head.locator("[data-task='inforequests.extension_requests']")
    assert ir.case_number in task.inner_text() and "钱芳" in task.inner_text()
    with head.expect_navigation():
        task.locator(f"text={ir.case_number}").click()
    assert "需要调取历年档案" in head.inner_text("#extension-request")
    act(head, "extend")
    ir.refresh_from_db()
    approver = ir.extension_approved_by
    assert ir.extension_days == 15 and approver is not None
    assert approver.username == "edu_openness_head"
    outbox.deliver_pending()
    told = [m for m in mail.outbox if "延期答复告知" in m.subject]
    assert len(told) == 1 and "延长15个工作日" in told[0].body


def test_the_double_submit_guard_works_on_a_form_with_a_field_named_method(
    live_server: Any, district: Any, reviewer: Any, browser: Any
) -> None:
    ir = received(reviewer, district.education, date(2025, 12, 10))
    page = login(browser, live_server, "reviewer")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + reverse("inforequests:detail", args=[ir.pk]))
    # The 补正 notice form has a select named "method" (送达方式).
    assert page.locator("#form-correction-notice select[name=method]").count() == 1
    sending = page.evaluate(
        """() => {
            const form = document.querySelector("#form-correction-notice");
            // The guard's submit handler runs; nothing is sent (a synthetic event).
            form.dispatchEvent(new Event("submit", {bubbles: true, cancelable: true}));
            return form.dataset.sending || "";
        }"""
    )
    assert errors == [] and sending == "1"


def test_the_applicant_receives_the_receipt_and_the_reply_with_its_files_by_email(
    live_server: Any, district: Any, reviewer: Any, browser: Any, tmp_path: Any
) -> None:
    """The citizen applies online asking for e-mail delivery; the receipt e-mail carries the
    query code, which opens the tracking page; the reply e-mail carries the letter and the
    released file (captured by the test mail backend through the outbox)."""
    from gongkai.inforequests import services
    from gongkai.inforequests.models import Delivery, InfoRequest, LetterKind, Outcome
    from gongkai.inforequests.tests.factories import VALID_ID, release_reviewed
    from gongkai.inforequests.tests.test_browser import new_page

    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("inforequests_public:apply"))
    citizen.click("#apply-online")
    citizen.check("input[name=applicant_type][value=natural]")
    citizen.fill("#id_applicant_name", "王小明")
    citizen.select_option("#id_id_type", "resident_id")
    citizen.fill("#id_id_number", VALID_ID)
    citizen.fill("#id_email", "wang@example.com")
    citizen.select_option("#id_organ", str(district.education.pk))
    citizen.fill("#id_info_title", "2025年学区划分方案")
    citizen.check("input[name=provision_form][value=email]")
    citizen.check("input[name=delivery][value=email]")
    with citizen.expect_navigation():
        citizen.click("#submit-application")
    case_number = citizen.inner_text("#case-number").strip()
    ir = InfoRequest.objects.get(case_number=case_number)

    assert outbox.deliver_pending().sent == 1
    (receipt,) = mail.outbox
    assert receipt.to == ["wang@example.com"] and case_number in receipt.subject
    code = citizen.inner_text("#query-code").strip()
    assert code in receipt.body

    # The officer provides the file, decides, sends the reply letter and replies by e-mail.
    release_reviewed(reviewer, ir)
    services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    services.provided_file_add(
        actor=reviewer,
        info_request=ir,
        upload=services.Upload(
            filename="plan.pdf", data=make_pdf("Plan", author="Zhang San"), title="学区划分方案"
        ),
    )
    letter = services.letter_draft(actor=reviewer, info_request=ir, kind=LetterKind.REPLY)
    services.letter_send(actor=reviewer, letter=letter)
    services.inforequest_reply(actor=reviewer, info_request=ir, delivery=Delivery.EMAIL)
    outbox.deliver_pending()
    replies = [m for m in mail.outbox if "答复" in m.subject and m is not receipt]
    assert len(replies) == 1
    names = [name for name, _content, _type in replies[0].attachments]
    assert any(name.endswith(".pdf") and "答复" in name for name in names), names
    assert "学区划分方案.pdf" in names
    released = {n: c for n, c, _t in replies[0].attachments}["学区划分方案.pdf"]
    assert b"Zhang San" not in released  # stripped of its metadata

    # With the code from the e-mail, the citizen finds the same file on the tracking page.
    citizen.goto(live_server.url + reverse("inforequests_public:track"))
    citizen.fill("#id_case_number", case_number)
    citizen.fill("#id_query_code", code)
    with citizen.expect_navigation():
        citizen.click("#track-submit")
    assert "学区划分方案.pdf" in citizen.inner_text("#provided")
    assert "待确认收到日期" not in citizen.content()
