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
from ninja import Field, Header, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as Reply

from gongkai.core.exceptions import DomainError, InvalidInput, NotPermitted
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES, ErrorOut
from gongkai.core.kit.workflow import actions_for
from gongkai.lib.masking import mask_name, mask_text
from gongkai.mailbox import selectors, services
from gongkai.mailbox.models import PublicMessage, SolicitationAnswer
from gongkai.mailbox.permissions import (
    MessageWriter,
    can_handle_message,
    can_manage_solicitation,
)
from gongkai.mailbox.throttle import SUBMISSIONS, SURVEY_ANSWERS, TRACKING
from gongkai.mailbox.workflow import (
    Kind,
    QuestionKind,
    SolicitationKind,
    SolicitationStatus,
    Status,
)
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


# --- 征集调查 (mounted at /solicitations) -------------------------------------------------------

solicitations_router = Router(tags=["solicitations"])

AnswerValue = kit_api.Id | list[kit_api.Id] | str


class QuestionIn(Schema):
    kind: QuestionKind = Field(..., description="single 单选 / multiple 多选 / text 填空")
    text: str = Field(..., max_length=500)
    required: bool = True
    options: list[str] = Field([], max_length=services.MAX_OPTIONS)


class SolicitationIn(Schema):
    organ: kit_api.Id = Field(..., description="发起部门 id")
    kind: SolicitationKind = Field(..., description="opinions 意见征集 / survey 问卷调查")
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=20000)
    opens_at: datetime
    closes_at: datetime
    questions: list[QuestionIn] = Field([], max_length=services.MAX_QUESTIONS)


class OptionOut(Schema):
    id: int
    text: str
    count: int | None = Field(None, description="选择人次（结果公布后）")
    percent: float | None = None


class QuestionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    required: bool
    options: list[OptionOut]
    answered: int | None = None
    text_count: int | None = None
    featured_texts: list[str] = Field([], description="选登的文字回答（结果公布后）")


class SolicitationPublicOut(Schema):
    number: str
    kind: str
    title: str
    description: str
    organ: str
    opens_at: datetime
    closes_at: datetime
    status: str
    accepting: bool
    response_count: int | None = None
    results_text: str = ""
    results_published_at: datetime | None = None
    questions: list[QuestionOut]


class SolicitationOut(SolicitationPublicOut):
    id: int
    organ_id: int
    published_at: datetime | None
    allowed_actions: list[str] = []


class AnswersIn(Schema):
    answers: dict[str, AnswerValue] = Field(
        ...,
        description="题目 id → 选项 id（单选）、选项 id 列表（多选）或文字（填空）",
        max_length=services.MAX_QUESTIONS,
    )
    name: str = Field("", max_length=services.RESPONDENT_NAME_MAX)
    contact: str = Field("", max_length=services.RESPONDENT_CONTACT_MAX)


class AnswerReceiptOut(Schema):
    number: str
    created: bool


class ResultsIn(Schema):
    results_text: str = Field(..., max_length=20000)


class FeatureIn(Schema):
    featured: bool


class TextAnswerOut(Schema):
    id: int
    question: int
    response: str
    text: str
    featured: bool


def _questions_out(s: Any, *, results: bool, featured_only: bool = True) -> list[dict[str, Any]]:
    if results:
        out = []
        for r in selectors.solicitation_results(s, featured_only=featured_only):
            out.append(
                {
                    "id": r.question.pk,
                    "order": r.question.order,
                    "kind": r.question.kind,
                    "text": r.question.text,
                    "required": r.question.required,
                    "options": [
                        {
                            "id": o.option.pk,
                            "text": o.option.text,
                            "count": o.count,
                            "percent": o.percent,
                        }
                        for o in r.options
                    ],
                    "answered": r.answered,
                    "text_count": r.text_count,
                    "featured_texts": r.texts if featured_only else [],
                }
            )
        return out
    return [
        {
            "id": q.pk,
            "order": q.order,
            "kind": q.kind,
            "text": q.text,
            "required": q.required,
            "options": [{"id": o.pk, "text": o.text} for o in q.options.all()],
        }
        for q in s.questions.prefetch_related("options")
    ]


