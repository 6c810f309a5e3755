"""The document's path through the UI, one role at a time, and its history."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from gongkai.documents import services
from gongkai.documents.models import Attribute, Document, ReturnCategory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def index_number_cell(html: str) -> str:
    match = re.search(r'<td id="index-number">(.*?)</td>', html, re.S)
    assert match, "index-number cell missing"
    return match.group(1).strip()


def test_full_path_through_the_ui_ends_with_an_index_number(
    client, district, clerk, head, secrecy_reviewer, reviewer
):
    client.force_login(clerk)
    response = client.post(
        reverse("staff:document_create"),
        {
            "organ": district.education.pk,
            "title": "示范区教育局关于公布2026年义务教育招生政策的通知",
            "body": "各学校：现将招生政策公布如下。",
            "attribute": Attribute.PROACTIVE,
            "secrecy_level": "",
            "client_token": "full-path-token",
            "and_submit": "1",
        },
    )
    doc = Document.objects.get()
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.SIGNOFF

    client.force_login(head)
    detail = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="sign_off"' in detail
    assert 'data-action="return"' in detail
    response = client.post(reverse("staff:document_sign_off", args=[doc.pk]), {"opinion": "同意"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED

    client.force_login(secrecy_reviewer)
    detail = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="confidentiality_pass"' in detail
    assert 'id="id_confidentiality_items_0"' in detail
    assert "正文" in detail
    response = client.post(
        reverse("staff:document_confidentiality", args=[doc.pk]),
        {"items": ["body"], "decision": "pass"},
    )
    assert response.status_code == 302

    client.force_login(reviewer)
    detail = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="publish"' in detail
    assert index_number_cell(detail).startswith("<span")  # not yet assigned
    response = client.post(reverse("staff:document_publish", args=[doc.pk]), follow=True)
    assert response.status_code == 200
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED
    assert doc.index_number
    html = response.content.decode()
    assert index_number_cell(html) == doc.index_number
    assert "已发布。" in html


def test_confidentiality_pass_requires_every_item_ticked(client, secrecy_reviewer, issued):
    client.force_login(secrecy_reviewer)
    response = client.post(
        reverse("staff:document_confidentiality", args=[issued.pk]), {"decision": "pass"}
    )
    assert response.status_code == 400
    assert "逐项确认" in response.content.decode()
    assert "items" in response.context["forms"]["confidentiality"].errors
    assert not issued.confidentiality_reviews.exists()


def test_publish_without_confidentiality_review_shows_g6(client, reviewer, issued):
    client.force_login(reviewer)
    response = client.post(reverse("staff:document_publish", args=[issued.pk]))
    assert response.status_code == 422
    html = response.content.decode()
    assert "公开发布前须经保密审查通过" in html and "【G6】" not in html
    issued.refresh_from_db()
    assert issued.status == Status.ISSUED


def test_returned_document_shows_the_reason_to_the_clerk(client, head, clerk, in_signoff):
    client.force_login(head)
    response = client.post(
        reverse("staff:document_return", args=[in_signoff.pk]),
        {"category": ReturnCategory.MISSING_INTERPRETATION, "reason": "请补充政策解读材料。"},
    )
    assert response.status_code == 302
    client.force_login(clerk)
    html = client.get(reverse("staff:document_detail", args=[in_signoff.pk])).content.decode()
    block = re.search(r'<section[^>]*id="return-reason".*?</section>', html, re.S)
    assert block is not None
    assert "请补充政策解读材料。" in block.group(0)
    assert "缺少政策解读材料" in block.group(0)
    assert 'data-action="submit"' in html  # the clerk can fix and resubmit


def test_return_without_reason_is_a_field_error(client, head, in_signoff):
    client.force_login(head)
    response = client.post(
        reverse("staff:document_return", args=[in_signoff.pk]),
        {"category": ReturnCategory.OTHER, "reason": "  "},
    )
    assert response.status_code == 400
    assert "reason" in response.context["forms"]["return"].errors
    in_signoff.refresh_from_db()
    assert in_signoff.status == Status.SIGNOFF


def test_policy_document_goes_through_disclosure_review(client, district, clerk, reviewer):
    doc = services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区教育局招生工作内部规程",
            "attribute": Attribute.NOT_DISCLOSED,
            "reason_codes": ["PROCESS_INFO"],
            "legal_explanation": "属于过程性信息。",
            "is_policy": True,
        },
    )
    client.force_login(clerk)
    client.post(reverse("staff:document_submit", args=[doc.pk]))
    doc.refresh_from_db()
    assert doc.status == Status.DISCLOSURE_REVIEW

    client.force_login(reviewer)
    html = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="review_pass"' in html and 'data-action="review_return"' in html
    # Returning needs an opinion.
    response = client.post(reverse("staff:document_review", args=[doc.pk]), {"decision": "return"})
    assert response.status_code == 400
    assert "opinion" in response.context["forms"]["review"].errors
    response = client.post(
        reverse("staff:document_review", args=[doc.pk]),
        {"decision": "return", "opinion": "理由不充分，应主动公开。"},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED


def test_government_office_returns_a_draft_in_the_governments_name(
    client, district, clerk, head, gov_office
):
    doc = services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区人民政府关于教育工作的意见",
            "attribute": "proactive",
            "for_government": True,
        },
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.GOVERNMENT_OFFICE
    client.force_login(gov_office)
    html = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="accept"' in html and 'data-action="return"' in html
    response = client.post(
        reverse("staff:document_return", args=[doc.pk]),
        {"category": ReturnCategory.MISSING_ATTRIBUTE, "reason": "退文：请明确公开属性意见。"},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED


def test_stale_action_is_a_conflict_with_the_message(client, head, in_signoff):
    services.document_sign_off(actor=head, document=in_signoff)
    client.force_login(head)
    response = client.post(reverse("staff:document_sign_off", args=[in_signoff.pk]))
    assert response.status_code == 409
    assert "不能执行" in response.content.decode()


def test_withdraw_and_repeal_need_a_reason(client, reviewer, secrecy_reviewer, issued):
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=issued, approve=True, items=["body"]
    )
    services.document_publish(actor=reviewer, document=issued)
    client.force_login(reviewer)
    html = client.get(reverse("staff:document_detail", args=[issued.pk])).content.decode()
    assert 'data-action="withdraw"' in html and 'data-action="repeal"' in html
    response = client.post(reverse("staff:document_repeal", args=[issued.pk]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("staff:document_repeal", args=[issued.pk]),
        {"reason": "已被新文件替代。", "repealed_date": "2026-12-01"},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.validity == "repealed"
    assert str(issued.repealed_date) == "2026-12-01"
    response = client.post(reverse("staff:document_withdraw", args=[issued.pk]), {"reason": "错发"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == Status.WITHDRAWN


def test_history_lists_the_events_with_chinese_labels(client, clerk, head, in_signoff):
    services.document_return(
        actor=head, document=in_signoff, category=ReturnCategory.OTHER, reason="格式不规范"
    )
    client.force_login(clerk)
    response = client.get(reverse("staff:document_history", args=[in_signoff.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [e.action for e in response.context["events"]] == [
        "document.created",
        "document.submitted",
        "document.returned",
    ]
    assert "报送审签" in html
    assert "起草中 → 待审签" in html
    assert "待审签 → 已退文" in html
    assert "格式不规范" in html
    assert 'data-event="document.submitted"' in html


def _docx(text: str) -> bytes:
    from docx import Document as DocxDocument

    buffer = io.BytesIO()
    doc = DocxDocument()
    doc.add_paragraph(text)
    doc.save(buffer)
    return buffer.getvalue()


def test_attachment_upload_appears_in_the_confidentiality_checklist(
    client, clerk, secrecy_reviewer, issued
):
    client.force_login(clerk)
    upload = io.BytesIO(_docx("附件一：招生计划表"))
    upload.name = "plan.docx"
    response = client.post(
        reverse("staff:attachment_add", args=[issued.pk]), {"file": upload, "title": "招生计划表"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = issued.attachments.get()

    client.force_login(secrecy_reviewer)
    html = client.get(reverse("staff:document_detail", args=[issued.pk])).content.decode()
    assert "附件：招生计划表" in html
    # Ticking only the body is not enough: 逐项审查 covers every attachment.
    response = client.post(
        reverse("staff:document_confidentiality", args=[issued.pk]),
        {"items": ["body"], "decision": "pass"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("staff:document_confidentiality", args=[issued.pk]),
        {"items": ["body", f"attachment:{attachment.pk}:{attachment.sha256}"], "decision": "pass"},
    )
    assert response.status_code == 302

    client.force_login(clerk)
    download = client.get(reverse("staff:attachment_download", args=[issued.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    response = client.post(reverse("staff:attachment_delete", args=[issued.pk, attachment.pk]))
    assert response.status_code == 302
    assert not issued.attachments.exists()


def test_rejected_upload_is_a_field_error(client, clerk, draft):
    client.force_login(clerk)
    upload = io.BytesIO(b"just text")
    upload.name = "notes.txt"
    response = client.post(reverse("staff:attachment_add", args=[draft.pk]), {"file": upload})
    assert response.status_code == 400
    assert "file" in response.context["forms"]["attachment"].errors


def test_attachment_of_another_document_is_404(client, clerk, draft, district):
    other = services.document_create(
        actor=clerk, organ=district.education, data={"title": "另一件"}
    )
    client.force_login(clerk)
    upload = io.BytesIO(_docx("x"))
    upload.name = "x.docx"
    client.post(reverse("staff:attachment_add", args=[other.pk]), {"file": upload})
    attachment = other.attachments.get()
    url = reverse("staff:attachment_download", args=[draft.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_a_document_that_is_never_published_has_no_publish_button_index_note_or_clock(
    client, district, clerk, head, reviewer
):
    """Issue 15 §10: 不予公开 / 依申请公开 documents are never published: the openness office
    sees no 发布 button, no "发布时生成" 索引号 note and no publication clock."""
    doc = services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区教育局招生工作内部规程",
            "attribute": Attribute.NOT_DISCLOSED,
            "reason_codes": ["PROCESS_INFO"],
            "legal_explanation": "属于过程性信息。",
        },
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED
    client.force_login(reviewer)
    html = client.get(reverse("staff:document_detail", args=[doc.pk])).content.decode()
    assert 'data-action="publish"' not in html
    assert "发布时生成" not in index_number_cell(html)
    assert 'id="publication-clock"' not in html and 'id="not-published"' in html
    assert "不计算发布期限" in html
