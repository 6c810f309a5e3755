"""Fees (条例第四十二条, 国办函〔2020〕109号)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.calendars.services import clock_change, clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed
from gongkai.inforequests import selectors
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import (
    Delivery,
    FeeMode,
    InfoRequest,
    NoticeKind,
    Outcome,
    ProvisionForm,
)
from gongkai.inforequests.services._common import (
    FEE_PAYMENT_DAYS,
    _clock,
    _close_clocks,
    _day,
    _iso,
    _lock,
    _notice,
    _record,
    _require_handler,
    _save,
    _terminate,
    _today,
    _transition,
)
from gongkai.inforequests.workflow import Event, Status
from gongkai.lib.deadlines import PauseKind
from gongkai.lib.fees import FeeError, quote

# --- fees (条例第四十二条, 国办函〔2020〕109号) ----------------------------------------------------

# 收费办法 按量计收: paper copies, e-mail, copies of electronic data on media.
PER_VOLUME_FORMS = frozenset({ProvisionForm.PAPER, ProvisionForm.EMAIL, ProvisionForm.MEDIA})


@transaction.atomic
def inforequest_fee_notice(
    *,
    actor: Any,
    info_request: InfoRequest,
    mode: FeeMode | str,
    pages: int | None = None,
    issued_on: date | None = None,
    received_on: date | None = None,
    method: str = "",
    excess_finding: str = "",
) -> InfoRequest:
    """Send a fee notice (per request or per volume, never both); the reply clock pauses.

    条例第四十二条: no fee unless the number or frequency of the applications clearly exceeds
    a reasonable range — ``excess_finding`` records that finding first. Per-volume fees
    (收费办法 按量计收) apply only to paper, e-mail or copied media, never to on-site reading
    or online viewing; the notice is issued within the reply period. The applicant pays
    within 20 working days counted from the day after receiving the notice.
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.FEE_NOTICE)
    if info_request.fee_notice_on:
        raise GateRefused("G13", _("本申请已经发出过收费通知。"))
    if mode not in FeeMode.values:
        raise InvalidInput(_("计费方式无效。"), field="mode")
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    excess_finding = (excess_finding or "").strip()
    if not excess_finding:
        raise GateRefused(
            "G13",
            _(
                "收取信息处理费前，应当认定申请公开政府信息的数量、频次明显超过合理范围并记录"
                "理由（条例第四十二条）。"
            ),
            field="excess_finding",
        )
    if mode == FeeMode.PER_VOLUME and (
        info_request.provision_form not in PER_VOLUME_FORMS
        or info_request.delivery == Delivery.ONLINE
    ):
        raise GateRefused(
            "G13",
            _(
                "按量计收只适用于提供纸质件、发送电子邮件或复制电子数据（光盘/U盘）的情形，"
                "当场阅读、抄录或在线查看不得按量收费（国办函〔2020〕109号）。"
            ),
            field="mode",
        )
    ordinal = (
        selectors.applicant_month_ordinal(info_request) if mode == FeeMode.PER_REQUEST else None
    )
    try:
        fee = quote(mode, ordinal=ordinal, pages=pages)
    except FeeError as exc:
        raise InvalidInput(str(exc), field="pages") from None
    if fee.is_free:
        raise GateRefused(
            "G13",
            _("按《政府信息公开信息处理费管理办法》本申请不收费。%(details)s")
            % {"details": "".join(fee.lines)},
        )
    issued_on = _day(
        issued_on,
        field="issued_on",
        label=pgettext("in error message", "收费通知日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    received_on = _day(
        received_on or issued_on,
        field="received_on",
        label=pgettext("in error message", "申请人收到通知日期"),
        not_before=issued_on,
        not_before_label=pgettext("in error message", "收费通知日期"),
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed(_("答复期限未在计算中。"))
    if reply.due_date is not None and issued_on > reply.due_date:
        raise GateRefused(
            "G13",
            _("收费通知应当在答复期限（%(date)s）内发出。") % {"date": reply.due_date.isoformat()},
            field="issued_on",
        )
    clock_change(
        clock=reply, actor=actor, reason="收费通知", pause_start=(issued_on, PauseKind.FEE)
    )
    payment = clock_open(
        subject=info_request,
        kind=ClockKind.FEE_PAYMENT,
        start=received_on,
        days=FEE_PAYMENT_DAYS,
        actor=actor,
    )
    from_state = info_request.status
    info_request.status = target
    info_request.fee_mode = mode
    info_request.fee_amount = fee.amount
    info_request.fee_ordinal = ordinal
    info_request.fee_pages = pages if mode == FeeMode.PER_VOLUME else None
    info_request.fee_notice_on = issued_on
    info_request.fee_notice_received_on = received_on
    info_request.fee_excess_finding = excess_finding
    _save(
        info_request,
        "status",
        "fee_mode",
        "fee_amount",
        "fee_ordinal",
        "fee_pages",
        "fee_notice_on",
        "fee_notice_received_on",
        "fee_excess_finding",
    )
    data = {
        "mode": mode,
        "amount": fee.amount,
        "lines": list(fee.lines),
        "payment_due": _iso(payment.due_date),
        "excess_finding": excess_finding,
    }
    _notice(
        info_request,
        NoticeKind.FEE,
        actor=actor,
        issued_on=issued_on,
        delivered_on=received_on,
        method=method,
        summary="".join(fee.lines),
        data=data,
    )
    _record(info_request, "fee_notified", actor=actor, from_state=from_state, data=data)
    return info_request


@transaction.atomic
def inforequest_fee_paid(
    *, actor: Any, info_request: InfoRequest, paid_on: date | None = None, receipt_number: str = ""
) -> InfoRequest:
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.FEE_PAID)
    paid_on = _day(
        paid_on,
        field="paid_on",
        label=pgettext("in error message", "缴费日期"),
        not_before=info_request.fee_notice_on,
        not_before_label=pgettext("in error message", "收费通知日期"),
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is not None:
        reply = clock_change(clock=reply, actor=actor, reason="已缴费", pause_end=paid_on)
    _close_clocks(info_request, paid_on, [ClockKind.FEE_PAYMENT])
    from_state = info_request.status
    info_request.status = target
    info_request.fee_paid_on = paid_on
    info_request.fee_receipt_number = (receipt_number or "").strip()[:60]
    _save(info_request, "status", "fee_paid_on", "fee_receipt_number")
    _record(
        info_request,
        "fee_paid",
        actor=actor,
        from_state=from_state,
        data={"paid_on": paid_on.isoformat(), "reply_due": _iso(reply.due_date) if reply else None},
    )
    return info_request


@transaction.atomic
def inforequest_close_fee_overdue(
    *, info_request: InfoRequest, today: date | None = None, actor: Any = None
) -> bool:
    """Not paid within 20 working days ⇒ deemed abandoned (其他处理 2). Idempotent."""
    info_request = _lock(info_request)
    today = today or _today()
    payment = _clock(info_request, ClockKind.FEE_PAYMENT)
    if info_request.status != Status.PAUSED_FEE or payment is None or payment.due_date is None:
        return False
    if payment.due_date >= today:
        return False
    _terminate(
        info_request,
        event=Event.FEE_LAPSE,
        outcome=Outcome.OTHER_NO_FEE,
        closed_on=payment.due_date + timedelta(days=1),
        actor=actor,
        action="fee_lapsed",
        reasons="申请人逾期未按收费通知要求缴纳费用，视为放弃申请，行政机关不再处理该政府信息公开申请。",
        data={"payment_due": payment.due_date.isoformat()},
    )
    return True
