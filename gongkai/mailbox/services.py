"""Every write of the public mailbox, through the kit's service step.

lock → permission → transition → save → audit → on-commit public change (STYLE.md §2). The
public form, the staff pages, the API, the demo seeder and the tests all call these.
Exceptions: NotPermitted (403), TransitionNotAllowed (409), InvalidInput (400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close, clock_open
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.audit import events_for, record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.querycodes import (
    hash_query_code,
    new_query_code,
    scoped_token,
    stored_once,
)
from gongkai.core.kit.serials import next_serial
from gongkai.core.kit.steps import Step, begin, lock, require_permission, today
from gongkai.inforequests.services import Submission as InfoRequestSubmission
from gongkai.inforequests.services import inforequest_submit
from gongkai.inforequests.workflow import Channel
from gongkai.lib.masking import mask_name, mask_text
from gongkai.lib.plaintext import clean_plain_text
from gongkai.mailbox import notifications
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.clocks import ClockKind
from gongkai.mailbox.conf import limit_days, setting
from gongkai.mailbox.models import (
    PublicMessage,
    Solicitation,
    SolicitationAnswer,
    SolicitationOption,
    SolicitationQuestion,
    SolicitationResponse,
)
from gongkai.mailbox.workflow import (
    MACHINE,
    SOLICITATION_MACHINE,
    SOLICITATION_PUBLIC,
    Event,
    Kind,
    MessageChannel,
    QuestionKind,
    Rating,
    SolicitationEvent,
    SolicitationKind,
    SolicitationStatus,
    Status,
)
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
    "message_register_phone",
    "message_reply",
    "message_submit",
    "message_transfer",
    "message_unpublish",
    "public_copy",
    "answer_feature",
    "response_submit",
    "solicitation_create",
    "solicitation_publish",
    "solicitation_report",
    "solicitation_update",
    "solicitation_withdraw",
    "solicitations_tick",
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


def record_count(message: PublicMessage, action: str) -> int:
    """How many times `action` was recorded for the message (keys of repeated notices)."""
    return int(events_for(message).filter(action=action).count())


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
    channel: str = MessageChannel.WEB,
) -> MessageSubmission:
    """Store a message to `organ` and open its 受理时限; the caller shows the receipt only
    after this returns (the row is committed)."""
    if not isinstance(organ, Organ) or not organ.is_active:
        raise InvalidInput(_("请选择受理留言的部门。"), field="organ")
    clean = clean_message(data)
    token = scoped_token(client_token, _writer_key(clean)) if client_token else None
    moment = submitted_at or timezone.now()

    def create() -> MessageSubmission:
        number = _number(timezone.localdate(moment).year)
        code = new_query_code(token, salt=QUERY_CODE_SALT)
        message = PublicMessage.objects.create(
            number=number,
            query_code_hash=hash_query_code(number, code),
            organ=organ,
            submitted_at=moment,
            client_token=token,
            remote_ip=remote_ip or None,
            created_by=_user(actor),
            channel=channel,
            **clean,
        )
        record_event(
            action="message.submitted",
            subject=message,
            actor=actor,
            to_state=Status.SUBMITTED,
            data={"number": number, "organ": organ.pk, "kind": message.kind, "channel": channel},
        )
        _open(message, ClockKind.ACCEPT, timezone.localdate(moment), actor)
        message.save(update_fields=["open_clock", "open_due"])
        return MessageSubmission(message, code, True)

    return stored_once(
        PublicMessage.objects.all(),
        token,
        create=create,
        replay=_replayed,
    )


def message_register_phone(
    *,
    actor: Any,
    organ: Organ,
    data: dict[str, Any],
    received_at: datetime | None = None,
    client_token: str | None = None,
) -> MessageSubmission:
    """电话留言: staff of the department (or its openness office) register a message taken by
    phone. Same number, query code (read to the caller and printed on the receipt), limits
    and clocks as a message from the form; the limits count from the day of the call."""
    if not isinstance(organ, Organ):
        raise InvalidInput(_("请选择受理留言的部门。"), field="organ")
    require_permission(
        organ.pk in perms.handled_organ_ids(actor),
        _("只能为本部门（或本机构负责的部门）登记电话留言。"),
    )
    moment = received_at or timezone.now()
    if moment > timezone.now() + timedelta(minutes=5):
        raise InvalidInput(_("来电时间不能晚于当前时间。"), field="received_at")
    if moment < timezone.now() - timedelta(days=30):
        raise InvalidInput(_("来电时间不能早于30天前。"), field="received_at")
    return message_submit(
        organ=organ,
        data=data,
        actor=actor,
        client_token=f"phone:{client_token}" if client_token else None,
        submitted_at=moment,
        channel=MessageChannel.PHONE,
    )


# --- clocks ------------------------------------------------------------------------------------


def _open(message: PublicMessage, kind: ClockKind, start: date, actor: Any) -> Clock:
    """Open the limit and make it the message's `open_clock` (the caller saves the field)."""
    which = "accept" if kind == ClockKind.ACCEPT else "reply"
    clock = clock_open(
        subject=message, kind=kind, start=start, days=limit_days(message.kind, which), actor=actor
    )
    message.open_clock = clock
    message.open_due = clock.due_date
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
    message.open_due = None
    return clocks


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- staff steps -------------------------------------------------------------------------------

