"""The API answers bad input with a 4xx in its JSON error body, never a 500 (issue 16, item 5).

Each test is one reproduction of the probe: unknown paths and methods, bodies over the limit,
multipart without a boundary, NUL characters (PostgreSQL cannot store them), ids, years and
pages past what the database holds, dates outside 1949–2100, non-object bodies (`[null,
null]` once withdrew a case), a locked database, and an unexpected exception in production.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from gongkai.api.tests.client import BASE, ApiClient, create
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.factories import application
from gongkai.inforequests.workflow import Status as RequestStatus

pytestmark = pytest.mark.django_db


def envelope(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = json.loads(response.content)["error"]
    assert set(error) >= {"code", "message", "gate", "field"}
    assert error["message"]
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


@pytest.fixture
def clerk_api(api_as, clerk):
    return api_as(clerk)


def test_unknown_path_is_a_json_404(clerk_api):
    envelope(clerk_api.get("/no-such-thing"), 404, "not_found")
    envelope(Client().get("/api/v2/documents"), 404, "not_found")


def test_wrong_method_is_a_json_405_with_allow(clerk_api):
    response = clerk_api.client.put(BASE + "/documents", headers=clerk_api._headers(None))
    error = envelope(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    assert error["message"] == "该地址不支持此请求方法。"


def test_body_over_the_size_limit_is_a_json_413(clerk_api, district, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"organ": district.education.pk, "title": "通知", "body": "字" * 2000}
    envelope(clerk_api.post("/documents", body), 413, "payload_too_large")


def test_multipart_without_a_boundary_is_a_json_400(clerk_api, district):
    document = create(clerk_api, district)
    response = clerk_api.client.post(
        f"{BASE}/documents/{document['id']}/attachments",
        data=b"--x\r\nContent-Disposition: form-data; name=title\r\n\r\nx\r\n--x--\r\n",
        content_type="multipart/form-data",
        headers=clerk_api._headers(None),
    )
    envelope(response, 400, "malformed_body")


@pytest.mark.parametrize(
    "body",
    [
        {"title": "通知\x00"},
        {"title": "通知", "keywords": "a\x00b"},
        {"title": "通知", "reason_codes": ["\x00"]},
        {"title": "通知", "doc_number\x00": "x"},
    ],
)
def test_nul_characters_in_a_body_are_refused(clerk_api, district, body):
    body = {"organ": district.education.pk, **body}
    error = envelope(clerk_api.post("/documents", body), 422, "validation_error")
    assert "NUL" in error["message"]
    assert error["details"][0]["type"] == "string_nul"


def test_nul_characters_in_the_query_and_forms_are_refused(clerk_api, district):
    error = envelope(clerk_api.get("/inforequests", {"q": "示范\x00"}), 422, "validation_error")
    assert error["field"] == "q"
    document = create(clerk_api, district)
    response = clerk_api.upload(
        f"/documents/{document['id']}/attachments", "a.pdf", b"%PDF", "a\x00"
    )
    assert envelope(response, 422)["field"] == "title"


def test_nul_in_the_public_application_and_tracking(api_as, district):
    client = ApiClient()
    data = {k: getattr(v, "value", v) for k, v in application().items()}
    data.update(organ=district.education.pk, organisation_type=None, info_title="房屋\x00征收")
    envelope(client.post("/inforequests/apply", data), 422, "validation_error")
    track = client.post("/inforequests/track", {"case_number": "YSQ\x00", "query_code": "x"})
    envelope(track, 422, "validation_error")
    assert not InfoRequest.objects.exists()


def test_ids_years_and_pages_past_the_database_are_4xx(clerk_api, district):
    huge = 2**70
    envelope(clerk_api.get(f"/documents/{huge}"), 422, "validation_error")
    envelope(clerk_api.get(f"/documents/{2**63 - 1}"), 404, "not_found")
    envelope(clerk_api.get("/documents/0"), 422)
    envelope(clerk_api.get("/documents", {"organ": huge}), 422)
    envelope(clerk_api.get("/documents", {"page": huge}), 422)
    envelope(clerk_api.get("/inforequests", {"year": 47098345, "page": 7648}), 422)
    envelope(clerk_api.get("/inforequests", {"year": 1800}), 422)
    envelope(clerk_api.post("/documents", {"organ": huge, "title": "通知"}), 422)
    response = clerk_api.post(
        "/documents", {"organ": district.education.pk, "title": "通", "topic": 2**62}
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "topic"


@pytest.mark.parametrize("value", ["1800-01-01", "0001-01-01", "2101-01-01", "9999-12-31"])
def test_dates_outside_1949_to_2100_are_refused(clerk_api, district, value):
    body = {"organ": district.education.pk, "title": "通知", "written_date": value}
    error = envelope(clerk_api.post("/documents", body), 422, "validation_error")
    assert error["field"] == "written_date"
    assert error["details"][0]["type"] == "date_out_of_range"


def test_dates_inside_the_range_are_accepted(clerk_api, district):
    body = {"organ": district.education.pk, "title": "通知", "written_date": "1949-10-01"}
    assert clerk_api.post("/documents", body).status_code == 201


@pytest.mark.parametrize("raw", ["[null, null]", "[]", '"withdraw"', "3", "null"])
def test_a_body_that_is_not_an_object_never_withdraws_a_case(api_as, reviewer, district, raw):
    client = ApiClient()
    data = {k: getattr(v, "value", v) for k, v in application().items()}
    data.update(organ=district.education.pk, organisation_type=None)
    case = client.post("/inforequests/apply", data).json()
    before = InfoRequest.objects.get(pk=case["id"]).status
    staff = api_as(reviewer)
    response = staff.client.post(
        f"{BASE}/inforequests/{case['id']}/withdraw",
        data=raw,
        content_type="application/json",
        headers=staff._headers(None),
    )
    assert response.status_code in (400, 422), response.content
    envelope(response, response.status_code)
    assert InfoRequest.objects.get(pk=case["id"]).status == before
    # The same call with an object body does withdraw (条例第三十条 aside): the refusal above
    # is the body's shape, not the case.
    done = staff.post(f"/inforequests/{case['id']}/withdraw", {"reason": "申请人撤回"})
    assert done.status_code == 200, done.content
    assert InfoRequest.objects.get(pk=case["id"]).status == RequestStatus.TERMINATED


def test_malformed_json_is_a_400_in_debug_too(clerk_api, settings):
    settings.DEBUG = True
    response = clerk_api.client.post(
        BASE + "/documents",
        data="{",
        content_type="application/json",
        headers=clerk_api._headers(None),
    )
    envelope(response, 400, "malformed_body")


def test_a_locked_database_is_a_json_503_with_retry_after(clerk_api, district, monkeypatch):
    from gongkai.documents import services

    def locked(**kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "document_create", locked)
    response = clerk_api.post("/documents", {"organ": district.education.pk, "title": "通知"})
    envelope(response, 503, "service_unavailable")
    assert int(response["Retry-After"]) > 0


def test_an_unexpected_exception_is_a_json_500_in_production(
    clerk_api, monkeypatch, settings, caplog
):
    settings.DEBUG = False
    from gongkai.api import reference

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(reference.Organ.objects, "filter", broken)
    response = clerk_api.get("/organs")
    error = envelope(response, 500, "server_error")
    assert "boom" not in error["message"]
    assert any("boom" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_statuses_are_separate_enums_in_the_openapi_schema():
    from gongkai.documents.workflow import Status as DocumentStatus
    from gongkai.interpretations.workflow import Status as InterpretationStatus

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    components = schema["components"]["schemas"]

    def status_enum(path: str) -> list[str]:
        parameters = schema["paths"][path]["get"]["parameters"]
        status = next(p for p in parameters if p["name"] == "status")["schema"]
        ref = next(s["$ref"] for s in status["anyOf"] if "$ref" in s)
        return list(components[ref.rsplit("/", 1)[-1]]["enum"])

    assert status_enum("/api/v1/documents") == [s.value for s in DocumentStatus]
    assert status_enum("/api/v1/interpretations") == [s.value for s in InterpretationStatus]
    assert status_enum("/api/v1/inforequests") == [s.value for s in RequestStatus]
    # No two classes share a component: each $ref resolves to what its class generates.
    assert {"DocumentsStatus", "InterpretationsStatus", "InforequestsStatus"} <= set(components)
