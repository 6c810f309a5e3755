"""Hostile and legacy attachment files (issue 16 items 1 and 2): bounded uploads, the
reading HTML rendered once at publication, metadata stripping that tells the truth."""

from __future__ import annotations

import io
import time

import pypdf
import pytest
from django.test import Client

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted
from gongkai.core.models import AuditEvent
from gongkai.documents import services
from gongkai.documents.gates import confidentiality_items
from gongkai.documents.models import ReadingStatus
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status
from gongkai.lib.filetext import RESIDUAL_DOC, residual_metadata
from gongkai.lib.tests.test_filetext import make_doc
from gongkai.lib.tests.test_filetext_limits import bomb_docx, pdf_with_active_content, small_docx

pytestmark = pytest.mark.django_db


def _issued(district):
    return DocumentFactory(organ=district.education, status=Status.ISSUED)


def _upload(clerk, document, filename, data):
    return services.attachment_add(
        actor=clerk, document=document, upload=services.Upload(filename=filename, data=data)
    )


def _review(secrecy_reviewer, document):
    services.document_review_confidentiality(
        actor=secrecy_reviewer,
        document=document,
        approve=True,
        items=confidentiality_items(document),
    )


def test_upload_of_a_decompression_bomb_is_refused_quickly(district, clerk):
    document = _issued(district)
    data = bomb_docx(40 * 1024 * 1024)  # < 1 MB that inflates to 40 MB of XML
    assert len(data) < 1024 * 1024

    started = time.monotonic()
    with pytest.raises(InvalidInput) as excinfo:
        _upload(clerk, document, "炸弹.docx", data)

    assert time.monotonic() - started < 10
    assert excinfo.value.field == "file"
    assert "解压后过大" in excinfo.value.message
    assert not document.attachments.exists()


def test_upload_that_cannot_be_parsed_in_time_is_refused(district, clerk, settings):
    settings.GONGKAI_ATTACHMENT_MAX_SECONDS = 0.05
    document = _issued(district)

    with pytest.raises(InvalidInput) as excinfo:
        _upload(clerk, document, "a.docx", small_docx("正文"))

    assert "处理超时" in excinfo.value.message


def test_text_past_the_cap_is_cut_and_the_cut_is_shown_to_staff(
    district, clerk, settings, client: Client
):
    settings.GONGKAI_ATTACHMENT_MAX_TEXT_CHARS = 100
    document = _issued(district)

    attachment = _upload(clerk, document, "长文.docx", small_docx(*["第一条 规范政务公开。"] * 50))

    assert len(attachment.text) == 100
    assert attachment.text_truncated is True
    client.force_login(clerk)
    page = client.get(f"/staff/documents/{document.pk}/").content.decode()
    assert "提取文本过长，已截断" in page


def test_publication_renders_the_reading_html_once_and_stores_it(
    district, clerk, reviewer, secrecy_reviewer
):
    document = _issued(district)
    attachment = _upload(clerk, document, "要点.docx", small_docx("附件正文：工作要点"))
    assert attachment.reading_status == ReadingStatus.PENDING
    _review(secrecy_reviewer, document)

    services.document_publish(actor=reviewer, document=document)

    attachment.refresh_from_db()
    assert attachment.reading_status == ReadingStatus.READY
    assert attachment.reading_html == "<p>附件正文：工作要点</p>"
    assert attachment.metadata_stripped is True and attachment.metadata_residual == []


def test_reading_html_that_cannot_be_rendered_in_bounds_is_marked_unavailable(
    district, clerk, reviewer, secrecy_reviewer, settings
):
    document = _issued(district)
    attachment = _upload(clerk, document, "要点.docx", small_docx(*["第一条"] * 100))
    _review(secrecy_reviewer, document)
    settings.GONGKAI_ATTACHMENT_MAX_HTML_CHARS = 50

    services.document_publish(actor=reviewer, document=document)

    attachment.refresh_from_db()
    assert attachment.reading_status == ReadingStatus.UNAVAILABLE
    assert attachment.reading_html == ""
    assert "无法在线阅读" in attachment.reading_problem


