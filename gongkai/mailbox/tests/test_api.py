"""The /api/v1/messages endpoints: the writer's (no account) and staff's, same services."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from gongkai.accounts.models import ApiToken
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.tests.factories import submit
from gongkai.mailbox.workflow import Status

pytestmark = pytest.mark.django_db

BASE = "/api/v1/messages"


def staff(user: Any) -> Client:
    _, raw = ApiToken.issue(user=user, name="OA")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client: Client, path: str, body: Any, **headers: Any) -> Any:
    return client.post(
        f"{BASE}{path}", data=json.dumps(body), content_type="application/json", headers=headers
    )


def payload(organ: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "organ": organ.pk,
        "kind": "suggestion",
        "subject": "建议增设公交站点",
        "text": "建议在人民路口增设公交站点。",
        "writer_name": "赵六",
        "phone": "13700001111",
        "consent_publish": True,
    }
    body.update(overrides)
    return body


def test_public_submit_track_and_idempotency(district):
    client = Client()
    response = post(client, "/public/", payload(district.education), **{"Idempotency-Key": "k1"})
    assert response.status_code == 201
    receipt = response.json()
    again = post(client, "/public/", payload(district.education), **{"Idempotency-Key": "k1"})
    assert again.status_code == 200 and again.json() == {**receipt, "created": False}
    tracked = post(
        client, "/public/track", {"number": receipt["number"], "query_code": receipt["query_code"]}
    )
    assert tracked.status_code == 200 and tracked.json()["status"] == Status.SUBMITTED
    assert tracked.json()["due"]


def test_bad_input_is_structured_json(district):
    client = Client()
    response = post(client, "/public/", payload(district.education, phone="", email=""))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "phone" and "联系方式" in error["message"]
    response = post(client, "/public/", payload(district.education, kind="praise"))
    assert response.status_code in (400, 422)
    assert client.post(
        f"{BASE}/public/", data="{not json", content_type="application/json"
    ).status_code in (400, 422)
    wrong = post(client, "/public/track", {"number": "LY-2026-000001", "query_code": "X"})
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "query_code"
    assert PublicMessage.objects.count() == 0


def test_public_flood_is_refused_with_429(district, settings):
    settings.GONGKAI_MAILBOX_SUBMIT_MAX = 2
    client = Client()
    for i in range(2):
        assert (
            post(client, "/public/", payload(district.education, subject=f"s{i}")).status_code
            == 201
        )
    refused = post(client, "/public/", payload(district.education))
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    assert PublicMessage.objects.count() == 2


def test_staff_actions_through_the_api(district, clerk, reviewer, other_clerk):
    message = submit(district.education)
    api = staff(clerk)
    got = api.get(f"{BASE}/{message.pk}").json()
    assert got["allowed_actions"] == ["accept", "transfer", "convert", "refer", "reject"]
    assert staff(other_clerk).get(f"{BASE}/{message.pk}").status_code == 404
    assert post(api, f"/{message.pk}/reply", {"reply": "x"}).status_code == 409
    assert post(api, f"/{message.pk}/accept", {}).json()["status"] == Status.ACCEPTED
    replied = post(api, f"/{message.pk}/reply", {"reply": "王小明您好，已答复。"}).json()
    assert replied["status"] == Status.REPLIED and replied["replied_by"] == district.education.pk
    assert post(api, f"/{message.pk}/publish", {}).status_code == 403
    published = post(staff(reviewer), f"/{message.pk}/publish", {}).json()
    assert published["status"] == Status.PUBLISHED and "王＊＊" in published["public_reply"]
    listed = api.get(f"{BASE}/?status=published").json()
    assert [m["id"] for m in listed] == [message.pk]


def test_transfer_needs_a_known_organ(district, reviewer):
    message = submit(district.education)
    api = staff(reviewer)
    bad = post(api, f"/{message.pk}/transfer", {"to_organ": 999999, "reason": "x"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "to_organ"
    ok = post(
        api, f"/{message.pk}/transfer", {"to_organ": district.finance.pk, "reason": "财政职责"}
    )
    assert ok.status_code == 404 or ok.json()["organ"] == district.finance.pk


def test_administrator_reads_masked_personal_data(district, administrator):
    message = submit(district.education)
    got = staff(administrator).get(f"{BASE}/{message.pk}").json()
    assert got["writer_name"] == "王＊＊" and "13812345678" not in json.dumps(
        got, ensure_ascii=False
    )
    assert got["allowed_actions"] == []
    message.refresh_from_db()
    assert message.writer_name == "王小明"
