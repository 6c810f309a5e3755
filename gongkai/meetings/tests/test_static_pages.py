"""The published static pages of 政府会议 follow every public change of a meeting: its page
and the /zfhy/ list are re-rendered when the press release, the 议定事项, the links, the
collective decision recorded there or the meeting itself change (public_change through
kit.hooks → publishing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gongkai.meetings import services
from gongkai.meetings.workflow import Status
from gongkai.publishing import publisher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publishing(settings: Any, tmp_path: Path) -> Path:
    from gongkai.publishing import receivers

    receivers.connect()
    settings.PUBLISH_ROOT = str(tmp_path)
    settings.GONGKAI_PUBLISH_IN_PROCESS = True
    return tmp_path


def _file(path: str) -> str:
    target = publisher.file_for(path)
    assert target is not None
    return target.read_text(encoding="utf-8") if target.exists() else ""


def test_meeting_pages_follow_every_public_change(
    build, clerk, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = build(Status.PUBLISHED)
    detail = reverse("zfhy:detail", args=[meeting.uid])
    listing = reverse("zfhy:list")
    publisher.enqueue([detail, listing], reason="test")
    publisher.process_pending()
    assert "会议审议并原则通过" in _file(detail)
    item = meeting.items.get(openness="open")

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_record_results(
            actor=clerk,
            meeting=meeting,
            press_release="新闻通稿第二版：会议听取了列席代表意见。",
            decisions={item.pk: "议定事项修订：同意印发。"},
        )
    page = _file(detail)
    assert "新闻通稿第二版" in page and "议定事项修订" in page

    with django_capture_on_commit_callbacks(execute=True):
        link = services.link_add(
            actor=clerk,
            meeting=meeting,
            kind="media_report",
            title="示范区融媒体报道会议",
            url="https://news.example.cn/m.html",
            source="融媒体中心",
        )
    assert "示范区融媒体报道会议" in _file(detail)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_remove(actor=clerk, link=link)
    assert "示范区融媒体报道会议" not in _file(detail)


def test_list_and_page_follow_announcement_hold_and_cancellation(
    build, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = build(Status.ANNOUNCED)
    detail = reverse("zfhy:detail", args=[meeting.uid])
    listing = reverse("zfhy:list")
    assert meeting.title in _file(listing) and meeting.title in _file(detail)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=head, meeting=meeting, reason="议题调整，会议延期")
    assert "议题调整，会议延期" in _file(detail)


@pytest.fixture
def legal(district: Any) -> Any:
    from gongkai.accounts.models import Role
    from gongkai.accounts.tests.factories import UserFactory

    return UserFactory(username="legal_s", roles=[(district.government, Role.LEGAL)])


def test_decision_and_meeting_pages_follow_each_other(
    build, clerk, head, reviewer, legal, district, django_capture_on_commit_callbacks
):
    """The decision's trail links the meeting once the meeting is public, and the meeting
    page links the decision: a change of either re-renders the other's published page."""
    from gongkai.decisions import services as decision_services
    from gongkai.decisions.tests import factories as df

    from .conftest import OPEN_ITEM
    from .test_decision_link import _held, _meeting

    with django_capture_on_commit_callbacks(execute=True):
        # Public already: its consultation and adoption report are on the portal.
        decision = df.to_review(clerk, district.education)
        decision_services.decision_review(
            actor=legal, decision=decision, passed=True, opinion="合法。"
        )
        meeting = _meeting(clerk, district)
        item = services.item_add(
            actor=clerk, meeting=meeting, data={**OPEN_ITEM, "major_decision": decision.pk}
        )
    meeting_page = reverse("zfhy:detail", args=[meeting.uid])
    decision_page = reverse("zdjc:detail", args=[decision.uid])
    publisher.enqueue([decision_page], reason="test")
    publisher.process_pending()
    assert "示范区城市道路停车收费管理办法" in _file(decision_page)
    assert meeting_page not in _file(decision_page)
    with django_capture_on_commit_callbacks(execute=True):
        _held(meeting, clerk, head, reviewer)
    # The meeting went public: the decision's published trail now links it.
    assert meeting_page in _file(decision_page)
    assert decision_page in _file(meeting_page)
    # The collective decision recorded at the meeting, then the decision published: the
    # meeting's page is re-rendered with the decision (it links the decision's page).
    with django_capture_on_commit_callbacks(execute=True):
        services.item_decide(actor=head, item=item, minutes="会议同意。", decision_text="通过。")
    target = publisher.file_for(meeting_page)
    assert target is not None
    target.unlink()
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.decision_publish(actor=head, decision=decision)
    assert decision_page in _file(meeting_page)
