"""Role walk of 政府会议 (issue 12), in Chinese and in English, each step from the role's 待办:

- the organ's head (单位负责人): the plan waiting for approval → approved with its openness
  proposal;
- the openness office (政务公开工作机构): the approved plan → 会议预告 published;
- a citizen applies to attend (列席) the open item (portal, Chinese);
- the organiser (the 承办单位's clerk): the applications to select → selected by order of
  application; the meeting has started → confirmed held, 新闻通稿 and 议定事项 recorded;
- the openness office: the results → published; they appear in the portal's 政府会议.

Preconditions are set with the services; the browser walks only the work. This walk is
issue 12's end-to-end browser test of 政府会议 (it replaced the one that went by URL).
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.meetings import services
from gongkai.meetings.models import AttendanceApplication, Meeting
from gongkai.meetings.tests.conftest import CLOSED_ITEM, OPEN_ITEM
from gongkai.meetings.workflow import MeetingKind, Status
from gongkai.organizations.models import Organ
from tests.browser.walk import LANGUAGES, Desk, citizen_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "区教育局2026年第12次局务会议"


@pytest.fixture(autouse=True)
def _quiet(settings: Any) -> None:
    cache.clear()  # the portal's flood throttle
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.RecordingSms"


def _submitted_plan(clerk: Any, organ: Any) -> Meeting:
    meeting = services.meeting_create(
        actor=clerk,
        organ=organ,
        data={
            "kind": MeetingKind.DEPARTMENTAL,
            "title": TITLE,
            "starts_at": timezone.now() + timedelta(days=5),
            "applications_close_at": timezone.now() + timedelta(days=3),
            "location": "区教育局三楼会议室",
            "chair": "王局长",
        },
    )
    services.item_add(actor=clerk, meeting=meeting, data=OPEN_ITEM)
    services.item_add(actor=clerk, meeting=meeting, data=CLOSED_ITEM)
    return services.meeting_submit(actor=clerk, meeting=meeting)


def _status(desk: Desk) -> str:
    return Meeting.objects.values_list("status", flat=True).get(title=TITLE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_meeting_from_plan_to_published_results(
    live_server: Any,
    district: Any,
    clerk: Any,
    head: Any,
    reviewer: Any,
    browser: Any,
    language: str,
) -> None:
    meeting = _submitted_plan(clerk, district.education)
    item = meeting.items.get(openness="open")
    data = [TITLE, OPEN_ITEM["title"], CLOSED_ITEM["title"], "王局长"]
    data += list(Organ.objects.values_list("name", flat=True))

    # The head approves the plan with its openness proposal.
    chief = Desk(browser, live_server, "head", language, data=data)
    chief.open_task("meetings.to_approve", TITLE)
    chief.page.fill("#id_opinion", "同意按方案召开，开放议题接受公众列席。")
    chief.act("[data-action='approve']")
    assert _status(chief) == Status.APPROVED

    # The openness office publishes the 会议预告.
    office = Desk(browser, live_server, "reviewer", language, data=data)
    office.open_task("meetings.to_announce", TITLE)
    office.act("[data-action='announce']")
    assert _status(office) == Status.ANNOUNCED

    # A citizen applies to attend the open item.
    citizen = citizen_page(browser)
    citizen.goto(live_server.url + reverse("zfhy:list"))
    with citizen.expect_navigation():
        citizen.locator(f"a[href='{reverse('zfhy:apply', args=[item.pk])}']").first.click()
    citizen.fill("#id_name", "李四")
    citizen.fill("#id_phone", "13912345678")
    citizen.fill("#id_reason", "孩子明年入园，关心资助标准")
    citizen.check("#id_consent")
    with citizen.expect_navigation():
        citizen.click("#submit-application")
    number = citizen.inner_text("#application-number")

    # The organiser selects the attendees from the 待办.
    organiser = Desk(browser, live_server, "clerk", language, data=[*data, "李四"])
    organiser.open_task("meetings.to_select", TITLE)
    form = organiser.page.locator(f"#select-form-{item.pk}")
    form.locator("select[name=method]").select_option("order")
    organiser.act(f"#select-form-{item.pk} [data-action='select']")
    assert number in organiser.page.inner_text(f"#selection-{item.pk}")
    assert AttendanceApplication.objects.get(number=number).status == "selected"

    # The meeting has started: confirm it was held and record its results.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        applications_close_at=timezone.now() - timedelta(hours=1),
    )
    organiser.open_task("meetings.to_record", TITLE)
    organiser.act("[data-action='hold']")
    organiser.page.fill("#id_press_release", "会议审议通过了《示范区学前教育资助办法》。")
    organiser.page.fill(f"#id_decision_{item.pk}", "原则通过，由区教育局修改完善后印发实施。")
    organiser.act("[data-action='results']")
    assert _status(organiser) == Status.HELD

    # The openness office publishes the results; they appear in 政府会议.
    office.open_task("meetings.to_publish", TITLE)
    office.act("[data-action='publish']")
    assert _status(office) == Status.PUBLISHED
    citizen.goto(live_server.url + reverse("zfhy:detail", args=[meeting.uid]))
    assert "会议审议通过了" in citizen.inner_text("#press-release")
    assert "原则通过" in citizen.inner_text(f"#decision-{item.pk}")
