"""The mailbox's lines on the main 待办: who sees which line (its stable key) and which
tasks inline, so that a walk (and a handler) opens each task from the 待办."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongkai.core.kit.inbox import links_for
from gongkai.mailbox import services
from gongkai.mailbox.tests.factories import replied, submit
from gongkai.mailbox.tests.test_solicitations import open_survey

pytestmark = pytest.mark.django_db


def lines(user, today):  # type: ignore[no-untyped-def]
    """{key: [item labels]} of the user's mailbox lines."""
    return {
        link.key: [item.label for item in link.items]
        for link in links_for(user, today)
        if link.key.startswith("mailbox.")
    }


def test_open_messages_by_band_with_the_messages_inline(district, clerk, reviewer, other_clerk):  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        late = submit(district.education, subject="逾期的咨询")
    fresh = submit(district.education, subject="新的咨询")
    today = timezone.localdate()
    for user in (clerk, reviewer):  # the department and its openness office handle it
        mine = lines(user, today)
        assert mine["mailbox.overdue"] == [f"{late.number} 逾期的咨询"]
        assert f"{fresh.number} 新的咨询" in mine["mailbox.soon"]
    assert lines(other_clerk, today) == {}  # another department sees nothing
    (link,) = [x for x in links_for(clerk, today) if x.key == "mailbox.overdue"]
    assert link.urgent and link.module == "留言办理"
    (item,) = link.items
    assert item.url == reverse("mailbox:detail", args=[late.pk])
    assert item.handler == "教育局" and item.due == late.open_due


def test_a_consented_reply_waits_for_the_openness_office(district, clerk, reviewer):  # type: ignore[no-untyped-def]
    message = replied(district.education, clerk)
    refused = replied(district.education, clerk, subject="不同意公开", consent_publish=False)
    today = timezone.localdate()
    assert "mailbox.publish" not in lines(clerk, today)  # the clerk does not publish
    assert lines(reviewer, today)["mailbox.publish"] == [f"{message.number} {message.subject}"]
    assert refused.number not in str(lines(reviewer, today))
    # Recent replies only: one left unpublished for a month leaves the 待办.
    assert "mailbox.publish" not in lines(reviewer, today + timedelta(days=31))
    services.message_publish(actor=reviewer, message=message, edited=None)
    assert "mailbox.publish" not in lines(reviewer, today)


def test_closed_solicitation_waits_for_its_results(district, clerk, other_clerk):  # type: ignore[no-untyped-def]
    survey = open_survey(district.education, clerk)
    today = timezone.localdate()
    assert "mailbox.solicitations" not in lines(clerk, today)
    services.solicitations_tick(now=survey.closes_at)
    (link,) = [x for x in links_for(clerk, today) if x.key == "mailbox.solicitations"]
    assert link.module == "征集调查"
    assert [i.url for i in link.items] == [reverse("mailbox:solicitation", args=[survey.pk])]
    assert "mailbox.solicitations" not in lines(other_clerk, today)