def test_publication_removes_pdf_javascript_and_embedded_files(
    district, clerk, reviewer, secrecy_reviewer
):
    document = _issued(district)
    attachment = _upload(clerk, document, "通知.pdf", pdf_with_active_content())
    assert attachment.metadata_residual == []  # all of it can be removed
    _review(secrecy_reviewer, document)

    services.document_publish(actor=reviewer, document=document)

    attachment.refresh_from_db()
    with attachment.file.open("rb") as fh:
        published = fh.read()
    assert attachment.metadata_stripped is True
    assert residual_metadata(published, "pdf") == []
    assert b"DOC-JS-SECRET" not in published and b"EMBEDDED-SECRET" not in published
    assert len(pypdf.PdfReader(io.BytesIO(published)).pages) == 1


def test_legacy_doc_is_not_claimed_clean_and_blocks_publication_until_accepted(
    district, clerk, reviewer, secrecy_reviewer, client: Client
):
    document = _issued(district)
    attachment = _upload(clerk, document, "旧格式.doc", make_doc())
    assert attachment.metadata_residual == [RESIDUAL_DOC]
    _review(secrecy_reviewer, document)
    client.force_login(reviewer)
    page = client.get(f"/staff/documents/{document.pk}/").content.decode()
    assert "无法清除" in page and "已清除<" not in page
    assert "确认按原样发布" in page

    with pytest.raises(GateRefused) as refused:
        services.document_publish(actor=reviewer, document=document)
    assert refused.value.gate == "G6" and "旧格式" in refused.value.message
    document.refresh_from_db()
    assert document.status == Status.ISSUED

    with pytest.raises(NotPermitted):
        services.attachment_accept_metadata(actor=clerk, attachment=attachment, reason="需要")
    with pytest.raises(InvalidInput):
        services.attachment_accept_metadata(actor=reviewer, attachment=attachment, reason=" ")
    response = client.post(
        f"/staff/documents/{document.pk}/attachments/{attachment.pk}/accept-metadata/",
        {"reason": "原件仅有DOC格式，已人工核对文档属性无个人信息"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="document.attachment_metadata_accepted")
    assert event.actor_id == reviewer.pk
    assert event.data["residual"] == [RESIDUAL_DOC]

    services.document_publish(actor=reviewer, document=document)

    attachment.refresh_from_db()
    assert attachment.metadata_stripped is False
    assert attachment.metadata_residual == [RESIDUAL_DOC]
    page = client.get(f"/staff/documents/{document.pk}/").content.decode()
    assert "确认按原样发布" in page and "已清除<" not in page


def test_staff_upload_of_a_decompression_bomb_shows_a_chinese_error(district, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = _issued(district)
    client = Client()
    client.force_login(clerk)

    response = client.post(
        f"/staff/documents/{document.pk}/attachments/",
        {"file": SimpleUploadedFile("炸弹.docx", bomb_docx(40 * 1024 * 1024)), "title": ""},
    )

    assert response.status_code == 400
    assert "解压后过大" in response.content.decode()
    assert not document.attachments.exists()


def test_an_attachment_removal_rolled_back_keeps_its_file(
    district, clerk, django_capture_on_commit_callbacks
):
    """The file was deleted at once, inside the transaction: a removal rolled back (a later
    step failing, the authorisation matrix's savepoints) left the row without its file."""
    from django.db import transaction

    from gongkai.documents.models import Attachment

    document = DocumentFactory(organ=district.education, status=Status.DRAFT)
    attachment = _upload(clerk, document, "附件.docx", small_docx())
    pk, name, storage = attachment.pk, attachment.file.name, attachment.file.storage
    with transaction.atomic():
        services.attachment_remove(actor=clerk, attachment=attachment)
        transaction.set_rollback(True)
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=clerk, attachment=Attachment.objects.get(pk=pk))
    assert not storage.exists(name)
