"""Search test helpers: documents published through the real services, signals included."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.gates import confidentiality_items
from gongkai.documents.models import Document
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status


@pytest.fixture(autouse=True)
def _search_wired() -> None:
    """Registered in SearchConfig.ready; again here, because a documents test clears every
    receiver of the kit's public_change signal (both calls are idempotent)."""
    from gongkai.documents import search as document_search
    from gongkai.search import receivers

    document_search.register_provider()
    receivers.connect()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a service and its after-commit callbacks (the kit's public_change signal)."""

    def run(service: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def publish(
    district: Any, reviewer: Any, secrecy_reviewer: Any, run_on_commit: Callable[..., Any]
) -> Callable[..., Document]:
    """Publish a document of 教育局 (or `organ=` with its `actor=`) through document_publish."""

    def make(
        *, attachments: dict[str, str] | None = None, actor: Any = None, **kwargs: Any
    ) -> Document:
        kwargs.setdefault("organ", district.education)
        actor = actor or reviewer
        document: Document = DocumentFactory(status=Status.ISSUED, **kwargs)
        for filename, text in (attachments or {}).items():
            document_services.attachment_add(
                actor=actor,
                document=document,
                upload=document_services.Upload(filename=filename, data=docx_bytes(text)),
            )
        document_services.document_review_confidentiality(
            actor=secrecy_reviewer,
            document=document,
            approve=True,
            items=confidentiality_items(document),
        )
        return run_on_commit(document_services.document_publish, actor=actor, document=document)

    return make
