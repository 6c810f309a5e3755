"""The staff pages walk a meeting through its whole workflow, each POST calling one service;
refusals re-render with the status the API would answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.meetings.models import AgendaItem, Meeting, MeetingLink
from gongkai.meetings.workflow import Status

from .conftest import apply, past

pytestmark = pytest.mark.django_db


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_the_staff_pages_walk_the_whole_workflow(client, district, clerk, head, reviewer):
    client.force_login(clerk)
    assert client.get(reverse("meetings:create")).status_code == 200
    response = client.post(
        reverse("meetings:create"),
        {
            "organ": district.education.pk,
            "kind": "departmental",
            "title": "区教育局局务会议",
            "starts_at": _local(timezone.now() + timedelta(days=6)),
            "location": "三楼会议室",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.status == Status.DRAFT
    detail = reverse("meetings:detail", args=[meeting.pk])
    item_data = {
        "order": 1,
        "title": "学前教育资助办法",
        "invite": ["public", "media"],
        "openness": "open",
        "open_methods": ["attendance"],
        "public_seats": 2,
    }
    assert (
        client.post(reverse("meetings:item_add", args=[meeting.pk]), item_data).status_code == 302
    )
    item = AgendaItem.objects.get()
    edit = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    assert client.get(edit).status_code == 200
    assert (
        client.post(edit, {**item_data, "title": "学前教育资助办法（送审稿）"}).status_code == 302
    )
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), {
        "kind": "departmental", "title": "区教育局第12次局务会议",
        "starts_at": _local(meeting.starts_at), "location": "三楼会议室", "chair": "王局长",
    }).status_code == 302  # fmt: skip
    assert client.post(reverse("meetings:submit", args=[meeting.pk])).status_code == 302

    client.force_login(head)
    assert (
        client.post(reverse("meetings:approve", args=[meeting.pk]), {"opinion": "同意"}).status_code
        == 302
    )
    client.force_login(reviewer)
    assert client.post(reverse("meetings:announce", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.ANNOUNCED and meeting.chair == "王局长"

    apply(AgendaItem.objects.get(), 3)
    client.force_login(clerk)
    response = client.post(
        reverse("meetings:select", args=[meeting.pk]),
        {"item": item.pk, "method": "random", "seats": 2},
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "随机种子" in page

    past(meeting)
    assert client.post(reverse("meetings:hold", args=[meeting.pk])).status_code == 302
    assert (
        client.post(
            reverse("meetings:results", args=[meeting.pk]),
            {"press_release": "会议原则通过资助办法。", f"decision_{item.pk}": "原则通过。"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("meetings:link_add", args=[meeting.pk]),
            {"kind": "interpretation", "title": "一图读懂资助办法", "url": "/zcjd/"},
        ).status_code
        == 302
    )
    client.force_login(reviewer)
    assert client.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.PUBLISHED
    public = client.get(reverse("zfhy:detail", args=[meeting.uid])).content.decode()
    assert "一图读懂资助办法" in public and "原则通过。" in public

    client.force_login(clerk)
    link = MeetingLink.objects.get()
    assert (
        client.post(reverse("meetings:link_remove", args=[meeting.pk, link.pk])).status_code == 302
    )
    assert not MeetingLink.objects.exists()


def test_a_refused_step_re_renders_with_its_status(client, build, head, reviewer):
    meeting = build(Status.APPROVED, started=True)
    client.force_login(reviewer)
    response = client.post(reverse("meetings:announce", args=[meeting.pk]))
    assert response.status_code == 409
    assert "会议时间已过" in response.content.decode()
    client.force_login(head)
    response = client.post(reverse("meetings:reopen", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 400


def test_a_past_date_is_refused_on_the_form(client, district, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("meetings:create"),
        {
            "organ": district.education.pk,
            "kind": "departmental",
            "title": "补开的会议",
            "starts_at": _local(timezone.now() - timedelta(days=1)),
            "location": "三楼会议室",
        },
    )
    assert response.status_code == 400
    assert "会议时间不能早于当前时间" in response.content.decode()
    assert not Meeting.objects.exists()


def test_another_department_does_not_see_the_meeting(client, build, other_clerk):
    meeting = build(Status.ANNOUNCED)
    client.force_login(other_clerk)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_a_citizen_account_gets_no_back_office(client, build, citizen):
    client.force_login(citizen)
    assert client.get(reverse("meetings:list")).status_code == 403


def test_cancel_and_remove_item_through_the_pages(client, build, clerk, head):
    meeting = build()
    item = meeting.items.first()
    client.force_login(clerk)
    assert (
        client.post(reverse("meetings:item_remove", args=[meeting.pk, item.pk])).status_code == 302
    )
    client.force_login(head)
    assert (
        client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "取消"}).status_code
        == 302
    )
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED
