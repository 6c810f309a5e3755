"""Correction (补正, 条例第三十条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_change, clock_open
from gongkai.core.exceptions import (
    GateRefused,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.conf import setting
from gongkai.inforequests.intake import (
    check_delivery,
    clean_application,
)
from gongkai.inforequests.models import (
    Delivery,
    InfoRequest,
    NoticeKind,
    Outcome,
)
from gongkai.inforequests.services._common import (
    REPLY_DAYS,
    _clock,
    _close_clocks,
    _day,
    _extension_of,
    _iso,
    _lock,
    _notice,
    _record,
    _require_handler,
    _required,
    _save,
    _terminate,
    _today,
    _transition,
)
from gongkai.inforequests.workflow import Event, Status

# --- correction (补正, 条例第三十条) -------------------------------------------------------------


@transaction.atomic
def inforequest_notify_correction(
    *,
    actor: Any,
    info_request: InfoRequest,
    items: Sequence[str],
    period_days: int,
    notified_on: date | None = None,
    received_on: date | None = None,
    method: str = "",
) -> InfoRequest:
    """The one-time notice (一次性告知) of what to correct and within how many working days.

    Only within 7 working days of receipt; the reply clock stops (it is closed and counted
    afresh from the corrected application). The correction period runs from the day the
    applicant receives the notice (``received_on``, as for the fee notice; the day of issue
    when handed over or shown online), and its fixed end date is printed in the notice.
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.NOTIFY_CORRECTION)
    if info_request.correction_notified_on:
        raise GateRefused(
            "G11", _("补正应当一次性告知（条例第三十条），本申请已经告知过补正，不能再次告知。")
        )
    items = [str(i).strip() for i in items or [] if str(i).strip()]
    if not items:
        raise InvalidInput(_("请逐项列明需要补正的事项。"), field="items")
    max_days = setting("GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS")
    if (
        isinstance(period_days, bool)
        or not isinstance(period_days, int)
        or not 1 <= period_days <= max_days
    ):
        raise InvalidInput(
            _("补正期限应为1至%(max)s个工作日。") % {"max": max_days}, field="period_days"
        )
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    received = info_request.received_date
    notified_on = _day(
        notified_on,
        field="notified_on",
        label=pgettext("in error message", "补正告知日期"),
        not_before=received,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    received_on = _day(
        received_on or notified_on,
        field="received_on",
        label=pgettext("in error message", "申请人收到补正告知日期"),
        not_before=notified_on,
        not_before_label=pgettext("in error message", "补正告知日期"),
    )
    window = (
        Clock.objects.for_subject(info_request)
        .filter(kind=ClockKind.CORRECTION_NOTICE)
        .order_by("-pk")
        .first()
    )
    if window is None or window.due_date is None or notified_on > window.due_date:
        due = window.due_date.isoformat() if window and window.due_date else "—"
        raise GateRefused(
            "G11",
            _(
                "补正告知应当自收到申请之日起7个工作日内作出（条例第三十条）；本申请的告知期限已于"
                "%(due)s届满，不能再要求补正，请按现有内容作出答复。"
            )
            % {"due": due},
            field="notified_on",
        )
    from_state = info_request.status
    _close_clocks(info_request, notified_on, [ClockKind.CORRECTION_NOTICE, ClockKind.REPLY])
    period = clock_open(
        subject=info_request,
        kind=ClockKind.CORRECTION_PERIOD,
        start=received_on,
        days=period_days,
        actor=actor,
    )
    info_request.status = target
    info_request.correction_notified_on = notified_on
    info_request.correction_notice_received_on = received_on
    info_request.correction_items = items
    info_request.correction_period_days = period_days
    _save(
        info_request,
        "status",
        "correction_notified_on",
        "correction_notice_received_on",
        "correction_items",
        "correction_period_days",
    )
    _notice(
        info_request,
        NoticeKind.CORRECTION,
        actor=actor,
        issued_on=notified_on,
        delivered_on=received_on,
        method=method,
        summary="；".join(items),
        data={"items": items, "period_days": period_days, "due": _iso(period.due_date)},
    )
    _record(
        info_request,
        "correction_notified",
        actor=actor,
        from_state=from_state,
        data={
            "items": items,
            "period_days": period_days,
            "received_on": received_on.isoformat(),
            "correction_due": _iso(period.due_date),
        },
    )
    return info_request


@transaction.atomic
def inforequest_correction_notice_delivered(
    *, actor: Any, info_request: InfoRequest, received_on: date
) -> InfoRequest:
    """Record when the applicant actually received the 补正 notice (e.g. the postal return
    receipt, 送达回证) and count the correction period afresh from that day (条例第三十条)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    if info_request.status != Status.CORRECTION or info_request.correction_lapsed_on:
        raise TransitionNotAllowed(_("只能在补正期限内登记申请人收到补正告知的日期。"))
    notified_on = _required(info_request.correction_notified_on, _("尚未告知补正。"))
    received_on = _day(
        received_on,
        field="received_on",
        label=pgettext("in error message", "申请人收到补正告知日期"),
        not_before=notified_on,
        not_before_label=pgettext("in error message", "补正告知日期"),
    )
    before = _clock(info_request, ClockKind.CORRECTION_PERIOD)
    _close_clocks(info_request, received_on, [ClockKind.CORRECTION_PERIOD])
    period = clock_open(
        subject=info_request,
        kind=ClockKind.CORRECTION_PERIOD,
        start=received_on,
        days=_required(info_request.correction_period_days, _("尚未告知补正。")),
        actor=actor,
    )
    info_request.correction_notice_received_on = received_on
    _save(info_request, "correction_notice_received_on")
    notice = info_request.notices.filter(kind=NoticeKind.CORRECTION).order_by("-pk").first()
    if notice is not None:
        notice.delivered_on = received_on
        notice.data = {**notice.data, "due": _iso(period.due_date)}
        notice.save(update_fields=["delivered_on", "data"])
    _record(
        info_request,
        "correction_notice_delivered",
        actor=actor,
        from_state=info_request.status,
        data={
            "received_on": received_on.isoformat(),
            "from_due": _iso(before.due_date) if before else None,
            "correction_due": _iso(period.due_date),
        },
    )
    return info_request


@transaction.atomic
def inforequest_receive_correction(
    *,
    actor: Any,
    info_request: InfoRequest,
    corrected_on: date | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> InfoRequest:
    """The corrected application arrived: the 20 working days count afresh from that day.

    ``changes`` are the corrected description, form and contact fields (intake.CORRECTABLE_FIELDS).
    The openness office registers a correction received by any channel; the applicant
    (``permissions.CaseApplicant``, proven by the query code) submits one on the tracking page,
    and it is received on the day it is submitted.
    """
    info_request = _lock(info_request)
    applicant = perms.is_case_applicant(actor, info_request)
    if not perms.can_correct_inforequest(actor, info_request):
        _require_handler(actor, info_request)
    target = _transition(
        info_request, Event.CORRECT, assigned=info_request.handling_department_id is not None
    )
    received = _required(info_request.received_date, _("尚未确认收到申请之日。"))
    if applicant and corrected_on not in (None, _today()):
        raise NotPermitted(_("申请人在线提交的补正，以提交之日为收到补正之日。"))
    corrected_on = _day(
        corrected_on,
        field="corrected_on",
        label=pgettext("in error message", "收到补正日期"),
        not_before=info_request.correction_notified_on,
        not_before_label=pgettext("in error message", "补正告知日期"),
    )
    clean = clean_application(changes or {}, public=applicant, partial=True)
    for name, value in clean.items():
        setattr(info_request, name, value)
    check_delivery(
        {
            "delivery": info_request.delivery,
            "email": info_request.email,
            "address": info_request.address,
        }
    )
    period = _clock(info_request, ClockKind.CORRECTION_PERIOD)
    late = bool(period and period.due_date and corrected_on > period.due_date)
    _close_clocks(info_request, corrected_on, [ClockKind.CORRECTION_PERIOD])
    reason = "条例第三十条：答复期限自收到补正的申请之日起计算。"
    reply = clock_open(
        subject=info_request,
        kind=ClockKind.REPLY,
        start=received,
        days=REPLY_DAYS,
        actor=actor,
    )
    reply = clock_change(clock=reply, actor=actor, reason=reason, restart=corrected_on)
    if info_request.extension_days:
        reply = clock_change(
            clock=reply, actor=actor, reason="延期", extension=_extension_of(info_request)
        )
    from_state = info_request.status
    info_request.status = target
    info_request.corrected_on = corrected_on
    _save(info_request, "status", "corrected_on", *clean)
    _record(
        info_request,
        "corrected",
        actor=actor,
        from_state=from_state,
        reason=note,
        data={
            "corrected_on": corrected_on.isoformat(),
            "reply_due": _iso(reply.due_date),
            "late": late,
            "changed": sorted(clean),
        },
    )
    return info_request


@transaction.atomic
def inforequest_flag_correction_lapse(
    *, info_request: InfoRequest, today: date | None = None, actor: Any = None
) -> bool:
    """The correction period ended before ``today`` without a correction: a staff task.

    条例第三十条 deems the application abandoned only if the applicant has no 正当理由, which
    the office must confirm (:func:`inforequest_close_correction_overdue`); the job never
    closes the request. Idempotent: False unless the task is new.
    """
    info_request = _lock(info_request)
    today = today or _today()
    period = _clock(info_request, ClockKind.CORRECTION_PERIOD)
    if info_request.status != Status.CORRECTION or period is None or period.due_date is None:
        return False
    if period.due_date >= today or info_request.correction_lapsed_on is not None:
        return False
    info_request.correction_lapsed_on = period.due_date + timedelta(days=1)
    _save(info_request, "correction_lapsed_on")
    _record(
        info_request,
        "correction_period_lapsed",
        actor=actor,
        from_state=info_request.status,
        data={"correction_due": period.due_date.isoformat()},
    )
    return True


@transaction.atomic
def inforequest_close_correction_overdue(
    *,
    actor: Any,
    info_request: InfoRequest,
    note: str,
    closed_on: date | None = None,
) -> InfoRequest:
    """条例第三十条: the office confirms that the applicant did not correct within the period
    and had no 正当理由 ⇒ deemed abandoned (其他处理 1). With a 正当理由, the office registers
    the late correction instead (:func:`inforequest_receive_correction`)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.CORRECTION_LAPSE)
    period = _clock(info_request, ClockKind.CORRECTION_PERIOD)
    today = _today()
    if period is None or period.due_date is None or period.due_date >= today:
        due = period.due_date.isoformat() if period and period.due_date else "—"
        raise TransitionNotAllowed(
            _("补正期限（至%(due)s）尚未届满，不能按逾期不补正办结。") % {"due": due}
        )
    note = (note or "").strip()
    if not note:
        raise InvalidInput(
            _("请记录核实情况：申请人逾期未补正且无正当理由（条例第三十条）。"), field="note"
        )
    closed_on = _day(
        closed_on,
        field="closed_on",
        label=pgettext("in error message", "办结日期"),
        not_before=period.due_date + timedelta(days=1),
        not_before_label=pgettext("in error message", "补正期限届满次日"),
    )
    _terminate(
        info_request,
        event=Event.CORRECTION_LAPSE,
        outcome=Outcome.OTHER_NO_CORRECTION,
        closed_on=closed_on,
        actor=actor,
        action="correction_lapsed",
        reasons="申请人无正当理由逾期不补正，视为放弃申请，行政机关不再处理该政府信息公开申请（条例第三十条）。",
        data={"correction_due": period.due_date.isoformat(), "note": note},
    )
    return info_request
