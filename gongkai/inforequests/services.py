"""Every mutation of an information disclosure request (依申请公开) goes through these functions.

The online form, the staff pages, the JSON API, admin actions and the management commands all
call them, so clocks, permissions and the audit trail are the same on every path. Each
service: locks the row, checks permission (NotPermitted), asks the workflow
(TransitionNotAllowed), checks the statutory limits (GateRefused "G11"–"G13") and the input
(InvalidInput), mutates, updates the clocks, records an `inforequest.*` AuditEvent and sends
`signals.inforequest_event` on commit.

Clocks (calendars.Clock, subject = the request; domain.md §3.5–3.8, §9):

- REPLY, 20 working days from receipt (条例第三十三条); +≤20 once on extension (第二款);
  paused during consultations (第三十三条第三款) and from a fee notice to payment (收费办法);
  closed by a correction notice and counted afresh from the corrected application (第三十条).
- CORRECTION_NOTICE, 7 working days from receipt: the window for the one-time 补正 notice.
- CORRECTION_PERIOD, the period given to the applicant; lapsing terminates the request.
- THIRD_PARTY / OTHER_ORGAN, 15 working days from delivery of the letter (第三十二条, 第三十四条).
- FEE_PAYMENT, 20 working days from the day after the applicant receives the fee notice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.calendars.models import Clock, ClockKind
from gongkai.calendars.services import clock_change, clock_close, clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import record_event
from gongkai.inforequests import permissions as perms
from gongkai.inforequests import selectors
from gongkai.inforequests.codes import format_case_number, hash_query_code, new_query_code
from gongkai.inforequests.conf import setting
from gongkai.inforequests.intake import (
    applicant_key,
    check_delivery,
    clean_application,
)
from gongkai.inforequests.models import (
    SYSTEM_OUTCOMES,
    CaseSerial,
    Consultation,
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    FeeMode,
    InfoRequest,
    Notice,
    NoticeKind,
    Outcome,
)
from gongkai.inforequests.signals import inforequest_event
from gongkai.inforequests.workflow import Channel, Event, Status, next_state, receipt_rule
from gongkai.lib.deadlines import MAX_EXTENSION_DAYS, Extension, PauseKind
from gongkai.lib.fees import FeeError, quote
from gongkai.organizations.models import Organ

__all__ = [
    "CONSULTATION_DAYS",
    "CORRECTION_NOTICE_DAYS",
    "FEE_PAYMENT_DAYS",
    "REPLY_DAYS",
    "Submission",
    "SweepResult",
    "consultation_answer",
    "consultation_close_expired",
    "consultation_start",
    "inforequest_archive",
    "inforequest_assign",
    "inforequest_close_correction_overdue",
    "inforequest_close_fee_overdue",
    "inforequest_confirm_receipt",
    "inforequest_decide",
    "inforequest_extend",
    "inforequest_fee_notice",
    "inforequest_fee_paid",
    "inforequest_notify_correction",
    "inforequest_receive_correction",
    "inforequest_reply",
    "inforequest_submit",
    "inforequest_transfer",
    "inforequest_withdraw",
    "inforequests_sweep",
]

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


def _today() -> date:
    return timezone.localdate()


def _lock(info_request: InfoRequest) -> InfoRequest:
    """Take the row lock, then reload the caller's instance so it sees the committed state
    and, after the service returns, the new one."""
    InfoRequest.objects.select_for_update().values_list("pk", flat=True).get(pk=info_request.pk)
    info_request.refresh_from_db()
    return info_request


def _transition(info_request: InfoRequest, event: Event, **kwargs: Any) -> Status:
    target = next_state(info_request.status, event, **kwargs)
    if target is None:
        raise TransitionNotAllowed(
            f"申请当前状态为“{info_request.get_status_display()}”，不能执行“{event.label}”。"
        )
    return target


def _require_handler(actor: Any, info_request: InfoRequest) -> None:
    if not perms.can_handle_inforequest(actor, info_request):
        raise NotPermitted("只有受理机关的政府信息公开工作机构可以办理该申请。")


def _day(
    value: date | None,
    *,
    field: str,
    label: str,
    not_before: date | None = None,
    not_before_label: str = "",
) -> date:
    """A date of an action: today by default, never in the future, not before a given date."""
    today = _today()
    if value is None:
        value = today
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(f"{label}须为日期。", field=field)
    if value > today:
        raise InvalidInput(f"{label}不能晚于今天。", field=field)
    if not_before is not None and value < not_before:
        raise InvalidInput(
            f"{label}不能早于{not_before_label}（{not_before.isoformat()}）。", field=field
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


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- submission and receipt (条例第二十九条、第三十一条) -------------------------------------------


@dataclass(frozen=True)
class Submission:
    """The case created (or found again) by a submission.

    ``query_code`` is the raw private code, to be shown to the applicant now: only its digest
    is stored. A replay with the same idempotency key returns the same case and, because the
    code is derived from the key, the same code; it is None only if it can no longer be
    derived (SECRET_KEY rotated since).
    """

    info_request: InfoRequest
    query_code: str | None
    created: bool


def _scoped_token(client_token: str, key: str) -> str:
    # The same key from another applicant is another submission: a guessed key never returns
    # somebody else's case (or its query code).
    return hashlib.sha256(f"{client_token}\x00{key}".encode()).hexdigest()


def _next_case_number(year: int) -> str:
    """Race-safe per-year serial: the UPDATE holds the row lock until commit."""
    CaseSerial.objects.get_or_create(year=year)
    CaseSerial.objects.filter(year=year).update(last=F("last") + 1)
    serial = CaseSerial.objects.filter(year=year).values_list("last", flat=True).get()
    return format_case_number(year, serial)


def _replayed(info_request: InfoRequest, token: str) -> Submission:
    code = new_query_code(token)
    if hash_query_code(info_request.case_number, code) != info_request.query_code_hash:
        return Submission(info_request, None, False)
    return Submission(info_request, code, False)


def inforequest_submit(
    *,
    organ: Organ,
    channel: Channel | str,
    data: dict[str, Any],
    actor: Any = None,
    client_token: str | None = None,
    submitted_at: datetime | None = None,
    received_date: date | None = None,
    remote_ip: str | None = None,
    user_agent: str = "",
) -> Submission:
    """Register an application: online by anyone, or any channel by the organ's openness office.

    The receipt date follows 条例第三十一条: fixed at submission for in-person and oral
    applications; given by staff (签收 or 确认 date) for the other channels, or left to
    `inforequest_confirm_receipt` (status submitted = needs confirmation).
    """
    if channel not in Channel.values:
        raise InvalidInput("申请渠道无效。", field="channel")
    channel = Channel(channel)
    staff = perms.can_register_inforequest(actor, organ.pk)
    if channel != Channel.ONLINE and not staff:
        raise NotPermitted("只有受理机关的政府信息公开工作机构可以登记当面、信函、传真等申请。")
    if not organ.is_active:
        raise InvalidInput("该机关不受理政府信息公开申请。", field="organ")
    clean = clean_application(data, public=not staff)
    key = applicant_key(
        id_type=clean["id_type"],
        id_number=clean["id_number"],
        name=clean["applicant_name"],
        contact=clean["phone"] or clean["email"],
    )
    token = _scoped_token(client_token, key) if client_token else None
    if token:
        existing = InfoRequest.objects.filter(client_token=token).first()
        if existing is not None:
            return _replayed(existing, token)
    submitted_at = submitted_at or timezone.now()
    received = _initial_receipt(channel, staff, submitted_at, received_date)
    try:
        with transaction.atomic():
            return _create(
                organ=organ,
                channel=channel,
                clean=clean,
                key=key,
                token=token,
                actor=actor,
                submitted_at=submitted_at,
                received=received,
                remote_ip=remote_ip,
                user_agent=user_agent,
            )
    except IntegrityError:
        if token:
            existing = InfoRequest.objects.filter(client_token=token).first()
            if existing is not None:
                return _replayed(existing, token)
        raise


def _initial_receipt(
    channel: Channel, staff: bool, submitted_at: datetime, received_date: date | None
) -> date | None:
    submitted_on = timezone.localdate(submitted_at)
    if receipt_rule(channel).fixed_at_submission:
        if received_date is not None and received_date != submitted_on:
            raise InvalidInput(
                "当面提交或口头提出的申请，以提交之日为收到申请之日（条例第三十一条）。",
                field="received_date",
            )
        return submitted_on
    if received_date is None:
        return None
    if not staff:
        raise NotPermitted("收到申请之日由政府信息公开工作机构确认。")
    return _check_receipt_date(channel, submitted_on, received_date)


def _check_receipt_date(channel: Channel, submitted_on: date, received_date: date) -> date:
    if received_date > _today():
        raise InvalidInput("收到申请之日不能晚于今天。", field="received_date")
    # An online, fax or e-mail application is confirmed on or after the day it was sent;
    # a letter is registered when it is opened, which may be after the 签收 day.
    if channel in (Channel.ONLINE, Channel.FAX, Channel.EMAIL) and received_date < submitted_on:
        raise InvalidInput("确认之日不能早于提交之日。", field="received_date")
    return received_date


def _create(
    *,
    organ: Organ,
    channel: Channel,
    clean: dict[str, Any],
    key: str,
    token: str | None,
    actor: Any,
    submitted_at: datetime,
    received: date | None,
    remote_ip: str | None,
    user_agent: str,
) -> Submission:
    case_number = _next_case_number(timezone.localdate(submitted_at).year)
    code = new_query_code(token)
    info_request = InfoRequest(
        case_number=case_number,
        query_code_hash=hash_query_code(case_number, code),
        organ=organ,
        channel=channel,
        submitted_at=submitted_at,
        applicant_key=key,
        client_token=token,
        remote_ip=remote_ip or None,
        user_agent=(user_agent or "")[:300],
        created_by=_user(actor),
        **clean,
    )
    info_request.save()
    _record(
        info_request,
        "submitted",
        actor=actor,
        data={"case_number": case_number, "channel": channel.value, "organ": organ.pk},
    )
    if received is not None:
        _receive(info_request, received, actor=actor, basis=receipt_rule(channel).basis)
    return Submission(info_request, code, True)


def _receive(info_request: InfoRequest, received: date, *, actor: Any, basis: str) -> None:
    from_state = info_request.status
    info_request.received_date = received
    info_request.receipt_basis = basis[:300]
    info_request.status = Status.RECEIVED
    _save(info_request, "received_date", "receipt_basis", "status")
    reply = clock_open(
        subject=info_request, kind=ClockKind.REPLY, start=received, days=REPLY_DAYS, actor=actor
    )
    notice = clock_open(
        subject=info_request,
        kind=ClockKind.CORRECTION_NOTICE,
        start=received,
        days=CORRECTION_NOTICE_DAYS,
        actor=actor,
    )
    _record(
        info_request,
        "received",
        actor=actor,
        from_state=from_state,
        reason=basis,
        data={
            "received_date": received.isoformat(),
            "reply_due": _iso(reply.due_date),
            "correction_notice_due": _iso(notice.due_date),
        },
    )


@transaction.atomic
def inforequest_confirm_receipt(
    *, actor: Any, info_request: InfoRequest, received_date: date, note: str = ""
) -> InfoRequest:
    """Fix 收到申请之日 of an online, fax, e-mail or postal application (条例第三十一条)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.RECEIVE)
    channel = Channel(info_request.channel)
    received = _check_receipt_date(
        channel, timezone.localdate(info_request.submitted_at), received_date
    )
    basis = receipt_rule(channel).basis + (f"备注：{note.strip()}" if note.strip() else "")
    _receive(info_request, received, actor=actor, basis=basis)
    return info_request


