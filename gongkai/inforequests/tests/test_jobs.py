"""The daily sweep: lapsed fees close as 其他处理, lapsed corrections become a staff task;
it is idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import InvalidInput, TransitionNotAllowed
from gongkai.core.kit.workflow import actions_for
from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import ConsultationKind, FeeMode, Outcome
from gongkai.inforequests.selectors import inbox_for
from gongkai.inforequests.tests.factories import received
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db

# 条例第四十二条: the finding recorded before any fee.
EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"
D = date


def in_correction(reviewer, organ):
    ir = received(reviewer, organ, D(2025, 9, 25))
    # 10 working days from 30 September: due 21 October (1–8 October is the holiday).
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=10, notified_on=D(2025, 9, 30)
    )
    return ir


def test_lapsed_correction_becomes_a_staff_task_not_a_closure(district, reviewer):
    """条例第三十条: only an applicant without 正当理由 is deemed to abandon; the job flags the
    lapse for the office, which confirms before closing."""
    ir = in_correction(reviewer, district.education)
    assert Clock.objects.open().for_subject(ir).get().due_date == D(2025, 10, 21)

    assert (
        services.inforequests_sweep(today=D(2025, 10, 21)).corrections_lapsed == 0
    )  # last day: still in time
    first = services.inforequests_sweep(today=D(2025, 10, 22))
    assert first.corrections_lapsed == 1
    ir.refresh_from_db()
    assert ir.status == Status.CORRECTION and ir.outcome == ""
    assert ir.correction_lapsed_on == D(2025, 10, 22) and ir.closed_on is None
    sections = {s.key: s.info_requests for s in inbox_for(reviewer, D(2025, 10, 22))}
    assert ir in sections["correction_lapsed"]

    # Idempotent: running again (or later) changes nothing and writes no event.
    second = services.inforequests_sweep(today=D(2025, 10, 30))
    assert second.total == 0
    assert events_for(ir).filter(action="inforequest.correction_period_lapsed").count() == 1
    assert not events_for(ir).filter(action="inforequest.correction_lapsed").exists()


def test_office_confirms_no_good_reason_before_closing(district, reviewer):
    ir = in_correction(reviewer, district.education)
    services.inforequests_sweep(today=D(2025, 10, 22))
    with pytest.raises(InvalidInput, match="正当理由"):
        services.inforequest_close_correction_overdue(actor=reviewer, info_request=ir, note="")
    services.inforequest_close_correction_overdue(
        actor=reviewer,
        info_request=ir,
        note="10月23日电话联系申请人，申请人表示不再补正，无正当理由。",
        closed_on=D(2025, 10, 23),
    )
    assert ir.status == Status.TERMINATED
    assert ir.outcome == Outcome.OTHER_NO_CORRECTION
    assert ir.closed_on == D(2025, 10, 23)
    assert not Clock.objects.open().for_subject(ir).exists()
    event = events_for(ir).get(action="inforequest.correction_lapsed")
    assert event.actor == reviewer and "无正当理由" in event.data["note"]


def test_correction_cannot_be_closed_before_the_period_ends(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 12, 10))
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=10, notified_on=D(2025, 12, 11)
    )
    assert "correction_lapse" not in actions_for(reviewer, ir)  # 条例第三十条: period runs
    with pytest.raises(TransitionNotAllowed, match="尚未届满"):
        services.inforequest_close_correction_overdue(
            actor=reviewer, info_request=ir, note="未补正"
        )
    assert ir.status == Status.CORRECTION


def test_late_correction_with_good_reason_is_registered(district, reviewer):
    ir = in_correction(reviewer, district.education)
    services.inforequests_sweep(today=D(2025, 10, 22))
    services.inforequest_receive_correction(
        actor=reviewer, info_request=ir, corrected_on=D(2025, 10, 24), note="住院，有正当理由"
    )
    assert ir.status == Status.RECEIVED
    assert events_for(ir).get(action="inforequest.corrected").data["late"] is True


def test_dry_run_changes_nothing(district, reviewer):
    ir = in_correction(reviewer, district.education)
    assert services.inforequests_sweep(today=D(2025, 10, 22), dry_run=True).corrections_lapsed == 1
    ir.refresh_from_db()
    assert ir.status == Status.CORRECTION


def test_corrected_in_time_is_not_closed(district, reviewer):
    ir = in_correction(reviewer, district.education)
    services.inforequest_receive_correction(
        actor=reviewer, info_request=ir, corrected_on=D(2025, 10, 21)
    )
    assert services.inforequests_sweep(today=D(2025, 10, 22)).corrections_lapsed == 0
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED


def test_unpaid_fee_closes_as_other_processing(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_fee_notice(
        excess_finding=EXCESS,
        actor=reviewer,
        info_request=ir,
        mode=FeeMode.PER_VOLUME,
        pages=40,
        issued_on=D(2025, 10, 10),
    )
    assert services.inforequests_sweep(today=D(2025, 11, 6)).fees_lapsed == 0  # due 6 November
    assert services.inforequests_sweep(today=D(2025, 11, 7)).fees_lapsed == 1
    assert services.inforequests_sweep(today=D(2025, 11, 8)).fees_lapsed == 0
    ir.refresh_from_db()
    assert (ir.status, ir.outcome, ir.closed_on) == (
        Status.TERMINATED,
        Outcome.OTHER_NO_FEE,
        D(2025, 11, 7),
    )


def test_sweep_ends_consultations_and_lapsed_notice_windows(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 4, 25))
    services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.THIRD_PARTY,
        party="某公司",
        sent_on=D(2025, 4, 28),
    )
    result = services.inforequests_sweep(today=D(2025, 6, 30))
    assert result.consultations_expired == 1
    assert result.notice_windows_closed == 1
    ir.refresh_from_db()
    assert ir.status == Status.IN_PROCESS
    assert {c.kind for c in Clock.objects.open().for_subject(ir)} == {ClockKind.REPLY}
    assert services.inforequests_sweep(today=D(2025, 6, 30)).total == 0


def test_sweep_command(district, reviewer):
    in_correction(reviewer, district.education)
    out = StringIO()
    call_command("sweep_inforequests", "--today", "2025-10-22", stdout=out)
    assert "补正期限届满待核实 1 件" in out.getvalue()
    out = StringIO()
    call_command("sweep_inforequests", "--today", "2025-10-22", stdout=out)
    assert "补正期限届满待核实 0 件" in out.getvalue()
