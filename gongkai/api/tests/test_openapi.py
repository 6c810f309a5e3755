from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/documents": {"get", "post"},
    "/api/v1/documents/{document_id}": {"get", "patch"},
    "/api/v1/documents/{document_id}/submit": {"post"},
    "/api/v1/documents/{document_id}/review-disclosure": {"post"},
    "/api/v1/documents/{document_id}/sign-off": {"post"},
    "/api/v1/documents/{document_id}/return": {"post"},
    "/api/v1/documents/{document_id}/accept": {"post"},
    "/api/v1/documents/{document_id}/confidentiality-review": {"post"},
    "/api/v1/documents/{document_id}/publish": {"post"},
    "/api/v1/documents/{document_id}/withdraw": {"post"},
    "/api/v1/documents/{document_id}/repeal": {"post"},
    "/api/v1/documents/{document_id}/events": {"get"},
    "/api/v1/documents/{document_id}/confidentiality-items": {"get"},
    "/api/v1/documents/{document_id}/attachments": {"post"},
    "/api/v1/documents/{document_id}/attachments/{attachment_id}": {"delete"},
    "/api/v1/organs": {"get"},
    "/api/v1/topics": {"get"},
    "/api/v1/me": {"get"},
}


@pytest.fixture
def schema():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_openapi_lists_every_path_and_method(schema):
    assert schema["openapi"].startswith("3.")
    # Other apps mount their own routers; this test owns the document workflow's paths.
    paths = {path: set(ops) for path, ops in schema["paths"].items() if path in EXPECTED_PATHS}
    assert paths == EXPECTED_PATHS
    assert any(path.startswith("/api/v1/interpretations") for path in schema["paths"])


def test_openapi_declares_bearer_and_session_security(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["StaffSessionAuth"]["in"] == "cookie"
    # A citizen applies and tracks a case without an account (依申请公开), and applies to
    # attend an open meeting item (政府会议, 列席); the monitoring service's webhook is
    # authenticated by its HMAC signature (舆情, gongkai.concerns.webhook); a citizen writes,
    # tracks and rates a message and answers a survey (互动交流, 征集调查).
    public = {
        "/api/v1/inforequests/apply",
        "/api/v1/inforequests/track",
        "/api/v1/meetings/items/{item_id}/applications",
        "/api/v1/concerns/webhook",
        "/api/v1/messages/public/",
        "/api/v1/messages/public/track",
        "/api/v1/messages/public/rate",
        "/api/v1/solicitations/public/",
        "/api/v1/solicitations/public/{number}",
        "/api/v1/solicitations/public/{number}/answers",
    }
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path in public:
                assert "security" not in operation
            else:
                assert {"ApiTokenAuth": []} in operation["security"]


def test_openapi_documents_the_error_body(schema):
    submit = schema["paths"]["/api/v1/documents/{document_id}/submit"]["post"]
    for status in ("400", "401", "403", "404", "409", "422"):
        ref = submit["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorOut")
    detail = schema["components"]["schemas"]["ErrorDetailOut"]["properties"]
    assert {"code", "message", "gate", "field"} <= set(detail)


def test_openapi_input_uses_enums_and_iso_dates(schema):
    fields = schema["components"]["schemas"]["DocumentCreateIn"]["properties"]
    date_schema = fields["written_date"]["anyOf"][0]
    assert date_schema == {"format": "date", "type": "string"}
    assert set(schema["components"]["schemas"]["Attribute"]["enum"]) == {
        "proactive",
        "on_request",
        "not_disclosed",
    }


def test_docs_page_is_served(db):
    assert Client().get("/api/v1/docs").status_code == 200


def test_the_documents_endpoints_keep_their_names_after_moving_home(schema):
    """The documents' endpoints and schemas moved from gongkai/api to gongkai/documents
    (issue 10); OA clients generated from the schema call them by their old operationIds
    and type names, so those stay."""
    for path, methods in EXPECTED_PATHS.items():
        if not path.startswith("/api/v1/documents"):
            continue
        for method in methods:
            operation_id = schema["paths"][path][method]["operationId"]
            assert operation_id.startswith("gongkai_api_documents_"), (path, operation_id)
    components = schema["components"]["schemas"]
    assert {"ApiOpinionIn", "ApiOrganRefOut", "ApiReasonIn"} <= set(components)
    # A module that moves nothing keeps ninja's own naming.
    decision_ids = [
        operation["operationId"]
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/decisions")
        for operation in operations.values()
    ]
    assert decision_ids and all(i.startswith("gongkai_decisions_api_") for i in decision_ids)
