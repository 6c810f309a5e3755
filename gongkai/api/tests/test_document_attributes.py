"""API: the 公开属性 rules of issue 11 answer with structured errors."""

from __future__ import annotations

import pytest

from gongkai.api.tests.client import create
from gongkai.documents.models import Document

pytestmark = pytest.mark.django_db


def test_normative_document_not_proactive_is_a_structured_422(district, clerk, api_as):
    client = api_as(clerk)
    response = client.post(
        "/documents",
        {
            "organ": district.education.pk,
            "title": "示范区教育局学生资助管理办法",
            "is_normative": True,
            "attribute": "not_disclosed",
            "reason_codes": ["PROCESS_INFO"],
            "legal_explanation": "过程稿。",
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "gate_g1" and error["gate"] == "G1"
    assert error["field"] == "attribute"
    assert "条例第二十条第（一）项" in error["message"]
    assert not Document.objects.exists()


def test_normative_document_patched_to_on_request_is_refused(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district, is_normative=True, attribute="proactive")
    response = client.patch(
        f"/documents/{doc['id']}",
        {"attribute": "on_request", "on_request_reason": "SPECIFIC_SUBJECTS"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "attribute"
    assert Document.objects.get(pk=doc["id"]).attribute == "proactive"


def test_on_request_reason_is_written_and_read(district, clerk, api_as):
    client = api_as(clerk)
    body = create(
        client,
        district,
        attribute="on_request",
        on_request_reason="SPECIFIC_NEEDS",
        legal_explanation="仅与特定申请人的特殊需要相关。",
    )
    assert body["on_request_reason"] == "SPECIFIC_NEEDS"
    assert body["on_request_reason_label"].startswith("仅与特定申请人")
    assert body["reason_codes"] == []
    assert body["drafting_organ"] is None
    assert body["secrecy_mark"] == "" and body["marking"] == ""


def test_on_request_with_a_withholding_ground_is_a_structured_422(district, clerk, api_as):
    response = api_as(clerk).post(
        "/documents",
        {
            "organ": district.education.pk,
            "title": "关于某事项的通知",
            "attribute": "on_request",
            "reason_codes": ["INTERNAL_AFFAIRS"],
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["gate"] == "G2" and error["field"] == "reason_codes"


def test_admin_query_is_not_a_document_reason(district, clerk, api_as):
    response = api_as(clerk).post(
        "/documents",
        {
            "organ": district.education.pk,
            "title": "关于某事项的通知",
            "attribute": "not_disclosed",
            "reason_codes": ["ADMIN_QUERY"],
        },
    )
    assert response.status_code in (400, 422)
    assert not Document.objects.exists()


def test_state_secret_without_secrecy_level_is_a_structured_422(district, clerk, api_as):
    response = api_as(clerk).post(
        "/documents",
        {
            "organ": district.education.pk,
            "title": "关于某事项的请示",
            "attribute": "not_disclosed",
            "reason_codes": ["STATE_SECRET"],
            "legal_explanation": "属于国家秘密。",
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["gate"] == "G5" and error["field"] == "secrecy_level"
