"""Portal search covers 政策解读 and the 索引号 of documents (issue 15 §8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from gongkai.core.kit.hooks import announce_public_change
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.interpretations.workflow import Status
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _interpretations_wired() -> None:
    from gongkai.interpretations import search as interpretation_search

    interpretation_search.register_provider()


def test_a_published_interpretation_is_found_and_a_withdrawn_one_is_not(
    district, head, publish, django_capture_on_commit_callbacks
):
    document = publish(title="示范区学前教育资助办法")
    interpretation = InterpretationFactory(
        organ=district.education,
        documents=[document],
        status=Status.PUBLISHED,
        title="《示范区学前教育资助办法》政策解读",
        published_date=date(2026, 11, 20),
        published_at=timezone.now(),
        signed_off_by=head,
        signed_off_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change(interpretation, "published")
    hits = search("资助办法 政策解读").hits
    assert [(h.kind, h.object_id) for h in hits if h.kind == "interpretation"] == [
        ("interpretation", interpretation.pk)
    ]
    assert [h.url for h in hits if h.kind == "interpretation"][0].startswith("/zcjd/")

    type(interpretation).objects.filter(pk=interpretation.pk).update(status=Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change(interpretation, "withdrawn")
    assert not [h for h in search("资助办法 政策解读").hits if h.kind == "interpretation"]


def test_a_document_is_found_by_its_index_number(publish):
    document = publish(title="示范区教育局关于做好秋季开学工作的通知")
    assert document.index_number
    hits = search(document.index_number).hits
    assert [(h.kind, h.object_id) for h in hits] == [("document", document.pk)]
