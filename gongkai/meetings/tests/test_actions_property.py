"""What `actions_for` offers on a meeting is exactly what the services accept: for every
status reached through the services × the fixed cast, with Hypothesis drawing the
circumstances (applications or not, a selection done, the start time come, a 新闻通稿)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.meetings import services
from gongkai.meetings.models import Meeting, Selection
from gongkai.meetings.workflow import Status

pytestmark = pytest.mark.django_db(transaction=False)

CAST = (
    "clerk",
    "head",
    "reviewer",
    "gov_office",
    "other_clerk",
    "other_reviewer",
    "administrator",
    "citizen",
)


def _select(user: Any, meeting: Meeting) -> Any:
    items = list(meeting.items.all())
    free = [
        i for i in items if i.takes_applications and not Selection.objects.filter(item=i).exists()
    ]
    item = (free or items)[0]
    return services.attendees_select(actor=user, item=item, method="order")


CALLS = {
    "edit": lambda u, m: services.meeting_update(actor=u, meeting=m, data={"chair": "李副局长"}),
    "submit": lambda u, m: services.meeting_submit(actor=u, meeting=m),
    "approve": lambda u, m: services.meeting_approve(actor=u, meeting=m, opinion="同意"),
    "reopen": lambda u, m: services.meeting_reopen(actor=u, meeting=m, reason="补充议题材料"),
    "announce": lambda u, m: services.meeting_announce(actor=u, meeting=m),
    "select": _select,
    "hold": lambda u, m: services.meeting_hold(actor=u, meeting=m),
    "results": lambda u, m: services.meeting_record_results(
        actor=u, meeting=m, press_release="通稿", decisions={}
    ),
    "publish": lambda u, m: services.meeting_publish(actor=u, meeting=m),
    "cancel": lambda u, m: services.meeting_cancel(actor=u, meeting=m, reason="改期"),
}


@pytest.fixture
def cast(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {name: request.getfixturevalue(name) for name in CAST}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=st.sampled_from(list(Status)),
    applications=st.integers(min_value=0, max_value=3),
    selected=st.booleans(),
    started=st.booleans(),
    press_release=st.booleans(),
)
def test_offered_actions_are_accepted(
    build, cast, status, applications, selected, started, press_release
):
    meeting = build(
        status,
        applications=applications,
        selected=selected,
        started=started,
        press_release=press_release,
    )
    assert meeting.status == status
    assert_offered_is_accepted(meeting, cast, CALLS)


@pytest.mark.parametrize("status", list(Status))
def test_every_status_is_reached_and_checked(build, cast, status):
    meeting = build(status, applications=3)
    assert meeting.status == status
    assert_offered_is_accepted(meeting, cast, CALLS)
