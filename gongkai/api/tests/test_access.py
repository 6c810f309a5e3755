"""Who sees what: scoping (404), permissions (403), lists and reference data."""

from __future__ import annotations

import pytest

from gongkai.documents.models import Document
from gongkai.documents.tests.factories import DocumentFactory, TopicFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def test_other_departments_clerk_cannot_see_a_draft(district, clerk, other_clerk, api_as):
    draft = DocumentFactory(organ=district.education)
    intruder = api_as(other_clerk)
    path = f"/documents/{draft.pk}"
    assert intruder.get(path).status_code == 404
    assert intruder.patch(path, {"title": "改"}).status_code == 404
    assert intruder.post(f"{path}/submit").status_code == 404
    assert intruder.get(f"{path}/events").status_code == 404
    assert intruder.get("/documents").json() == {"items": [], "count": 0}
    error = intruder.get(path).json()["error"]
    assert error["code"] == "not_found"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_other_departments_clerk_cannot_create_for_it(district, other_clerk, api_as):
    response = api_as(other_clerk).post(
        "/documents", {"organ": district.education.pk, "title": "越权起草"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    assert not Document.objects.exists()


def test_visible_but_not_permitted_is_403(district, clerk, reviewer, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    # The openness office sees the document once it leaves the drafting desk, but only
    # the head signs it off.
    response = api_as(reviewer).post(f"/documents/{doc.pk}/sign-off", {"opinion": ""})
    assert response.status_code == 403
    doc.refresh_from_db()
    assert doc.status == Status.SIGNOFF


def test_unknown_document_is_404(district, clerk, api_as):
    response = api_as(clerk).get("/documents/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_list_is_paginated_and_filtered(district, clerk, api_as, settings):
    for _ in range(3):
        DocumentFactory(organ=district.education)
    DocumentFactory(organ=district.education, attribute="not_disclosed")
    DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    DocumentFactory(organ=district.finance)  # not visible to the 教育局 clerk
    client = api_as(clerk)

    everything = client.get("/documents").json()
    assert everything["count"] == 5
    page = client.get("/documents", {"page_size": 2, "page": 3}).json()
    assert page["count"] == 5 and len(page["items"]) == 1
    assert client.get("/documents", {"status": "signoff"}).json()["count"] == 1
    assert client.get("/documents", {"attribute": "not_disclosed"}).json()["count"] == 1
    assert client.get("/documents", {"organ": district.finance.pk}).json()["count"] == 0
    bad = client.get("/documents", {"status": "nonsense"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "status"


def test_reference_lists(district, clerk, api_as):
    topic = TopicFactory(name="教育测试分类")
    client = api_as(clerk)
    organs = client.get("/organs").json()
    assert {o["name"] for o in organs} >= {"示范区教育局", "示范区财政局"}
    topics = client.get("/topics").json()
    assert {"id": topic.pk, "name": "教育测试分类", "parent_id": None} in topics
