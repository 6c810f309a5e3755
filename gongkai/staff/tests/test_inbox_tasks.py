"""The main 待办 reaches whoever must act, with 当前办理人 and the deadline inline (issue 15 §6)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.documents import services as doc_services
from gongkai.documents.services import Upload
from gongkai.inforequests import services as ir_services
from gongkai.inforequests.tests.factories import received
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.lib.tests.test_filetext import make_pdf

pytestmark = pytest.mark.django_db
INBOX = reverse("staff:inbox")


def _tasks(response):
    return {link.key: (link, items) for link, items in response.context["other_tasks"]}


def test_an_interpretation_awaiting_sign_off_is_in_the_heads_inbox(
    client, head, district, in_signoff
):
    head.first_name, head.last_name = "建国", "王"
    head.save()
    interpretation = InterpretationFactory(organ=district.education, documents=[in_signoff])
    client.force_login(head)
    response = client.get(INBOX)
    link, items = _tasks(response)["interpretations.sign_off"]
    assert link.count == 1
    ((item, _due),) = items
    assert item.label == interpretation.title and item.handler == "王建国"
    html = response.content.decode()
    assert interpretation.title in html and "当前办理人" in html
    # The document awaiting sign-off shows its 当前办理人 too.
    (row,) = next(b for b in response.context["blocks"] if b.key == "signoff").rows
    assert row.handler == "王建国"


def test_changed_attachments_send_an_issued_document_back_to_the_reviewer(
    client, clerk, secrecy_reviewer, issued
):
    doc_services.document_review_confidentiality(
        actor=secrecy_reviewer,
        document=issued,
        approve=True,
        items=["body"],
        opinion="无涉密内容",
    )
    client.force_login(secrecy_reviewer)
    blocks = {b.key: b for b in client.get(INBOX).context["blocks"]}
    assert blocks["confidentiality"].rows == []
    # An attachment added after the review (成文 documents may still get their annexes).
    doc_services.attachment_add(
        actor=clerk, document=issued, upload=Upload("附件1.pdf", make_pdf("Annex"), "附件1")
    )
    blocks = {b.key: b for b in client.get(INBOX).context["blocks"]}
    assert [r.document.pk for r in blocks["confidentiality"].rows] == [issued.pk]


def test_the_department_reports_back_and_the_office_sees_it(client, reviewer, clerk, district):
    with time_machine.travel("2025-12-15 10:00 +08:00", tick=False):
        ir = received(reviewer, district.education, date(2025, 12, 10))
        ir_services.inforequest_assign(
            actor=reviewer, info_request=ir, department=district.education
        )
        client.force_login(clerk)
        link, items = _tasks(client.get(INBOX))["inforequests.assigned"]
        ((item, due),) = items
        assert ir.case_number in item.label and "承办" in item.handler
        assert due is not None and not due.overdue
        detail = reverse("inforequests:detail", args=[ir.pk])
        assert "department_report" in client.get(detail).context["actions"]
        response = client.post(
            reverse("inforequests:department_report", args=[ir.pk]),
            {"findings": "本单位掌握该方案，可以公开。"},
        )
        assert response.status_code == 302
        upload = client.post(
            reverse("inforequests:provided_add", args=[ir.pk]),
            {"file": SimpleUploadedFile("plan.pdf", make_pdf("Plan")), "title": "补偿方案"},
        )
        assert upload.status_code == 302 and ir.provided_files.count() == 1
        client.force_login(reviewer)
        tasks = _tasks(client.get(INBOX))
        link, items = tasks["inforequests.reported"]
        assert [i.label for i, _ in items] == [item.label]
        # Deadlines are inline, not behind a count.
        assert all(due is not None for _, due in items)
        page = client.get(detail).content.decode()
        assert "本单位掌握该方案，可以公开。" in page and "补偿方案.pdf" in page


def test_staff_pages_carry_the_favicon_and_style_disabled_buttons(client, clerk):
    from django.contrib.staticfiles import finders

    client.force_login(clerk)
    html = client.get(INBOX).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    with open(finders.find("staff/staff.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert ".button:disabled" in css and "not-allowed" in css
