"""Services of 政府会议: the plan and its openness proposal, the workflow, attendance
applications and the recorded selection, notification, results; bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.outbox import deliver_pending, topic_of
from gongkai.core.models import OutboxMessage, OutboxStatus, events_for
from gongkai.meetings import services
from gongkai.meetings.models import AttendanceApplication, Selection
from gongkai.meetings.services import Draw
from gongkai.meetings.workflow import ApplicationStatus, MeetingKind, Status

from .conftest import CLOSED_ITEM, OPEN_ITEM, apply

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "kind": MeetingKind.DEPARTMENTAL,
        "title": "区教育局局务会议",
        "starts_at": timezone.now() + timedelta(days=4),
        "location": "三楼会议室",
        **extra,
    }


def test_a_meeting_in_the_past_is_refused(district, clerk):
    with pytest.raises(InvalidInput) as exc:
        services.meeting_create(
            actor=clerk,
            organ=district.education,
            data=_data(starts_at=timezone.now() - timedelta(days=1)),
        )
    assert exc.value.field == "starts_at"
    assert "不能早于当前时间" in exc.value.message


def test_a_department_cannot_hold_an_executive_meeting(district, clerk):
    with pytest.raises(InvalidInput) as exc:
        services.meeting_create(
            actor=clerk, organ=district.education, data=_data(kind=MeetingKind.EXECUTIVE)
        )
    assert exc.value.field == "kind"


def test_another_department_cannot_plan_our_meeting(district, other_clerk):
    with pytest.raises(NotPermitted):
        services.meeting_create(actor=other_clerk, organ=district.education, data=_data())


def test_the_government_office_organises_the_executive_meeting(district, gov_office):
    meeting = services.meeting_create(
        actor=gov_office, organ=district.government, data=_data(kind=MeetingKind.EXECUTIVE)
    )
    assert meeting.kind == MeetingKind.EXECUTIVE


def test_a_closed_item_needs_its_reason_and_invites_no_public(build):
    meeting = build()
    clerk = meeting.created_by
    with pytest.raises(InvalidInput) as exc:
        services.item_add(actor=clerk, meeting=meeting, data={**CLOSED_ITEM, "closed_reason": ""})
    assert exc.value.field == "closed_reason"
    with pytest.raises(InvalidInput) as exc:
        services.item_add(actor=clerk, meeting=meeting, data={**CLOSED_ITEM, "invite": ["media"]})
    assert exc.value.field == "invite"


def test_a_consulted_item_names_its_consultation(build):
    meeting = build()
    with pytest.raises(InvalidInput) as exc:
        services.item_add(
            actor=meeting.created_by,
            meeting=meeting,
            data={**OPEN_ITEM, "consulted": True, "adoption_explanation": "已研究"},
        )
    assert exc.value.field == "consultation"


def test_approval_records_the_openness_proposal_and_numbers_the_session(build, head):
    meeting = build(Status.APPROVED)
    assert meeting.session == 1 and meeting.approved_by == head
    event = events_for(meeting).get(action="meeting.approved")
    proposal = event.data["proposal"]
    assert [p["openness"] for p in proposal] == ["open", "closed"]
    assert proposal[0]["invite"] == ["stakeholders", "public", "experts", "media"]


def test_a_public_interest_meeting_is_not_announced_without_its_live_stream(build, reviewer):
    meeting = build(Status.APPROVED)
    meeting.public_interest = True
    meeting.save(update_fields=["public_interest"])
    with pytest.raises(InvalidInput) as exc:
        services.meeting_announce(actor=reviewer, meeting=meeting)
    assert exc.value.field == "live_stream_url"


def test_a_live_stream_must_be_a_web_address(district, clerk):
    with pytest.raises(InvalidInput):
        services.meeting_create(
            actor=clerk,
            organ=district.education,
            data=_data(live_stream_url="javascript:alert(1)"),
        )


def test_an_application_is_stored_with_a_number_and_audited(build):
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    application = services.application_submit(
        item=item, data={"name": "张三", "phone": "13800138000"}, client_token="t1"
    )
    assert application.number.startswith("LX") and application.status == "submitted"
    again = services.application_submit(
        item=item, data={"name": "张三", "phone": "13800138000"}, client_token="t1"
    )
    assert again.pk == application.pk
    assert events_for(meeting).filter(action="meeting.application_received").count() == 1


def test_an_application_to_a_closed_item_is_refused(build):
    meeting = build(Status.ANNOUNCED)
    closed = meeting.items.get(openness="closed")
    with pytest.raises(TransitionNotAllowed) as exc:
        services.application_submit(item=closed, data={"name": "张三", "phone": "13800138000"})
    assert "不接受公众申请列席" in exc.value.message
    assert not AttendanceApplication.objects.exists()


def test_an_application_after_the_deadline_shows_the_closing_time(build):
    meeting = build(Status.ANNOUNCED, started=True)
    item = meeting.items.get(openness="open")
    with pytest.raises(TransitionNotAllowed) as exc:
        services.application_submit(item=item, data={"name": "张三", "phone": "13800138000"})
    close = timezone.localtime(meeting.applications_close_at).strftime("%Y-%m-%d %H:%M")
    assert close in exc.value.message


def test_an_application_before_the_announcement_is_refused(build):
    meeting = build(Status.APPROVED)
    item = meeting.items.get(openness="open")
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(item=item, data={"name": "张三", "phone": "13800138000"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "phone": "13800138000"}, "name"),
        ({"name": "张三", "phone": "<script>"}, "phone"),
        ({"name": "张三", "phone": "13800138000", "reason": "长" * 501}, "reason"),
        ({"name": "张三", "phone": "13800138000", "email": "a@<b>.c"}, "email"),
    ],
)
def test_bad_applications_are_refused_on_their_field(build, data, field):
    item = build(Status.ANNOUNCED).items.get(openness="open")
    with pytest.raises(InvalidInput) as exc:
        services.application_submit(item=item, data=data)
    assert exc.value.field == field


def test_the_same_phone_applies_once(build):
    item = build(Status.ANNOUNCED).items.get(openness="open")
    apply(item, 1)
    with pytest.raises(InvalidInput):
        services.application_submit(item=item, data={"name": "另一人", "phone": "13800130000"})


def test_a_random_draw_is_recorded_and_reproducible(build, clerk, settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.RecordingSms"
    RecordingSms.sent.clear()
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    applications = apply(item, 5)
    applications[0].email = "a@example.com"
    applications[0].save()
    selection = services.attendees_select(actor=clerk, item=item, method="random")
    assert len(selection.selected) == 2 and len(selection.seed) == 32
    again = Draw(tuple(selection.candidates), selection.seed, selection.seats).winners()
    assert again == selection.selected
    event = events_for(meeting).get(action="meeting.attendees_selected")
    assert event.data["seed"] == selection.seed and event.data["selected"] == selection.selected
    statuses = dict(AttendanceApplication.objects.values_list("number", "status"))
    assert (
        sorted(n for n, s in statuses.items() if s == ApplicationStatus.SELECTED)
        == selection.selected
    )
    # The notices were queued in the durable outbox with the selection (5 SMS, 1 e-mail);
    # the outbox delivers each once, and the catch-up job finds nothing left to queue.
    assert OutboxMessage.objects.filter(topic=topic_of(meeting)).count() == 6
    assert services.notify_attendees() == 0
    run = deliver_pending()
    assert run.sent == 6 and deliver_pending().sent == 0
    assert len(RecordingSms.sent) == 5 and len(mail.outbox) == 1
    assert any("已选定" in text for _, text in RecordingSms.sent)
    # Selection closes the item's applications.
    with pytest.raises(TransitionNotAllowed):
        services.application_submit(item=item, data={"name": "迟到", "phone": "13900000000"})


def test_a_failed_notice_is_retried_by_the_outbox_and_sent_once(build, clerk, settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.FailingSms"
    RecordingSms.sent.clear()
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    apply(item, 1)
    services.attendees_select(actor=clerk, item=item, method="order")
    assert deliver_pending().retried == 1
    message = OutboxMessage.objects.get(topic=topic_of(meeting))
    assert message.status == OutboxStatus.PENDING and "down" in message.last_error
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.RecordingSms"
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver_pending().sent == 1 and deliver_pending().sent == 0
    assert len(RecordingSms.sent) == 1


def test_a_selection_rolled_back_queues_nothing(build, clerk):
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    apply(item, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attendees_select(actor=clerk, item=item, method="order")
        raise RuntimeError("the request failed after the selection")
    assert not OutboxMessage.objects.exists()
    assert not AttendanceApplication.objects.filter(notified_at__isnull=False).exists()


def test_review_selection_needs_its_reasons(build, clerk):
    item = build(Status.ANNOUNCED).items.get(openness="open")
    numbers = [a.number for a in apply(item, 3)]
    with pytest.raises(InvalidInput):
        services.attendees_select(actor=clerk, item=item, method="review", chosen=numbers[:1])
    selection = services.attendees_select(
        actor=clerk, item=item, method="review", chosen=numbers[:1], note="利益相关方优先"
    )
    assert selection.selected == numbers[:1]
    assert Selection.objects.get().note == "利益相关方优先"


def test_results_are_published_with_the_decisions_of_open_items(build, clerk, reviewer):
    meeting = build(Status.HELD, press_release=False)
    with pytest.raises(TransitionNotAllowed):
        services.meeting_publish(actor=reviewer, meeting=meeting)
    services.meeting_record_results(
        actor=clerk, meeting=meeting, press_release="通稿", decisions={}
    )
    with pytest.raises(InvalidInput) as exc:
        services.meeting_publish(actor=reviewer, meeting=meeting)
    assert exc.value.field == "decisions"
    item = meeting.items.get(openness="open")
    services.meeting_record_results(
        actor=clerk, meeting=meeting, press_release="通稿", decisions={item.pk: "原则通过"}
    )
    services.meeting_publish(actor=reviewer, meeting=meeting)
    assert meeting.status == Status.PUBLISHED and meeting.published_date == timezone.localdate()


def test_publication_is_announced_after_commit(build, reviewer, django_capture_on_commit_callbacks):
    from gongkai.core.kit import hooks

    seen = []

    def receiver(sender, instance, change, **kwargs):
        seen.append(change)

    hooks.public_change.connect(receiver)
    try:
        meeting = build(Status.HELD)
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_publish(actor=reviewer, meeting=meeting)
    finally:
        hooks.public_change.disconnect(receiver)
    assert seen[-1] == "published"


def test_links_accept_web_addresses_and_site_paths_only(build, clerk):
    meeting = build(Status.PUBLISHED)
    services.link_add(
        actor=clerk, meeting=meeting, kind="interpretation", title="一图读懂", url="/zcjd/1/"
    )
    with pytest.raises(InvalidInput):
        services.link_add(
            actor=clerk, meeting=meeting, kind="media_report", title="x", url="javascript:alert(1)"
        )


class RecordingSms:
    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        self.sent.append((phone, text))


class FailingSms:
    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        raise RuntimeError("gateway down")
