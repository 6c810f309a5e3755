"""Decisions and meetings linked (决策条例第二十九—三十条): an agenda item names the 重大行政决策
it discusses and the 意见征集 it was consulted on (a foreign key, not free text); its adoption
explanation defaults from the adoption report, which goes with the meeting materials; the
集体讨论决定 is recorded at the meeting, gated on a passed legality review (G9); the decision's
trail links the meeting."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted
from gongkai.decisions import services as decision_services
from gongkai.decisions.tests import factories as df
from gongkai.decisions.workflow import Status as DecisionStatus
from gongkai.meetings import services
from gongkai.meetings.models import Meeting
from gongkai.meetings.tests.conftest import OPEN_ITEM, past
from gongkai.meetings.workflow import MeetingKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(district: Any) -> Any:
    from gongkai.accounts.models import Role

    return UserFactory(username="legal_g", roles=[(district.government, Role.LEGAL)])


def _meeting(clerk: Any, district: Any, kind: str = MeetingKind.DEPARTMENTAL) -> Meeting:
    from datetime import timedelta

    return services.meeting_create(
        actor=clerk,
        organ=district.education,
        data={
            "kind": kind,
            "title": "区教育局2026年第13次局务会议",
            "starts_at": timezone.now() + timedelta(days=5),
            "applications_close_at": timezone.now() + timedelta(days=3),
            "location": "区教育局三楼会议室",
        },
    )


def _held(meeting: Meeting, clerk: Any, head: Any, reviewer: Any) -> Meeting:
    services.meeting_submit(actor=clerk, meeting=meeting)
    services.meeting_approve(actor=head, meeting=meeting, opinion="同意")
    services.meeting_announce(actor=reviewer, meeting=meeting)
    past(meeting)
    return services.meeting_hold(actor=clerk, meeting=meeting)


def test_consulted_item_is_a_foreign_key_with_the_adoption_report(clerk, district):
    decision = df.to_review(clerk, district.education)
    consultation = decision.consultations.get()
    meeting = _meeting(clerk, district)
    item = services.item_add(
        actor=clerk,
        meeting=meeting,
        data={**OPEN_ITEM, "consultation": consultation.pk, "adoption_explanation": ""},
    )
    assert item.consulted and item.consultation == consultation
    # Defaults from the adoption report, and names the decision it discusses.
    assert item.adoption_explanation == consultation.report_summary
    assert item.major_decision == decision
    # Consulted without naming the consultation: refused.
    with pytest.raises(InvalidInput) as exc:
        services.item_add(actor=clerk, meeting=meeting, data={**OPEN_ITEM, "consulted": True})
    assert exc.value.field == "consultation"
    # A consultation without a published adoption report cannot go with the materials.
    other = df.to_participation(clerk, district.education)
    open_c = df.open_consultation(clerk, other)
    with pytest.raises(InvalidInput) as exc:
        services.item_add(
            actor=clerk, meeting=meeting, data={**OPEN_ITEM, "consultation": open_c.pk}
        )
    assert exc.value.field == "consultation" and "第二十九条" in str(exc.value)
    # The consultation of another decision than the one named: refused.
    with pytest.raises(InvalidInput):
        services.item_add(
            actor=clerk,
            meeting=meeting,
            data={**OPEN_ITEM, "consultation": consultation.pk, "major_decision": other.pk},
        )


def test_collective_decision_at_the_meeting_gated_and_linked(
    client, clerk, head, reviewer, legal, district
):
    decision = df.to_review(clerk, district.education)
    consultation = decision.consultations.get()
    meeting = _meeting(clerk, district)
    item = services.item_add(
        actor=clerk, meeting=meeting, data={**OPEN_ITEM, "consultation": consultation.pk}
    )
    _held(meeting, clerk, head, reviewer)
    # The staff page: the adoption report in the materials, the decide form for the head.
    client.force_login(head)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    docx = reverse("yjzj:report_docx", args=[consultation.uid])
    assert docx in page and f'id="decide-form-{item.pk}"' in page
    # G9: the legality review has not passed yet; refused with its rule, on the page too.
    with pytest.raises(GateRefused) as exc:
        services.item_decide(actor=head, item=item, minutes="同意。", decision_text="通过。")
    assert exc.value.gate == "G9" and "第二十五条" in str(exc.value)
    refused = client.post(
        reverse("meetings:decide", args=[meeting.pk]),
        {"item": item.pk, "minutes": "同意。", "decision_text": "通过。"},
    )
    assert refused.status_code == 422 and "第二十五条" in refused.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.LEGALITY
    decision_services.decision_review(actor=legal, decision=decision, passed=True, opinion="合法。")
    # The clerk organises the meeting but is not the 决策机关.
    with pytest.raises(NotPermitted):
        services.item_decide(actor=clerk, item=item, minutes="同意。", decision_text="通过。")
    done = client.post(
        reverse("meetings:decide", args=[meeting.pk]),
        {"item": item.pk, "minutes": "会议同意。", "decision_text": "原则通过。"},
    )
    assert done.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED
    assert decision.meeting_kind == "department" and meeting.title in decision.meeting_name
    meeting.refresh_from_db()
    assert decision.decided_on == timezone.localdate(meeting.starts_at)
    # Staff trail of the decision links the meeting.
    staff = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in staff
    # Published: the public trail links the meeting page, which links the decision back
    # and carries the adoption report of the open item.
    decision_services.decision_publish(actor=head, decision=decision)
    client.logout()
    public = client.get(reverse("zdjc:detail", args=[decision.uid])).content.decode()
    assert reverse("zfhy:detail", args=[meeting.uid]) in public
    meeting_page = client.get(reverse("zfhy:detail", args=[meeting.uid])).content.decode()
    assert docx in meeting_page and reverse("zdjc:detail", args=[decision.uid]) in meeting_page


def test_only_deciding_meeting_kinds(clerk, head, reviewer, legal, district):
    decision = df.to_review(clerk, district.education)
    decision_services.decision_review(actor=legal, decision=decision, passed=True, opinion="合法。")
    meeting = _meeting(clerk, district, kind=MeetingKind.SPECIAL)
    item = services.item_add(
        actor=clerk, meeting=meeting, data={**OPEN_ITEM, "major_decision": decision.pk}
    )
    _held(meeting, clerk, head, reviewer)
    assert meeting.status == Status.HELD
    with pytest.raises(InvalidInput) as exc:
        services.item_decide(actor=head, item=item, minutes="同意。", decision_text="通过。")
    assert "第三十条" in str(exc.value)


def test_closed_item_keeps_the_report_off_the_public_page(client, clerk, head, reviewer, district):
    decision = df.to_review(clerk, district.education)
    consultation = decision.consultations.get()
    meeting = _meeting(clerk, district)
    services.item_add(
        actor=clerk,
        meeting=meeting,
        data={
            "title": "内部事项",
            "openness": "closed",
            "closed_reason": "涉及工作秘密。",
            "consultation": consultation.pk,
        },
    )
    _held(meeting, clerk, head, reviewer)
    page = client.get(reverse("zfhy:detail", args=[meeting.uid])).content.decode()
    assert reverse("yjzj:report_docx", args=[consultation.uid]) not in page


def test_api_item_links_and_decide_behind_g9(client, clerk, head, reviewer, legal, district):
    import json

    decision = df.to_review(clerk, district.education)
    consultation = decision.consultations.get()
    meeting = _meeting(clerk, district)
    client.force_login(clerk)
    added = client.post(
        f"/api/v1/meetings/{meeting.pk}/items",
        json.dumps({**OPEN_ITEM, "consultation": consultation.pk}),
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    item_out = added.json()["items"][-1]
    assert item_out["consultation"] == consultation.pk
    assert item_out["major_decision"] == decision.pk and item_out["consulted"] is True
    assert item_out["adoption_explanation"] == consultation.report_summary
    _held(meeting, clerk, head, reviewer)
    url = f"/api/v1/meetings/{meeting.pk}/items/{item_out['id']}/decide"
    body = json.dumps({"minutes": "会议同意。", "decision_text": "原则通过。"})
    client.force_login(head)
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["error"]["gate"] == "G9"
    decision_services.decision_review(actor=legal, decision=decision, passed=True, opinion="合法。")
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECIDED
