"""What may be done to an 依申请公开 case now: the action specs the staff pages ask
(through `gongkai.core.kit.workflow.actions_for`).

Every action but 延期 needs the organ's openness office (`can_handle_inforequest`); the
officer asks for an extension (延期申请) and the approver decides it (条例第三十三条第二款:
经政府信息公开工作机构负责人同意), once.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit import steps
from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.presenters import open_clock
from gongkai.inforequests.workflow import HANDLING, MACHINE, Event


def _not_extended(ir: Any) -> bool:
    return not ir.extension_days


def _extension_requestable(ir: Any) -> bool:
    """延期申请: once, not while one awaits the head, not after a 第三十五条 delay."""
    return not ir.extension_days and not ir.extension_pending and ir.delayed_on is None


def _extension_pending(ir: Any) -> bool:
    return bool(ir.extension_pending)


def _correction_notice_possible(ir: Any) -> bool:
    """条例第三十条: one notice (一次性告知), while its 7-working-day clock runs."""
    return not ir.correction_notified_on and open_clock(ir, ClockKind.CORRECTION_NOTICE) is not None


def _in_handling(ir: Any) -> bool:
    return ir.status in HANDLING


def _has_open_consultation(ir: Any) -> bool:
    return bool(ir.consultations.filter(answered_on__isnull=True).exists())


def _no_fee_notice_yet(ir: Any) -> bool:
    return not ir.fee_notice_on


def _has_letter_to_draft(ir: Any) -> bool:
    """A letter can be drafted once the case has its facts (a decision, a notice…)."""
    from gongkai.inforequests.selectors import letter_kinds_available

    return bool(letter_kinds_available(ir))


def _reasons_not_asked(ir: Any) -> bool:
    return not ir.reasons_requested_on


def _delay_possible(ir: Any) -> bool:
    """条例第三十五条: one delayed deadline, only after the applicant was asked for reasons."""
    return bool(ir.reasons_requested_on) and not ir.delayed_on


def _correction_lapsed(ir: Any) -> bool:
    """条例第三十条: once the 补正 period has ended, staff confirm there is no 正当理由 and close
    the case. The period's end is the fact; the nightly job's flag only makes the task."""
    if ir.correction_lapsed_on:
        return True
    period = open_clock(ir, ClockKind.CORRECTION_PERIOD)
    return bool(period and period.due_date and period.due_date < steps.today())


def _correction_running(ir: Any) -> bool:
    return not ir.correction_lapsed_on


def _public_interest_found(ir: Any) -> bool:
    """条例第三十二条: the 决定公开告知书 follows a recorded public-interest finding."""
    return bool(ir.public_interest_finding)


_handle = perms.can_handle_inforequest


def _events(*events: Event) -> frozenset[str]:
    return frozenset(events)


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("confirm", _handle, _events(Event.RECEIVE)),
        ActionSpec(
            "correction_notice",
            _handle,
            _events(Event.NOTIFY_CORRECTION),
            guard=_correction_notice_possible,
        ),
        ActionSpec("correction", _handle, _events(Event.CORRECT)),
        ActionSpec(
            "correction_delivered", _handle, _events(Event.CORRECT), guard=_correction_running
        ),
        ActionSpec(
            "correction_lapse", _handle, _events(Event.CORRECTION_LAPSE), guard=_correction_lapsed
        ),
        ActionSpec("assign", _handle, _events(Event.ASSIGN)),
        ActionSpec(
            "extension_request", _handle, _events(Event.EXTEND), guard=_extension_requestable
        ),
        ActionSpec("extend", perms.can_approve_extension, _events(Event.EXTEND), _not_extended),
        ActionSpec(
            "extension_refuse",
            perms.can_approve_extension,
            _events(Event.EXTEND),
            guard=_extension_pending,
        ),
        ActionSpec("department_report", perms.can_report_inforequest, guard=_in_handling),
        ActionSpec("consult", _handle, _events(Event.CONSULT_THIRD_PARTY)),
        ActionSpec("consult_answer", _handle, guard=_has_open_consultation),
        ActionSpec("fee_notice", _handle, _events(Event.FEE_NOTICE), _no_fee_notice_yet),
        ActionSpec("fee_paid", _handle, _events(Event.FEE_PAID)),
        ActionSpec("decide", _handle, _events(Event.DECIDE)),
        ActionSpec("transfer", _handle, _events(Event.DECIDE)),
        ActionSpec("release_review", _handle, _events(Event.REVIEW_RELEASE)),
        ActionSpec(
            "reasons_request", _handle, _events(Event.REQUEST_REASONS), guard=_reasons_not_asked
        ),
        ActionSpec(
            "delayed_deadline",
            _handle,
            _events(Event.SET_DELAYED_DEADLINE),
            guard=_delay_possible,
        ),
        ActionSpec(
            "disclosure_notice",
            _handle,
            _events(Event.DISCLOSURE_NOTICE),
            guard=_public_interest_found,
        ),
        ActionSpec(
            "disclosure_delivered",
            _handle,
            _events(Event.DISCLOSURE_NOTICE),
            guard=_public_interest_found,
        ),
        ActionSpec("reply", _handle, _events(Event.REPLY)),
        ActionSpec("archive", _handle, _events(Event.ARCHIVE)),
        ActionSpec("withdraw", _handle, _events(Event.WITHDRAW)),
        ActionSpec("letters", _handle, guard=_has_letter_to_draft, side=True),
    ],
)
