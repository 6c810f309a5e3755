"""The daily job (sweep_inforequests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import Consultation, InfoRequest
from gongkai.inforequests.services._common import _clock, _lock, _today
from gongkai.inforequests.services.correction import inforequest_flag_correction_lapse
from gongkai.inforequests.services.fees import inforequest_close_fee_overdue
from gongkai.inforequests.services.handling import consultation_close_expired

# --- jobs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    corrections_lapsed: int  # flagged for the office to confirm, not closed
    fees_lapsed: int
    consultations_expired: int
    notice_windows_closed: int

    @property
    def total(self) -> int:
        return (
            self.corrections_lapsed
            + self.fees_lapsed
            + self.consultations_expired
            + self.notice_windows_closed
        )


def _lapsed(kind: ClockKind, today: date) -> list[int]:
    return list(
        Clock.objects.open()
        .filter(
            subject_type=ContentType.objects.get_for_model(InfoRequest),
            kind=kind,
            due_date__lt=today,
        )
        .values_list("subject_id", flat=True)
        .order_by("subject_id")
    )


def inforequests_sweep(*, today: date | None = None, dry_run: bool = False) -> SweepResult:
    """The daily job: close what lapsed before ``today``. Idempotent: a second run does nothing.

    - correction periods without a correction → a staff task (``correction_lapsed_on``): the
      office confirms there is no 正当理由 before closing (条例第三十条), never the job;
    - fee notices not paid in time → 其他处理 2 (terminated);
    - consultation windows without an answer → the reply clock resumes;
    - 7-day correction-notice windows that passed → the window clock closes on its last day.

    Each case is handled in its own transaction by the per-case service, which re-checks the
    condition under the row lock, so two concurrent runs cannot close a case twice.
    """
    today = today or _today()
    corrections = _lapsed(ClockKind.CORRECTION_PERIOD, today)
    fees = _lapsed(ClockKind.FEE_PAYMENT, today)
    # Each consultation's window is its own clock; older consultations kept theirs on the case.
    running = list(
        Consultation.objects.filter(ended_on__isnull=True)
        .filter(
            Q(window_clock__due_date__lt=today)
            | Q(
                window_clock__isnull=True,
                info_request_id__in=set(
                    _lapsed(ClockKind.THIRD_PARTY, today) + _lapsed(ClockKind.OTHER_ORGAN, today)
                ),
            )
        )
        .order_by("pk")
    )
    windows = _lapsed(ClockKind.CORRECTION_NOTICE, today)
    if dry_run:
        return SweepResult(len(corrections), len(fees), len(running), len(windows))
    closed = sum(
        inforequest_flag_correction_lapse(info_request=ir, today=today)
        for ir in InfoRequest.objects.filter(pk__in=corrections)
    )
    unpaid = sum(
        inforequest_close_fee_overdue(info_request=ir, today=today)
        for ir in InfoRequest.objects.filter(pk__in=fees)
    )
    expired = sum(consultation_close_expired(consultation=c, today=today) for c in running)
    notice_windows = 0
    for ir in InfoRequest.objects.filter(pk__in=windows):
        with transaction.atomic():
            clock = _clock(_lock(ir), ClockKind.CORRECTION_NOTICE)
            if clock is not None and clock.due_date is not None and clock.due_date < today:
                clock_close(clock=clock, on=clock.due_date)
                notice_windows += 1
    return SweepResult(closed, unpaid, expired, notice_windows)
