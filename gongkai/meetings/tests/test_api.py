"""The meetings API: bad input answers structured JSON with the field; personal data is
masked for callers who do not handle the applications; every step is the service's."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.meetings.workflow import Status

from .conftest import apply

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_meeting_in_the_past_is_refused_with_the_field(client, district, clerk):
    client.force_login(clerk)
    response = _post(
        client,
        "/api/v1/meetings",
        {
            "organ": district.education.pk,
            "kind": "departmental",
            "title": "补开的会议",
            "starts_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "location": "三楼会议室",
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "starts_at" and "不能早于当前时间" in error["message"]


def test_create_is_idempotent_and_items_carry_the_openness_proposal(client, district, clerk):
    client.force_login(clerk)
    body = {
        "organ": district.education.pk,
        "kind": "departmental",
        "title": "局务会议",
        "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
        "location": "三楼会议室",
    }
    first = client.post(
        "/api/v1/meetings",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    again = client.post(
        "/api/v1/meetings",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    meeting_id = first.json()["id"]
    bad = _post(
        client, f"/api/v1/meetings/{meeting_id}/items", {"title": "人事", "openness": "closed"}
    )
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "closed_reason"
    ok = _post(
        client,
        f"/api/v1/meetings/{meeting_id}/items",
        {
            "title": "资助办法",
            "invite": ["experts", "media"],
            "openness": "open",
            "open_methods": ["live"],
        },
    )
    assert ok.status_code == 201
    assert ok.json()["items"][0]["invite"] == ["experts", "media"]


def test_script_in_a_link_is_refused(client, build, clerk):
    meeting = build(Status.HELD)
    client.force_login(clerk)
    for url in ("javascript:alert(1)", "//evil.example/x"):
        response = _post(
            client,
            f"/api/v1/meetings/{meeting.pk}/links",
            {"kind": "media_report", "title": "报道", "url": url},
        )
        assert response.status_code == 400 and response.json()["error"]["field"] == "url"


def test_applicants_are_masked_for_the_openness_office(client, build, clerk, reviewer):
    meeting = build(Status.ANNOUNCED)
    apply(meeting.items.get(openness="open"), 1)
    client.force_login(reviewer)
    row = client.get(f"/api/v1/meetings/{meeting.pk}/applications").json()[0]
    assert row["phone"] == "138****0000" and row["name"] == "市**"
    client.force_login(clerk)
    row = client.get(f"/api/v1/meetings/{meeting.pk}/applications").json()[0]
    assert row["phone"] == "13800130000" and row["name"] == "市民0"


def test_the_selection_is_in_the_api_with_its_seed(client, build, clerk):
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    apply(item, 3)
    client.force_login(clerk)
    response = _post(
        client, f"/api/v1/meetings/{meeting.pk}/select", {"item": item.pk, "method": "random"}
    )
    assert response.status_code == 200
    selection = response.json()["items"][0]["selection"]
    assert selection["method"] == "random" and len(selection["seed"]) == 32
    assert len(selection["selected"]) == 2