def _public_out(s: Any) -> dict[str, Any]:
    reported = s.status == SolicitationStatus.REPORTED
    return {
        "number": s.number,
        "kind": s.kind,
        "title": s.title,
        "description": s.description,
        "organ": s.organ.name,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "status": s.status,
        "accepting": services.accepting_answers(s, timezone.now()),
        "response_count": s.response_count
        if s.status in (SolicitationStatus.CLOSED, SolicitationStatus.REPORTED)
        else None,
        "results_text": s.results_text if reported else "",
        "results_published_at": s.results_published_at if reported else None,
        "questions": _questions_out(s, results=reported),
    }


def _staff_out(request: HttpRequest, s: Any) -> dict[str, Any]:
    body = _public_out(s)
    body.update(
        {
            "id": s.pk,
            "organ_id": s.organ_id,
            "published_at": s.published_at,
            "response_count": s.response_count,
            "results_text": s.results_text,
            "results_published_at": s.results_published_at,
            "questions": _questions_out(s, results=True, featured_only=False),
            "allowed_actions": actions_for(kit_api.actor(request), s),
        }
    )
    return body


def _public_solicitation(number: str) -> Any:
    s = selectors.solicitations_public().filter(number=number).first()
    if s is None:
        from django.http import Http404

        raise Http404
    return s


@solicitations_router.get(
    "/public/",
    auth=None,
    response={200: list[SolicitationPublicOut], **ERROR_RESPONSES},
    summary="征集调查列表（公众）",
)
@paginate(kit_api.Pagination, page_size=20)
def list_public_solicitations(request: HttpRequest) -> Any:
    return _LazyOut(selectors.solicitations_public(), _public_out)


@solicitations_router.get(
    "/public/{number}",
    auth=None,
    response={200: SolicitationPublicOut, **ERROR_RESPONSES},
    summary="征集调查详情（公众；结果公布后含统计和选登的回答）",
)
def get_public_solicitation(
    request: HttpRequest, number: str = Path(..., max_length=30)
) -> dict[str, Any]:
    return _public_out(_public_solicitation(number))


