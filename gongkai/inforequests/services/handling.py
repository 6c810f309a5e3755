"""Handling: assignment, extension (第三十三条第二款), consultations (第三十二条、第三十四条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.calendars.services import clock_change, clock_close, clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import (
    Consultation,
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    InfoRequest,
    NoticeKind,
)
from gongkai.inforequests.services._common import (
    _CLOCK_KIND,
    _CONSULT_EVENT,
    _PAUSE_KIND,
    CONSULTATION_DAYS,
    _clock,
    _close_clocks,
    _day,
    _extension_of,
    _iso,
    _lock,
    _notice,
    _record,
    _require_handler,
    _save,
    _today,
    _transition,
    _user,
)
from gongkai.inforequests.workflow import HANDLING, Event
from gongkai.lib.deadlines import MAX_EXTENSION_DAYS
from gongkai.organizations.models import Organ

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
        raise InvalidInput(_("承办或协办单位已停用。"), field="department")
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


def _check_extension_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise GateRefused(
            "G11",
            _("延长的期限最长不得超过%(max)s个工作日（条例第三十三条第二款）。")
            % {"max": MAX_EXTENSION_DAYS},
            field="days",
        )


@transaction.atomic
def inforequest_request_extension(
    *, actor: Any, info_request: InfoRequest, days: int, reason: str
) -> InfoRequest:
    """延期申请: the openness officer asks the head of the office to approve an extension
    (条例第三十三条第二款: 需要延长答复期限的，应当经政府信息公开工作机构负责人同意). The case
    appears in the head's 待办 until it is approved or refused."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.EXTEND)
    if info_request.extension_days:
        raise TransitionNotAllowed(
            _("答复期限只能延长一次（条例第三十三条第二款），本申请已经延长。")
        )
    if info_request.extension_pending:
        raise TransitionNotAllowed(_("延期申请已提交，正待政府信息公开工作机构负责人审批。"))
    if info_request.delayed_on is not None:
        raise TransitionNotAllowed(
            _("本申请已按条例第三十五条确定了延迟答复期限，不适用延长答复期限。")
        )
    _check_extension_days(days)
    if not (reason or "").strip():
        raise InvalidInput(_("请说明延长答复期限的理由。"), field="reason")
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed(_("答复期限未在计算中，不能延长。"))
    if reply.due_date is not None and _today() > reply.due_date:
        raise GateRefused(
            "G11",
            _("答复期限已于%(date)s届满，不能再延长。") % {"date": reply.due_date.isoformat()},
        )
    info_request.extension_requested_at = timezone.now()
    info_request.extension_requested_by = _user(actor)
    info_request.extension_requested_days = days
    info_request.extension_requested_reason = reason.strip()
    _save(
        info_request,
        "extension_requested_at",
        "extension_requested_by",
        "extension_requested_days",
        "extension_requested_reason",
    )
    _record(
        info_request,
        "extension_requested",
        actor=actor,
        from_state=info_request.status,
        reason=reason.strip(),
        data={"days": days, "reply_due": _iso(reply.due_date)},
    )
    return info_request


