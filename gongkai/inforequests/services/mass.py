"""Excessive number or frequency of applications (条例第三十五条).

The organ may ask the applicant for reasons; if the reasons are unreasonable it does not
handle the application (不予处理, 年报（五）4); if they are reasonable but the organ cannot
answer in time, it fixes a reasonable delayed deadline and tells the applicant. The delayed
deadline replaces the statutory one: the REPLY clock is closed and a new one runs from the day
the deadline was fixed, with the recorded number of working days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.calendars.services import clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.conf import setting
from gongkai.inforequests.models import Delivery, InfoRequest, NoticeKind
from gongkai.inforequests.services._common import (
    _close_clocks,
    _day,
    _iso,
    _lock,
    _notice,
    _record,
    _require_handler,
    _save,
    _transition,
)
from gongkai.inforequests.workflow import Event


@transaction.atomic
def inforequest_request_reasons(
    *,
    actor: Any,
    info_request: InfoRequest,
    matters: str,
    requested_on: date | None = None,
    method: str = "",
) -> InfoRequest:
    """条例第三十五条: ask the applicant to explain the reasons for the applications."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.REQUEST_REASONS)
    if info_request.reasons_requested_on:
        raise TransitionNotAllowed(_("本申请已经要求申请人说明理由。"))
    matters = (matters or "").strip()
    if not matters:
        raise InvalidInput(
            _("请写明申请数量、频次明显超过合理范围的情况和需要说明的事项。"), field="matters"
        )
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    requested_on = _day(
        requested_on,
        field="requested_on",
        label=pgettext("in error message", "要求说明理由日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    info_request.reasons_requested_on = requested_on
    info_request.reasons_request_text = matters
    _save(info_request, "reasons_requested_on", "reasons_request_text")
    _notice(
        info_request,
        NoticeKind.REASONS,
        actor=actor,
        issued_on=requested_on,
        method=method,
        summary=matters,
    )
    _record(
        info_request,
        "reasons_requested",
        actor=actor,
        from_state=info_request.status,
        reason=matters,
        data={"requested_on": requested_on.isoformat()},
    )
    return info_request


def check_reasons_requested(info_request: InfoRequest, decided_on: date) -> None:
    """不予处理 under 第三十五条 only after the applicant was asked for reasons."""
    asked = info_request.reasons_requested_on
    if asked is None or decided_on < asked:
        raise GateRefused(
            "G11",
            _("以“无正当理由大量反复申请”不予处理前，应当先要求申请人说明理由（条例第三十五条）。"),
            field="outcome",
        )


@transaction.atomic
def inforequest_set_delayed_deadline(
    *,
    actor: Any,
    info_request: InfoRequest,
    days: int,
    reason: str,
    applicant_reasons: str = "",
    decided_on: date | None = None,
    method: str = "",
) -> InfoRequest:
    """The applicant's reasons are reasonable but the organ cannot answer in time: fix a
    reasonable delayed deadline (第三十五条) and tell the applicant."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.SET_DELAYED_DEADLINE)
    if info_request.reasons_requested_on is None:
        raise TransitionNotAllowed(
            _("确定延迟答复期限前，应当先要求申请人说明理由（条例第三十五条）。")
        )
    if info_request.delayed_on is not None:
        raise TransitionNotAllowed(_("本申请已经确定了延迟答复期限。"))
    max_days = setting("GONGKAI_INFOREQUEST_MAX_DELAY_DAYS")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= max_days:
        raise InvalidInput(
            _("延迟答复期限应为1至%(max)s个工作日。") % {"max": max_days}, field="days"
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请说明延迟答复的理由。"), field="reason")
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    decided_on = _day(
        decided_on,
        field="decided_on",
        label=pgettext("in error message", "确定延迟答复期限日期"),
        not_before=info_request.reasons_requested_on,
        not_before_label=pgettext("in error message", "要求说明理由日期"),
    )
    _close_clocks(info_request, decided_on, [ClockKind.REPLY])
    reply = clock_open(
        subject=info_request, kind=ClockKind.REPLY, start=decided_on, days=days, actor=actor
    )
    info_request.delayed_on = decided_on
    info_request.delayed_days = days
    info_request.delay_reason = reason
    info_request.reasons_answer = (applicant_reasons or "").strip()
    _save(info_request, "delayed_on", "delayed_days", "delay_reason", "reasons_answer")
    data = {"days": days, "decided_on": decided_on.isoformat(), "reply_due": _iso(reply.due_date)}
    _notice(
        info_request,
        NoticeKind.DELAYED,
        actor=actor,
        issued_on=decided_on,
        method=method,
        summary=reason,
        data=data,
    )
    _record(
        info_request,
        "delayed",
        actor=actor,
        from_state=info_request.status,
        reason=reason,
        data=data,
    )
    return info_request
