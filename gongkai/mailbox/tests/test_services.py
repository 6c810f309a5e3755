from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.querycodes import query_code_matches
from gongkai.core.models import AuditEvent
from gongkai.mailbox import selectors, services
from gongkai.mailbox.clocks import ClockKind
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.permissions import MessageWriter
from gongkai.mailbox.tests.factories import message_data, replied, submit
from gongkai.mailbox.workflow import Status

pytestmark = pytest.mark.django_db

# Thursday 2026-04-30: 1 May holiday (5/1–5/5), 5/9 a make-up Saturday.
THURSDAY = "2026-04-30 10:00 +0800"


def _clocks(message: PublicMessage) -> list[Clock]:
    return list(Clock.objects.for_subject(message).order_by("pk"))


def _actions(message: PublicMessage) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_id=message.pk, action__startswith="message.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@time_machine.travel(THURSDAY, tick=False)
def test_submit_stores_message_with_query_code_and_accept_clock(district):
    result = services.message_submit(organ=district.education, data=message_data())
    message = PublicMessage.objects.get(pk=result.message.pk)
    assert result.created and message.number.startswith("LY-2026-")
    assert query_code_matches(message.number, result.query_code, message.query_code_hash)
    assert result.query_code not in message.query_code_hash
    (clock,) = _clocks(message)
    # accept within 1 working day of Thursday 30 April: the holiday runs 1–5 May → 6 May
    assert clock.kind == ClockKind.ACCEPT and clock.due_date == date(2026, 5, 6)
    assert _actions(message) == ["message.submitted"]


def test_replayed_client_token_returns_the_same_message_and_code(district):
    first = services.message_submit(
        organ=district.education, data=message_data(), client_token="t1"
    )
    again = services.message_submit(
        organ=district.education, data=message_data(), client_token="t1"
    )
    assert again.message.pk == first.message.pk and not again.created
    assert again.query_code == first.query_code
    other = services.message_submit(
        organ=district.education, data=message_data(writer_name="李四"), client_token="t1"
    )
    assert other.created and other.message.pk != first.message.pk
    assert PublicMessage.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"subject": "  "}, "subject"),
        ({"text": "x" * 5001}, "text"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-email", "phone": ""}, "email"),
        ({"consent_publish": "yes"}, "consent_publish"),
        ({"writer_name": ["a"]}, "writer_name"),
        ({"status": "published"}, "status"),
    ],
)
def test_bad_input_is_refused_with_the_field(district, overrides, field):
    with pytest.raises(InvalidInput) as exc:
        services.message_submit(organ=district.education, data=message_data(**overrides))
    assert exc.value.field == field
    assert PublicMessage.objects.count() == 0


def test_reply_limits_per_kind_are_configurable(district, reviewer, settings):
    settings.GONGKAI_MAILBOX_LIMITS = {
        "consultation": {"accept": 2, "reply": 3},
        "suggestion": {"accept": 1, "reply": 15},
        "complaint": {"accept": 1, "reply": 10},
    }
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):  # Monday
        consultation = submit(district.education)
        complaint = submit(district.education, kind="complaint")
        assert _clocks(consultation)[0].due_date == date(2026, 6, 3)
        services.message_accept(actor=reviewer, message=consultation)
        services.message_accept(actor=reviewer, message=complaint)
    assert _clocks(consultation)[-1].due_date == date(2026, 6, 4)
    assert _clocks(complaint)[-1].due_date == date(2026, 6, 15)


def test_accept_then_reply_closes_clocks_and_records_on_time(district, clerk):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        message = submit(district.education)
        services.message_accept(actor=clerk, message=message)
    accept, reply = _clocks(message)
    assert accept.closed_on == date(2026, 6, 1) and reply.kind == ClockKind.REPLY
    assert reply.due_date == date(2026, 6, 8)  # 5 working days from Monday 1 June
    with time_machine.travel("2026-06-09 09:00 +0800", tick=False):
        services.message_reply(actor=clerk, message=message, reply="答复内容")
    message.refresh_from_db()
    assert message.status == Status.REPLIED and message.replied_on == date(2026, 6, 9)
    assert message.replied_by_id == district.education.pk
    assert message.replied_on_time is False  # one day late
    assert all(c.closed_on for c in _clocks(message))
    assert _actions(message) == ["message.submitted", "message.accepted", "message.replied"]


