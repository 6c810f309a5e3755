"""A 不予公开 reply in Debian's chromium: the letter sends the applicant to reconsideration
first (行政复议法 2023 第二十三条第一款第（四）项) and names the reconsideration organ.

The openness officer of 教育局 decides “（三）6.属于四类过程性信息” on the case page, drafts the
reply letter, sends it, and downloads the PDF and the Word file that go to the applicant.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from django.urls import reverse

from gongkai.inforequests.models import Letter, LetterKind, Outcome
from gongkai.inforequests.tests.factories import received
from gongkai.inforequests.tests.test_browser import _today, act, login  # noqa: F401
from gongkai.inforequests.tests.test_letters import pdf_text, squeeze
from gongkai.inforequests.workflow import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECONSIDERATION_FIRST = (
    "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，"
    "应当先向示范区人民政府（区司法局受理）申请行政复议"
)
LAWSUIT_AFTER = "自收到行政复议决定书之日起15日内向示范区人民法院提起行政诉讼"


def test_a_refusal_letter_names_the_reconsideration_organ_and_puts_it_first(
    live_server: Any, district: Any, reviewer: Any, browser: Any
) -> None:
    organ = district.education
    organ.reconsideration_organ = "示范区人民政府（区司法局受理）"
    organ.court = "示范区人民法院"
    organ.save()
    info_request = received(
        reviewer, organ, date(2025, 12, 1), info_title="2025年学区调整讨论会议记录"
    )

    officer = login(browser, live_server, "reviewer")
    officer.click("nav.main-nav >> text=依申请公开")
    officer.click(f"text={info_request.case_number}")
    officer.select_option("#id_decide_outcome", Outcome.PROCESS_INFO.value)
    officer.fill("#id_decide_reasons", "所申请的会议记录系学区调整过程中形成的讨论记录。")
    act(officer, "decide")
    info_request.refresh_from_db()
    assert info_request.status == Status.DECIDED
    assert info_request.outcome == Outcome.PROCESS_INFO

    officer.select_option("#id_letter_create_kind", LetterKind.REPLY.value)
    act(officer, "letter_create")
    body = officer.input_value("#id_body")
    assert "第十六条第二款" in body and RECONSIDERATION_FIRST in body and LAWSUIT_AFTER in body
    # No direct lawsuit within 6 months for a refusal (行政诉讼法第四十六条 does not apply).
    assert "6个月" not in body and "第四十六条" not in body
    preview = officer.inner_text("#letter-preview")
    assert "示范区人民政府（区司法局受理）" in preview and "应当先向" in preview
    assert "政府信息公开工作主管部门示范区人民政府办公室投诉、举报" in preview

    act(officer, "letter_send")
    letter = Letter.objects.get(kind=LetterKind.REPLY)
    assert letter.is_sent and letter.outcome == Outcome.PROCESS_INFO
    officer.goto(
        live_server.url + reverse("inforequests:letter", args=[info_request.pk, letter.pk])
    )
    with officer.expect_download() as download:
        officer.click("[data-action='pdf']")
    with open(download.value.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    rendered = squeeze(pdf_text(pdf))
    assert squeeze(RECONSIDERATION_FIRST) in rendered and squeeze(LAWSUIT_AFTER) in rendered
    with officer.expect_download() as download:
        officer.click("[data-action='docx']")
    with open(download.value.path(), "rb") as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert RECONSIDERATION_FIRST in text and LAWSUIT_AFTER in text