# --- correction (补正, 条例第三十条) -------------------------------------------------------------


@transaction.atomic
def inforequest_notify_correction(
    *,
    actor: Any,
    info_request: InfoRequest,
    items: Sequence[str],
    period_days: int,
    notified_on: date | None = None,
    method: str = "",
) -> InfoRequest:
    """The one-time notice (一次性告知) of what to correct and within how many working days.

    Only within 7 working days of receipt; the reply clock stops (it is closed and counted
    afresh from the corrected application).
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.NOTIFY_CORRECTION)
    if info_request.correction_notified_on:
        raise GateRefused(
            "G11", "补正应当一次性告知（条例第三十条），本申请已经告知过补正，不能再次告知。"
        )
    items = [str(i).strip() for i in items or [] if str(i).strip()]
    if not items:
        raise InvalidInput("请逐项列明需要补正的事项。", field="items")
    max_days = setting("GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS")
    if (
        isinstance(period_days, bool)
        or not isinstance(period_days, int)
        or not 1 <= period_days <= max_days
    ):
        raise InvalidInput(f"补正期限应为1至{max_days}个工作日。", field="period_days")
    if method and method not in Delivery.values:
        raise InvalidInput("送达方式无效。", field="method")
    received = info_request.received_date
    assert received is not None
    notified_on = _day(
        notified_on,
        field="notified_on",
        label="补正告知日期",
        not_before=received,
        not_before_label="收到申请之日",
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
            f"补正告知应当自收到申请之日起7个工作日内作出（条例第三十条）；本申请的告知期限已于"
            f"{due}届满，不能再要求补正，请按现有内容作出答复。",
            field="notified_on",
        )
    from_state = info_request.status
    _close_clocks(info_request, notified_on, [ClockKind.CORRECTION_NOTICE, ClockKind.REPLY])
    period = clock_open(
        subject=info_request,
        kind=ClockKind.CORRECTION_PERIOD,
        start=notified_on,
        days=period_days,
        actor=actor,
    )
    info_request.status = target
    info_request.correction_notified_on = notified_on
    info_request.correction_items = items
    info_request.correction_period_days = period_days
    _save(
        info_request,
        "status",
        "correction_notified_on",
        "correction_items",
        "correction_period_days",
    )
    _notice(
        info_request,
        NoticeKind.CORRECTION,
        actor=actor,
        issued_on=notified_on,
        method=method,
        summary="；".join(items),
        data={"items": items, "period_days": period_days, "due": _iso(period.due_date)},
    )
    _record(
        info_request,
        "correction_notified",
        actor=actor,
        from_state=from_state,
        data={"items": items, "period_days": period_days, "correction_due": _iso(period.due_date)},
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
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(
        info_request, Event.CORRECT, assigned=info_request.handling_department_id is not None
    )
    assert info_request.correction_notified_on is not None and info_request.received_date
    corrected_on = _day(
        corrected_on,
        field="corrected_on",
        label="收到补正日期",
        not_before=info_request.correction_notified_on,
        not_before_label="补正告知日期",
    )
    clean = clean_application(changes or {}, public=False, partial=True)
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
        start=info_request.received_date,
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


@transaction.atomic
def inforequest_close_correction_overdue(
    *, info_request: InfoRequest, today: date | None = None, actor: Any = None
) -> bool:
    """条例第三十条: no correction within the period ⇒ deemed abandoned (其他处理 1).

    Idempotent: returns False (and changes nothing) unless the request is waiting for a
    correction whose period ended before ``today``. The request closes the day after the
    period's last day, whenever the job runs.
    """
    info_request = _lock(info_request)
    today = today or _today()
    period = _clock(info_request, ClockKind.CORRECTION_PERIOD)
    if info_request.status != Status.CORRECTION or period is None or period.due_date is None:
        return False
    if period.due_date >= today:
        return False
    closed_on = period.due_date + timedelta(days=1)
    _terminate(
        info_request,
        event=Event.CORRECTION_LAPSE,
        outcome=Outcome.OTHER_NO_CORRECTION,
        closed_on=closed_on,
        actor=actor,
        action="correction_lapsed",
        reasons="申请人无正当理由逾期不补正，视为放弃申请，行政机关不再处理该政府信息公开申请（条例第三十条）。",
        data={"correction_due": period.due_date.isoformat()},
    )
    return True


# --- handling ------------------------------------------------------------------------------------


@transaction.atomic
def inforequest_assign(
    *,
    actor: Any,
    info_request: InfoRequest,
    department: Organ,
    co_departments: Sequence[Organ] = (),
    note: str = "",
) -> InfoRequest:
    """分办: the lead handling department (承办) and co-handling departments (协办)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.ASSIGN)
    co = [o for o in dict.fromkeys(co_departments) if o.pk != department.pk]
    if not department.is_active or any(not o.is_active for o in co):
        raise InvalidInput("承办或协办单位已停用。", field="department")
    from_state = info_request.status
    info_request.status = target
    info_request.handling_department = department
    _save(info_request, "status", "handling_department")
    info_request.co_handling_departments.set(co)
    _record(
        info_request,
        "assigned",
        actor=actor,
        from_state=from_state,
        reason=note,
        data={"department": department.pk, "co_departments": [o.pk for o in co]},
    )
    return info_request


