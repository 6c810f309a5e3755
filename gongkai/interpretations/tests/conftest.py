"""Fixtures of the interpretation tests: documents at each stage, and the browser.

The `browser`/`page` fixtures follow tests/browser/conftest.py (Debian's chromium through
Playwright, never a downloaded browser); they are repeated here because pytest only sees a
conftest.py on the path of the test.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, Document
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation
from gongkai.lib.tests.overlap_samples import DOCUMENT

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    # The cast's users are created per test; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def policy_document(district: Any) -> Document:
    """A normative document of 教育局, signed off (issued) and to be published proactively."""
    return DocumentFactory(
        organ=district.education,
        status=DocumentStatus.ISSUED,
        title="示范区学前教育资助办法",
        doc_number="示教规〔2026〕1号",
        is_normative=True,
        is_policy=True,
        attribute=Attribute.PROACTIVE,
        body=DOCUMENT,
    )


@pytest.fixture
def make_interpretation(clerk: Any) -> Any:
    def make(*documents: Document, **data: Any) -> Interpretation:
        fields = {
            "title": "《示范区学前教育资助办法》政策解读",
            "interpreter_name": "李老师",
            "interpreter_phone": "0411-8888 1234",
            "forms": ["text"],
            "elements": ["background", "objectives", "main_content", "scope", "standards"],
            "body": "解读正文：资助范围扩大，资助水平提高，家长开学后一个月内到幼儿园申请即可。",
        }
        fields.update(data)
        return services.interpretation_create(actor=clerk, documents=list(documents), data=fields)

    return make


@pytest.fixture
def signed_interpretation(
    make_interpretation: Any, policy_document: Document, head: Any
) -> Interpretation:
    interpretation = make_interpretation(policy_document)
    return services.interpretation_sign_off(actor=head, interpretation=interpretation)


@pytest.fixture
def confidentiality_passed(secrecy_reviewer: Any) -> Any:
    def review(document: Document) -> Document:
        document_services.document_review_confidentiality(
            actor=secrecy_reviewer, document=document, approve=True, items=["body"]
        )
        return document

    return review
