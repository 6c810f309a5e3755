"""Every write of the public mailbox, through the kit's service step.

lock → permission → transition → save → audit → on-commit public change (STYLE.md §2). The
public form, the staff pages, the API, the demo seeder and the tests all call these.
Exceptions: NotPermitted (403), TransitionNotAllowed (409), InvalidInput (400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close, clock_open
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.querycodes import (
    hash_query_code,
    new_query_code,
    scoped_token,
)
from gongkai.core.kit.serials import next_serial
from gongkai.core.kit.steps import begin, lock, require_permission, today
from gongkai.inforequests.services import Submission as InfoRequestSubmission
from gongkai.inforequests.services import inforequest_submit
from gongkai.inforequests.workflow import Channel
from gongkai.lib.masking import mask_name, mask_text
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.clocks import ClockKind
from gongkai.mailbox.conf import limit_days, setting
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.workflow import MACHINE, Event, Kind, Rating, Status
from gongkai.organizations.models import Organ

__all__ = [
    "MessageSubmission",
    "clean_message",
    "message_accept",
    "message_convert",
    "message_file_inforequest",
    "message_publish",
    "message_rate",
    "message_refer",
    "message_reject",
    "message_reply",
    "message_submit",
    "message_transfer",
    "message_unpublish",
    "public_copy",
]

SERIES = "mailbox.number"  # 留言编号: site-wide, per year
QUERY_CODE_SALT = "gongkai.mailbox.query_code"
FIELDS = ("kind", "subject", "text", "writer_name", "phone", "email", "consent_publish")
_MAX = {"subject": 200, "text": 5000, "writer_name": 100, "phone": 40, "email": 254}
_PHONE = re.compile(r"\+?[0-9][0-9\- ]{5,30}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Control characters other than tab and newline never belong in a message.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_NOTE = 2000
MAX_REPLY = 10000


@dataclass(frozen=True)
class MessageSubmission:
    """The message created (or found again on a replay) and its raw query code, shown once
    on the receipt; None when it can no longer be derived (SECRET_KEY rotated since)."""

    message: PublicMessage
    query_code: str | None
    created: bool


def _text(data: dict[str, Any], name: str, *, required: bool, label: str) -> str:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_("%(label)s格式不正确。") % {"label": label}, field=name)
    text = _CONTROL.sub("", (value or "").replace("\r\n", "\n")).strip()
    if required and not text:
        raise InvalidInput(_("请填写%(label)s。") % {"label": label}, field=name)
    if len(text) > _MAX[name]:
        raise InvalidInput(
            _("%(label)s过长（最多%(limit)s个字符）。") % {"label": label, "limit": _MAX[name]},
            field=name,
        )
    return text


def clean_message(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a message (the form, the API and the seeder share it); InvalidInput with the
    field name."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise InvalidInput(
            _("未知的字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    kind = data.get("kind")
    if kind not in Kind.values:
        raise InvalidInput(_("请选择留言类型（咨询、建议或投诉）。"), field="kind")
    clean: dict[str, Any] = {"kind": kind}
    clean["subject"] = _text(data, "subject", required=True, label=_("留言主题"))
    clean["text"] = _text(data, "text", required=True, label=_("留言内容"))
    clean["writer_name"] = _text(data, "writer_name", required=True, label=_("姓名"))
    clean["phone"] = _text(data, "phone", required=False, label=_("联系电话"))
    clean["email"] = _text(data, "email", required=False, label=_("电子邮箱"))
    if not (clean["phone"] or clean["email"]):
        raise InvalidInput(_("请至少填写一种联系方式（电话或电子邮箱）。"), field="phone")
    if clean["phone"] and not _PHONE.fullmatch(clean["phone"]):
        raise InvalidInput(_("联系电话格式不正确。"), field="phone")
    if clean["email"] and not _EMAIL.fullmatch(clean["email"]):
        raise InvalidInput(_("电子邮箱格式不正确。"), field="email")
    consent = data.get("consent_publish", False)
    if not isinstance(consent, bool):
        raise InvalidInput(_("是否同意公开的选择无效。"), field="consent_publish")
    clean["consent_publish"] = consent
    return clean


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _number(year: int) -> str:
    serial = next_serial(SERIES, year=year)
    return f"{setting('GONGKAI_MAILBOX_NUMBER_PREFIX')}-{year}-{serial:06d}"


def _writer_key(clean: dict[str, Any]) -> str:
    return f"{clean['writer_name']}|{clean['phone'] or clean['email']}"


def _replayed(message: PublicMessage, token: str) -> MessageSubmission:
    code = new_query_code(token, salt=QUERY_CODE_SALT)
    if hash_query_code(message.number, code) != message.query_code_hash:
        return MessageSubmission(message, None, False)
    return MessageSubmission(message, code, False)


def message_submit(
    *,
    organ: Organ,
    data: dict[str, Any],
    actor: Any = None,
    client_token: str | None = None,
    submitted_at: datetime | None = None,
    remote_ip: str | None = None,
) -> MessageSubmission:
    """Store a message to `organ` and open its 受理时限; the caller shows the receipt only
    after this returns (the row is committed)."""
    if not isinstance(organ, Organ) or not organ.is_active:
        raise InvalidInput(_("请选择受理留言的部门。"), field="organ")
    clean = clean_message(data)
    token = scoped_token(client_token, _writer_key(clean)) if client_token else None
    if token:
        existing = PublicMessage.objects.filter(client_token=token).first()
        if existing is not None:
            return _replayed(existing, token)
    submitted_at = submitted_at or timezone.now()
    try:
        with transaction.atomic():
            number = _number(timezone.localdate(submitted_at).year)
            code = new_query_code(token, salt=QUERY_CODE_SALT)
            message = PublicMessage.objects.create(
                number=number,
                query_code_hash=hash_query_code(number, code),
                organ=organ,
                submitted_at=submitted_at,
                client_token=token,
                remote_ip=remote_ip or None,
                created_by=_user(actor),
                **clean,
            )
            record_event(
                action="message.submitted",
                subject=message,
                actor=actor,
                to_state=Status.SUBMITTED,
                data={"number": number, "organ": organ.pk, "kind": message.kind},
            )
            _open(message, ClockKind.ACCEPT, timezone.localdate(submitted_at), actor)
            message.save(update_fields=["open_clock"])
    except IntegrityError:
        if token:
            existing = PublicMessage.objects.filter(client_token=token).first()
            if existing is not None:
                return _replayed(existing, token)
        raise
    return MessageSubmission(message, code, True)


# --- clocks ------------------------------------------------------------------------------------


def _open(message: PublicMessage, kind: ClockKind, start: date, actor: Any) -> Clock:
    """Open the limit and make it the message's `open_clock` (the caller saves the field)."""
    which = "accept" if kind == ClockKind.ACCEPT else "reply"
    clock = clock_open(
        subject=message, kind=kind, start=start, days=limit_days(message.kind, which), actor=actor
    )
    message.open_clock = clock
    return clock


