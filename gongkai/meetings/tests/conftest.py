"""Meetings reached through the services, in every status (the fixed cast of conftest.py:
`clerk` organises the 教育局's meetings, `head` approves, `reviewer` announces and
publishes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gongkai.meetings import services
from gongkai.meetings.models import Meeting
from gongkai.meetings.workflow import MeetingKind, Status

OPEN_ITEM = {
    "title": "《示范区学前教育资助办法（征求意见稿）》",
    "summary": "审议学前教育资助对象、标准和程序。",
    "sponsor": "区教育局",
    "invite": ["stakeholders", "public", "experts", "media"],
    "openness": "open",
    "open_methods": ["attendance", "report"],
    "public_seats": 2,
}
CLOSED_ITEM = {
    "title": "干部任免事项",
    "openness": "closed",
    "closed_reason": "涉及人事事项，依法不予公开。",
    "invite": [],
    "open_methods": [],
}


def apply(item: Any, n: int) -> list[Any]:
    return [
        services.application_submit(
            item=item,
            data={"name": f"市民{i}", "phone": f"1380013{i:04d}", "reason": "关心学前教育"},
        )
        for i in range(n)
    ]


def past(meeting: Meeting) -> None:
    """Time passes: the meeting's start time has come."""
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - timedelta(minutes=5), applications_close_at=now - timedelta(hours=1)
    )
    meeting.refresh_from_db()


@pytest.fixture
def build(district: Any, clerk: Any, head: Any, reviewer: Any) -> Callable[..., Meeting]:
    def _build(
        status: str = Status.DRAFT,
        *,
        items: bool = True,
        applications: int = 0,
        press_release: bool = True,
        started: bool | None = None,
        selected: bool = False,
    ) -> Meeting:
        meeting = services.meeting_create(
            actor=clerk,
            organ=district.education,
            data={
                "kind": MeetingKind.DEPARTMENTAL,
                "title": "区教育局2026年第12次局务会议",
                "starts_at": timezone.now() + timedelta(days=5),
                "applications_close_at": timezone.now() + timedelta(days=3),
                "location": "区教育局三楼会议室",
                "chair": "王局长",
            },
        )
        if items:
            services.item_add(actor=clerk, meeting=meeting, data=OPEN_ITEM)
            services.item_add(actor=clerk, meeting=meeting, data=CLOSED_ITEM)
        if status == Status.DRAFT:
            return meeting
        services.meeting_submit(actor=clerk, meeting=meeting)
        if status == Status.SUBMITTED:
            return meeting
        if status == Status.CANCELLED:
            services.meeting_cancel(actor=head, meeting=meeting, reason="议题调整")
            return meeting
        services.meeting_approve(actor=head, meeting=meeting, opinion="同意")
        if status == Status.APPROVED:
            if started:
                past(meeting)
            return meeting
        services.meeting_announce(actor=reviewer, meeting=meeting)
        open_item = meeting.items.get(openness="open")
        apply(open_item, applications)
        if selected and applications:
            services.attendees_select(actor=clerk, item=open_item, method="order")
        if status == Status.ANNOUNCED:
            if started:
                past(meeting)
            return meeting
        past(meeting)
        services.meeting_hold(actor=clerk, meeting=meeting)
        if press_release or status == Status.PUBLISHED:
            services.meeting_record_results(
                actor=clerk,
                meeting=meeting,
                press_release="会议审议并原则通过《示范区学前教育资助办法》。",
                decisions={open_item.pk: "原则通过，由区教育局修改完善后印发实施。"},
            )
        if status == Status.HELD:
            return meeting
        services.meeting_publish(actor=reviewer, meeting=meeting)
        return meeting

    return _build
