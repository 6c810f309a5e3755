"""舆情 endpoints of the JSON API (mounted by gongkai.api.urls at /concerns).

Every action goes through the same services as the back office; errors use the API's
common body (gongkai.api.errors). The monitoring service's webhook (`POST /webhook`) is
authenticated by its HMAC signature instead of a token (gongkai.concerns.webhook).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.responses import Status as Reply

from gongkai.concerns import selectors, services, stats, webhook
from gongkai.concerns.conf import setting
from gongkai.concerns.models import OpinionCase, OpinionResponse
from gongkai.concerns.workflow import ResponseForm, Severity, Status
from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES
from gongkai.core.kit.workflow import actions_for
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_visible_to
from gongkai.organizations.models import Organ

router = Router(tags=["concerns"])


def local(moment: datetime | None) -> datetime | None:
    """Times are answered in Beijing time (+08:00), as staff read them."""
    return timezone.localtime(moment) if moment is not None else None


# --- schemas ----------------------------------------------------------------------------------


class CaseIn(Schema):
    detected_at: datetime = Field(..., description="发现时间（ISO 8601，北京时间，精确到分钟）")
    source: str = Field(..., min_length=1, max_length=100, description="来源")
    link: str = Field("", max_length=500, description="原文链接")
    summary: str = Field(..., min_length=1, max_length=5000, description="舆情摘要")
    topic: str = Field(..., min_length=1, max_length=200, description="主题")
    severity: Severity = Field(
        ..., description="等级：extraordinary 特别重大、major 重大、large 较大、ordinary 一般"
    )
    organs: list[int] = Field(default_factory=list, description="涉及机关 id")
    documents: list[int] = Field(default_factory=list, description="涉及文件 id")


class AllocateIn(Schema):
    organ: int = Field(..., description="第一责任主体 id")
    reason: str = Field("", max_length=2000, description="变更建议的责任主体时必填")
    co_responders: list[int] | None = Field(None, description="协同回应单位 id")


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class DecideIn(Schema):
    organ: int
    reason: str = Field(..., max_length=2000)


class RegradeIn(Schema):
    severity: Severity
    reason: str = Field(..., max_length=2000)


class StepIn(Schema):
    note: str = Field(..., max_length=5000)
    participants: str = Field("", max_length=500)


class FinishIn(Schema):
    note: str = Field("", max_length=2000)


class EvaluateIn(Schema):
    evaluation: str = Field(..., max_length=5000)


class ResponseIn(Schema):
    form: ResponseForm
    title: str = Field(..., max_length=300)
    content: str = Field(..., max_length=20000)
    occurred_at: datetime
    link: str = Field("", max_length=500)
    speaker: str = Field(
        "",
        max_length=60,
        description="发声的负责同志（特别重大、重大舆情的发布会、吹风会、采访必填）",
    )
    speaker_title: str = Field("", max_length=100)


class OrganRefOut(Schema):
    id: int
    name: str


class ClockOut(Schema):
    kind: str
    label: str
    start_at: datetime | None
    due_at: datetime | None
    closed_on: Any = None
    overdue: bool


class ResponseOut(Schema):
    id: int
    uid: UUID
    form: str
    form_label: str
    title: str
    content: str
    link: str
    occurred_at: datetime
    speaker: str
    speaker_title: str
    organ: OrganRefOut
    published_at: datetime | None

    @staticmethod
    def resolve_form_label(obj: OpinionResponse) -> str:
        return str(obj.get_form_display())

    @staticmethod
    def resolve_occurred_at(obj: OpinionResponse) -> datetime | None:
        return local(obj.occurred_at)

    @staticmethod
    def resolve_published_at(obj: OpinionResponse) -> datetime | None:
        return local(obj.published_at)


class StepOut(Schema):
    kind: str
    note: str
    participants: str
    at: datetime
    by: str

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return str(obj.by_label)

    @staticmethod
    def resolve_at(obj: Any) -> datetime | None:
        return local(obj.at)


class CaseOut(Schema):
    id: int
    uid: UUID
    number: str
    status: str
    status_label: str
    detected_at: datetime
    source: str
    link: str
    summary: str
    topic: str
    severity: str
    severity_label: str
    channel: str
    organs: list[OrganRefOut]
    documents: list[int]
    proposed_organ: OrganRefOut | None
    allocation_rule: str
    responsible_organ: OrganRefOut | None
    co_responders: list[OrganRefOut]
    coordinators: list[OrganRefOut]
    allocation_reason: str
    dispute_reason: str
    next_due_at: datetime | None
    clocks: list[ClockOut]
    responses: list[ResponseOut]
    steps: list[StepOut]
    evaluation: str
    allowed_actions: list[str]

    @staticmethod
    def resolve_status_label(obj: OpinionCase) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_severity_label(obj: OpinionCase) -> str:
        return str(obj.get_severity_display())

    @staticmethod
    def resolve_detected_at(obj: OpinionCase) -> datetime | None:
        return local(obj.detected_at)

    @staticmethod
    def resolve_next_due_at(obj: OpinionCase) -> datetime | None:
        return local(obj.next_due_at)

    @staticmethod
    def resolve_organs(obj: OpinionCase) -> list[Organ]:
        return list(obj.organs.all())

    @staticmethod
    def resolve_documents(obj: OpinionCase) -> list[int]:
        return list(obj.documents.values_list("pk", flat=True))

    @staticmethod
    def resolve_co_responders(obj: OpinionCase) -> list[Organ]:
        return list(obj.co_responders.all())

    @staticmethod
    def resolve_coordinators(obj: OpinionCase) -> list[Organ]:
        return list(obj.coordinators.all())

    @staticmethod
    def resolve_clocks(obj: OpinionCase) -> list[dict[str, Any]]:
        now = timezone.now()
        return [
            {
                "kind": c.kind,
                "label": c.get_kind_display(),
                "start_at": local(c.start_at),
                "due_at": local(c.due_at),
                "closed_on": c.closed_on,
                "overdue": c.is_overdue_at(now),
            }
            for c in selectors.case_clocks(obj)
        ]

    @staticmethod
    def resolve_responses(obj: OpinionCase) -> list[OpinionResponse]:
        return list(obj.responses.select_related("organ"))

    @staticmethod
    def resolve_steps(obj: OpinionCase) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_allowed_actions(obj: OpinionCase, context: Any) -> list[str]:
        return actions_for(kit_api.actor(context["request"]), obj)


class CaseListOut(Schema):
    id: int
    number: str
    status: str
    topic: str
    severity: str
    detected_at: datetime
    next_due_at: datetime | None
    responsible_organ: OrganRefOut | None

    @staticmethod
    def resolve_detected_at(obj: OpinionCase) -> datetime | None:
        return local(obj.detected_at)

    @staticmethod
    def resolve_next_due_at(obj: OpinionCase) -> datetime | None:
        return local(obj.next_due_at)


class CaseFilters(Schema):
    status: Status | None = None
    overdue: bool = False


class TodoOut(Schema):
    case: int
    number: str
    topic: str
    due_at: datetime | None
    minutes_left: int | None
    urgent: bool


class ClockFiguresOut(Schema):
    total: int
    on_time: int
    late: int
    pending: int
    rate: float | None


class DepartmentMonthOut(Schema):
    organ_id: int | None
    organ_name: str
    cases: int
    major: int
    clocks: dict[str, ClockFiguresOut]


class WebhookOut(Schema):
    id: int = Field(..., description="推送事件 id（同一事件重复推送返回同一 id）")
    event: str = Field(..., description="发送方:事件编号")
    status: str = Field(..., description="accepted：已保存，舆情事件由后台任务登记")


# --- helpers ----------------------------------------------------------------------------------


def _visible(request: HttpRequest) -> QuerySet[OpinionCase]:
    return selectors.cases_visible_to(kit_api.actor(request))


def _case(request: HttpRequest, case_id: int) -> OpinionCase:
    return kit_api.visible_or_404(_visible(request), case_id)


def _organ(pk: int | None) -> Organ | None:
    if pk is None:
        return None
    organ = Organ.objects.filter(pk=pk, is_active=True).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field="organ")
    return organ


def _organs(ids: list[int], field: str) -> list[Organ]:
    found = {o.pk: o for o in Organ.objects.filter(pk__in=ids, is_active=True)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise InvalidInput(_("机关不存在：%(ids)s") % {"ids": missing}, field=field)
    return [found[pk] for pk in dict.fromkeys(ids)]


def _documents(request: HttpRequest, ids: list[int]) -> list[Document]:
    found = {d.pk: d for d in documents_visible_to(kit_api.actor(request)).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise InvalidInput(_("文件不存在或无权查看：%(ids)s") % {"ids": missing}, field="documents")
    return [found[pk] for pk in dict.fromkeys(ids)]


def _response(request: HttpRequest, response_id: int) -> OpinionResponse:
    response = OpinionResponse.objects.select_related("case").filter(pk=response_id).first()
    if response is None or not _visible(request).filter(pk=response.case_id).exists():
        from django.http import Http404

        raise Http404
    return response


# --- the monitoring webhook -------------------------------------------------------------------


@router.post(
    "/webhook",
    auth=None,
    response={202: WebhookOut, **ERROR_RESPONSES},
    summary="舆情监测服务推送（HMAC 签名；保存后返回 202，由后台任务登记）",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}
    },
)
def receive_webhook(request: HttpRequest) -> HttpResponse:
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        content_length = int(length)
    except ValueError:
        content_length = 0
    limit = int(setting("GONGKAI_CONCERNS_WEBHOOK_MAX_BYTES"))
    body = b"" if content_length > limit else request.body
    result = webhook.receive(
        body=body,
        headers={
            "timestamp": request.headers.get("X-Gongkai-Timestamp", ""),
            "signature": request.headers.get("X-Gongkai-Signature", ""),
            "sender": request.headers.get("X-Gongkai-Sender", "")[:40],
        },
        remote=kit_api.client_ip(request),
        content_length=content_length,
    )
    return HttpResponse(
        json.dumps(result.body, ensure_ascii=False),
        status=result.status,
        content_type="application/json; charset=utf-8",
    )


# --- cases ------------------------------------------------------------------------------------


@router.get("/cases", response=list[CaseListOut], summary="舆情事件列表")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> Any:
    qs = _visible(request)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue:
        qs = qs.filter(next_due_at__lt=timezone.now())
    return qs.order_by("-detected_at", "-pk")[:500]


@router.post("/cases", response={200: CaseOut, 201: CaseOut, **ERROR_RESPONSES}, summary="登记舆情")
def create_case(
    request: HttpRequest,
    payload: CaseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Any:
    actor = kit_api.actor(request)
    token = (
        kit_api.client_token(actor, idempotency_key, scope="opinion_case")
        if idempotency_key
        else None
    )
    if token:
        existing = _visible(request).filter(client_token=token).first()
        if existing is not None:
            return Reply(200, existing)
    case = services.case_create(
        actor=actor,
        data=services.CaseData(
            detected_at=payload.detected_at,
            source=payload.source,
            link=payload.link,
            summary=payload.summary,
            topic=payload.topic,
            severity=kit_api.plain(payload.severity),
            organs=_organs(payload.organs, "organs"),
            documents=_documents(request, payload.documents),
        ),
        client_token=token,
    )
    return Reply(201, kit_api.reloaded(_visible(request), case))


@router.get("/cases/{case_id}", response={200: CaseOut, **ERROR_RESPONSES}, summary="舆情事件详情")
def get_case(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id)


def _after(request: HttpRequest, case: OpinionCase) -> Any:
    return kit_api.reloaded(_visible(request), case)


@router.post(
    "/cases/{case_id}/allocate",
    response={200: CaseOut, **ERROR_RESPONSES},
    summary="确认或变更第一责任主体",
)
def allocate_case(request: HttpRequest, case_id: int, payload: AllocateIn) -> Any:
    case = services.case_allocate(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        organ=_organ(payload.organ),
        reason=payload.reason,
        co_responders=_organs(payload.co_responders, "co_responders")
        if payload.co_responders is not None
        else None,
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/regrade",
    response={200: CaseOut, **ERROR_RESPONSES},
    summary="调整舆情等级（按新等级重新计算时限）",
)
def regrade_case(request: HttpRequest, case_id: int, payload: RegradeIn) -> Any:
    case = services.case_regrade(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        severity=payload.severity,
        reason=payload.reason,
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/dispute",
    response={200: CaseOut, **ERROR_RESPONSES},
    summary="对责任主体提出异议",
)
def dispute_case(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    case = services.case_dispute(
        actor=kit_api.actor(request), case=_case(request, case_id), reason=payload.reason
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/decide", response={200: CaseOut, **ERROR_RESPONSES}, summary="裁定责任主体"
)
def decide_case(request: HttpRequest, case_id: int, payload: DecideIn) -> Any:
    case = services.case_decide(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        organ=_organ(payload.organ),
        reason=payload.reason,
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/consult", response={200: CaseOut, **ERROR_RESPONSES}, summary="记录会商"
)
def consult_case(request: HttpRequest, case_id: int, payload: StepIn) -> Any:
    case = services.case_consult(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        note=payload.note,
        participants=payload.participants,
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/analyse", response={200: CaseOut, **ERROR_RESPONSES}, summary="记录研判"
)
def analyse_case(request: HttpRequest, case_id: int, payload: StepIn) -> Any:
    case = services.case_analyse(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        note=payload.note,
        participants=payload.participants,
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/responses", response={201: ResponseOut, **ERROR_RESPONSES}, summary="记录回应"
)
def add_response(request: HttpRequest, case_id: int, payload: ResponseIn) -> Any:
    response = services.response_add(
        actor=kit_api.actor(request),
        case=_case(request, case_id),
        data=services.ResponseData(
            form=kit_api.plain(payload.form),
            title=payload.title,
            content=payload.content,
            occurred_at=payload.occurred_at,
            link=payload.link,
            speaker=payload.speaker,
            speaker_title=payload.speaker_title,
        ),
    )
    return Reply(201, response)


@router.post(
    "/responses/{response_id}/publish",
    response={200: ResponseOut, **ERROR_RESPONSES},
    summary="在“回应关切”发布",
)
def publish_response(request: HttpRequest, response_id: int) -> Any:
    return services.response_publish(
        actor=kit_api.actor(request), response=_response(request, response_id)
    )


@router.post(
    "/responses/{response_id}/unpublish",
    response={200: ResponseOut, **ERROR_RESPONSES},
    summary="撤下“回应关切”中的回应",
)
def unpublish_response(request: HttpRequest, response_id: int, payload: ReasonIn) -> Any:
    return services.response_unpublish(
        actor=kit_api.actor(request),
        response=_response(request, response_id),
        reason=payload.reason,
    )


@router.post(
    "/cases/{case_id}/finish",
    response={200: CaseOut, **ERROR_RESPONSES},
    summary="回应完毕，转入评估",
)
def finish_case(request: HttpRequest, case_id: int, payload: FinishIn) -> Any:
    case = services.case_finish(
        actor=kit_api.actor(request), case=_case(request, case_id), note=payload.note
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/evaluate", response={200: CaseOut, **ERROR_RESPONSES}, summary="评估并办结"
)
def evaluate_case(request: HttpRequest, case_id: int, payload: EvaluateIn) -> Any:
    case = services.case_evaluate(
        actor=kit_api.actor(request), case=_case(request, case_id), evaluation=payload.evaluation
    )
    return _after(request, case)


@router.post(
    "/cases/{case_id}/dismiss",
    response={200: CaseOut, **ERROR_RESPONSES},
    summary="认定不属于政务舆情",
)
def dismiss_case(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    case = services.case_dismiss(
        actor=kit_api.actor(request), case=_case(request, case_id), reason=payload.reason
    )
    return _after(request, case)


@router.get("/todo", response=list[TodoOut], summary="待办：按剩余小时排序")
def todo(request: HttpRequest) -> Any:
    return [
        {
            "case": line.case.pk,
            "number": line.case.number,
            "topic": line.case.topic,
            "due_at": local(line.due_at),
            "minutes_left": line.minutes_left,
            "urgent": line.urgent,
        }
        for line in selectors.todo(kit_api.actor(request))
    ]


@router.get(
    "/stats/{year}/{month}",
    response={200: list[DepartmentMonthOut], **ERROR_RESPONSES},
    summary="月度统计（各部门）",
)
def monthly(request: HttpRequest, year: int, month: int) -> Any:
    from gongkai.concerns import permissions as perms
    from gongkai.core.exceptions import NotPermitted

    if not perms.can_view_dashboard(kit_api.actor(request)):
        raise NotPermitted(_("只有区政府办公室或宣传部门可以查看舆情统计。"))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise InvalidInput(_("年月无效。"), field="month")
    lines = stats.monthly_figures(year, month)
    return [
        {
            "organ_id": line.organ_id,
            "organ_name": line.organ_name,
            "cases": line.cases,
            "major": line.major,
            "clocks": {
                k: {
                    "total": f.total,
                    "on_time": f.on_time,
                    "late": f.late,
                    "pending": f.pending,
                    "rate": f.rate,
                }
                for k, f in line.clocks.items()
            },
        }
        for line in lines
    ]
