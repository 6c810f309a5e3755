"""The JSON API: public application and tracking, staff actions, lists, statistics."""

from datetime import date

import pytest

from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.factories import application, received

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.inforequests.tests.urls")]
D = date


def body(district, **overrides):
    data = {k: getattr(v, "value", v) for k, v in application(**overrides).items()}
    data["organ"] = district.education.pk
    data["organisation_type"] = data["organisation_type"] or None
    return data


def test_public_application_is_idempotent_and_returns_the_code_once(district, api_as):
    client = api_as()
    headers = {"Idempotency-Key": "0b5f2c1e-7a51-4c1e-9d0e-2f6f3c1b8a11", "User-Agent": "pytest"}
    first = client.post("/inforequests/apply", body(district), headers=headers)
    assert first.status_code == 201, first.content
    second = client.post("/inforequests/apply", body(district), headers=headers)
    assert second.status_code == 200
    assert first.json()["case_number"] == second.json()["case_number"] == "YSQ-2025-000001"
    assert first.json()["query_code"] == second.json()["query_code"]
    # 条例第三十一条: the online platform acknowledges at once.
    assert first.json()["status"] == "received" and first.json()["received_date"] == "2025-12-15"
    ir = InfoRequest.objects.get()
    assert ir.remote_ip == "127.0.0.1" and ir.user_agent == "pytest"


def test_public_application_validation_errors(district, api_as):
    response = api_as().post("/inforequests/apply", body(district, id_number="110105194912310021"))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "id_number"
    assert "校验位" in response.json()["error"]["message"]


def test_public_application_shares_the_forms_flood_limit(district, api_as, settings):
    settings.GONGKAI_INFOREQUEST_SUBMIT_MAX = 2
    client = api_as()
    for key in ("k1", "k2"):
        response = client.post(
            "/inforequests/apply", body(district), headers={"Idempotency-Key": key}
        )
        assert response.status_code == 201
    blocked = client.post("/inforequests/apply", body(district), headers={"Idempotency-Key": "k3"})
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "throttled"
    assert InfoRequest.objects.count() == 2


