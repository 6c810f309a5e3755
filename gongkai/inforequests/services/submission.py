"""Submission and receipt (条例第二十九条、第三十一条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendars.selectors import current_calendar
from gongkai.calendars.services import clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted
from gongkai.core.kit.querycodes import scoped_token, stored_once
from gongkai.core.kit.serials import next_serial
from gongkai.inforequests import messages
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.codes import format_case_number, hash_query_code, new_query_code
from gongkai.inforequests.conf import setting
from gongkai.inforequests.intake import applicant_key, clean_application
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.services._common import (
    CORRECTION_NOTICE_DAYS,
    REPLY_DAYS,
    _iso,
    _lock,
    _record,
    _require_handler,
    _save,
    _today,
    _transition,
    _user,
)
from gongkai.inforequests.workflow import Channel, Event, Status, receipt_rule
from gongkai.lib.workdays import add_workdays
from gongkai.organizations.models import Organ

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


CASE_SERIES = "inforequests.case_number"  # 申请编号: site-wide, per year


def _next_case_number(year: int) -> str:
    return format_case_number(year, next_serial(CASE_SERIES, year=year))


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
        raise InvalidInput(_("申请渠道无效。"), field="channel")
    channel = Channel(channel)
    staff = perms.can_register_inforequest(actor, organ.pk)
    if channel != Channel.ONLINE and not staff:
        raise NotPermitted(_("只有受理机关的政府信息公开工作机构可以登记当面、信函、传真等申请。"))
    if not organ.is_active:
        raise InvalidInput(_("该机关不受理政府信息公开申请。"), field="organ")
    clean = clean_application(data, public=not staff)
    key = applicant_key(
        id_type=clean["id_type"],
        id_number=clean["id_number"],
        name=clean["applicant_name"],
        contact=clean["phone"] or clean["email"],
    )
    token = scoped_token(client_token, key) if client_token else None
    moment = submitted_at or timezone.now()
    return stored_once(
        InfoRequest.objects.all(),
        token,
        create=lambda: _create(
            organ=organ,
            channel=channel,
            clean=clean,
            key=key,
            token=token,
            actor=actor,
            submitted_at=moment,
            received=_initial_receipt(channel, staff, moment, received_date),
            remote_ip=remote_ip,
            user_agent=user_agent,
        ),
        replay=_replayed,
    )


def _initial_receipt(
    channel: Channel, staff: bool, submitted_at: datetime, received_date: date | None
) -> date | None:
    submitted_on = timezone.localdate(submitted_at)
    if receipt_rule(channel).fixed_at_submission:
        if received_date is not None and received_date != submitted_on:
            raise InvalidInput(
                _("当面提交或口头提出的申请，以提交之日为收到申请之日（条例第三十一条）。"),
                field="received_date",
            )
        return submitted_on
    if received_date is None:
        return None
    if not staff:
        raise NotPermitted(_("收到申请之日由政府信息公开工作机构确认。"))
    return _check_receipt_date(
        channel, submitted_on, received_date, confirm_due=_confirm_due(submitted_on)
    )


def _confirm_due(submitted_on: date) -> date:
    """条例第三十一条: the last day to confirm a fax, e-mail or letter with the applicant."""
    days = setting("GONGKAI_INFOREQUEST_RECEIPT_CONFIRM_DAYS")
    return add_workdays(current_calendar(submitted_on), submitted_on, days)


def _check_receipt_date(
    channel: Channel,
    submitted_on: date,
    received_date: date,
    *,
    confirm_due: date | None = None,
    late_approved: bool = False,
) -> date:
    if received_date > _today():
        raise InvalidInput(_("收到申请之日不能晚于今天。"), field="received_date")
    # Staff cannot move the start of the reply period later by confirming late: a date after
    # the confirmation limit needs the office head and a recorded reason (e.g. the applicant
    # could not be reached, 国办公开办函〔2015〕207号).
    if confirm_due is not None and received_date > confirm_due and not late_approved:
        raise GateRefused(
            "G11",
            _(
                "收到申请之日不能晚于确认时限（%(date)s）。申请人无法联系等原因确需以后来的日期"
                "为准的，须由政府信息公开工作机构负责人确认并说明理由（条例第三十一条）。"
            )
            % {"date": confirm_due.isoformat()},
            field="received_date",
        )
    # An online, fax or e-mail application is confirmed on or after the day it was sent;
    # a letter is registered when it is opened, which may be after the 签收 day.
    if channel in (Channel.ONLINE, Channel.FAX, Channel.EMAIL) and received_date < submitted_on:
        raise InvalidInput(_("确认之日不能早于提交之日。"), field="received_date")
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
        receipt_confirm_due=(
            None if received is not None else _confirm_due(timezone.localdate(submitted_at))
        ),
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
    # 条例第三十一条: the receipt with the query code (shown only now), in this transaction.
    messages.notify_receipt(info_request, code)
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
    """Fix 收到申请之日 of a fax, e-mail or postal application (条例第三十一条).

    By the confirmation limit (``receipt_confirm_due``); a later date only with the office
    head's approval and a reason, recorded in the audit trail.
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.RECEIVE)
    channel = Channel(info_request.channel)
    submitted_on = timezone.localdate(info_request.submitted_at)
    confirm_due = info_request.receipt_confirm_due or _confirm_due(submitted_on)
    late = received_date > confirm_due
    if late and not note.strip():
        raise InvalidInput(_("收到申请之日晚于确认时限的，请说明理由。"), field="note")
    received = _check_receipt_date(
        channel,
        submitted_on,
        received_date,
        confirm_due=confirm_due,
        late_approved=late and perms.is_openness_office_head(actor, info_request.organ_id),
    )
    basis = receipt_rule(channel).basis + (f"备注：{note.strip()}" if note.strip() else "")
    _receive(info_request, received, actor=actor, basis=basis)
    messages.notify_received(info_request)
    if late:
        _record(
            info_request,
            "receipt_confirmed_late",
            actor=actor,
            from_state=info_request.status,
            reason=note.strip(),
            data={"confirm_due": confirm_due.isoformat(), "received_date": received.isoformat()},
        )
    return info_request