def _extension_of(info_request: InfoRequest) -> Extension:
    approver = info_request.extension_approved_by
    return Extension(
        days=info_request.extension_days,
        approved_by=str(approver) if approver else "",
        approved_on=info_request.extended_on,
    )


@transaction.atomic
def inforequest_extend(
    *,
    actor: Any,
    info_request: InfoRequest,
    days: int,
    reason: str,
    approved_on: date | None = None,
    notified_on: date | None = None,
    method: str = "",
) -> InfoRequest:
    """条例第三十三条第二款: approved by the openness-office head, notified, ≤ 20 working days, once."""
    info_request = _lock(info_request)
    if not perms.can_approve_extension(actor, info_request):
        raise NotPermitted(
            "延长答复期限应当经政府信息公开工作机构负责人同意（条例第三十三条第二款）。"
        )
    _transition(info_request, Event.EXTEND)
    if info_request.extension_days:
        raise GateRefused("G11", "答复期限只能延长一次（条例第三十三条第二款），本申请已经延长。")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise GateRefused(
            "G11",
            f"延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日（条例第三十三条第二款）。",
            field="days",
        )
    if not (reason or "").strip():
        raise InvalidInput("请说明延长答复期限的理由。", field="reason")
    if method and method not in Delivery.values:
        raise InvalidInput("送达方式无效。", field="method")
    assert info_request.received_date is not None
    approved_on = _day(
        approved_on,
        field="approved_on",
        label="批准日期",
        not_before=info_request.received_date,
        not_before_label="收到申请之日",
    )
    notified_on = _day(
        notified_on or approved_on,
        field="notified_on",
        label="告知日期",
        not_before=approved_on,
        not_before_label="批准日期",
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed("答复期限未在计算中，不能延长。")
    if reply.due_date is not None and approved_on > reply.due_date:
        raise GateRefused(
            "G11",
            f"答复期限已于{reply.due_date.isoformat()}届满，不能再延长。",
            field="approved_on",
        )
    before = reply.due_date
    info_request.extension_days = days
    info_request.extended_on = approved_on
    info_request.extension_approved_by = _user(actor)
    info_request.extension_reason = reason.strip()
    reply = clock_change(
        clock=reply, actor=actor, reason=reason.strip(), extension=_extension_of(info_request)
    )
    _save(
        info_request, "extension_days", "extended_on", "extension_approved_by", "extension_reason"
    )
    _notice(
        info_request,
        NoticeKind.EXTENSION,
        actor=actor,
        issued_on=notified_on,
        method=method,
        summary=reason.strip(),
        data={"days": days, "reply_due": _iso(reply.due_date)},
    )
    _record(
        info_request,
        "extended",
        actor=actor,
        from_state=info_request.status,
        reason=reason.strip(),
        data={
            "days": days,
            "from_due": _iso(before),
            "to_due": _iso(reply.due_date),
            "notified_on": notified_on.isoformat(),
        },
    )
    return info_request


# --- consultations (条例第三十二条、第三十四条) ----------------------------------------------------


@transaction.atomic
def consultation_start(
    *,
    actor: Any,
    info_request: InfoRequest,
    kind: ConsultationKind | str,
    party: str,
    party_contact: str = "",
    letter_summary: str = "",
    sent_on: date | None = None,
    delivered_on: date | None = None,
) -> Consultation:
    """A written consultation letter; the reply clock pauses until the answer or the window's end."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    if kind not in ConsultationKind.values:
        raise InvalidInput("征求意见类型无效。", field="kind")
    kind = ConsultationKind(kind)
    target = _transition(info_request, _CONSULT_EVENT[kind])
    party = (party or "").strip()
    if not party:
        raise InvalidInput("请填写被征求意见的第三方或机关。", field="party")
    assert info_request.received_date is not None
    sent_on = _day(
        sent_on,
        field="sent_on",
        label="发出日期",
        not_before=info_request.received_date,
        not_before_label="收到申请之日",
    )
    delivered_on = _day(
        delivered_on or sent_on,
        field="delivered_on",
        label="送达日期",
        not_before=sent_on,
        not_before_label="发出日期",
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed("答复期限未在计算中。")
    reply = clock_change(
        clock=reply, actor=actor, reason=kind.label, pause_start=(sent_on, _PAUSE_KIND[kind])
    )
    window = clock_open(
        subject=info_request,
        kind=_CLOCK_KIND[kind],
        start=delivered_on,
        days=CONSULTATION_DAYS,
        actor=actor,
    )
    consultation = Consultation.objects.create(
        info_request=info_request,
        kind=kind,
        party=party[:200],
        party_contact=(party_contact or "").strip()[:200],
        letter_summary=(letter_summary or "").strip(),
        sent_on=sent_on,
        delivered_on=delivered_on,
        window_days=CONSULTATION_DAYS,
        created_by=_user(actor),
    )
    from_state = info_request.status
    info_request.status = target
    _save(info_request, "status")
    _record(
        info_request,
        "consultation_started",
        actor=actor,
        from_state=from_state,
        data={
            "consultation": consultation.pk,
            "kind": kind.value,
            "party": consultation.party,
            "sent_on": sent_on.isoformat(),
            "answer_due": _iso(window.due_date),
        },
    )
    return consultation


def _end_pause(
    info_request: InfoRequest, consultation: Consultation, on: date, actor: Any, reason: str
) -> None:
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is not None:
        clock_change(clock=reply, actor=actor, reason=reason, pause_end=on)
    _close_clocks(info_request, on, [_CLOCK_KIND[ConsultationKind(consultation.kind)]])
    consultation.ended_on = on
    info_request.status = _transition(info_request, Event.CONSULTATION_END)
    _save(info_request, "status")


@transaction.atomic
def consultation_answer(
    *,
    actor: Any,
    consultation: Consultation,
    position: ConsultationPosition | str,
    answered_on: date | None = None,
    summary: str = "",
) -> Consultation:
    """Record the answer; if the consultation is still running the reply clock resumes."""
    info_request = _lock(consultation.info_request)
    consultation = Consultation.objects.get(pk=consultation.pk)
    _require_handler(actor, info_request)
    if consultation.answered_on is not None:
        raise TransitionNotAllowed("该征求意见已登记答复。")
    if position not in ConsultationPosition.values or position == ConsultationPosition.NONE:
        raise InvalidInput("意见无效。", field="position")
    answered_on = _day(
        answered_on,
        field="answered_on",
        label="答复日期",
        not_before=consultation.sent_on,
        not_before_label="发出日期",
    )
    from_state = info_request.status
    running = consultation.ended_on is None
    if running:
        _end_pause(info_request, consultation, answered_on, actor, "收到意见")
    consultation.answered_on = answered_on
    consultation.position = position
    consultation.answer_summary = (summary or "").strip()
    consultation.save(update_fields=["answered_on", "position", "answer_summary", "ended_on"])
    reply = _clock(info_request, ClockKind.REPLY)
    _record(
        info_request,
        "consultation_answered",
        actor=actor,
        from_state=from_state,
        reason=consultation.answer_summary,
        data={
            "consultation": consultation.pk,
            "position": position,
            "answered_on": answered_on.isoformat(),
            "late": not running,
            "reply_due": _iso(reply.due_date) if reply else None,
        },
    )
    return consultation


@transaction.atomic
def consultation_close_expired(
    *, consultation: Consultation, today: date | None = None, actor: Any = None
) -> bool:
    """The 15 working days passed without an answer: the pause ends on the window's last day.

    第三十二条: the organ then decides itself; 第三十四条: the other organ's silence is consent.
    Idempotent: False if the consultation already ended or its window has not passed.
    """
    info_request = _lock(consultation.info_request)
    consultation = Consultation.objects.get(pk=consultation.pk)
    today = today or _today()
    if consultation.ended_on is not None:
        return False
    window = _clock(info_request, _CLOCK_KIND[ConsultationKind(consultation.kind)])
    if window is None or window.due_date is None or window.due_date >= today:
        return False
    from_state = info_request.status
    _end_pause(info_request, consultation, window.due_date, actor, "征求意见期限届满")
    consultation.position = ConsultationPosition.NONE
    consultation.save(update_fields=["ended_on", "position"])
    silence = (
        "第三方逾期未提出意见，由行政机关依照条例决定是否公开（条例第三十二条）。"
        if consultation.kind == ConsultationKind.THIRD_PARTY
        else "被征求意见机关逾期未提出意见，视为同意公开（条例第三十四条）。"
    )
    reply = _clock(info_request, ClockKind.REPLY)
    _record(
        info_request,
        "consultation_expired",
        actor=actor,
        from_state=from_state,
        reason=silence,
        data={
            "consultation": consultation.pk,
            "answer_due": window.due_date.isoformat(),
            "reply_due": _iso(reply.due_date) if reply else None,
        },
    )
    return True


# --- fees (条例第四十二条, 国办函〔2020〕109号) ----------------------------------------------------


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
) -> InfoRequest:
    """Send a fee notice (per request or per volume, never both); the reply clock pauses.

    The applicant pays within 20 working days counted from the day after receiving the notice.
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.FEE_NOTICE)
    if info_request.fee_notice_on:
        raise GateRefused("G13", "本申请已经发出过收费通知。")
    if mode not in FeeMode.values:
        raise InvalidInput("计费方式无效。", field="mode")
    if method and method not in Delivery.values:
        raise InvalidInput("送达方式无效。", field="method")
    ordinal = (
        selectors.applicant_month_ordinal(info_request) if mode == FeeMode.PER_REQUEST else None
    )
    try:
        fee = quote(mode, ordinal=ordinal, pages=pages)
    except FeeError as exc:
        raise InvalidInput(str(exc), field="pages") from None
    if fee.is_free:
        raise GateRefused(
            "G13", "按《政府信息公开信息处理费管理办法》本申请不收费。" + "".join(fee.lines)
        )
    assert info_request.received_date is not None
    issued_on = _day(
        issued_on,
        field="issued_on",
        label="收费通知日期",
        not_before=info_request.received_date,
        not_before_label="收到申请之日",
    )
    received_on = _day(
        received_on or issued_on,
        field="received_on",
        label="申请人收到通知日期",
        not_before=issued_on,
        not_before_label="收费通知日期",
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed("答复期限未在计算中。")
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
    _save(
        info_request,
        "status",
        "fee_mode",
        "fee_amount",
        "fee_ordinal",
        "fee_pages",
        "fee_notice_on",
        "fee_notice_received_on",
    )
    data = {
        "mode": mode,
        "amount": fee.amount,
        "lines": list(fee.lines),
        "payment_due": _iso(payment.due_date),
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
    assert info_request.fee_notice_on is not None
    paid_on = _day(
        paid_on,
        field="paid_on",
        label="缴费日期",
        not_before=info_request.fee_notice_on,
        not_before_label="收费通知日期",
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


# --- decision, reply, archive (条例第三十六条、第四十五条) ----------------------------------------


def _decide(
    info_request: InfoRequest,
    *,
    actor: Any,
    outcome: Outcome | str,
    reasons: str,
    decided_on: date | None,
    transferred_to: tuple[str, str] = ("", ""),
    action: str = "decided",
) -> InfoRequest:
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.DECIDE)
    if outcome not in Outcome.values:
        raise InvalidInput("办理结果无效。", field="outcome")
    outcome = Outcome(outcome)
    if outcome in SYSTEM_OUTCOMES:
        raise InvalidInput("逾期不补正、逾期未缴费由系统在期限届满后自动办结。", field="outcome")
    reasons = (reasons or "").strip()
    if outcome != Outcome.OPEN and not reasons:
        raise InvalidInput("请说明理由和依据（条例第三十六条）。", field="reasons")
    if outcome == Outcome.NA_UNCLEAR and info_request.corrected_on is None:
        raise InvalidInput("“补正后申请内容仍不明确”只适用于已经补正的申请。", field="outcome")
    assert info_request.received_date is not None
    decided_on = _day(
        decided_on,
        field="decided_on",
        label="决定日期",
        not_before=info_request.received_date,
        not_before_label="收到申请之日",
    )
    from_state = info_request.status
    info_request.status = target
    info_request.outcome = outcome
    info_request.decision_reasons = reasons
    info_request.decided_on = decided_on
    info_request.decided_by = _user(actor)
    info_request.transferred_to_name, info_request.transferred_to_contact = transferred_to
    _close_clocks(info_request, decided_on, [ClockKind.CORRECTION_NOTICE])
    _save(
        info_request,
        "status",
        "outcome",
        "decision_reasons",
        "decided_on",
        "decided_by",
        "transferred_to_name",
        "transferred_to_contact",
    )
    data: dict[str, Any] = {"outcome": outcome.value, "decided_on": decided_on.isoformat()}
    if transferred_to[0]:
        data["transferred_to"] = transferred_to[0]
    _record(info_request, action, actor=actor, from_state=from_state, reason=reasons, data=data)
    return info_request


@transaction.atomic
def inforequest_decide(
    *,
    actor: Any,
    info_request: InfoRequest,
    outcome: Outcome | str,
    reasons: str = "",
    decided_on: date | None = None,
) -> InfoRequest:
    """The decision: exactly one Table 3 leaf, with reasons (all but 予以公开)."""
    info_request = _lock(info_request)
    return _decide(
        info_request, actor=actor, outcome=outcome, reasons=reasons, decided_on=decided_on
    )


@transaction.atomic
def inforequest_transfer(
    *,
    actor: Any,
    info_request: InfoRequest,
    organ_name: str,
    organ_contact: str = "",
    reasons: str = "",
    decided_on: date | None = None,
) -> InfoRequest:
    """Not this organ's information: name the responsible organ (条例第三十六条第五项, 年报（四）1)."""
    info_request = _lock(info_request)
    organ_name = (organ_name or "").strip()
    if not organ_name:
        raise InvalidInput("请填写负责公开该政府信息的行政机关名称。", field="organ_name")
    reasons = (
        reasons or ""
    ).strip() or f"该政府信息不属于本机关负责公开，负责公开的机关为{organ_name}。"
    return _decide(
        info_request,
        actor=actor,
        outcome=Outcome.NA_NOT_HELD,
        reasons=reasons,
        decided_on=decided_on,
        transferred_to=(organ_name[:200], (organ_contact or "").strip()[:200]),
        action="transferred",
    )


@transaction.atomic
def inforequest_reply(
    *,
    actor: Any,
    info_request: InfoRequest,
    delivery: Delivery | str,
    replied_on: date | None = None,
    summary: str = "",
) -> InfoRequest:
    """The written reply reached the applicant: the reply clock stops, the request is 办结."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.REPLY)
    if delivery not in Delivery.values:
        raise InvalidInput("答复送达方式无效。", field="delivery")
    assert info_request.decided_on is not None
    replied_on = _day(
        replied_on,
        field="replied_on",
        label="答复日期",
        not_before=info_request.decided_on,
        not_before_label="决定日期",
    )
    reply = _clock(info_request, ClockKind.REPLY)
    on_time = reply is None or reply.due_date is None or replied_on <= reply.due_date
    _close_clocks(info_request, replied_on)
    from_state = info_request.status
    info_request.status = target
    info_request.replied_on = replied_on
    info_request.reply_delivery = delivery
    info_request.closed_on = replied_on
    _save(info_request, "status", "replied_on", "reply_delivery", "closed_on")
    _notice(
        info_request,
        NoticeKind.REPLY,
        actor=actor,
        issued_on=replied_on,
        method=delivery,
        summary=(summary or "").strip(),
        data={"outcome": info_request.outcome},
    )
    _record(
        info_request,
        "replied",
        actor=actor,
        from_state=from_state,
        data={
            "replied_on": replied_on.isoformat(),
            "delivery": delivery,
            "reply_due": _iso(reply.due_date) if reply else None,
            "on_time": on_time,
        },
    )
    return info_request


@transaction.atomic
def inforequest_archive(*, actor: Any, info_request: InfoRequest) -> InfoRequest:
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.ARCHIVE)
    from_state = info_request.status
    info_request.status = target
    info_request.archived_at = timezone.now()
    _save(info_request, "status", "archived_at")
    _record(info_request, "archived", actor=actor, from_state=from_state)
    return info_request


@transaction.atomic
def inforequest_withdraw(
    *, actor: Any, info_request: InfoRequest, withdrawn_on: date | None = None, reason: str = ""
) -> InfoRequest:
    """The applicant withdrew the application (年报 其他处理 3.其他)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.WITHDRAW)
    start = info_request.received_date or timezone.localdate(info_request.submitted_at)
    withdrawn_on = _day(
        withdrawn_on,
        field="withdrawn_on",
        label="撤回日期",
        not_before=start,
        not_before_label="申请日期",
    )
    reasons = "申请人撤回申请。" + ((reason or "").strip())
    _terminate(
        info_request,
        event=Event.WITHDRAW,
        outcome=Outcome.OTHER_OTHER,
        closed_on=withdrawn_on,
        actor=actor,
        action="withdrawn",
        reasons=reasons,
    )
    return info_request


# --- jobs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    corrections_lapsed: int
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

    - correction periods without a correction → 其他处理 1 (terminated);
    - fee notices not paid in time → 其他处理 2 (terminated);
    - consultation windows without an answer → the reply clock resumes;
    - 7-day correction-notice windows that passed → the window clock closes on its last day.

    Each case is handled in its own transaction by the per-case service, which re-checks the
    condition under the row lock, so two concurrent runs cannot close a case twice.
    """
    today = today or _today()
    corrections = _lapsed(ClockKind.CORRECTION_PERIOD, today)
    fees = _lapsed(ClockKind.FEE_PAYMENT, today)
    running = list(
        Consultation.objects.filter(
            ended_on__isnull=True,
            info_request_id__in=set(
                _lapsed(ClockKind.THIRD_PARTY, today) + _lapsed(ClockKind.OTHER_ORGAN, today)
            ),
        ).order_by("pk")
    )
    windows = _lapsed(ClockKind.CORRECTION_NOTICE, today)
    if dry_run:
        return SweepResult(len(corrections), len(fees), len(running), len(windows))
    closed = sum(
        inforequest_close_correction_overdue(info_request=ir, today=today)
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