def test_tracking_with_the_query_code_and_rate_limit(district, api_as, settings):
    settings.GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES = 3
    client = api_as()
    created = client.post("/inforequests/apply", body(district)).json()
    ok = client.post(
        "/inforequests/track",
        {"case_number": created["case_number"], "query_code": created["query_code"]},
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "received" and ok.json()["applicant"] == "王**"
    assert "id_number" not in ok.json()
    for _ in range(3):
        wrong = client.post(
            "/inforequests/track",
            {"case_number": created["case_number"], "query_code": "AAAAAAAAAAAA"},
        )
        assert wrong.status_code == 404
    blocked = client.post(
        "/inforequests/track",
        {"case_number": created["case_number"], "query_code": created["query_code"]},
    )
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "throttled"


def test_staff_endpoints_need_authentication(district, api_as):
    assert api_as().get("/inforequests").status_code == 401


def test_staff_workflow_over_the_api(district, reviewer, office_head, api_as):
    client = api_as(reviewer)
    created = client.post(
        "/inforequests",
        {
            **body(district),
            "channel": "registered_post",
            "submitted_at": "2025-09-26T09:00:00+08:00",
            "received_date": "2025-09-25",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    detail = client.get(f"/inforequests/{pk}").json()
    assert detail["reply_due"] == "2025-10-29" and detail["id_number"] == "11010519491231002X"

    r = client.post(f"/inforequests/{pk}/assign", {"department": district.finance.pk})
    assert r.status_code == 200 and r.json()["status"] == "in_process"
    r = api_as(office_head).post(
        f"/inforequests/{pk}/extend",
        {"days": 20, "reason": "需要调档", "approved_on": "2025-10-20"},
    )
    assert r.status_code == 200 and r.json()["reply_due"] == "2025-11-26"
    r = api_as(office_head).post(f"/inforequests/{pk}/extend", {"days": 5, "reason": "再延"})
    assert r.status_code == 422 and r.json()["error"]["gate"] == "G11"
    r = client.post(f"/inforequests/{pk}/extend", {"days": 5, "reason": "x"})
    assert r.status_code == 403

    r = client.post(
        f"/inforequests/{pk}/consultations",
        {"kind": "third_party", "party": "某公司", "sent_on": "2025-10-21"},
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert client.get(f"/inforequests/{pk}").json()["status"] == "paused_third_party"
    r = client.post(
        f"/inforequests/{pk}/consultations/{cid}/answer",
        {"position": "agree", "answered_on": "2025-10-24"},
    )
    assert r.status_code == 200 and r.json()["ended_on"] == "2025-10-24"

    quote = client.get(f"/inforequests/{pk}/fee-quote", {"mode": "per_volume", "pages": 150})
    assert quote.json()["amount"] == 1700
    r = client.post(f"/inforequests/{pk}/decide", {"outcome": "partial", "reasons": "隐私。"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "withheld_grounds"
    partial = {
        "outcome": "partial",
        "reasons": "隐私。",
        "withheld_grounds": ["THIRD_PARTY_RIGHTS"],
    }
    r = client.post(f"/inforequests/{pk}/decide", partial)
    assert r.status_code == 422 and r.json()["error"]["gate"] == "G6"
    r = client.post(
        f"/inforequests/{pk}/release-review",
        {
            "items": [{"item": "环评批复正文"}, {"item": "附件：平面图"}],
            "reviewed_on": "2025-10-31",
        },
    )
    assert r.status_code == 201 and r.json()["outcome"] == "pass"
    r = client.post(f"/inforequests/{pk}/decide", partial)
    assert r.status_code == 200 and r.json()["outcome_label"] == "（二）部分公开"
    assert r.json()["withheld_grounds"] == ["THIRD_PARTY_RIGHTS"]
    r = client.post(f"/inforequests/{pk}/decide", {"outcome": "open", "decided_on": "2025-11-01"})
    assert r.status_code == 200 and r.json()["outcome_label"] == "（一）予以公开"
    r = client.post(f"/inforequests/{pk}/reply", {"delivery": "post", "replied_on": "2025-11-03"})
    assert r.status_code == 200 and r.json()["closed_on"] == "2025-11-03"
    assert client.post(f"/inforequests/{pk}/reply", {"delivery": "post"}).status_code == 409
    assert client.post(f"/inforequests/{pk}/archive").json()["status"] == "archived"

    events = [e["action"] for e in client.get(f"/inforequests/{pk}/events").json()]
    assert "inforequest.extended" in events and events[-1] == "inforequest.archived"
    clocks = client.get(f"/inforequests/{pk}/clocks").json()
    reply_clock = next(c for c in clocks if c["kind"] == "reply")
    assert reply_clock["closed_on"] == "2025-11-03" and reply_clock["explanation"]


def test_correction_over_the_api(district, reviewer, api_as):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    client = api_as(reviewer)
    r = client.post(
        f"/inforequests/{ir.pk}/correction-notice",
        {"items": ["文号"], "period_days": 10, "notified_on": "2025-10-13"},
    )
    assert r.status_code == 422 and "7个工作日" in r.json()["error"]["message"]
    r = client.post(
        f"/inforequests/{ir.pk}/correction-notice",
        {"items": ["文号"], "period_days": 10, "notified_on": "2025-09-30"},
    )
    assert r.status_code == 200 and r.json()["status"] == "correction"
    r = client.post(
        f"/inforequests/{ir.pk}/correction",
        {"corrected_on": "2025-10-20", "changes": {"info_doc_number": "示教发〔2024〕7号"}},
    )
    assert r.status_code == 200, r.content
    assert (
        r.json()["reply_due"] == "2025-11-17" and r.json()["info_doc_number"] == "示教发〔2024〕7号"
    )


def test_other_organs_and_citizens_get_404(district, reviewer, other_reviewer, citizen, api_as):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    for user in (other_reviewer, citizen):
        client = api_as(user)
        assert client.get(f"/inforequests/{ir.pk}").status_code == 404
        assert client.post(f"/inforequests/{ir.pk}/decide", {"outcome": "open"}).status_code == 404
        assert client.get("/inforequests").json()["count"] == 0


def test_list_is_masked_for_co_handling_departments(district, reviewer, other_clerk, api_as):
    ir = received(reviewer, district.education, D(2025, 12, 1))
    api_as(reviewer).post(
        f"/inforequests/{ir.pk}/assign",
        {"department": district.office.pk, "co_departments": [district.finance.pk]},
    )
    page = api_as(other_clerk).get("/inforequests").json()
    assert page["count"] == 1
    item = page["items"][0]
    assert item["personal_data_masked"] and item["phone"] == "138****5678"
    assert (
        api_as(other_clerk).post(f"/inforequests/{ir.pk}/decide", {"outcome": "open"}).status_code
        == 403
    )


def test_list_filters_due_soon_and_overdue(district, reviewer, api_as):
    received(reviewer, district.education, D(2025, 9, 25))
    received(reviewer, district.education, D(2025, 11, 17))  # due 15 December (today)
    client = api_as(reviewer)
    assert client.get("/inforequests", {"overdue": "true"}).json()["count"] == 1
    assert client.get("/inforequests", {"due_soon": "true"}).json()["count"] == 1
    assert client.get("/inforequests", {"status": "received"}).json()["count"] == 2


def test_statistics_endpoints(district, reviewer, other_reviewer, api_as):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    table = api_as(reviewer).get(
        "/inforequests/table3", {"organ": district.education.pk, "year": 2025}
    )
    assert table.status_code == 200
    rows = {r["key"]: r for r in table.json()["rows"]}
    assert rows["new"]["values"]["total"] == 1 and rows["carried_out"]["values"]["total"] == 1
    too_early = api_as(reviewer).get(
        "/inforequests/table3", {"organ": district.education.pk, "year": 2018}
    )
    assert too_early.status_code == 400 and too_early.json()["error"]["field"] == "year"
    assert (
        api_as(other_reviewer)
        .get("/inforequests/table3", {"organ": district.education.pk, "year": 2025})
        .status_code
        == 403
    )
    frequent = api_as(reviewer).get(
        "/inforequests/frequent", {"organ": district.education.pk, "year": 2025}
    )
    assert frequent.status_code == 200 and frequent.json() == []
    check = api_as(reviewer).get(f"/inforequests/{ir.pk}/repeat-check").json()
    assert check == {"is_repeat": False, "suggested_outcome": None, "earlier": []}


def test_openapi_lists_the_routes(api_as):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/inforequests/apply",
        "/api/v1/inforequests/track",
        "/api/v1/inforequests/{info_request_id}/decide",
    } <= paths
