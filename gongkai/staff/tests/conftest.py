"""Documents at each stage, made through the services (the path the UI takes)."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.documents import services
from gongkai.documents.models import Attribute, Document


def valid_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "示范区教育局关于做好2026年秋季学期开学工作的通知",
        "genre": "通知",
        "summary": "部署秋季学期开学工作。",
        "body": "各学校：\n现就秋季学期开学工作通知如下。",
        "attribute": Attribute.PROACTIVE,
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    # Uploaded attachments go to a throwaway directory, not var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def draft(district: Any, clerk: Any) -> Document:
    return services.document_create(actor=clerk, organ=district.education, data=valid_data())


@pytest.fixture
def in_signoff(draft: Document, clerk: Any) -> Document:
    return services.document_submit(actor=clerk, document=draft)


@pytest.fixture
def issued(in_signoff: Document, head: Any) -> Document:
    return services.document_sign_off(actor=head, document=in_signoff)
