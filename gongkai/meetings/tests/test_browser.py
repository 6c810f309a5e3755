"""End to end in Debian's chromium: a meeting with an open item is announced; a citizen
applies to attend on the portal; staff select the attendees; after the meeting its 新闻通稿
and 议定事项 appear in 政府会议."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from gongkai.meetings import services
from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.workflow import Status

from .conftest import past

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "gongkai-demo")
    page.locator("form button[type=submit]").first.click()


def test_citizen_applies_staff_select_and_results_appear(
    live_server, build, clerk, reviewer, settings, page
):
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.RecordingSms"
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    base = live_server.url

    # A citizen finds the meeting in 政府会议 and applies to attend the open item.
    page.goto(base + reverse("zfhy:list"))
    page.get_by_role("heading", name="会议预告").wait_for()
    page.locator(f"a[href='{reverse('zfhy:apply', args=[item.pk])}']").first.click()
    page.fill("#id_name", "李四")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_reason", "孩子明年入园，关心资助标准")
    page.check("#id_consent")
    page.click("#submit-application")
    number = page.locator("#application-number").inner_text()
    assert AttendanceApplication.objects.get(number=number).name == "李四"

    # Staff select the attendees (by order of application) on the meeting's page.
    _login(page, base, clerk.username)
    page.goto(base + reverse("meetings:detail", args=[meeting.pk]))
    form = page.locator(f"#select-form-{item.pk}")
    form.locator("select[name=method]").select_option("order")
    form.locator("[data-action=select]").click()
    assert number in page.locator(f"#selection-{item.pk}").inner_text()
    assert AttendanceApplication.objects.get(number=number).status == "selected"

    # The meeting is held; staff record the 新闻通稿 and 议定事项; the office publishes.
    past(meeting)
    services.meeting_hold(actor=clerk, meeting=meeting)
    page.goto(base + reverse("meetings:detail", args=[meeting.pk]))
    page.fill("#id_press_release", "会议审议通过了《示范区学前教育资助办法》。")
    page.fill(f"#id_decision_{item.pk}", "原则通过，由区教育局修改完善后印发实施。")
    page.click("[data-action=results]")
    page.locator(".messages, [role=status], body").first.wait_for()
    services.meeting_publish(actor=reviewer, meeting=meeting)

    page.goto(base + reverse("zfhy:list"))
    page.locator("#meeting-list").get_by_role("link", name=meeting.title).click()
    assert (
        "会议审议通过了《示范区学前教育资助办法》。" in page.locator("#press-release").inner_text()
    )
    assert "原则通过" in page.locator(f"#decision-{item.pk}").inner_text()
