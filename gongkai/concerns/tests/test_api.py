"""The 舆情 API: every action through the same services, structured JSON errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.accounts.models import ApiToken
from gongkai.concerns.models import OpinionCase

pytestmark = pytest.mark.django_db

BASE = "/api/v1/concerns"


class Api:
    def __init__(self, user: Any) -> None:
        _, raw = ApiToken.issue(user=user, name="OA")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str) -> Any:
        return self.client.get(BASE + path)

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: Any) -> Any:
        return self.client.post(BASE + path, data=json.dumps(body or {}), content_type="application/json",
                                headers=headers)  # fmt: skip


CASE = {
    "detected_at": "2025-06-10T09:00:00+08:00",
    "source": "微博",
    "summary": "网传示范区某小学食堂食品安全问题。",
    "topic": "某小学食堂食品安全",
    "severity": "major",
}


def test_whole_workflow_through_the_api(cast):  # type: ignore[no-untyped-def]
    office, dept = Api(cast.gov_office), Api(cast.head)
    created = office.post(
        "/cases", {**CASE, "organs": [cast.district.education.pk]}, **{"Idempotency-Key": "k1"}
    )
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["proposed_organ"]["id"] == cast.district.education.pk
    assert [c["kind"] for c in case["clocks"]] == ["opinion_release", "opinion_press"]
    assert case["clocks"][0]["due_at"].startswith("2025-06-10T14:00")
    assert "allocate" in case["allowed_actions"]
    again = office.post(
        "/cases", {**CASE, "organs": [cast.district.education.pk]}, **{"Idempotency-Key": "k1"}
    )
    assert again.status_code == 200 and again.json()["id"] == case["id"]
    pk = case["id"]
    r = office.post(f"/cases/{pk}/allocate", {"organ": cast.district.education.pk})
    assert r.status_code == 200 and r.json()["status"] == "consulting"
    assert dept.post(f"/cases/{pk}/consult", {"note": "会商"}).status_code == 200
    assert dept.post(f"/cases/{pk}/analyse", {"note": "研判"}).status_code == 200
    r = dept.post(f"/cases/{pk}/responses", {
        "form": "press_conference", "title": "新闻发布会", "content": "通报核查情况",
        "occurred_at": "2025-06-10T13:00:00+08:00", "speaker": "王局长", "speaker_title": "局长",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    response_id = r.json()["id"]
    assert dept.post(f"/responses/{response_id}/publish").status_code == 200
    assert dept.post(f"/cases/{pk}/finish").status_code == 200
    r = office.post(f"/cases/{pk}/evaluate", {"evaluation": "按时回应"})
    assert r.json()["status"] == "closed"
    assert [s["kind"] for s in r.json()["steps"]] == [
        "collection",
        "consultation",
        "analysis",
        "response",
        "evaluation",
    ]
    stats = office.get("/stats/2025/6").json()
    assert stats[0]["clocks"]["opinion_release"]["on_time"] == 1
    assert stats[0]["clocks"]["opinion_press"]["rate"] == 100.0


def test_errors_are_structured(cast):  # type: ignore[no-untyped-def]
    office, clerk = Api(cast.gov_office), Api(cast.clerk)
    r = clerk.post("/cases", CASE)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_permitted"
    r = office.post("/cases", {**CASE, "severity": "huge"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "severity"
    r = office.post("/cases", {**CASE, "detected_at": "2099-01-01T00:00:00+08:00"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "detected_at"
    pk = office.post("/cases", CASE).json()["id"]
    r = office.post(f"/cases/{pk}/allocate", {"organ": cast.district.finance.pk})
    assert r.status_code == 400 and r.json()["error"]["field"] == "reason"
    r = office.post(f"/cases/{pk}/evaluate", {"evaluation": "x"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "transition_not_allowed"
    assert Api(cast.other_reviewer).get(f"/cases/{pk}").status_code == 404
    assert Client().get(BASE + "/cases").status_code == 401


def test_todo_orders_by_remaining_time(cast):  # type: ignore[no-untyped-def]
    office = Api(cast.gov_office)
    office.post("/cases", {**CASE, "severity": "ordinary"})
    office.post("/cases", CASE)
    lines = office.get("/todo").json()
    assert [line["due_at"][:16] for line in lines] == ["2025-06-10T14:00", "2025-06-12T09:00"]
    assert all(line["urgent"] for line in lines)  # long overdue
    assert OpinionCase.objects.count() == 2
