"""Attachments: listing, online reading (docx → HTML, PDF inline), downloads, visibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.documents.tests.public.fixtures import PDF_BYTES, docx_bytes

pytestmark = pytest.mark.django_db


def test_detail_lists_attachments_with_reading_and_download_links(
    client: Client, publish: Any, attach: Any
) -> None:
    document = publish()
    pdf = attach(document, "pdf", PDF_BYTES, title="实施方案")
    doc = attach(document, "doc", b"\xd0\xcf\x11\xe0legacy", title="旧格式附件")

    html = client.get(f"/xxgk/documents/{document.uid}/").content.decode()

    assert "实施方案" in html and "旧格式附件" in html
    assert f'href="/xxgk/attachments/{pdf.pk}/view/"' in html
    assert f'href="/xxgk/attachments/{pdf.pk}/download/"' in html
    assert f'href="/xxgk/attachments/{doc.pk}/download/"' in html
    # A legacy .doc cannot be read online: download only.
    assert f'href="/xxgk/attachments/{doc.pk}/view/"' not in html


def test_docx_attachment_is_read_online_as_html(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(
        publish(),
        "docx",
        docx_bytes("第一条 为规范政务公开工作。", "第二条 本办法自发布之日起施行。"),
    )

    response = client.get(f"/xxgk/attachments/{attachment.pk}/view/")
    html = response.content.decode()

    assert response.status_code == 200
    assert (
        '<div class="docx-html"><p>第一条 为规范政务公开工作。</p><p>第二条 本办法自发布之日起施行。</p></div>'
        in html
    )
    assert '<html lang="zh-hans"' in html


def test_unreadable_docx_falls_back_to_download(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(publish(), "docx", b"PK\x03\x04 not really a docx")

    html = client.get(f"/xxgk/attachments/{attachment.pk}/view/").content.decode()

    assert "该附件暂时无法在线阅读，请下载后查看。" in html


def test_pdf_is_embedded_on_the_reading_page(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(publish(), "pdf", PDF_BYTES)

    html = client.get(f"/xxgk/attachments/{attachment.pk}/view/").content.decode()

    assert (
        f'<object class="pdf-frame" data="/xxgk/attachments/{attachment.pk}/file/" type="application/pdf"'
        in html
    )


def test_pdf_is_served_inline(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(publish(), "pdf", PDF_BYTES, title="实施方案")

    response = client.get(f"/xxgk/attachments/{attachment.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # Shown inline only inside a sandbox: no scripts, forms or plugins, an opaque origin.
    assert response["Content-Security-Policy"] == "sandbox"
    # The one response that may be framed (by its own reading page); every page is DENY.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_is_sent_as_attachment(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(publish(), "docx", docx_bytes("正文"))

    response = client.get(f"/xxgk/attachments/{attachment.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_non_pdf_file_is_never_served_inline(client: Client, publish: Any, attach: Any) -> None:
    attachment = attach(publish(), "doc", b"\xd0\xcf\x11\xe0legacy")

    response = client.get(f"/xxgk/attachments/{attachment.pk}/file/")

    assert response["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/xxgk/attachments/{attachment.pk}/view/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "issued", "withdrawn"])
@pytest.mark.parametrize("endpoint", ["view", "file", "download"])
def test_attachment_of_unpublished_document_is_404(
    client: Client, publish: Any, attach: Any, status: str, endpoint: str
) -> None:
    extra = (
        {"index_number": "000000003/2024-00001"}
        if status == "withdrawn"
        else {"published_date": None}
    )
    attachment = attach(publish(status=status, **extra), "pdf", PDF_BYTES)

    assert client.get(f"/xxgk/attachments/{attachment.pk}/{endpoint}/").status_code == 404


def test_unknown_attachment_is_404(client: Client, district: Any) -> None:
    assert client.get("/xxgk/attachments/999999/file/").status_code == 404


def test_reading_page_serves_the_html_stored_at_publication(
    client: Client, publish: Any, attach: Any
) -> None:
    attachment = attach(publish(), "docx", docx_bytes("发布时的内容"))
    # The stored HTML is what is served, whatever the file now holds.
    attachment.reading_html = "<p>发布时生成的阅读版本</p>"
    attachment.save(update_fields=["reading_html"])

    html = client.get(f"/xxgk/attachments/{attachment.pk}/view/").content.decode()

    assert '<div class="docx-html"><p>发布时生成的阅读版本</p></div>' in html
    assert "发布时的内容" not in html


def test_reading_page_never_renders_on_request(client: Client, publish: Any, attach: Any) -> None:
    """A DOCX whose HTML was not rendered at publication (or could not be) is offered for
    download; the request does not convert it, however small or large it is."""
    attachment = attach(publish(), "docx", docx_bytes("未生成阅读版本的附件"))
    attachment.reading_status = "pending"
    attachment.reading_html = ""
    attachment.save(update_fields=["reading_status", "reading_html"])
    attachment.file.delete(save=False)  # rendering from the file would now fail loudly

    response = client.get(f"/xxgk/attachments/{attachment.pk}/view/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "该附件暂时无法在线阅读，请下载后查看。" in html
    assert "未生成阅读版本的附件" not in html