def _open_clocks(message: PublicMessage) -> list[Clock]:
    return list(
        Clock.objects.for_subject(message).open().filter(kind__in=ClockKind.values).order_by("pk")
    )


def _close_all(message: PublicMessage, on: date) -> list[Clock]:
    clocks = _open_clocks(message)
    for clock in clocks:
        clock_close(clock=clock, on=on)
    message.open_clock = None
    return clocks


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- staff steps -------------------------------------------------------------------------------

NOT_HANDLER = _("只有留言办理部门及其政务公开工作机构可以办理该留言。")


def _begin(message: PublicMessage, actor: Any, event: Event, allowed: Any = None) -> Any:
    return begin(
        message,
        actor=actor,
        allowed=allowed or perms.can_handle_message,
        refusal=NOT_HANDLER,
        machine=MACHINE,
        event=event,
    )


def _note(value: str, *, field: str, message: str) -> str:
    note = _CONTROL.sub("", value or "").strip()
    if not note:
        raise InvalidInput(message, field=field)
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("内容过长（最多%(limit)s个字符）。") % {"limit": MAX_NOTE}, field=field
        )
    return note


@transaction.atomic
def message_accept(*, actor: Any, message: PublicMessage) -> PublicMessage:
    """受理: the acceptance limit closes; the reply limit of the kind starts today."""
    step = _begin(message, actor, Event.ACCEPT)
    message = step.obj
    on = today()
    closed = _close_all(message, on)
    message.accepted_on = on
    reply = _open(message, ClockKind.REPLY, on, actor)
    accept_due = closed[0].due_date if closed else None
    return step.finish(  # type: ignore[no-any-return]
        action="message.accepted",
        fields=["accepted_on", "open_clock"],
        accepted_on=on.isoformat(),
        accepted_on_time=bool(accept_due is None or on <= accept_due),
        reply_due=_iso(reply.due_date),
    )