@solicitations_router.post(
    "/public/{number}/answers",
    auth=None,
    response={201: AnswerReceiptOut, 200: AnswerReceiptOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="提交答卷（公众，无需账号）",
    description="成功即已保存；`Idempotency-Key` 重复提交返回同一答卷（200）。同一来源提交过于频繁时返回 429。姓名和联系方式不公开。",
)
def answer_solicitation(
    request: HttpRequest,
    payload: AnswersIn,
    number: str = Path(..., max_length=30),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Reply[dict[str, Any]]:
    s = _public_solicitation(number)
    ip = kit_api.client_ip(request)
    if SURVEY_ANSWERS.blocked(ip):
        raise Throttled(_("您提交答卷过于频繁，请稍后再试。已经提交成功的答卷不受影响。"))
    SURVEY_ANSWERS.counted(ip)
    result = services.response_submit(
        solicitation=s,
        answers=payload.answers,
        name=payload.name,
        contact=payload.contact,
        client_token=f"api:{idempotency_key}" if idempotency_key else None,
        remote_ip=ip or None,
    )
    body = {"number": result.response.number, "created": result.created}
    return Reply(201 if result.created else 200, body)


def _solicitation(request: HttpRequest, pk: int) -> Any:
    return kit_api.visible_or_404(selectors.solicitations_visible_to(kit_api.actor(request)), pk)


@solicitations_router.get(
    "/",
    response={200: list[SolicitationOut], **ERROR_RESPONSES},
    summary="征集调查列表（工作人员）",
)
@paginate(kit_api.Pagination, page_size=50)
def list_solicitations(request: HttpRequest) -> Any:
    qs = selectors.solicitations_visible_to(kit_api.actor(request)).order_by("-created_at", "-pk")
    return _LazyOut(qs, lambda s: _staff_out(request, s))


@solicitations_router.post(
    "/", response={201: SolicitationOut, **ERROR_RESPONSES}, summary="新建征集调查（草稿）"
)
def create_solicitation(request: HttpRequest, payload: SolicitationIn) -> Reply[dict[str, Any]]:
    data = payload.dict()
    organ = _organ(data.pop("organ"), "organ")
    questions = [{**q, "kind": kit_api.plain(q["kind"])} for q in data.pop("questions")]
    data["kind"] = kit_api.plain(data["kind"])
    s = services.solicitation_create(
        actor=kit_api.actor(request), organ=organ, data=data, questions=questions
    )
    return Reply(201, _staff_out(request, s))


@solicitations_router.get(
    "/{solicitation_id}",
    response={200: SolicitationOut, **ERROR_RESPONSES},
    summary="征集调查详情（含全部统计）",
)
def get_solicitation(request: HttpRequest, solicitation_id: kit_api.Id) -> dict[str, Any]:
    return _staff_out(request, _solicitation(request, solicitation_id))


@solicitations_router.post(
    "/{solicitation_id}/publish",
    response={200: SolicitationOut, **ERROR_RESPONSES},
    summary="发布（到开始时间自动开始征集）",
)
def publish_solicitation(request: HttpRequest, solicitation_id: kit_api.Id) -> dict[str, Any]:
    s = _solicitation(request, solicitation_id)
    services.solicitation_publish(actor=kit_api.actor(request), solicitation=s)
    return _staff_out(request, _solicitation(request, solicitation_id))


@solicitations_router.post(
    "/{solicitation_id}/withdraw",
    response={200: SolicitationOut, **ERROR_RESPONSES},
    summary="撤回",
)
def withdraw_solicitation(
    request: HttpRequest, solicitation_id: kit_api.Id, payload: ReasonIn
) -> dict[str, Any]:
    s = _solicitation(request, solicitation_id)
    services.solicitation_withdraw(
        actor=kit_api.actor(request), solicitation=s, reason=payload.reason
    )
    return _staff_out(request, _solicitation(request, solicitation_id))


@solicitations_router.post(
    "/{solicitation_id}/report",
    response={200: SolicitationOut, **ERROR_RESPONSES},
    summary="公布结果反馈",
)
def report_solicitation(
    request: HttpRequest, solicitation_id: kit_api.Id, payload: ResultsIn
) -> dict[str, Any]:
    s = _solicitation(request, solicitation_id)
    services.solicitation_report(
        actor=kit_api.actor(request), solicitation=s, results_text=payload.results_text
    )
    return _staff_out(request, _solicitation(request, solicitation_id))


@solicitations_router.get(
    "/{solicitation_id}/texts",
    response={200: list[TextAnswerOut], **ERROR_RESPONSES},
    summary="文字回答（供选登）",
)
@paginate(kit_api.Pagination, page_size=100)
def list_text_answers(
    request: HttpRequest, solicitation_id: int = Path(..., ge=1, le=kit_api.MAX_ID)
) -> Any:
    # A plain annotation: @paginate's wrapper resolves annotations in ninja's namespace.
    s = _solicitation(request, solicitation_id)
    if not can_manage_solicitation(kit_api.actor(request), s):
        raise NotPermitted(str(services.NOT_ORGANISER))
    return _LazyOut(
        selectors.text_answers(s),
        lambda a: {
            "id": a.pk,
            "question": a.question_id,
            "response": a.response.number,
            "text": a.text,
            "featured": a.featured,
        },
    )


@solicitations_router.post(
    "/{solicitation_id}/texts/{answer_id}/feature",
    response={200: TextAnswerOut, **ERROR_RESPONSES},
    summary="选登或取消选登一条文字回答",
)
def feature_text_answer(
    request: HttpRequest, solicitation_id: kit_api.Id, answer_id: kit_api.Id, payload: FeatureIn
) -> dict[str, Any]:
    s = _solicitation(request, solicitation_id)
    answer = kit_api.visible_or_404(
        SolicitationAnswer.objects.filter(
            response__solicitation=s, option__isnull=True
        ).select_related("response__solicitation"),
        answer_id,
    )
    answer = services.answer_feature(
        actor=kit_api.actor(request), answer=answer, featured=payload.featured
    )
    return {
        "id": answer.pk,
        "question": answer.question_id,
        "response": answer.response.number,
        "text": answer.text,
        "featured": answer.featured,
    }


class _LazyOut:
    """A queryset mapped row by row after pagination slices it (count() and slicing pass
    through), so a page builds only its own rows."""

    def __init__(self, qs: Any, build: Any) -> None:
        self.qs, self.build = qs, build

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return [self.build(x) for x in self.qs[key]]
        return self.build(self.qs[key])
