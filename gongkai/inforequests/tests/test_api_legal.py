"""The JSON API of the issue 11 procedure steps: same services, structured errors."""

from datetime import date

import pytest

from gongkai.inforequests import services
from gongkai.inforequests.models import ConsultationKind, ConsultationPosition
from gongkai.inforequests.tests.factories import received

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, D(2025, 9, 25))


def test_correction_delivery_and_lapse_over_the_api(reviewer, api_as, ir):
    client = api_as(reviewer)
    base = f"/inforequests/{ir.pk}"
    r = client.post(
        f"{base}/correction-notice",
        {"items": ["名称"], "period_days": 10, "notified_on": "2025-09-29", "method": "post"},
    )
    assert r.status_code == 200, r.content
    r = client.post(f"{base}/correction-notice/delivered", {"received_on": "2025-10-09"})
    assert r.status_code == 200
    clocks = client.get(f"{base}/clocks").json()
    period = [c for c in clocks if c["kind"] == "correction_period" and not c["closed_on"]]
    assert period[0]["due_date"] == "2025-10-22"
    # Lapsed by today (15 December), but the office must record that there is no 正当理由.
    r = client.post(f"{base}/correction-lapse", {"note": ""})
    assert r.status_code == 400 and r.json()["error"]["field"] == "note"
    r = client.post(f"{base}/correction-lapse", {"note": "电话核实，无正当理由"})
    assert r.status_code == 200 and r.json()["status"] == "terminated"


def test_reasons_and_delayed_deadline_over_the_api(reviewer, api_as, ir):
    client = api_as(reviewer)
    base = f"/inforequests/{ir.pk}"
    r = client.post(f"{base}/delayed-deadline", {"days": 30, "reason": "数量大"})
    assert r.status_code == 409 and "说明理由" in r.json()["error"]["message"]
    r = client.post(
        f"{base}/reasons-request", {"matters": "请说明理由", "requested_on": "2025-09-29"}
    )
    assert r.status_code == 200
    r = client.post(
        f"{base}/delayed-deadline", {"days": 30, "reason": "数量大", "decided_on": "2025-10-09"}
    )
    assert r.status_code == 200 and r.json()["reply_due"] == "2025-11-19"
    assert r.json()["delayed_days"] == 30 and r.json()["reasons_requested_on"] == "2025-09-29"
    r = client.post(f"{base}/delayed-deadline", {"days": 0, "reason": "x"})
    assert r.status_code in (400, 422)


def test_disclosure_over_objection_over_the_api(reviewer, api_as, ir):
    consultation = services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.THIRD_PARTY,
        party="甲公司",
        sent_on=D(2025, 9, 26),
    )
    services.consultation_answer(
        actor=reviewer,
        consultation=consultation,
        position=ConsultationPosition.OBJECT,
        answered_on=D(2025, 10, 9),
    )
    client = api_as(reviewer)
    base = f"/inforequests/{ir.pk}"
    r = client.post(f"{base}/release-review", {"items": [{"item": "全文"}]})
    assert r.status_code == 201
    r = client.post(f"{base}/decide", {"outcome": "open", "decided_on": "2025-10-10"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "public_interest_finding"
    r = client.post(
        f"{base}/decide",
        {"outcome": "open", "decided_on": "2025-10-10", "public_interest_finding": "公共安全"},
    )
    assert r.status_code == 200 and r.json()["public_interest_finding"] == "公共安全"
    notice = f"{base}/consultations/{consultation.pk}/disclosure-notice"
    r = client.post(notice, {"content": "全文", "reasons": "公共安全", "sent_on": "2025-10-10"})
    assert r.status_code == 200 and r.json()["disclosure_notice_delivered_on"] is None
    r = client.post(f"{base}/reply", {"delivery": "post", "replied_on": "2025-10-13"})
    assert r.status_code == 422 and r.json()["error"]["gate"] == "G12"
    r = client.post(f"{notice}/delivered", {"delivered_on": "2025-10-13"})
    assert r.status_code == 200 and r.json()["disclosure_notice_delivered_on"] == "2025-10-13"
    r = client.post(f"{base}/reply", {"delivery": "post", "replied_on": "2025-10-13"})
    assert r.status_code == 200 and r.json()["status"] == "replied"