@transaction.atomic
def inforequest_refuse_extension(
    *, actor: Any, info_request: InfoRequest, opinion: str
) -> InfoRequest:
    """The head does not approve the officer's 延期申请: the original period stands."""
    info_request = _lock(info_request)
    if not perms.can_approve_extension(actor, info_request):
        raise NotPermitted(
            _("延长答复期限应当经政府信息公开工作机构负责人同意（条例第三十三条第二款）。")
        )
    _transition(info_request, Event.EXTEND)
    if not info_request.extension_pending:
        raise TransitionNotAllowed(_("没有待审批的延期申请。"))
    if not (opinion or "").strip():
        raise InvalidInput(_("请说明不同意延期的理由。"), field="opinion")
    data = {
        "days": info_request.extension_requested_days,
        "requested_by": info_request.extension_requested_by_id,
    }
    info_request.extension_requested_at = None
    info_request.extension_requested_by = None
    info_request.extension_requested_days = 0
    info_request.extension_requested_reason = ""
    _save(
        info_request,
        "extension_requested_at",
        "extension_requested_by",
        "extension_requested_days",
        "extension_requested_reason",
    )
    _record(
        info_request,
        "extension_refused",
        actor=actor,
        from_state=info_request.status,
        reason=opinion.strip(),
        data=data,
    )
    return info_request


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
    """条例第三十三条第二款: approved by the openness-office head, notified, ≤ 20 working days, once.

    The head approves the officer's pending 延期申请 (`inforequest_request_extension`) with
    this call, or extends directly; either way the applicant is told within the original
    period (``notified_on`` ≤ the reply due date)."""
    info_request = _lock(info_request)
    if not perms.can_approve_extension(actor, info_request):
        raise NotPermitted(
            _("延长答复期限应当经政府信息公开工作机构负责人同意（条例第三十三条第二款）。")
        )
    _transition(info_request, Event.EXTEND)
    if info_request.extension_days:
        raise GateRefused(
            "G11", _("答复期限只能延长一次（条例第三十三条第二款），本申请已经延长。")
        )
    _check_extension_days(days)
    if not (reason or "").strip():
        raise InvalidInput(_("请说明延长答复期限的理由。"), field="reason")
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    approved_on = _day(
        approved_on,
        field="approved_on",
        label=pgettext("in error message", "批准日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    notified_on = _day(
        notified_on or approved_on,
        field="notified_on",
        label=pgettext("in error message", "告知日期"),
        not_before=approved_on,
        not_before_label=pgettext("in error message", "批准日期"),
    )
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed(_("答复期限未在计算中，不能延长。"))
    if info_request.delayed_on is not None:
        raise GateRefused(
            "G11",
            _("本申请已按条例第三十五条确定了延迟答复期限，不适用延长答复期限。"),
        )
    if reply.due_date is not None and approved_on > reply.due_date:
        raise GateRefused(
            "G11",
            _("答复期限已于%(date)s届满，不能再延长。") % {"date": reply.due_date.isoformat()},
            field="approved_on",
        )
    # 条例第三十三条第二款: the extension is communicated to the applicant within the
    # original period; a notice after the due date cannot extend a period already over.
    if reply.due_date is not None and notified_on > reply.due_date:
        raise GateRefused(
            "G11",
            _("延长答复期限应当在原答复期限（%(date)s）内告知申请人（条例第三十三条第二款）。")
            % {"date": reply.due_date.isoformat()},
            field="notified_on",
        )
    before = reply.due_date
    info_request.extension_days = days
    info_request.extended_on = approved_on
    info_request.extension_approved_by = _user(actor)
    info_request.extension_reason = reason.strip()
    requested = info_request.extension_requested_at is not None
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
            "requested_by": info_request.extension_requested_by_id if requested else None,
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
        raise InvalidInput(_("征求意见类型无效。"), field="kind")
    kind = ConsultationKind(kind)
    target = _transition(info_request, _CONSULT_EVENT[kind])
    party = (party or "").strip()
    if not party:
        raise InvalidInput(_("请填写被征求意见的第三方或机关。"), field="party")
    sent_on = _day(
        sent_on,
        field="sent_on",
        label=pgettext("in error message", "发出日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    delivered_on = _day(
        delivered_on or sent_on,
        field="delivered_on",
        label=pgettext("in error message", "送达日期"),
        not_before=sent_on,
        not_before_label=pgettext("in error message", "发出日期"),
    )
    if info_request.consultations.filter(ended_on__isnull=True, party=party[:200]).exists():
        raise InvalidInput(_("已经向该方征求意见，尚在答复期限内。"), field="party")
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is None:
        raise TransitionNotAllowed(_("答复期限未在计算中。"))
    # A further consultation while paused runs in parallel (its own window); the pause of
    # the reply clock already started with the first letter.
    if target != info_request.status:
        reply = clock_change(
            clock=reply,
            actor=actor,
            reason=str(kind.label),
            pause_start=(sent_on, _PAUSE_KIND[kind]),
        )
    else:
        started = _open_pause_start(reply.pauses)
        if started is not None and sent_on < started:
            raise InvalidInput(
                _("并行征求意见的发出日期不能早于本次中止计算的开始日期（%(date)s）。")
                % {"date": started.isoformat()},
                field="sent_on",
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
    # The window is the consultation's own clock (its subject is the consultation), so
    # several consultations can wait in parallel, each with its 15 working days.
    window = clock_open(
        subject=consultation,
        kind=_CLOCK_KIND[kind],
        start=delivered_on,
        days=CONSULTATION_DAYS,
        actor=actor,
    )
    consultation.window_clock = window
    consultation.save(update_fields=["window_clock"])
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


def _open_pause_start(pauses: list[dict[str, Any]]) -> date | None:
    running = [p for p in pauses if not p.get("end")]
    return date.fromisoformat(running[-1]["start"]) if running else None


def _close_window(info_request: InfoRequest, consultation: Consultation, on: date) -> None:
    window = consultation.window_clock
    if window is not None:
        if window.closed_on is None:
            clock_close(clock=window, on=max(on, window.start_date))
    else:  # a consultation recorded before windows were linked: the only one of its kind
        _close_clocks(info_request, on, [_CLOCK_KIND[ConsultationKind(consultation.kind)]])


def _end_pause(
    info_request: InfoRequest, consultation: Consultation, on: date, actor: Any, reason: str
) -> None:
    """This consultation ends on ``on``. The reply clock resumes only when the last of the
    consultations running in parallel has ended: on the latest of their end dates (the last
    answer, or the last window to lapse)."""
    _close_window(info_request, consultation, on)
    consultation.ended_on = on
    consultation.save(update_fields=["ended_on"])
    if info_request.consultations.filter(ended_on__isnull=True).exists():
        return
    reply = _clock(info_request, ClockKind.REPLY)
    if reply is not None:
        started = _open_pause_start(reply.pauses) or on
        ended = info_request.consultations.filter(sent_on__gte=started).values_list(
            "ended_on", flat=True
        )
        last = max((d for d in ended if d is not None), default=on)
        clock_change(clock=reply, actor=actor, reason=reason, pause_end=max(last, on))
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
        raise TransitionNotAllowed(_("该征求意见已登记答复。"))
    if position not in ConsultationPosition.values or position == ConsultationPosition.NONE:
        raise InvalidInput(_("意见无效。"), field="position")
    answered_on = _day(
        answered_on,
        field="answered_on",
        label=pgettext("in error message", "答复日期"),
        not_before=consultation.sent_on,
        not_before_label=pgettext("in error message", "发出日期"),
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
    window = consultation.window_clock or _clock(
        info_request, _CLOCK_KIND[ConsultationKind(consultation.kind)]
    )
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


# --- 决定公开告知书 to an objecting third party (条例第三十二条) -------------------------------


@transaction.atomic
def consultation_disclosure_notice(
    *,
    actor: Any,
    consultation: Consultation,
    content: str,
    reasons: str,
    sent_on: date | None = None,
    delivered_on: date | None = None,
) -> Consultation:
    """条例第三十二条: the organ decided to disclose over the third party's objection; it tells
    the third party in writing what will be disclosed and why. The release (答复) waits until
    the notice is delivered (``delivered_on`` now, or later with
    :func:`consultation_disclosure_notice_delivered`)."""
    info_request = _lock(consultation.info_request)
    consultation = Consultation.objects.get(pk=consultation.pk)
    _require_handler(actor, info_request)
    _transition(info_request, Event.DISCLOSURE_NOTICE)
    if consultation.kind != ConsultationKind.THIRD_PARTY or not consultation.objected:
        raise InvalidInput(_("只有不同意公开的第三方需要告知决定公开。"), field="consultation")
    if not info_request.public_interest_finding:
        raise GateRefused(
            "G12",
            _("尚未认定不公开会对公共利益造成重大影响，不能决定公开（条例第三十二条）。"),
        )
    if consultation.disclosure_notice_sent_on is not None:
        raise TransitionNotAllowed(_("已经向该第三方发出决定公开告知书。"))
    content, reasons = (content or "").strip(), (reasons or "").strip()
    if not content:
        raise InvalidInput(_("请写明决定公开的内容。"), field="content")
    if not reasons:
        raise InvalidInput(_("请写明决定公开的理由。"), field="reasons")
    sent_on = _day(
        sent_on,
        field="sent_on",
        label=pgettext("in error message", "发出日期"),
        not_before=info_request.decided_on,
        not_before_label=pgettext("in error message", "决定日期"),
    )
    if delivered_on is not None:
        delivered_on = _day(
            delivered_on,
            field="delivered_on",
            label=pgettext("in error message", "送达日期"),
            not_before=sent_on,
            not_before_label=pgettext("in error message", "发出日期"),
        )
    consultation.disclosure_notice_content = content
    consultation.disclosure_notice_reasons = reasons
    consultation.disclosure_notice_sent_on = sent_on
    consultation.disclosure_notice_delivered_on = delivered_on
    consultation.save(
        update_fields=[
            "disclosure_notice_content",
            "disclosure_notice_reasons",
            "disclosure_notice_sent_on",
            "disclosure_notice_delivered_on",
        ]
    )
    _record(
        info_request,
        "disclosure_notice_sent",
        actor=actor,
        from_state=info_request.status,
        reason=reasons,
        data={
            "consultation": consultation.pk,
            "party": consultation.party,
            "content": content,
            "sent_on": sent_on.isoformat(),
            "delivered_on": _iso(delivered_on),
        },
    )
    return consultation


@transaction.atomic
def consultation_disclosure_notice_delivered(
    *, actor: Any, consultation: Consultation, delivered_on: date | None = None
) -> Consultation:
    """The 决定公开告知书 reached the third party (送达回证, postal receipt)."""
    info_request = _lock(consultation.info_request)
    consultation = Consultation.objects.get(pk=consultation.pk)
    _require_handler(actor, info_request)
    sent_on = consultation.disclosure_notice_sent_on
    if sent_on is None:
        raise TransitionNotAllowed(_("尚未向该第三方发出决定公开告知书。"))
    if consultation.disclosure_notice_delivered_on is not None:
        raise TransitionNotAllowed(_("已经登记决定公开告知书的送达日期。"))
    delivered_on = _day(
        delivered_on,
        field="delivered_on",
        label=pgettext("in error message", "送达日期"),
        not_before=sent_on,
        not_before_label=pgettext("in error message", "发出日期"),
    )
    consultation.disclosure_notice_delivered_on = delivered_on
    consultation.save(update_fields=["disclosure_notice_delivered_on"])
    _record(
        info_request,
        "disclosure_notice_delivered",
        actor=actor,
        from_state=info_request.status,
        data={"consultation": consultation.pk, "delivered_on": delivered_on.isoformat()},
    )
    return consultation


# --- the 承办 department reports back ---------------------------------------------------------


@transaction.atomic
def inforequest_department_report(
    *, actor: Any, info_request: InfoRequest, findings: str
) -> InfoRequest:
    """分办后: the 承办 department reports what it found (whether the information exists, where,
    what may be withheld and why) for the office to decide; its files are added as material
    provided (`provided_file_add`). The office sees the report on the case and in its 待办."""
    info_request = _lock(info_request)
    if not perms.can_report_inforequest(actor, info_request):
        raise NotPermitted(_("只有承办单位可以反馈办理意见。"))
    if info_request.status not in HANDLING:
        raise TransitionNotAllowed(_("申请当前不在办理中，不能反馈办理意见。"))
    if not (findings or "").strip():
        raise InvalidInput(
            _("请填写办理意见（是否掌握、信息内容、是否可以公开及理由）。"), field="findings"
        )
    first = info_request.department_reported_at is None
    info_request.department_findings = findings.strip()
    info_request.department_reported_at = timezone.now()
    info_request.department_reported_by = _user(actor)
    _save(info_request, "department_findings", "department_reported_at", "department_reported_by")
    _record(
        info_request,
        "department_reported",
        actor=actor,
        from_state=info_request.status,
        reason=findings.strip(),
        data={"department": info_request.handling_department_id, "first": first},
    )
    return info_request
