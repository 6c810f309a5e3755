"""The 舆情 lines on the main 待办: who sees which line (its stable key) and which cases
inline, so that each role opens its task from the 待办 — the coordinators allocate, the
office decides a dispute, the responsible department answers against the clock and its
head or openness office publishes in 回应关切; a department only concerned sees nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.concerns import services
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import Severity
from gongkai.core.kit.inbox import links_for

pytestmark = pytest.mark.django_db


def lines(user):  # type: ignore[no-untyped-def]
    """{key: [item labels]} of the user's 舆情 lines."""
    return {
        link.key: [item.label for item in link.items]
        for link in links_for(user, timezone.localdate())
        if link.key.startswith("concerns.")
    }


def test_each_role_sees_its_task_inline(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    case = new_case(
        cast.gov_office, timezone.now() - timedelta(hours=1), organs=[d.education, d.finance]
    )
    label = f"{case.number} {case.topic}"
    # Collected: the coordinators confirm the first responsible body.
    for coordinator in (cast.gov_office, cast.press_desk):
        assert lines(coordinator)["concerns.allocate"] == [label]
    assert lines(cast.clerk) == {} and lines(cast.other_reviewer) == {}
    (link,) = [
        x for x in links_for(cast.press_desk, timezone.localdate()) if x.key == "concerns.allocate"
    ]
    (item,) = link.items
    assert item.url == reverse("concerns:detail", args=[case.pk])
    assert "区政府办" in item.handler and "区委宣传部" in item.handler
    assert "剩余 46:" in item.note

    # Allocated to 教育局: its responders answer against the clock; 财政局, only concerned
    # (a co-responder without a response of its own to record), has nothing to do.
    services.case_allocate(actor=cast.press_desk, case=case, organ=d.education)
    for responder in (cast.clerk, cast.head, cast.reviewer):
        assert lines(responder) == {"concerns.running": [label]}
    assert lines(cast.other_reviewer) == {}
    assert "concerns.allocate" not in lines(cast.press_desk)

    # A dispute is for the government office to decide, not the propaganda desk.
    services.case_dispute(actor=cast.head, case=case, reason="校车由交通部门管理")
    assert lines(cast.gov_office)["concerns.disputed"] == [label]
    assert "concerns.disputed" not in lines(cast.press_desk)
    services.case_decide(
        actor=cast.gov_office, case=case, organ=d.education, reason="学校属教育局管理"
    )

    # The clerk records the response: the head and the openness office publish it.
    response = respond(cast.clerk, case, timezone.now())
    publish = f"{case.number} {response.title}"
    assert "concerns.publish" not in lines(cast.clerk)
    assert lines(cast.head)["concerns.publish"] == [publish]
    assert lines(cast.reviewer)["concerns.publish"] == [publish]
    services.response_publish(actor=cast.head, response=response)
    assert "concerns.publish" not in lines(cast.reviewer)


def test_overdue_and_under_an_hour_are_urgent_lines(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    now = timezone.now()
    late = new_case(
        cast.gov_office, now - timedelta(hours=49), organs=[d.education], topic="已超时"
    )
    soon = new_case(cast.gov_office, now - timedelta(hours=4, minutes=30), organs=[d.education],
                    severity=Severity.MAJOR, topic="半小时内到期")  # fmt: skip
    for case in (late, soon):
        services.case_allocate(actor=cast.gov_office, case=case, organ=d.education)
    links = {x.key: x for x in links_for(cast.clerk, timezone.localdate())}
    assert links["concerns.overdue"].urgent and links["concerns.urgent"].urgent
    assert [i.label for i in links["concerns.overdue"].items] == [f"{late.number} 已超时"]
    assert "已超时 1:" in links["concerns.overdue"].items[0].note
    assert [i.label for i in links["concerns.urgent"].items] == [f"{soon.number} 半小时内到期"]