# Lazy: a refusal is shown in the language of the request that meets it.
NOT_HANDLER = gettext_lazy("只有留言办理部门及其政务公开工作机构可以办理该留言。")


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
    notifications.notify(
        message, "accepted", key=f"accepted:{message.organ_id}", reply_due=reply.due_date
    )
    return step.finish(  # type: ignore[no-any-return]
        action="message.accepted",
        fields=["accepted_on", "open_clock", "open_due"],
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
    transfers = record_count(message, "message.transferred")
    notifications.notify(message, "transferred", key=f"transferred:{transfers + 1}", reason=reason)
    return step.finish(  # type: ignore[no-any-return]
        action="message.transferred",
        reason=reason,
        fields=["organ", "accepted_on", "open_clock", "open_due"],
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
    notifications.notify(message, "replied")
    return step.finish(  # type: ignore[no-any-return]
        action="message.replied",
        fields=[
            "reply",
            "replied_on",
            "replied_by",
            "replied_on_time",
            "open_clock",
            "open_due",
        ],
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
    return step.finish(  # type: ignore[no-any-return]
        action=action, reason=note, fields=["closing_note", "open_clock", "open_due"]
    )


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


# --- 征集调查 (solicitations and surveys) -----------------------------------------------------

SOLICITATION_SERIES = "mailbox.solicitation"  # 征集编号 ZJ-2026-0001
ANSWER_MAX = 2000  # characters of one free-text answer
RESPONDENT_NAME_MAX = 100
RESPONDENT_CONTACT_MAX = 200
MAX_QUESTIONS = 50
MAX_OPTIONS = 30
NOT_ORGANISER = gettext_lazy("只有发起部门及其政务公开工作机构可以办理该征集调查。")
# Data on the Chinese portal: the question stays Chinese whatever the staff's language.
DEFAULT_OPINION_QUESTION = "您的意见和建议"


def _plain(value: Any, *, field: str, label: str, limit: int, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_("%(label)s格式不正确。") % {"label": label}, field=field)
    text = clean_plain_text((value or "").replace("\r\n", "\n"))
    if required and not text:
        raise InvalidInput(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > limit:
        raise InvalidInput(
            _("%(label)s过长（最多%(limit)s个字符）。") % {"label": label, "limit": limit},
            field=field,
        )
    return text


def _clean_questions(kind: str, questions: Any) -> list[dict[str, Any]]:
    """[{kind, text, required, options: [str]}] validated; an 意见征集 without questions gets
    one free-text question."""
    if questions is None:
        questions = []
    if not isinstance(questions, list):
        raise InvalidInput(_("题目格式不正确。"), field="questions")
    if not questions and kind == SolicitationKind.OPINIONS:
        questions = [{"kind": QuestionKind.TEXT, "text": str(DEFAULT_OPINION_QUESTION)}]
    if not questions:
        raise InvalidInput(_("问卷调查至少需要一道题目。"), field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise InvalidInput(_("题目不能超过%(n)d道。") % {"n": MAX_QUESTIONS}, field="questions")
    clean = []
    for index, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise InvalidInput(_("题目格式不正确。"), field="questions")
        qkind = q.get("kind")
        if qkind not in QuestionKind.values:
            raise InvalidInput(_("第%(n)d题的题型无效。") % {"n": index}, field="questions")
        text = _plain(q.get("text"), field="questions", label=_("题目"), limit=500, required=True)
        required = q.get("required", True)
        if not isinstance(required, bool):
            raise InvalidInput(_("题目格式不正确。"), field="questions")
        options = q.get("options") or []
        if not isinstance(options, list):
            raise InvalidInput(_("选项格式不正确。"), field="questions")
        options = [_plain(o, field="questions", label=_("选项"), limit=200) for o in options]
        options = [o for o in options if o]
        if qkind == QuestionKind.TEXT and options:
            raise InvalidInput(
                _("第%(n)d题是填空题，不能设置选项。") % {"n": index}, field="questions"
            )
        if qkind != QuestionKind.TEXT and not 2 <= len(options) <= MAX_OPTIONS:
            raise InvalidInput(
                _("第%(n)d题是选择题，须有2至%(max)d个选项。") % {"n": index, "max": MAX_OPTIONS},
                field="questions",
            )
        if len(set(options)) != len(options):
            raise InvalidInput(_("第%(n)d题有重复的选项。") % {"n": index}, field="questions")
        clean.append({"kind": qkind, "text": text, "required": required, "options": options})
    return clean


def _clean_solicitation(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in SolicitationKind.values:
        raise InvalidInput(_("请选择征集调查的类型。"), field="kind")
    opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
    if not isinstance(opens_at, datetime):
        raise InvalidInput(_("请填写开始时间。"), field="opens_at")
    if not isinstance(closes_at, datetime):
        raise InvalidInput(_("请填写截止时间。"), field="closes_at")
    if closes_at <= opens_at:
        raise InvalidInput(_("截止时间须晚于开始时间。"), field="closes_at")
    return {
        "kind": kind,
        "title": _plain(
            data.get("title"), field="title", label=_("标题"), limit=200, required=True
        ),
        "description": _plain(
            data.get("description"), field="description", label=_("说明"), limit=20000
        ),
        "opens_at": opens_at,
        "closes_at": closes_at,
    }


def _store_questions(solicitation: Solicitation, questions: list[dict[str, Any]]) -> None:
    SolicitationQuestion.objects.filter(solicitation=solicitation).delete()
    for order, q in enumerate(questions, start=1):
        question = SolicitationQuestion.objects.create(
            solicitation=solicitation,
            order=order,
            kind=q["kind"],
            text=q["text"],
            required=q["required"],
        )
        SolicitationOption.objects.bulk_create(
            SolicitationOption(question=question, order=i, text=t)
            for i, t in enumerate(q["options"], start=1)
        )


@transaction.atomic
def solicitation_create(
    *, actor: Any, organ: Organ, data: dict[str, Any], questions: Any = None
) -> Solicitation:
    """A draft 征集调查 of `organ` with its questions (not public until published)."""
    if not isinstance(organ, Organ):
        raise InvalidInput(_("请选择发起部门。"), field="organ")
    require_permission(organ.pk in perms.handled_organ_ids(actor), NOT_ORGANISER)
    clean = _clean_solicitation(data)
    clean_questions = _clean_questions(clean["kind"], questions)
    year = timezone.localdate(clean["opens_at"]).year
    serial = next_serial(SOLICITATION_SERIES, year=year)
    solicitation = Solicitation.objects.create(
        number=f"ZJ-{year}-{serial:04d}", organ=organ, created_by=_user(actor), **clean
    )
    _store_questions(solicitation, clean_questions)
    record_event(
        action="solicitation.created",
        subject=solicitation,
        actor=actor,
        to_state=SolicitationStatus.DRAFT,
        data={"number": solicitation.number, "questions": len(clean_questions)},
    )
    return solicitation


@transaction.atomic
def solicitation_update(
    *, actor: Any, solicitation: Solicitation, data: dict[str, Any], questions: Any = None
) -> Solicitation:
    """Edit a draft (the questions are replaced): once published, the questions people
    answer never change."""
    s = lock(solicitation)
    require_permission(perms.can_manage_solicitation(actor, s), NOT_ORGANISER)
    if s.status != SolicitationStatus.DRAFT:
        raise TransitionNotAllowed(_("征集调查发布后不能再修改题目和时间。"))
    clean = _clean_solicitation(data)
    clean_questions = _clean_questions(clean["kind"], questions)
    for name, value in clean.items():
        setattr(s, name, value)
    s.save(update_fields=[*clean, "updated_at"])
    _store_questions(s, clean_questions)
    record_event(action="solicitation.updated", subject=s, actor=actor)
    return s


def _solicitation_step(s: Solicitation, actor: Any, event: str) -> Step:
    return begin(
        s,
        actor=actor,
        allowed=perms.can_manage_solicitation,
        refusal=NOT_ORGANISER,
        machine=SOLICITATION_MACHINE,
        event=event,
    )


@transaction.atomic
def solicitation_publish(
    *, actor: Any, solicitation: Solicitation, now: datetime | None = None
) -> Solicitation:
    """Publish on the portal: 待开始 until its opening time, then 征集中 (at once when the
    opening time has come)."""
    step = _solicitation_step(solicitation, actor, SolicitationEvent.PUBLISH)
    s: Solicitation = step.obj
    moment = now or timezone.now()
    if s.closes_at <= moment:
        raise InvalidInput(_("截止时间已过，不能发布。"), field="closes_at")
    s.published_at = moment
    step.finish(action="solicitation.published", fields=["published_at"], public_change="published")
    if s.opens_at <= moment:
        _solicitation_open(s, actor=actor)
    return s


def _solicitation_open(s: Solicitation, *, actor: Any) -> None:
    target = SOLICITATION_MACHINE.require(s.status, SolicitationEvent.OPEN)
    source, s.status = s.status, target
    s.save(update_fields=["status", "updated_at"])
    record_event(
        action="solicitation.opened", subject=s, actor=actor, from_state=source, to_state=target
    )
    announce_public_change(s, "opened")


def _solicitation_close(s: Solicitation, *, actor: Any) -> None:
    target = SOLICITATION_MACHINE.require(s.status, SolicitationEvent.CLOSE)
    source, s.status = s.status, target
    s.save(update_fields=["status", "updated_at"])
    record_event(
        action="solicitation.closed",
        subject=s,
        actor=actor,
        from_state=source,
        to_state=target,
        data={"responses": s.response_count},
    )
    announce_public_change(s, "closed")


@transaction.atomic
def solicitation_withdraw(*, actor: Any, solicitation: Solicitation, reason: str) -> Solicitation:
    step = _solicitation_step(solicitation, actor, SolicitationEvent.WITHDRAW)
    reason = _plain(reason, field="reason", label=_("撤回理由"), limit=MAX_NOTE, required=True)
    s: Solicitation = step.finish(
        action="solicitation.withdrawn", reason=reason, public_change="withdrawn"
    )
    return s


def solicitations_tick(*, now: datetime | None = None, dry_run: bool = False) -> tuple[int, int]:
    """The job: open what has reached its opening time, close what has reached its closing
    time (each in its own transaction; a missed run catches up). Returns (opened, closed)."""
    moment = now or timezone.now()
    opened = closed = 0
    due_open = Solicitation.objects.filter(
        status=SolicitationStatus.SCHEDULED, opens_at__lte=moment
    ).values_list("pk", flat=True)
    for pk in list(due_open):
        if dry_run:
            opened += 1
            continue
        with transaction.atomic():
            s = Solicitation.objects.select_for_update().get(pk=pk)
            if s.status == SolicitationStatus.SCHEDULED and s.opens_at <= moment:
                _solicitation_open(s, actor=None)
                opened += 1
    due_close = Solicitation.objects.filter(
        status=SolicitationStatus.OPEN, closes_at__lte=moment
    ).values_list("pk", flat=True)
    for pk in list(due_close):
        if dry_run:
            closed += 1
            continue
        with transaction.atomic():
            s = Solicitation.objects.select_for_update().get(pk=pk)
            if s.status == SolicitationStatus.OPEN and s.closes_at <= moment:
                _solicitation_close(s, actor=None)
                closed += 1
    return opened, closed


@dataclass(frozen=True)
class ResponseSubmission:
    response: SolicitationResponse
    created: bool


def _clean_answers(
    s: Solicitation, answers: Any
) -> list[tuple[SolicitationQuestion, SolicitationOption | None, str]]:
    """{question id: option id | [option ids] | text} → rows to store; InvalidInput naming
    the question (field ``q<id>``)."""
    if not isinstance(answers, dict):
        raise InvalidInput(_("答卷格式不正确。"), field="answers")
    questions = list(s.questions.prefetch_related("options"))
    known = {str(q.pk) for q in questions}
    unknown = [k for k in answers if str(k) not in known]
    if unknown:
        raise InvalidInput(_("答卷包含不属于本问卷的题目。"), field="answers")
    given = {str(k): v for k, v in answers.items()}
    rows: list[tuple[SolicitationQuestion, SolicitationOption | None, str]] = []
    for q in questions:
        field = f"q{q.pk}"
        value = given.get(str(q.pk))
        if q.kind == QuestionKind.TEXT:
            text = _plain(value, field=field, label=q.text[:30], limit=ANSWER_MAX)
            if text:
                rows.append((q, None, text))
            elif q.required:
                raise InvalidInput(_("请回答：%(q)s") % {"q": q.text}, field=field)
            continue
        if value in (None, "", []):
            chosen: list[Any] = []
        elif isinstance(value, list):
            chosen = value
        else:
            chosen = [value]
        options = {str(o.pk): o for o in q.options.all()}
        try:
            picked = [options[str(v)] for v in chosen]
        except (KeyError, TypeError):
            raise InvalidInput(
                _("所选选项不属于该题：%(q)s") % {"q": q.text}, field=field
            ) from None
        if len({o.pk for o in picked}) != len(picked):
            raise InvalidInput(_("同一选项只能选择一次：%(q)s") % {"q": q.text}, field=field)
        if q.kind == QuestionKind.SINGLE and len(picked) > 1:
            raise InvalidInput(_("该题只能选择一项：%(q)s") % {"q": q.text}, field=field)
        if not picked and q.required:
            raise InvalidInput(_("请回答：%(q)s") % {"q": q.text}, field=field)
        rows.extend((q, o, "") for o in picked)
    if not rows:
        raise InvalidInput(_("请至少回答一道题目。"), field="answers")
    return rows


def accepting_answers(s: Solicitation, moment: datetime) -> bool:
    """Answers are taken between the opening and the closing time of a published
    solicitation, whether or not the job has moved its status yet."""
    return (
        s.status in (SolicitationStatus.SCHEDULED, SolicitationStatus.OPEN)
        and s.opens_at <= moment < s.closes_at
    )


def response_submit(
    *,
    solicitation: Solicitation,
    answers: Any,
    name: str = "",
    contact: str = "",
    client_token: str | None = None,
    remote_ip: str | None = None,
    now: datetime | None = None,
) -> ResponseSubmission:
    """A visitor's answers (参与): stored before the thanks page shows the receipt number;
    a replay with the same client token lands on the same response."""
    moment = now or timezone.now()
    s = Solicitation.objects.get(pk=solicitation.pk)
    if not accepting_answers(s, moment):
        if s.status in SOLICITATION_PUBLIC and moment < s.opens_at:
            raise InvalidInput(
                _("本次征集调查自%(at)s开始。")
                % {"at": timezone.localtime(s.opens_at).strftime("%Y-%m-%d %H:%M")},
                field="answers",
            )
        raise InvalidInput(_("本次征集调查已结束，不再接收答卷。"), field="answers")
    name = _plain(name, field="name", label=_("姓名"), limit=RESPONDENT_NAME_MAX)
    contact = _plain(contact, field="contact", label=_("联系方式"), limit=RESPONDENT_CONTACT_MAX)
    rows = _clean_answers(s, answers)
    token = scoped_token(client_token, f"solicitation:{s.pk}") if client_token else None

    def create() -> ResponseSubmission:
        year = timezone.localdate(moment).year
        serial = next_serial(f"{SOLICITATION_SERIES}.response", year=year, key=s.pk)
        response = SolicitationResponse.objects.create(
            solicitation=s,
            number=f"{s.number}-{serial:06d}",
            name=name,
            contact=contact,
            submitted_at=moment,
            client_token=token,
            remote_ip=remote_ip or None,
        )
        SolicitationAnswer.objects.bulk_create(
            SolicitationAnswer(response=response, question=q, option=o, text=t) for q, o, t in rows
        )
        Solicitation.objects.filter(pk=s.pk).update(response_count=F("response_count") + 1)
        return ResponseSubmission(response, True)

    return stored_once(
        SolicitationResponse.objects.all(),
        token,
        create=create,
        replay=lambda existing, _token: ResponseSubmission(existing, False),
    )


@transaction.atomic
def answer_feature(*, actor: Any, answer: SolicitationAnswer, featured: bool) -> SolicitationAnswer:
    """Select (or unselect) a free-text answer for the published results (选登); the text is
    published as written, without the respondent's name or contact."""
    s = lock(answer.response.solicitation)
    require_permission(perms.can_manage_solicitation(actor, s), NOT_ORGANISER)
    if s.status == SolicitationStatus.REPORTED:
        raise TransitionNotAllowed(_("结果反馈已公布，选登的回答不能再更改。"))
    if s.status not in (SolicitationStatus.OPEN, SolicitationStatus.CLOSED):
        raise TransitionNotAllowed(_("征集调查尚未开始，没有可选登的回答。"))
    answer = SolicitationAnswer.objects.select_for_update().get(pk=answer.pk)
    if answer.option_id is not None:
        raise InvalidInput(_("只有文字回答可以选登。"), field="answer")
    answer.featured = bool(featured)
    answer.save(update_fields=["featured"])
    record_event(
        action="solicitation.answer_featured" if featured else "solicitation.answer_unfeatured",
        subject=s,
        actor=actor,
        data={"answer": answer.pk, "response": answer.response.number},
    )
    return answer


@transaction.atomic
def solicitation_report(
    *, actor: Any, solicitation: Solicitation, results_text: str
) -> Solicitation:
    """公布结果反馈: the counts per option, the selected free-text answers and this text
    appear on the portal."""
    step = _solicitation_step(solicitation, actor, SolicitationEvent.REPORT)
    s: Solicitation = step.obj
    s.results_text = _plain(
        results_text, field="results_text", label=_("结果反馈"), limit=20000, required=True
    )
    s.results_published_at = timezone.now()
    step.finish(
        action="solicitation.reported",
        fields=["results_text", "results_published_at"],
        public_change="reported",
        responses=s.response_count,
    )
    return s


def solicitation_exported(*, actor: Any, solicitation: Solicitation, fmt: str) -> None:
    """Audit the export of every answer with contact details (staff only)."""
    require_permission(perms.can_manage_solicitation(actor, solicitation), NOT_ORGANISER)
    record_event(
        action="solicitation.exported", subject=solicitation, actor=actor, data={"format": fmt}
    )
