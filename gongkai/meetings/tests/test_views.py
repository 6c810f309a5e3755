"""Portal and staff pages of 政府会议: the column, the attendance form (receipt, refusals,
throttle, script shown as text), masking of personal data, the 待办 line, the API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.workflow import Status

from .conftest import apply

pytestmark = pytest.mark.django_db

FORM = {"name": "张三", "phone": "13800138000", "category": "public", "consent": "on"}


def test_the_column_lists_upcoming_and_held_meetings(client, build):
    upcoming = build(Status.ANNOUNCED)
    held = build(Status.PUBLISHED)
    held.title = "已召开的局务会议"
    held.save()
    page = client.get(reverse("zfhy:list")).content.decode()
    assert str(upcoming.uid) in page and "申请列席" in page
    assert "已召开的局务会议" in page
    detail = client.get(reverse("zfhy:detail", args=[held.uid])).content.decode()
    assert "原则通过，由区教育局修改完善后印发实施。" in detail and "新闻通稿" in detail
    assert "干部任免事项" not in detail  # a closed item's title is not published


def test_a_draft_meeting_is_not_public(client, build):
    meeting = build(Status.APPROVED)
    assert client.get(reverse("zfhy:detail", args=[meeting.uid])).status_code == 404


def test_apply_stores_then_shows_the_receipt(client, build):
    item = build(Status.ANNOUNCED).items.get(openness="open")
    response = client.post(reverse("zfhy:apply", args=[item.pk]), FORM)
    assert response.status_code == 302
    application = AttendanceApplication.objects.get()
    receipt = client.get(response["Location"]).content.decode()
    assert application.number in receipt


def test_script_in_an_application_is_shown_as_text(client, build, clerk):
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    client.post(
        reverse("zfhy:apply", args=[item.pk]),
        {**FORM, "name": "<script>alert(1)</script>", "reason": "<img src=x onerror=alert(1)>"},
    )
    client.force_login(clerk)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page


def test_application_to_a_closed_item_is_not_offered(client, build):
    closed = build(Status.ANNOUNCED).items.get(openness="closed")
    assert client.get(reverse("zfhy:apply", args=[closed.pk])).status_code == 404


def test_application_after_the_deadline_is_refused_with_the_time(client, build):
    item = build(Status.ANNOUNCED, started=True).items.get(openness="open")
    response = client.post(reverse("zfhy:apply", args=[item.pk]), FORM)
    assert response.status_code == 409
    assert not AttendanceApplication.objects.exists()


def test_a_flood_from_one_address_is_throttled_without_losing_others(client, build, settings):
    settings.GONGKAI_MEETING_APPLY_MAX = 2
    item = build(Status.ANNOUNCED).items.get(openness="open")
    url = reverse("zfhy:apply", args=[item.pk])
    for i in range(2):
        client.post(url, {**FORM, "phone": f"1380000000{i}"}, REMOTE_ADDR="10.0.0.1")
    blocked = client.post(url, {**FORM, "phone": "13800000009"}, REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429
    other = client.post(url, {**FORM, "phone": "13900000001"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302
    assert AttendanceApplication.objects.count() == 3


def test_personal_data_is_masked_for_staff_who_do_not_handle_it(client, build, clerk, reviewer):
    meeting = build(Status.ANNOUNCED)
    apply(meeting.items.get(openness="open"), 1)
    client.force_login(reviewer)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "13800130000" not in page and "138****0000" in page
    client.force_login(clerk)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "13800130000" in page


def test_inbox_lines_for_applications_to_select_and_results_to_publish(
    client, build, clerk, reviewer
):
    build(Status.ANNOUNCED, applications=1)
    build(Status.HELD)
    client.force_login(clerk)
    inbox = client.get(reverse("staff:inbox")).content.decode()
    assert "列席申请待遴选" in inbox
    client.force_login(reviewer)
    inbox = client.get(reverse("staff:inbox")).content.decode()
    assert "会议结果待发布" in inbox


def test_the_api_runs_the_same_steps(client, build, clerk, head):
    meeting = build(Status.SUBMITTED)
    client.force_login(head)
    url = f"/api/v1/meetings/{meeting.pk}/approve"
    response = client.post(url, json.dumps({"opinion": "同意"}), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and "cancel" in body["allowed_actions"]
    again = client.post(url, json.dumps({}), content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["message"]


def test_the_public_api_application_refuses_a_closed_item(client, build):
    meeting = build(Status.ANNOUNCED)
    closed = meeting.items.get(openness="closed")
    open_item = meeting.items.get(openness="open")
    payload = json.dumps({"name": "张三", "phone": "13800138000"})
    bad = client.post(
        f"/api/v1/meetings/items/{closed.pk}/applications", payload, content_type="application/json"
    )
    assert bad.status_code == 404
    good = client.post(
        f"/api/v1/meetings/items/{open_item.pk}/applications",
        payload,
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["number"].startswith("LX")
