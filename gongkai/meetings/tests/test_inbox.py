"""The 政府会议 lines of the main 待办: who sees which key (``meetings.<section>``), and the
meetings shown inline with their 当前办理人 and date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.kit.testing import inbox_lines, only_inbox_item
from gongkai.meetings import services
from gongkai.meetings.views_staff import _handler, inbox_links
from gongkai.meetings.workflow import MeetingKind, Status

from .conftest import past

pytestmark = pytest.mark.django_db


def lines(user: Any) -> dict[str, Any]:
    return inbox_lines(inbox_links, user)


def only_item(user: Any, key: str) -> Any:
    return only_inbox_item(inbox_links, user, key)


def test_the_plan_to_approve_goes_to_the_head(build, clerk, head, reviewer, other_clerk):
    meeting = build(Status.SUBMITTED)
    item = only_item(head, "meetings.to_approve")
    assert item.label == meeting.title
    assert item.url == reverse("meetings:detail", args=[meeting.pk])
    assert item.handler == head.get_full_name()
    for user in (clerk, reviewer, other_clerk):
        assert lines(user) == {}


def test_the_announcement_goes_to_the_openness_office_with_the_meeting_date(
    build, clerk, head, reviewer
):
    meeting = build(Status.APPROVED)
    item = only_item(reviewer, "meetings.to_announce")
    assert item.due == timezone.localtime(meeting.starts_at).date()
    assert item.handler == reviewer.get_full_name()
    assert lines(clerk) == {} and lines(head) == {}


def test_applications_to_select_and_results_go_to_the_organiser(build, clerk, reviewer):
    meeting = build(Status.ANNOUNCED, applications=2)
    item = only_item(clerk, "meetings.to_select")
    assert item.url == reverse("meetings:detail", args=[meeting.pk])
    assert item.handler == clerk.get_full_name()
    assert "meetings.to_select" not in lines(reviewer)

    past(meeting)
    assert set(lines(clerk)) >= {"meetings.to_record"}


def test_the_results_to_publish_go_to_the_openness_office(build, clerk, reviewer):
    meeting = build(Status.HELD)
    assert only_item(reviewer, "meetings.to_publish").label == meeting.title
    assert "meetings.to_publish" not in lines(clerk)


def test_the_governments_own_meeting_names_the_office_as_organiser(district, gov_office):
    meeting = services.meeting_create(
        actor=gov_office,
        organ=district.government,
        data={
            "kind": MeetingKind.EXECUTIVE,
            "title": "区政府第5次常务会议",
            "starts_at": timezone.now() + timedelta(days=5),
            "location": "区政府第一会议室",
        },
    )
    assert _handler(meeting, "to_record") == gov_office.get_full_name()
