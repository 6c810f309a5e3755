"""Helpers shared by the services: clocks, notices, audit events; locking, transitions and
dates come from the module kit (gongkai.core.kit.steps, the workflow MACHINE)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.inforequests import messages
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import (
    Consultation,
    ConsultationKind,
    InfoRequest,
    Notice,
    NoticeKind,
    Outcome,
)
from gongkai.inforequests.signals import inforequest_event
from gongkai.inforequests.workflow import MACHINE, Event, Status
from gongkai.lib.deadlines import Extension, PauseKind

T = TypeVar("T")

REPLY_DAYS = 20  # 条例第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # 条例第三十条
CONSULTATION_DAYS = 15  # 条例第三十二条 (third party), 第三十四条 (other organ)
FEE_PAYMENT_DAYS = 20  # 《政府信息公开信息处理费管理办法》, domain.md §3.8

_PAUSE_KIND = {
    ConsultationKind.THIRD_PARTY: PauseKind.THIRD_PARTY,
    ConsultationKind.OTHER_ORGAN: PauseKind.OTHER_ORGAN,
}
_CLOCK_KIND = {
    ConsultationKind.THIRD_PARTY: ClockKind.THIRD_PARTY,
    ConsultationKind.OTHER_ORGAN: ClockKind.OTHER_ORGAN,
}
_CONSULT_EVENT = {
    ConsultationKind.THIRD_PARTY: Event.CONSULT_THIRD_PARTY,
    ConsultationKind.OTHER_ORGAN: Event.CONSULT_OTHER_ORGAN,
}


# --- helpers ----------------------------------------------------------------------------------


# The kit's step helpers under the names the service modules use.
_today = steps.today
_lock = steps.lock


def _transition(info_request: InfoRequest, event: Event, **context: Any) -> Status:
    return MACHINE.require(info_request.status, event, **context)


def _require_handler(actor: Any, info_request: InfoRequest) -> None:
    if not perms.can_handle_inforequest(actor, info_request):
        raise NotPermitted(_("只有受理机关的政府信息公开工作机构可以办理该申请。"))


def _day(
    value: date | None,
    *,
    field: str,
    label: str,
    not_before: date | None = None,
    not_before_label: str = "",
) -> date:
    """A date of an action: today by default, never in the future, not before a given date.

    ``label`` and ``not_before_label`` are already translated, for use inside a sentence
    (``pgettext("in error message", ...)``).
    """
    today = _today()
    if value is None:
        value = today
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(capfirst(_("%(label)s须为日期。") % {"label": label}), field=field)
    if value > today:
        raise InvalidInput(capfirst(_("%(label)s不能晚于今天。") % {"label": label}), field=field)
    if not_before is not None and value < not_before:
        raise InvalidInput(
            capfirst(
                _("%(label)s不能早于%(before)s（%(date)s）。")
                % {"label": label, "before": not_before_label, "date": not_before.isoformat()}
            ),
            field=field,
        )
    return value


def _clock(info_request: InfoRequest, kind: ClockKind) -> Clock | None:
    return Clock.objects.open().for_subject(info_request).filter(kind=kind).first()


def _close_clocks(
    info_request: InfoRequest, on: date, kinds: Iterable[ClockKind] | None = None
) -> None:
    qs = Clock.objects.open().for_subject(info_request)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    for clock in qs:
        clock_close(clock=clock, on=max(on, clock.start_date))


def _record(
    info_request: InfoRequest,
    action: str,
    *,
    actor: Any,
    from_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    record_event(
        action=f"inforequest.{action}",
        subject=info_request,
        actor=actor,
        from_state=from_state,
        to_state=info_request.status,
        reason=reason,
        data=data or {},
    )
    # The applicant is told in the same transaction (the kit's durable outbox).
    messages.notify(info_request, action, data or {})
    pk = info_request.pk
    transaction.on_commit(
        lambda: inforequest_event.send(
            sender=InfoRequest, info_request_id=pk, action=f"inforequest.{action}"
        )
    )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _save(info_request: InfoRequest, *fields: str) -> None:
    info_request.save(update_fields=[*fields, "updated_at"])


def _notice(
    info_request: InfoRequest,
    kind: NoticeKind,
    *,
    actor: Any,
    issued_on: date,
    summary: str = "",
    method: str = "",
    delivered_on: date | None = None,
    data: dict[str, Any] | None = None,
) -> Notice:
    return Notice.objects.create(
        info_request=info_request,
        kind=kind,
        issued_on=issued_on,
        delivered_on=delivered_on,
        method=method,
        summary=summary,
        data=data or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _required(value: T | None, message: str) -> T:
    """A fact the state machine guarantees (e.g. the receipt date once received)."""
    if value is None:
        raise TransitionNotAllowed(message)
    return value


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _terminate(
    info_request: InfoRequest,
    *,
    event: Event,
    outcome: Outcome,
    closed_on: date,
    actor: Any,
    action: str,
    reasons: str,
    data: dict[str, Any] | None = None,
) -> None:
    from_state = info_request.status
    info_request.status = _transition(info_request, event)
    info_request.outcome = outcome
    info_request.decision_reasons = reasons
    info_request.decided_on = closed_on
    info_request.decided_by = _user(actor)
    info_request.closed_on = closed_on
    _close_clocks(info_request, closed_on)
    # A consultation still running ends with the request (its letter needs no answer now),
    # and so does its window clock.
    for consultation in Consultation.objects.filter(
        info_request=info_request, ended_on__isnull=True
    ).select_related("window_clock"):
        window = consultation.window_clock
        if window is not None and window.closed_on is None:
            clock_close(clock=window, on=max(closed_on, window.start_date))
    Consultation.objects.filter(info_request=info_request, ended_on__isnull=True).update(
        ended_on=closed_on
    )
    _save(
        info_request,
        "status",
        "outcome",
        "decision_reasons",
        "decided_on",
        "decided_by",
        "closed_on",
    )
    _record(info_request, action, actor=actor, from_state=from_state, reason=reasons, data=data)


def _extension_of(info_request: InfoRequest) -> Extension:
    approver = info_request.extension_approved_by
    return Extension(
        days=info_request.extension_days,
        approved_by=str(approver) if approver else "",
        approved_on=info_request.extended_on,
    )
