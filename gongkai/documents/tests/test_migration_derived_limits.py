"""0007/0008_attachment_derived_limits on existing rows: over-long text is cut, a legacy DOC no
longer claims to be cleaned, published DOCX attachments get their reading HTML once."""

from __future__ import annotations

import io
import uuid

import docx
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.lib.filetext import RESIDUAL_DOC

BEFORE = [("documents", "0006_adopted_drafts_in_government_name")]
AFTER = [("documents", "0008_attachment_derived_limits_backfill")]


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():  # type: ignore[no-untyped-def]
    """Leave the database at every app's newest migration for the tests that follow (a
    later migration of this app would otherwise be missing from their schema)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_backfill_cuts_text_unclaims_doc_and_renders_published_docx(settings, district):
    settings.GONGKAI_ATTACHMENT_MAX_TEXT_CHARS = 10
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Document = apps.get_model("documents", "Document")
    Attachment = apps.get_model("documents", "Attachment")
    published = Document.objects.create(
        uid=uuid.uuid4(),
        organ_id=district.education.pk,
        title="已发布",
        status="published",
        attribute="proactive",
        index_number="000000001/2026-00001",
    )

    def attach(kind: str, data: bytes, text: str, stripped: bool) -> int:
        attachment = Attachment(
            document=published,
            title=kind,
            original_name=f"a.{kind}",
            kind=kind,
            size=len(data),
            sha256="0" * 64,
            text=text,
            metadata_stripped=stripped,
        )
        attachment.file.save(f"{kind}", ContentFile(data), save=False)
        attachment.save()
        return int(attachment.pk)

    long_docx = attach("docx", _docx("附件正文"), "政务公开" * 10, stripped=True)
    legacy = attach("doc", b"\xd0\xcf\x11\xe0legacy", "", stripped=True)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Attachment = executor.loader.project_state(AFTER).apps.get_model("documents", "Attachment")

    row = Attachment.objects.get(pk=long_docx)
    assert row.text == "政务公开政务公开政务"
    assert row.text_truncated is True
    assert row.reading_status == "ready"
    assert row.reading_html == "<p>附件正文</p>"
    row = Attachment.objects.get(pk=legacy)
    assert row.metadata_stripped is False
    assert row.metadata_residual == [RESIDUAL_DOC]
