"""Each statutory clock with real dates (domain.md §3.5–3.8, §9.2, §11 scenarios 4–6).

2025 calendar facts used: 1–8 October is the 国庆/中秋 break; Saturday 11 October is a
make-up working day (调休上班日); 31 May–2 June is the 端午 break.
"""

from datetime import date

import pytest

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import GateRefused, NotPermitted
from gongkai.core.models import AuditEvent, events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import ConsultationKind, ConsultationPosition, FeeMode, NoticeKind
from gongkai.inforequests.tests.factories import received
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db

# 条例第四十二条: the finding recorded before any fee.
EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"

D = date


def due(ir, kind):
    clock = Clock.objects.for_subject(ir).filter(kind=kind).order_by("-pk").first()
    return clock.due_date if clock else None


def open_kinds(ir):
    return {c.kind for c in Clock.objects.open().for_subject(ir)}


@pytest.mark.parametrize(
    ("received_on", "reply_due", "notice_due"),
    [
        (D(2025, 1, 20), D(2025, 2, 21), D(2025, 2, 5)),  # across the Spring Festival
        (
            D(2025, 9, 25),
            D(2025, 10, 29),
            D(2025, 10, 11),
        ),  # notice window ends on a make-up Saturday
    ],
)
def test_reply_20_and_correction_notice_7_working_days(
    district, reviewer, received_on, reply_due, notice_due
):
    ir = received(reviewer, district.education, received_on)
    assert due(ir, ClockKind.REPLY) == reply_due
    assert due(ir, ClockKind.CORRECTION_NOTICE) == notice_due


def test_correction_notice_on_the_makeup_saturday_is_in_time(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_notify_correction(
        actor=reviewer,
        info_request=ir,
        items=["请写明所需信息的文号或名称"],
        period_days=10,
        notified_on=D(2025, 10, 11),
    )
    assert ir.status == Status.CORRECTION


def test_correction_notice_after_7_working_days_is_refused(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    before = AuditEvent.objects.count()
    with pytest.raises(GateRefused) as exc:
        services.inforequest_notify_correction(
            actor=reviewer,
            info_request=ir,
            items=["补充说明"],
            period_days=10,
            notified_on=D(2025, 10, 13),
        )
    assert exc.value.gate == "G11"
    assert "7个工作日" in exc.value.message and "2025-10-11" in exc.value.message
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED
    assert AuditEvent.objects.count() == before


def test_correction_restarts_the_reply_clock(district, reviewer):
    # domain.md §11 scenario 5: received 2025-09-25, notice 2025-09-30, corrected 2025-10-20.
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_notify_correction(
        actor=reviewer,
        info_request=ir,
        items=["所需信息的名称", "文号"],
        period_days=15,
        notified_on=D(2025, 9, 30),
    )
    assert ClockKind.REPLY not in open_kinds(ir)  # suspended: closed, restarted later
    assert ClockKind.CORRECTION_NOTICE not in open_kinds(ir)
    assert due(ir, ClockKind.CORRECTION_PERIOD) == D(2025, 10, 28)
    notice = ir.notices.get(kind=NoticeKind.CORRECTION)
    assert notice.data["items"] == ["所需信息的名称", "文号"]

    services.inforequest_receive_correction(
        actor=reviewer,
        info_request=ir,
        corrected_on=D(2025, 10, 20),
        changes={"info_doc_number": "示教发〔2024〕7号"},
    )
    assert ir.status == Status.RECEIVED
    assert ir.info_doc_number == "示教发〔2024〕7号" and ir.doc_number_key == "示教发〔2024〕7号"
    reply = Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY)
    assert reply.due_date == D(2025, 11, 17)
    assert reply.restart_date == D(2025, 10, 20)
    assert any("条例第三十条" in line for line in reply.explanation_text())
    assert open_kinds(ir) == {ClockKind.REPLY}
    event = events_for(ir).filter(action="inforequest.corrected").get()
    assert event.data["reply_due"] == "2025-11-17" and event.data["late"] is False


def test_correction_is_notified_only_once(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=5, notified_on=D(2025, 9, 26)
    )
    services.inforequest_receive_correction(
        actor=reviewer, info_request=ir, corrected_on=D(2025, 9, 29)
    )
    with pytest.raises(GateRefused, match="一次性告知"):
        services.inforequest_notify_correction(
            actor=reviewer,
            info_request=ir,
            items=["再补"],
            period_days=5,
            notified_on=D(2025, 9, 30),
        )


def test_extension_adds_at_most_20_working_days_once(district, reviewer, office_head):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_extend(
        actor=office_head,
        info_request=ir,
        days=20,
        reason="需要调取档案",
        approved_on=D(2025, 10, 27),
    )
    reply = Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY)
    assert reply.due_date == D(2025, 11, 26) and reply.base_due_date == D(2025, 10, 29)
    assert ir.extension_days == 20 and ir.extension_approved_by == office_head
    assert ir.notices.get(kind=NoticeKind.EXTENSION).data["reply_due"] == "2025-11-26"
    event = events_for(ir).filter(action="inforequest.extended").get()
    assert (event.data["from_due"], event.data["to_due"]) == ("2025-10-29", "2025-11-26")

    with pytest.raises(GateRefused, match="只能延长一次"):
        services.inforequest_extend(
            actor=office_head, info_request=ir, days=5, reason="再延", approved_on=D(2025, 11, 3)
        )


