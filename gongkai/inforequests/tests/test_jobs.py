"""The daily sweep: lapsed corrections and fees close as 其他处理; it is idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.calendars.models import Clock
from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import ConsultationKind, FeeMode, Outcome
from gongkai.inforequests.tests.factories import received
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db
D = date


def in_correction(reviewer, organ):
    ir = received(reviewer, organ, D(2025, 9, 25))
    # 10 working days from 30 September: due 21 October (1–8 October is the holiday).
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=10, notified_on=D(2025, 9, 30)
    )
    return ir


def test_overdue_correction_closes_as_other_processing_once(district, reviewer):
    ir = in_correction(reviewer, district.education)
    assert Clock.objects.open().for_subject(ir).get().due_date == D(2025, 10, 21)

    assert (
        services.inforequests_sweep(today=D(2025, 10, 21)).corrections_lapsed == 0
    )  # last day: still in time
    first = services.inforequests_sweep(today=D(2025, 10, 22))
    assert first.corrections_lapsed == 1
    ir.refresh_from_db()
    assert ir.status == Status.TERMINATED
    assert ir.outcome == Outcome.OTHER_NO_CORRECTION
    assert ir.closed_on == D(2025, 10, 22)
    assert not Clock.objects.open().for_subject(ir).exists()

    # Idempotent: running again (or later) changes nothing and writes no event.
    second = services.inforequests_sweep(today=D(2025, 10, 30))
    assert second.total == 0
    assert events_for(ir).filter(action="inforequest.correction_lapsed").count() == 1
    assert not services.inforequest_close_correction_overdue(info_request=ir, today=D(2025, 11, 1))


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
    assert "逾期不补正办结 1 件" in out.getvalue()
    out = StringIO()
    call_command("sweep_inforequests", "--today", "2025-10-22", stdout=out)
    assert "逾期不补正办结 0 件" in out.getvalue()