def test_transfer_restarts_acceptance_at_the_receiving_department(
    district, reviewer, other_reviewer
):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        message = submit(district.education)
        services.message_accept(actor=reviewer, message=message)
    with time_machine.travel("2026-06-03 09:00 +0800", tick=False):
        services.message_transfer(
            actor=reviewer, message=message, to_organ=district.finance, reason="属财政局职责"
        )
    message.refresh_from_db()
    assert message.organ == district.finance and message.status == Status.SUBMITTED
    assert message.accepted_on is None
    open_clocks = [c for c in _clocks(message) if c.closed_on is None]
    assert [(c.kind, c.start_date, c.due_date) for c in open_clocks] == [
        (ClockKind.ACCEPT, date(2026, 6, 3), date(2026, 6, 4))
    ]
    event = AuditEvent.objects.get(subject_id=message.pk, action="message.transferred")
    assert event.reason == "属财政局职责" and event.data["to_organ"] == district.finance.pk
    # the transferring department no longer handles it; the receiving one does
    with pytest.raises(NotPermitted):
        services.message_accept(actor=reviewer, message=message)
    services.message_accept(actor=other_reviewer, message=message)


def test_transfer_needs_a_reason_and_another_department(district, reviewer):
    message = submit(district.education)
    with pytest.raises(InvalidInput):
        services.message_transfer(
            actor=reviewer, message=message, to_organ=district.finance, reason=" "
        )
    with pytest.raises(InvalidInput):
        services.message_transfer(
            actor=reviewer, message=message, to_organ=district.education, reason="x"
        )


def test_strangers_cannot_handle(district, other_clerk, citizen, administrator):
    message = submit(district.education)
    for actor in (other_clerk, citizen, administrator, None, MessageWriter(message.pk)):
        with pytest.raises(NotPermitted):
            services.message_accept(actor=actor, message=message)


def test_publish_masks_personal_data_and_needs_consent(district, clerk, reviewer):
    message = replied(district.education, clerk)
    with pytest.raises(NotPermitted):
        services.message_publish(actor=clerk, message=message)  # the openness office publishes
    services.message_publish(actor=reviewer, message=message)
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED and message.published_at
    assert "13812345678" not in message.public_text and "138＊" in message.public_text
    assert "王小明" not in message.public_reply and "王＊＊" in message.public_reply
    assert list(selectors.messages_public()) == [message]

    private = replied(district.education, clerk, consent_publish=False)
    with pytest.raises(TransitionNotAllowed):
        services.message_publish(actor=reviewer, message=private)
    services.message_unpublish(actor=reviewer, message=message, reason="留言人要求撤下")
    assert list(selectors.messages_public()) == []


def test_edited_public_copy_is_masked_again(district, clerk, reviewer):
    message = replied(district.education, clerk)
    services.message_publish(
        actor=reviewer, message=message, edited={"public_text": "王小明问入学，电话 0411-88886666"}
    )
    message.refresh_from_db()
    assert "王小明" not in message.public_text and "88886666" not in message.public_text


def test_rating_by_the_writer_once_after_the_reply(district, clerk):
    message = submit(district.education)
    writer = MessageWriter(message.pk)
    with pytest.raises(TransitionNotAllowed):
        services.message_rate(actor=writer, message=message, rating=3)
    services.message_accept(actor=clerk, message=message)
    services.message_reply(actor=clerk, message=message, reply="答复")
    with pytest.raises(NotPermitted):
        services.message_rate(actor=MessageWriter(message.pk + 1), message=message, rating=3)
    with pytest.raises(InvalidInput):
        services.message_rate(actor=writer, message=message, rating=7)
    services.message_rate(actor=writer, message=message, rating=2, comment="还算及时")
    message.refresh_from_db()
    assert message.rating == 2 and message.rated_at
    with pytest.raises(TransitionNotAllowed):
        services.message_rate(actor=writer, message=message, rating=3)


