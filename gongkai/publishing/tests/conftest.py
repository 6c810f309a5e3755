"""Publishing test helpers: documents published through the real services, a static root."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, Document, Topic
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status
from gongkai.publishing import publisher


@pytest.fixture(autouse=True, scope="session")
def _interpretations_column() -> None:
    """政策解读 registers its column from InterpretationsConfig.ready
    (gongkai.interpretations.columns.register); registering twice is harmless."""
    from gongkai.interpretations import columns

    columns.register()


@pytest.fixture(autouse=True)
def _receivers_connected() -> None:
    """Connected by PublishingConfig.ready; again here, because a test elsewhere clears
    every receiver of the kit's public_change signal (connecting is idempotent: dispatch_uid)."""
    from gongkai.publishing import receivers

    receivers.connect()


@pytest.fixture
def root(settings: Any) -> Path:
    return Path(settings.PUBLISH_ROOT)


@pytest.fixture
def published(district: Any) -> Callable[..., Document]:
    """A document already public (made directly, no signal): the site's existing content."""
    serials = itertools.count(1)

    def make(**kwargs: Any) -> Document:
        kwargs.setdefault("organ", district.education)
        kwargs.setdefault("published_date", date(2024, 3, 1))
        kwargs.setdefault("status", Status.PUBLISHED)
        serial = next(serials)
        kwargs.setdefault("index_number", f"{kwargs['organ'].index_prefix}/2024-9{serial:04d}")
        kwargs.setdefault("marking", "（此件公开发布）")
        return DocumentFactory(**kwargs)

    return make


@pytest.fixture
def issued(district: Any, secrecy_reviewer: Any) -> Callable[..., Document]:
    """A document signed off and through 保密审查, ready for `document_publish`."""

    def make(**kwargs: Any) -> Document:
        kwargs.setdefault("organ", district.education)
        kwargs.setdefault("status", Status.ISSUED)
        kwargs.setdefault("attribute", Attribute.PROACTIVE)
        document: Document = DocumentFactory(**kwargs)
        document_services.document_review_confidentiality(
            actor=secrecy_reviewer, document=document, approve=True, items=["body"]
        )
        return document

    return make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a service and its after-commit callbacks (the signal, the publisher)."""

    def run(service: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def openness_topic(db: Any) -> Topic:
    parent, _ = Topic.objects.get_or_create(name="综合政务", parent=None)
    topic, _ = Topic.objects.get_or_create(name="政务公开", parent=parent)
    return topic


@pytest.fixture
def site(root: Path) -> Callable[[], publisher.PublishResult]:
    """Publish the whole site as it is now (the state before the change under test)."""

    def build() -> publisher.PublishResult:
        return publisher.publish_all()

    return build


def written(root: Path) -> set[str]:
    """Public paths of the files under the root."""
    return {
        publisher.path_for_file(f, root)
        for f in root.rglob("*")
        if f.is_file() and not f.name.endswith(".gz") and ".state" not in f.parts
    }


@pytest.fixture
def signed_interpretation(clerk: Any, head: Any) -> Callable[..., Any]:
    """A signed-off interpretation (G8: normative documents are published with one)."""
    from gongkai.interpretations import services

    def make(document: Document, title: str = "政策解读") -> Any:
        interpretation = services.interpretation_create(
            actor=clerk,
            documents=[document],
            data={
                "title": title,
                "interpreter_name": "李老师",
                "interpreter_phone": "0411-8888 1234",
                "forms": ["text"],
                "elements": ["background", "objectives", "main_content", "scope", "standards"],
                "body": "解读正文：背景依据、目标任务、主要内容、涉及范围和执行标准。",
            },
        )
        return services.interpretation_sign_off(actor=head, interpretation=interpretation)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """documents.views_public.filter_options caches in the default (per-process) cache."""
    from django.core.cache import cache

    cache.clear()