@transaction.atomic
def message_transfer(
    *, actor: Any, message: PublicMessage, to_organ: Organ, reason: str
) -> PublicMessage:
    """转办 to the department competent for the matter, with the reason. The clocks of this
    department close; the receiving department's 受理时限 starts today."""
    step = _begin(message, actor, Event.TRANSFER)
    message = step.obj
    reason = _note(reason, field="reason", message=_("请说明转办理由。"))
    if not isinstance(to_organ, Organ) or not to_organ.is_active:
        raise InvalidInput(_("请选择接收转办的部门。"), field="to_organ")
    if to_organ.pk == message.organ_id:
        raise InvalidInput(_("不能转办给本部门。"), field="to_organ")
    on = today()
    from_organ = message.organ_id
    _close_all(message, on)
    message.organ = to_organ
    message.accepted_on = None
    clock = _open(message, ClockKind.ACCEPT, on, actor)
    return step.finish(  # type: ignore[no-any-return]
        action="message.transferred",
        reason=reason,
        fields=["organ", "accepted_on", "open_clock"],
        from_organ=from_organ,
        to_organ=to_organ.pk,
        accept_due=_iso(clock.due_date),
    )


@transaction.atomic
def message_reply(*, actor: Any, message: PublicMessage, reply: str) -> PublicMessage:
    """答复: the reply is recorded with the answering department (答复部门) and the date."""
    step = _begin(message, actor, Event.REPLY)
    message = step.obj
    text = _CONTROL.sub("", (reply or "").replace("\r\n", "\n")).strip()
    if not text:
        raise InvalidInput(_("请填写答复内容。"), field="reply")
    if len(text) > MAX_REPLY:
        raise InvalidInput(
            _("内容过长（最多%(limit)s个字符）。") % {"limit": MAX_REPLY}, field="reply"
        )
    on = today()
    clocks = [c for c in _open_clocks(message) if c.kind == ClockKind.REPLY]
    due = clocks[0].due_date if clocks else None
    _close_all(message, on)
    message.reply = text
    message.replied_on = on
    message.replied_by_id = message.organ_id
    message.replied_on_time = due is None or on <= due
    return step.finish(  # type: ignore[no-any-return]
        action="message.replied",
        fields=["reply", "replied_on", "replied_by", "replied_on_time", "open_clock"],
        replied_on=on.isoformat(),
        reply_due=_iso(due),
        on_time=message.replied_on_time,
    )


def _divert(
    message: PublicMessage, actor: Any, event: Event, action: str, note: str
) -> PublicMessage:
    step = _begin(message, actor, event)
    message = step.obj
    _close_all(message, today())
    message.closing_note = note
    return step.finish(action=action, reason=note, fields=["closing_note", "open_clock"])  # type: ignore[no-any-return]


@transaction.atomic
def message_convert(*, actor: Any, message: PublicMessage, note: str = "") -> PublicMessage:
    """转依申请公开: the message asks for government information (条例第二十七条), so it is
    pointed to that procedure. The writer files the application from the tracking page, with
    the text of the message kept (`message_file_inforequest`): 条例第二十九条 needs the
    applicant's identity, which a message does not carry."""
    note = (note or "").strip()[:MAX_NOTE] or _(
        "您的留言属于申请获取政府信息，请按依申请公开程序提交申请（《中华人民共和国政府信息公开条例》第二十七条、第二十九条）。"
    )
    return _divert(message, actor, Event.CONVERT, "message.converted", note)


@transaction.atomic
def message_refer(*, actor: Any, message: PublicMessage, note: str) -> PublicMessage:
    """转信访: a 信访 matter is recorded as referred to the 信访 channel (《信访工作条例》)."""
    note = _note(note, field="note", message=_("请说明转信访的情况（如转交的信访工作机构）。"))
    return _divert(message, actor, Event.REFER, "message.referred", note)


@transaction.atomic
def message_reject(*, actor: Any, message: PublicMessage, reason: str) -> PublicMessage:
    """不予受理 (e.g. no substance, abusive content), with the reason the writer reads."""
    reason = _note(reason, field="reason", message=_("请说明不予受理的理由。"))
    return _divert(message, actor, Event.REJECT, "message.rejected", reason)


def public_copy(message: PublicMessage) -> dict[str, str]:
    """The masked copy of 留言选登: the writer's name and any personal data in the subject,
    the message and the reply."""
    names = [message.writer_name]
    return {
        "public_subject": mask_text(message.subject, names)[:200],
        "public_text": mask_text(message.text, names),
        "public_reply": mask_text(message.reply, names),
    }


