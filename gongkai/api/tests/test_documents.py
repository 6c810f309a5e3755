"""Creating and editing documents: idempotency, validation, attachments."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.api.tests.client import blank_pdf, create
from gongkai.documents.models import Attachment, Document, ReasonCode

pytestmark = pytest.mark.django_db


def test_idempotency_key_creates_one_document(district, clerk, api_as):
    client = api_as(clerk)
    body = {"organ": district.education.pk, "title": "OA 推送的通知"}
    headers = {"Idempotency-Key": "oa-2026-000123"}
    first = client.post("/documents", body, headers=headers)
    second = client.post("/documents", body, headers=headers)
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert Document.objects.count() == 1
    # Without the header every POST is a new document.
    assert client.post("/documents", body).status_code == 201
    assert Document.objects.count() == 2


def test_idempotency_key_is_scoped_to_the_caller(district, clerk, api_as):
    colleague = UserFactory(username="colleague", roles=[(district.education, Role.CLERK)])
    body = {"organ": district.education.pk, "title": "同号不同人"}
    headers = {"Idempotency-Key": "same-key"}
    first = api_as(clerk).post("/documents", body, headers=headers)
    second = api_as(colleague).post("/documents", body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_patch_updates_only_given_fields(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district, summary="原概述")
    response = client.patch(
        f"/documents/{doc['id']}",
        {
            "attribute": "not_disclosed",
            "reason_codes": [ReasonCode.INTERNAL_AFFAIRS.value],
            "legal_explanation": "属于内部管理事务。",
            "expires_on": "2031-09-01",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["attribute"] == "not_disclosed"
    assert body["reason_codes"] == ["INTERNAL_AFFAIRS"]
    assert body["reason_labels"] == ["属于三类内部事务信息（条例第十六条第一款）"]
    assert body["expires_on"] == "2031-09-01"
    assert body["summary"] == "原概述"
    assert body["title"] == doc["title"]


def test_schema_validation_is_422_with_field_details(district, clerk, api_as):
    client = api_as(clerk)
    response = client.post(
        "/documents",
        {"organ": district.education.pk, "title": "x", "written_date": "2026-13-45"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == "written_date"
    assert error["details"][0]["location"] == "body"
    assert "日期" in error["details"][0]["message"]

    missing = client.post("/documents", {"organ": district.education.pk}).json()["error"]
    assert missing["field"] == "title"

    bad_enum = client.post(
        "/documents", {"organ": district.education.pk, "title": "x", "attribute": "public"}
    ).json()["error"]
    assert bad_enum["field"].startswith("attribute")


def test_service_validation_is_400_with_field(district, clerk, api_as):
    response = api_as(clerk).post(
        "/documents", {"organ": district.education.pk, "title": "x", "doc_number": "示教发2026-7"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_input",
        "message": response.json()["error"]["message"],
        "gate": None,
        "field": "doc_number",
    }


def test_unknown_organ_or_co_organ_is_400(district, clerk, api_as):
    client = api_as(clerk)
    bad_organ = client.post("/documents", {"organ": 999999, "title": "x"})
    assert bad_organ.status_code == 400 and bad_organ.json()["error"]["field"] == "organ"
    bad_co = client.post(
        "/documents", {"organ": district.education.pk, "title": "x", "co_organs": [999999]}
    )
    assert bad_co.status_code == 400 and bad_co.json()["error"]["field"] == "co_organs"


def test_attachment_upload_rejects_wrong_type(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district)
    response = client.upload(f"/documents/{doc['id']}/attachments", "名单.xlsx", b"PK\x03\x04junk")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "file" and error["code"] == "invalid_input"
    disguised = client.upload(f"/documents/{doc['id']}/attachments", "伪装.pdf", b"PK\x03\x04junk")
    assert disguised.status_code == 400 and disguised.json()["error"]["field"] == "file"
    assert not Attachment.objects.exists()


def test_attachment_upload_and_delete(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district)
    path = f"/documents/{doc['id']}/attachments"
    attachment = client.upload(path, "附件1.pdf", blank_pdf()).json()
    assert attachment["title"] == "附件1"
    assert client.get(f"/documents/{doc['id']}").json()["attachments"] == [attachment]
    assert client.delete(f"{path}/{attachment['id']}").status_code == 204
    assert client.delete(f"{path}/{attachment['id']}").status_code == 404
    assert not Attachment.objects.exists()


def test_malformed_json_is_400_in_chinese(district, clerk, api_as):
    client = api_as(clerk)
    response = client.client.post(
        "/api/v1/documents",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_body"


def test_missing_upload_file_is_422_on_field_file(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district)
    response = client.client.post(
        f"/api/v1/documents/{doc['id']}/attachments",
        data={"title": "无文件"},
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "file"


def test_validation_errors_follow_the_language_cookie(district, clerk, api_as, settings):
    client = api_as(clerk)
    body = {"organ": district.education.pk, "title": "x", "written_date": "2026-13-45"}

    chinese = client.post("/documents", body).json()["error"]
    client.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post("/documents", body).json()["error"]
    unauthenticated = api_as(clerk)
    unauthenticated.token = None
    unauthenticated.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    anonymous = unauthenticated.get("/documents").json()["error"]

    assert chinese["message"].startswith("请求参数有误：written_date ")
    assert english["message"].startswith("Invalid request parameters: written_date ")
    assert anonymous["message"].startswith("Not authenticated:")
