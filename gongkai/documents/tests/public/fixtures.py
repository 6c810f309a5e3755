"""Fixtures of the public pages' tests: published documents and attachments on a throw-away
MEDIA_ROOT. Used by the documents' public pages (this folder) and the portal's own pages
(gongkai/portal/tests), each conftest importing them."""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.base import ContentFile

from gongkai.documents.files import attachment_render_reading
from gongkai.documents.models import Attachment, Document
from gongkai.documents.tests.factories import DocumentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def publish(district: Any) -> Callable[..., Document]:
    """A published document, as `document_publish` leaves it (索引号, 发布日期, 附注)."""
    serials = itertools.count(1)

    def make(**kwargs: Any) -> Document:
        co_organs = kwargs.pop("co_organs", [])
        kwargs.setdefault("organ", district.education)
        kwargs.setdefault("published_date", date(2024, 3, 1))
        kwargs.setdefault("status", "published")
        if kwargs["status"] == "published":
            serial = next(serials)
            year = kwargs["published_date"].year
            kwargs.setdefault("index_number", f"{kwargs['organ'].index_prefix}/{year}-{serial:05d}")
            kwargs.setdefault("marking", "（此件公开发布）")
        document: Document = DocumentFactory(**kwargs)
        document.co_organs.set(co_organs)
        return document

    return make


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def attach() -> Callable[..., Attachment]:
    def make(document: Document, kind: str, data: bytes, title: str = "附件1") -> Attachment:
        attachment = Attachment(
            document=document,
            title=title,
            original_name=f"{title}.{kind}",
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            metadata_stripped=True,
        )
        attachment.file.save(kind, ContentFile(data), save=False)
        attachment.save()
        if kind == "docx":
            # As at publication: the online-reading HTML is rendered once and stored.
            attachment_render_reading(attachment)
        return attachment

    return make


@pytest.fixture(autouse=True, scope="session")
def _interpretations_column() -> None:
    """政策解读 registers its column from InterpretationsConfig.ready
    (gongkai.interpretations.columns.register); registering twice is harmless."""
    from gongkai.interpretations import columns

    columns.register()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """documents.views_public.filter_options caches in the default (per-process) cache."""
    from django.core.cache import cache

    cache.clear()