@transaction.atomic
def message_publish(
    *, actor: Any, message: PublicMessage, edited: dict[str, str] | None = None
) -> PublicMessage:
    """留言选登: only with the writer's consent; the published copy is masked (staff may
    shorten or further anonymise it — what they give is masked again)."""
    step = _begin(message, actor, Event.PUBLISH, perms.can_publish_message)
    message = step.obj
    if not message.consent_publish:
        # Not offered without consent (actions.consented): not possible, whoever asks.
        raise TransitionNotAllowed(_("留言人未同意公开，不能选登。"))
    copy = public_copy(message)
    for name, value in (edited or {}).items():
        if name not in copy:
            raise InvalidInput(_("未知的字段：%(fields)s") % {"fields": name}, field=name)
        text = _CONTROL.sub("", value or "").strip()
        if not text:
            raise InvalidInput(_("公开内容不能为空。"), field=name)
        copy[name] = mask_text(text, [message.writer_name])[
            : 200 if name == "public_subject" else None
        ]
    for name, value in copy.items():
        setattr(message, name, value)
    message.published_at = timezone.now()
    return step.finish(  # type: ignore[no-any-return]
        action="message.published",
        fields=[*copy, "published_at"],
        public_change="published",
    )


@transaction.atomic
def message_unpublish(*, actor: Any, message: PublicMessage, reason: str) -> PublicMessage:
    step = _begin(message, actor, Event.UNPUBLISH, perms.can_publish_message)
    reason = _note(reason, field="reason", message=_("请说明撤销选登的理由。"))
    return step.finish(  # type: ignore[no-any-return]
        action="message.unpublished", reason=reason, public_change="withdrawn"
    )


# --- the writer's steps (query code) -----------------------------------------------------------


@transaction.atomic
def message_rate(
    *, actor: Any, message: PublicMessage, rating: int, comment: str = ""
) -> PublicMessage:
    """The writer's satisfaction with the reply (满意 / 基本满意 / 不满意), once."""
    message = lock(message)
    require_permission(perms.can_rate_message(actor, message), _("只有留言人可以评价。"))
    if message.status not in (Status.REPLIED, Status.PUBLISHED):
        raise TransitionNotAllowed(_("留言答复后才能评价。"))
    if message.rating is not None:
        raise TransitionNotAllowed(_("您已评价过该留言的答复。"))
    if isinstance(rating, bool) or rating not in Rating.values:
        raise InvalidInput(_("请选择满意程度。"), field="rating")
    comment = _CONTROL.sub("", comment or "").strip()
    if len(comment) > 500:
        raise InvalidInput(_("内容过长（最多%(limit)s个字符）。") % {"limit": 500}, field="comment")
    message.rating = rating
    message.rating_comment = comment
    message.rated_at = timezone.now()
    message.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    record_event(action="message.rated", subject=message, actor=actor, data={"rating": rating})
    return message


@transaction.atomic
def message_file_inforequest(
    *,
    actor: Any,
    message: PublicMessage,
    data: dict[str, Any],
    client_token: str | None = None,
    remote_ip: str | None = None,
) -> InfoRequestSubmission:
    """The writer files the 依申请公开 application a converted message points to, through
    the 依申请公开 services (online channel): the message's text is kept as the description
    unless the writer rewrote it; the case is linked to the message."""
    message = lock(message)
    if not perms.can_rate_message(actor, message):
        raise NotPermitted(_("只有留言人可以据此提交依申请公开申请。"))
    if message.status != Status.CONVERTED:
        raise TransitionNotAllowed(_("该留言未转为依申请公开办理。"))
    if message.inforequest_id is not None:
        raise TransitionNotAllowed(_("已据此留言提交过依申请公开申请。"))
    data = dict(data)
    if not str(data.get("info_description") or "").strip():
        data["info_description"] = message.text
    result = inforequest_submit(
        organ=message.organ,
        channel=Channel.ONLINE,
        data=data,
        client_token=client_token,
        remote_ip=remote_ip,
    )
    message.inforequest = result.info_request
    message.save(update_fields=["inforequest", "updated_at"])
    record_event(
        action="message.inforequest_filed",
        subject=message,
        actor=actor,
        data={"case_number": result.info_request.case_number},
    )
    return result


def writer_label(message: PublicMessage) -> str:
    return mask_name(message.writer_name)
