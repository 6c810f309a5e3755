"""Mailbox endpoints of the JSON API (mounted by gongkai.api.urls at /messages).

Staff operations find the message among those the caller may see (404 otherwise) and call
one service; `allowed_actions` is `kit.workflow.actions_for`. The writer's operations
(submit, track, rate) need no account: they are throttled per address like the public form
and identify the message by 留言编号 + 查询码. Errors use the API's common body.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.responses import Status as Reply

from gongkai.core.exceptions import DomainError, InvalidInput
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES, ErrorOut
from gongkai.core.kit.workflow import actions_for
from gongkai.lib.masking import mask_name, mask_text
from gongkai.mailbox import selectors, services
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.permissions import MessageWriter, can_handle_message
from gongkai.mailbox.throttle import SUBMISSIONS, TRACKING
from gongkai.mailbox.workflow import Kind, Status
from gongkai.organizations.models import Organ

router = Router(tags=["messages"])


class Throttled(DomainError):
    http_status = 429
    code = "throttled"


# --- schemas -----------------------------------------------------------------------------


class MessageIn(Schema):
    organ: int = Field(..., description="留言对象（部门）id")
    kind: Kind = Field(
        ..., description="留言类型：consultation 咨询 / suggestion 建议 / complaint 投诉"
    )
    subject: str = Field(..., max_length=200)
    text: str = Field(..., max_length=5000)
    writer_name: str = Field(..., max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    consent_publish: bool = False


class ReceiptOut(Schema):
    number: str
    query_code: str | None = Field(None, description="查询码：只在此返回一次，系统不保存明文")
    created: bool


class TrackIn(Schema):
    number: str = Field(..., max_length=30)
    query_code: str = Field(..., max_length=40)


class RateIn(TrackIn):
    rating: int = Field(..., description="3 满意 / 2 基本满意 / 1 不满意")
    comment: str = Field("", max_length=500)


class TrackOut(Schema):
    number: str
    subject: str
    kind: str
    status: str
    status_label: str
    organ: str
    submitted_at: datetime
    accepted_on: date | None
    replied_on: date | None
    reply: str
    closing_note: str
    due: date | None = None
    rating: int | None


class MessageOut(Schema):
    id: int
    number: str
    kind: str
    subject: str
    text: str
    writer_name: str
    phone: str
    email: str
    consent_publish: bool
    status: str
    organ: int
    submitted_at: datetime
    accepted_on: date | None
    replied_on: date | None
    replied_by: int | None = None
    reply: str
    replied_on_time: bool | None
    closing_note: str
    published_at: datetime | None
    public_subject: str
    public_text: str
    public_reply: str
    rating: int | None
    inforequest: int | None = None
    allowed_actions: list[str] = []

    @staticmethod
    def resolve_organ(obj: PublicMessage) -> int:
        return obj.organ_id

    @staticmethod
    def resolve_replied_by(obj: PublicMessage) -> int | None:
        return obj.replied_by_id

    @staticmethod
    def resolve_inforequest(obj: PublicMessage) -> int | None:
        return obj.inforequest_id


class ReplyIn(Schema):
    reply: str = Field(..., max_length=10000)


class TransferIn(Schema):
    to_organ: int
    reason: str = Field(..., max_length=2000)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class PublishIn(Schema):
    public_subject: str | None = Field(None, max_length=200)
    public_text: str | None = None
    public_reply: str | None = None


class MessageFilters(Schema):
    status: Status | None = None
    kind: Kind | None = None
    due: str | None = Field(None, description="overdue / soon / week / later")


# --- helpers -----------------------------------------------------------------------------


def _out(request: HttpRequest, message: PublicMessage) -> PublicMessage:
    user = kit_api.actor(request)
    message.allowed_actions = actions_for(user, message)  # type: ignore[attr-defined]
    if not can_handle_message(user, message):
        # Administrators see messages for support, with personal data masked (never saved).
        names = [message.writer_name]
        message.text = mask_text(message.text, names)
        message.reply = mask_text(message.reply, names)
        message.writer_name = mask_name(message.writer_name)
        message.phone = mask_text(message.phone)
        message.email = mask_text(message.email)
    return message


def _message(request: HttpRequest, message_id: int) -> PublicMessage:
    return kit_api.visible_or_404(selectors.messages_visible_to(kit_api.actor(request)), message_id)


def _organ(pk: int, field: str) -> Organ:
    organ = Organ.objects.filter(pk=pk, is_active=True).first()
    if organ is None:
        raise InvalidInput(_("部门不存在。"), field=field)
    return organ


def _tracked(request: HttpRequest, payload: TrackIn) -> PublicMessage:
    ip = kit_api.client_ip(request)
    if TRACKING.blocked(ip):
        raise Throttled(_("查询失败次数过多，请稍后再试。"))
    message = selectors.message_for_tracking(payload.number, payload.query_code)
    if message is None:
        TRACKING.counted(ip)
        raise InvalidInput(_("留言编号或查询码不正确，请核对后重新输入。"), field="query_code")
    return message


def _track_out(message: PublicMessage) -> dict[str, Any]:
    clock = next((c for c in selectors.clocks_for(message) if c.closed_on is None), None)
    return {
        "number": message.number,
        "subject": message.subject,
        "kind": message.kind,
        "status": message.status,
        "status_label": str(message.get_status_display()),
        "organ": message.organ.name,
        "submitted_at": message.submitted_at,
        "accepted_on": message.accepted_on,
        "replied_on": message.replied_on,
        "reply": message.reply,
        "closing_note": message.closing_note,
        "due": clock.due_date if clock else None,
        "rating": message.rating,
    }


# --- the writer (no account) -----------------------------------------------------------------


@router.post(
    "/public/",
    auth=None,
    response={201: ReceiptOut, 200: ReceiptOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="提交留言（公众，无需账号）",
    description="成功即已保存；`Idempotency-Key` 重复提交返回同一留言和查询码（200）。同一来源提交过于频繁时返回 429。",
)
def submit_message(
    request: HttpRequest,
    payload: MessageIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Reply[dict[str, Any]]:
    ip = kit_api.client_ip(request)
    if SUBMISSIONS.blocked(ip):
        raise Throttled(
            _(
                "您提交留言过于频繁，请稍后再试。已经提交成功的留言不受影响，可凭留言编号和查询码查询办理情况。"
            )
        )
    SUBMISSIONS.counted(ip)
    data = payload.dict()
    organ = _organ(data.pop("organ"), "organ")
    data["kind"] = kit_api.plain(data["kind"])
    result = services.message_submit(
        organ=organ,
        data=data,
        client_token=f"api:{idempotency_key}" if idempotency_key else None,
        remote_ip=ip or None,
    )
    body = {
        "number": result.message.number,
        "query_code": result.query_code,
        "created": result.created,
    }
    return Reply(201 if result.created else 200, body)


@router.post(
    "/public/track",
    auth=None,
    response={200: TrackOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="凭留言编号和查询码查询办理情况",
)
def track_message(request: HttpRequest, payload: TrackIn) -> dict[str, Any]:
    return _track_out(_tracked(request, payload))


@router.post(
    "/public/rate",
    auth=None,
    response={200: TrackOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="留言人评价答复（满意度）",
)
def rate_message(request: HttpRequest, payload: RateIn) -> dict[str, Any]:
    message = _tracked(request, payload)
    services.message_rate(
        actor=MessageWriter(message.pk),
        message=message,
        rating=payload.rating,
        comment=payload.comment,
    )
    message.refresh_from_db()
    return _track_out(message)


# --- staff -------------------------------------------------------------------------------------


@router.get("/", response={200: list[MessageOut], **ERROR_RESPONSES}, summary="留言列表")
def list_messages(request: HttpRequest, filters: Query[MessageFilters]) -> list[PublicMessage]:
    qs = selectors.messages_visible_to(kit_api.actor(request))
    if filters.status:
        qs = qs.filter(status=kit_api.plain(filters.status))
    if filters.kind:
        qs = qs.filter(kind=kit_api.plain(filters.kind))
    if filters.due:
        qs = selectors.messages_due(qs, filters.due, timezone.localdate())
    return [_out(request, m) for m in qs.order_by("-submitted_at", "-pk")[:200]]


@router.get("/{message_id}", response={200: MessageOut, **ERROR_RESPONSES}, summary="留言详情")
def get_message(request: HttpRequest, message_id: int) -> PublicMessage:
    return _out(request, _message(request, message_id))


def _act(request: HttpRequest, message_id: int, call: Any) -> PublicMessage:
    message = _message(request, message_id)
    call(kit_api.actor(request), message)
    return _out(
        request, kit_api.reloaded(selectors.messages_visible_to(kit_api.actor(request)), message)
    )


@router.post("/{message_id}/accept", response={200: MessageOut, **ERROR_RESPONSES}, summary="受理")
def accept_message(request: HttpRequest, message_id: int) -> PublicMessage:
    return _act(request, message_id, lambda a, m: services.message_accept(actor=a, message=m))


@router.post("/{message_id}/reply", response={200: MessageOut, **ERROR_RESPONSES}, summary="答复")
def reply_message(request: HttpRequest, message_id: int, payload: ReplyIn) -> PublicMessage:
    return _act(
        request,
        message_id,
        lambda a, m: services.message_reply(actor=a, message=m, reply=payload.reply),
    )


@router.post(
    "/{message_id}/transfer", response={200: MessageOut, **ERROR_RESPONSES}, summary="转办"
)
def transfer_message(request: HttpRequest, message_id: int, payload: TransferIn) -> PublicMessage:
    organ = _organ(payload.to_organ, "to_organ")
    return _act(
        request,
        message_id,
        lambda a, m: services.message_transfer(
            actor=a, message=m, to_organ=organ, reason=payload.reason
        ),
    )


@router.post(
    "/{message_id}/convert", response={200: MessageOut, **ERROR_RESPONSES}, summary="转依申请公开"
)
def convert_message(request: HttpRequest, message_id: int, payload: NoteIn) -> PublicMessage:
    return _act(
        request,
        message_id,
        lambda a, m: services.message_convert(actor=a, message=m, note=payload.note),
    )


@router.post("/{message_id}/refer", response={200: MessageOut, **ERROR_RESPONSES}, summary="转信访")
def refer_message(request: HttpRequest, message_id: int, payload: NoteIn) -> PublicMessage:
    return _act(
        request,
        message_id,
        lambda a, m: services.message_refer(actor=a, message=m, note=payload.note),
    )


@router.post(
    "/{message_id}/reject", response={200: MessageOut, **ERROR_RESPONSES}, summary="不予受理"
)
def reject_message(request: HttpRequest, message_id: int, payload: ReasonIn) -> PublicMessage:
    return _act(
        request,
        message_id,
        lambda a, m: services.message_reject(actor=a, message=m, reason=payload.reason),
    )


@router.post("/{message_id}/publish", response={200: MessageOut, **ERROR_RESPONSES}, summary="选登")
def publish_message(request: HttpRequest, message_id: int, payload: PublishIn) -> PublicMessage:
    edited = {k: v for k, v in payload.dict().items() if v is not None}
    return _act(
        request,
        message_id,
        lambda a, m: services.message_publish(actor=a, message=m, edited=edited),
    )


@router.post(
    "/{message_id}/unpublish", response={200: MessageOut, **ERROR_RESPONSES}, summary="撤销选登"
)
def unpublish_message(request: HttpRequest, message_id: int, payload: ReasonIn) -> PublicMessage:
    return _act(
        request,
        message_id,
        lambda a, m: services.message_unpublish(actor=a, message=m, reason=payload.reason),
    )