def test_convert_then_the_writer_files_an_inforequest_keeping_the_text(district, reviewer):
    from gongkai.inforequests.models import InfoRequest

    message = submit(district.education, text="请公开本区2025年学位分配方案。")
    services.message_convert(actor=reviewer, message=message)
    message.refresh_from_db()
    assert message.status == Status.CONVERTED and "第二十九条" in message.closing_note
    assert all(c.closed_on for c in _clocks(message))
    writer = MessageWriter(message.pk)
    data = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "provision_form": "paper",
        "delivery": "online",
    }
    result = services.message_file_inforequest(actor=writer, message=message, data=data)
    info_request = InfoRequest.objects.get(pk=result.info_request.pk)
    assert info_request.info_description == "请公开本区2025年学位分配方案。"
    assert info_request.organ == district.education and result.query_code
    message.refresh_from_db()
    assert message.inforequest == info_request
    with pytest.raises(TransitionNotAllowed):
        services.message_file_inforequest(actor=writer, message=message, data=data)


def test_refer_and_reject_record_the_reason(district, reviewer):
    referred = submit(district.education)
    services.message_refer(actor=reviewer, message=referred, note="已转区信访局")
    rejected = submit(district.education)
    with pytest.raises(InvalidInput):
        services.message_reject(actor=reviewer, message=rejected, reason="")
    services.message_reject(actor=reviewer, message=rejected, reason="内容与政务无关")
    referred.refresh_from_db()
    rejected.refresh_from_db()
    assert referred.status == Status.REFERRED and referred.closing_note == "已转区信访局"
    assert rejected.status == Status.REJECTED
    with pytest.raises(TransitionNotAllowed):
        services.message_accept(actor=reviewer, message=rejected)


def test_monthly_statistics(district, clerk):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        on_time = replied(district.education, clerk)
        late = submit(district.education, kind="complaint")
        services.message_accept(actor=clerk, message=late)
        submit(district.education, kind="suggestion")
    with time_machine.travel("2026-04-30 09:00 +0800", tick=False):
        services.message_reply(actor=clerk, message=late, reply="答复")
    figures = selectors.monthly_statistics(2026, until=date(2026, 4, 30))
    march, april = figures.months[2], figures.months[3]
    assert (march.received, march.replied, march.on_time) == (3, 1, 1)
    assert (april.received, april.replied, april.on_time) == (0, 1, 0)
    assert figures.total.replied == 2 and figures.total.on_time_rate == 50.0
    assert len(figures.months) == 4
    assert figures.by_kind == {"consultation": 1, "suggestion": 1, "complaint": 1}
    assert on_time.pk


def test_due_counts_by_remaining_working_days(district, reviewer, other_reviewer):
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):  # Monday
        submit(district.education)  # accept due 6/2
        accepted = submit(district.education, kind="complaint")
        services.message_accept(actor=reviewer, message=accepted)  # reply due 6/19
    counts = {band.key: n for band, n in selectors.due_counts(reviewer, date(2026, 6, 1))}
    assert counts == {"overdue": 0, "soon": 1, "week": 0, "later": 1}
    counts = {band.key: n for band, n in selectors.due_counts(reviewer, date(2026, 6, 3))}
    assert counts["overdue"] == 1
    assert selectors.due_counts(other_reviewer, date(2026, 6, 3))[0][1] == 0
    assert selectors.remaining_workdays(date(2026, 6, 5), date(2026, 6, 1)) == 4
    assert selectors.remaining_workdays(date(2026, 6, 1), date(2026, 6, 3)) == -2


def test_open_clock_follows_the_running_limit(district, clerk):
    message = submit(district.education)
    message.refresh_from_db()
    assert message.open_clock is not None and message.open_clock.kind == ClockKind.ACCEPT
    services.message_accept(actor=clerk, message=message)
    message.refresh_from_db()
    assert message.open_clock.kind == ClockKind.REPLY and message.open_clock.closed_on is None
    services.message_reply(actor=clerk, message=message, reply="答复")
    message.refresh_from_db()
    assert message.open_clock is None
    assert message.open_due is None
    # the 待办 reads the row's copy of the due date, refreshed by the calendar recompute's
    # hook: a recomputed clock moves the line
    other = submit(district.education)
    other.refresh_from_db()
    assert other.open_due == other.open_clock.due_date
    Clock.objects.filter(pk=other.open_clock_id).update(due_date=date(2000, 1, 3))
    from gongkai.core.kit import hooks

    for refresh in hooks.registered("clocks_recomputed"):
        refresh([other.open_clock_id])
    (row,) = selectors.with_due(PublicMessage.objects.filter(pk=other.pk))
    assert row.due == date(2000, 1, 3)
    assert {b.key: n for b, n in selectors.due_counts(clerk, date(2026, 6, 1))}["overdue"] == 1
