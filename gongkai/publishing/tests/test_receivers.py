"""Organ, topic and interpretation changes reach the static site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.models import Genre
from gongkai.publishing import publisher
from gongkai.publishing.models import JobOutcome, PublishJob

pytestmark = pytest.mark.django_db


def written_paths() -> set[str]:
    return set(PublishJob.objects.filter(outcome=JobOutcome.WRITTEN).values_list("path", flat=True))


def test_editing_an_organs_contacts_republishes_the_guide(
    district: Any, django_capture_on_commit_callbacks: Any, root: Path
) -> None:
    publisher.publish_all()
    organ = district.education

    with django_capture_on_commit_callbacks(execute=True):
        organ.office_phone = "0411-87654321"
        organ.save()

    assert written_paths() == {"/xxgk/guide/"}
    assert "0411-87654321" in (root / "xxgk" / "guide" / "index.html").read_text()


def test_renaming_an_organ_republishes_its_documents(
    district: Any, published: Any, django_capture_on_commit_callbacks: Any, root: Path
) -> None:
    document = published(title="教育局的文件")
    publisher.publish_all()

    with django_capture_on_commit_callbacks(execute=True):
        district.education.name = "示范区教育和体育局"
        district.education.save()
    # The whole site is queued for the command, not rendered in the admin's request.
    assert written_paths() == set()
    publisher.process_pending()

    assert f"/xxgk/documents/{document.uid}/" in written_paths()
    page = root / "xxgk" / "documents" / str(document.uid) / "index.html"
    assert "示范区教育和体育局" in page.read_text()


def test_withdrawing_an_interpretation_removes_its_page_and_its_link(
    issued: Any,
    reviewer: Any,
    run_on_commit: Any,
    signed_interpretation: Any,
    root: Path,
) -> None:
    from gongkai.interpretations import services as interpretation_services

    document = issued(title="示范区学前教育资助办法", is_normative=True, genre=Genre.MEASURES)
    interpretation = signed_interpretation(document, "学前教育资助政策解读")
    run_on_commit(document_services.document_publish, actor=reviewer, document=document)
    detail = root / "xxgk" / "documents" / str(document.uid) / "index.html"
    assert "学前教育资助政策解读" in detail.read_text()
    assert (root / "zcjd" / str(interpretation.uid) / "index.html").exists()
    PublishJob.objects.all().delete()

    run_on_commit(
        interpretation_services.interpretation_withdraw,
        actor=reviewer,
        interpretation=interpretation,
        reason="解读有误",
    )

    deleted = set(
        PublishJob.objects.filter(outcome=JobOutcome.DELETED).values_list("path", flat=True)
    )
    assert deleted == {f"/zcjd/{interpretation.uid}/"}
    assert {f"/xxgk/documents/{document.uid}/", "/zcjd/"} <= written_paths()
    assert "学前教育资助政策解读" not in detail.read_text()