def test_extension_over_20_days_is_refused(district, reviewer, office_head):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    with pytest.raises(GateRefused) as exc:
        services.inforequest_extend(
            actor=office_head, info_request=ir, days=21, reason="太多", approved_on=D(2025, 10, 9)
        )
    assert exc.value.field == "days"
    assert ir.extension_days == 0


def test_extension_by_a_non_head_is_refused(district, reviewer, head):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    for user in (reviewer, head):  # an officer alone, a department head alone
        with pytest.raises(NotPermitted, match="负责人"):
            services.inforequest_extend(
                actor=user, info_request=ir, days=10, reason="理由", approved_on=D(2025, 10, 9)
            )


def test_extension_after_the_due_date_is_refused(district, reviewer, office_head):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    with pytest.raises(GateRefused, match="届满"):
        services.inforequest_extend(
            actor=office_head, info_request=ir, days=10, reason="迟了", approved_on=D(2025, 10, 30)
        )


def test_third_party_pause_moves_the_due_date_by_the_paused_working_days(district, reviewer):
    # Received Friday 25 April 2025: due 27 May. Letter on day 5 (6 May), answer on day 12
    # (15 May): the 7 working days after the letter up to the answer do not count.
    ir = received(reviewer, district.education, D(2025, 4, 25))
    assert due(ir, ClockKind.REPLY) == D(2025, 5, 27)
    consultation = services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.THIRD_PARTY,
        party="示范建设有限公司",
        letter_summary="拟公开贵公司投标文件中的报价部分，请于15个工作日内提出意见。",
        sent_on=D(2025, 5, 6),
    )
    ir.refresh_from_db()
    assert ir.status == Status.PAUSED_THIRD_PARTY
    reply = Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY)
    assert reply.paused and reply.due_date is None
    # 15 working days from delivery, on the consultation's own window clock.
    assert consultation.window_clock.due_date == D(2025, 5, 27)

    services.consultation_answer(
        actor=reviewer,
        consultation=consultation,
        position=ConsultationPosition.OBJECT,
        answered_on=D(2025, 5, 15),
        summary="涉及商业秘密",
    )
    ir.refresh_from_db()
    assert ir.status == Status.IN_PROCESS
    reply.refresh_from_db()
    assert not reply.paused
    assert reply.due_date == D(2025, 6, 6)  # 27 May + 7 working days (端午 skipped)
    assert ClockKind.THIRD_PARTY not in open_kinds(ir)


def test_other_organ_window_expiry_resumes_the_clock_on_the_window_end(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 4, 25))
    consultation = services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.OTHER_ORGAN,
        party="示范区财政局",
        sent_on=D(2025, 5, 6),
    )
    assert not services.consultation_close_expired(consultation=consultation, today=D(2025, 5, 27))
    assert services.consultation_close_expired(consultation=consultation, today=D(2025, 5, 28))
    assert not services.consultation_close_expired(consultation=consultation, today=D(2025, 5, 29))
    consultation.refresh_from_db()
    assert (
        consultation.ended_on == D(2025, 5, 27)
        and consultation.position == ConsultationPosition.NONE
    )
    # 15 working days paused (6 May → 27 May): due 27 May + 15 = 18 June.
    assert due(ir, ClockKind.REPLY) == D(2025, 6, 18)
    assert (
        "视为同意" in events_for(ir).filter(action="inforequest.consultation_expired").get().reason
    )
    # A late answer is recorded without touching the clock.
    services.consultation_answer(
        actor=reviewer, consultation=consultation, position="agree", answered_on=D(2025, 6, 3)
    )
    assert due(ir, ClockKind.REPLY) == D(2025, 6, 18)


def test_fee_notice_pauses_and_payment_window_is_20_working_days_from_receipt(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25), provision_form="paper")
    services.inforequest_fee_notice(
        excess_finding=EXCESS,
        actor=reviewer,
        info_request=ir,
        mode=FeeMode.PER_VOLUME,
        pages=150,
        issued_on=D(2025, 10, 9),
        received_on=D(2025, 10, 10),
    )
    assert ir.status == Status.PAUSED_FEE and ir.fee_amount == 1700
    assert due(ir, ClockKind.FEE_PAYMENT) == D(2025, 11, 6)
    assert Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY).paused

    services.inforequest_fee_paid(
        actor=reviewer, info_request=ir, paid_on=D(2025, 10, 20), receipt_number="No.0001"
    )
    assert ir.status == Status.IN_PROCESS
    # 29 October + the 8 working days from the notice (9 Oct) to payment (20 Oct).
    assert due(ir, ClockKind.REPLY) == D(2025, 11, 10)
    assert ClockKind.FEE_PAYMENT not in open_kinds(ir)
