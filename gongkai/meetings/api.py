"""政府会议 endpoints of the JSON API (mounted by gongkai.api.urls at /meetings).

Every action of the staff pages is here too, through the same services: the plan (meeting
and agenda items), 报送/审定/退回, 会议预告, the selection of attendees, 召开, the results
and links, 发布, 取消. `allowed_actions` is what `actions_for` offers the caller. One
endpoint is public (no authentication): the application to attend an open item, throttled
per address like the portal's form. Errors use the API's common body (gongkai.api.errors).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as Reply

from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES
from gongkai.core.kit.workflow import actions_for
from gongkai.meetings import permissions as perms
from gongkai.meetings import selectors, services
from gongkai.meetings.models import AgendaItem, Meeting, MeetingLink, Selection
from gongkai.meetings.presenters import applicant_view
from gongkai.meetings.throttle import application_blocked, application_counted
from gongkai.meetings.workflow import (
    Attendee,
    LinkKind,
    MeetingKind,
    OpenMethod,
    Openness,
    SelectionMethod,
)
from gongkai.organizations.models import Organ

router = Router(tags=["meetings"])


# --- schemas ----------------------------------------------------------------------------------


class MeetingFieldsIn(Schema):
    kind: MeetingKind | None = Field(None, description="会议类型")
    title: str | None = Field(None, max_length=200, description="会议名称")
    starts_at: datetime | None = Field(None, description="会议时间")
    location: str | None = Field(None, max_length=200, description="会议地点")
    chair: str | None = Field(None, max_length=100, description="主持人")
    applications_close_at: datetime | None = Field(None, description="列席报名截止时间")
    public_interest: bool | None = Field(None, description="涉及重大公共利益（须直播）")
    live_stream_url: str | None = Field(None, max_length=200, description="直播地址")


class MeetingCreateIn(MeetingFieldsIn):
    organ: int = Field(..., description="召开机关 id")


class ItemIn(Schema):
    order: int | None = None
    title: str | None = Field(None, max_length=300, description="议题")
    summary: str | None = Field(None, max_length=5000)
    sponsor: str | None = Field(None, max_length=200, description="汇报单位")
    invite: list[Attendee] | None = Field(
        None, description="邀请列席（利益相关方、公众代表、专家、媒体）"
    )
    openness: Openness | None = None
    open_methods: list[OpenMethod] | None = None
    closed_reason: str | None = Field(None, max_length=1000)
    public_seats: int | None = Field(None, ge=0, le=200)
    consulted: bool | None = Field(None, description="已公开征求意见")
    adoption_explanation: str | None = Field(None, max_length=5000, description="意见采纳情况说明")
    consultation_reference: str | None = Field(None, max_length=300)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class OpinionIn(Schema):
    opinion: str = Field("", max_length=2000)


class SelectIn(Schema):
    item: int
    method: SelectionMethod
    seats: int | None = Field(None, ge=1)
    chosen: list[str] = Field(default_factory=list, description="综合遴选：选定的报名编号")
    note: str = Field("", max_length=2000)


class ResultsIn(Schema):
    press_release: str = Field("", max_length=20000, description="新闻通稿")
    decisions: dict[int, str] = Field(default_factory=dict, description="议题 id → 议定事项")


class LinkIn(Schema):
    kind: LinkKind
    title: str = Field(..., max_length=300)
    url: str = Field(..., max_length=500)
    source: str = Field("", max_length=100)
    item: int | None = None


class ApplicationIn(Schema):
    name: str = Field(..., max_length=60)
    phone: str = Field(..., max_length=30)
    email: str = Field("", max_length=254)
    category: Attendee = Attendee.PUBLIC
    work_unit: str = Field("", max_length=200)
    reason: str = Field("", max_length=services.MAX_REASON)


class ApplicationOut(Schema):
    number: str
    item: int
    status: str
    name: str
    phone: str
    email: str
    work_unit: str


class SelectionOut(Schema):
    method: str
    seats: int
    seed: str
    candidates: list[str]
    selected: list[str]


class ItemOut(Schema):
    id: int
    order: int
    title: str
    summary: str
    sponsor: str
    invite: list[str]
    openness: str
    open_methods: list[str]
    closed_reason: str
    public_seats: int
    consulted: bool
    adoption_explanation: str
    consultation_reference: str
    decision: str
    selection: SelectionOut | None = None

    @staticmethod
    def resolve_selection(obj: AgendaItem) -> Selection | None:
        return Selection.objects.filter(item=obj).first()


class LinkOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    source: str
    item_id: int | None


class MeetingOut(Schema):
    id: int
    uid: UUID
    organ: int
    kind: str
    session: int | None
    title: str
    starts_at: datetime
    location: str
    chair: str
    applications_close_at: datetime | None
    public_interest: bool
    live_stream_url: str
    status: str
    status_label: str
    press_release: str
    items: list[ItemOut]
    links: list[LinkOut]
    allowed_actions: list[str] = Field(default_factory=list)

    @staticmethod
    def resolve_organ(obj: Meeting) -> int:
        return obj.organ_id

    @staticmethod
    def resolve_status_label(obj: Meeting) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_items(obj: Meeting) -> list[AgendaItem]:
        return list(obj.items.all())

    @staticmethod
    def resolve_links(obj: Meeting) -> list[MeetingLink]:
        return list(obj.links.all())

    @staticmethod
    def resolve_allowed_actions(obj: Meeting) -> list[str]:
        return list(getattr(obj, "api_actions", []))


class ReceiptOut(Schema):
    number: str
    item: int
    meeting: UUID


# --- helpers ----------------------------------------------------------------------------------


def _visible(request: HttpRequest) -> QuerySet[Meeting]:
    return selectors.meetings_visible_to(kit_api.actor(request)).prefetch_related("items", "links")


def _out(request: HttpRequest, meeting: Meeting) -> Meeting:
    meeting = kit_api.reloaded(_visible(request), meeting)
    meeting.api_actions = actions_for(kit_api.actor(request), meeting)  # type: ignore[attr-defined]
    return meeting


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return kit_api.visible_or_404(_visible(request), meeting_id)


def _data(payload: Schema) -> dict[str, Any]:
    return {
        k: kit_api.plain(v) for k, v in payload.dict(exclude_unset=True).items() if v is not None
    }


# --- endpoints --------------------------------------------------------------------------------


@router.get("", response={200: list[MeetingOut], **ERROR_RESPONSES}, summary="政府会议列表")
def list_meetings(request: HttpRequest) -> list[Meeting]:
    meetings = list(_visible(request).order_by("-starts_at", "-id")[:500])
    for meeting in meetings:
        meeting.api_actions = actions_for(kit_api.actor(request), meeting)  # type: ignore[attr-defined]
    return meetings


@router.post(
    "",
    response={201: MeetingOut, 200: MeetingOut, **ERROR_RESPONSES},
    summary="拟订会议方案",
    description="带 `Idempotency-Key` 请求头重复提交时返回首次创建的会议（200）。",
)
def create_meeting(
    request: HttpRequest,
    payload: MeetingCreateIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Reply[Meeting]:
    actor = kit_api.actor(request)
    token = (
        kit_api.client_token(actor, idempotency_key, scope="meeting") if idempotency_key else None
    )
    if token:
        existing = _visible(request).filter(client_token=token).first()
        if existing is not None:
            return Reply(200, _out(request, existing))
    organ = get_object_or_404(Organ, pk=payload.organ)
    data = _data(payload)
    data.pop("organ", None)
    meeting = services.meeting_create(actor=actor, organ=organ, data=data, client_token=token)
    return Reply(201, _out(request, meeting))


@router.get("/{meeting_id}", response={200: MeetingOut, **ERROR_RESPONSES}, summary="会议详情")
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return _out(request, _meeting(request, meeting_id))


@router.patch(
    "/{meeting_id}", response={200: MeetingOut, **ERROR_RESPONSES}, summary="修改会议方案"
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingFieldsIn) -> Meeting:
    meeting = services.meeting_update(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id), data=_data(payload)
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/items", response={201: MeetingOut, **ERROR_RESPONSES}, summary="增加议题"
)
def add_item(request: HttpRequest, meeting_id: int, payload: ItemIn) -> Reply[Meeting]:
    meeting = _meeting(request, meeting_id)
    services.item_add(actor=kit_api.actor(request), meeting=meeting, data=_data(payload))
    return Reply(201, _out(request, meeting))


@router.patch(
    "/{meeting_id}/items/{item_id}",
    response={200: MeetingOut, **ERROR_RESPONSES},
    summary="修改议题",
)
def update_item(request: HttpRequest, meeting_id: int, item_id: int, payload: ItemIn) -> Meeting:
    meeting = _meeting(request, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    services.item_update(actor=kit_api.actor(request), item=item, data=_data(payload))
    return _out(request, meeting)


@router.delete(
    "/{meeting_id}/items/{item_id}",
    response={200: MeetingOut, **ERROR_RESPONSES},
    summary="删除议题",
)
def remove_item(request: HttpRequest, meeting_id: int, item_id: int) -> Meeting:
    meeting = _meeting(request, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    services.item_remove(actor=kit_api.actor(request), item=item)
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/submit", response={200: MeetingOut, **ERROR_RESPONSES}, summary="报送会议方案"
)
def submit_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = services.meeting_submit(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id)
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/approve", response={200: MeetingOut, **ERROR_RESPONSES}, summary="审定会议方案"
)
def approve_meeting(request: HttpRequest, meeting_id: int, payload: OpinionIn) -> Meeting:
    meeting = services.meeting_approve(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id), opinion=payload.opinion
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/reopen", response={200: MeetingOut, **ERROR_RESPONSES}, summary="退回修改方案"
)
def reopen_meeting(request: HttpRequest, meeting_id: int, payload: ReasonIn) -> Meeting:
    meeting = services.meeting_reopen(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id), reason=payload.reason
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/announce", response={200: MeetingOut, **ERROR_RESPONSES}, summary="发布会议预告"
)
def announce_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = services.meeting_announce(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id)
    )
    return _out(request, meeting)


@router.get(
    "/{meeting_id}/applications",
    response={200: list[ApplicationOut], **ERROR_RESPONSES},
    summary="列席申请（非承办人员看到的个人信息已脱敏）",
)
def list_applications(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    clear = perms.can_see_applicants(kit_api.actor(request), meeting)
    return [
        {
            "number": a.number,
            "item": a.item_id,
            "status": a.status,
            **applicant_view(a, clear=clear),
        }
        for a in selectors.applications_of(meeting).order_by("number")
    ]


@router.post(
    "/{meeting_id}/select", response={200: MeetingOut, **ERROR_RESPONSES}, summary="遴选列席人员"
)
def select_attendees(request: HttpRequest, meeting_id: int, payload: SelectIn) -> Meeting:
    meeting = _meeting(request, meeting_id)
    item = get_object_or_404(AgendaItem, pk=payload.item, meeting=meeting)
    services.attendees_select(
        actor=kit_api.actor(request),
        item=item,
        method=kit_api.plain(payload.method),
        seats=payload.seats,
        chosen=payload.chosen,
        note=payload.note,
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/hold", response={200: MeetingOut, **ERROR_RESPONSES}, summary="确认会议已召开"
)
def hold_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = services.meeting_hold(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id)
    )
    return _out(request, meeting)


@router.put(
    "/{meeting_id}/results",
    response={200: MeetingOut, **ERROR_RESPONSES},
    summary="录入新闻通稿和议定事项",
)
def record_results(request: HttpRequest, meeting_id: int, payload: ResultsIn) -> Meeting:
    meeting = services.meeting_record_results(
        actor=kit_api.actor(request),
        meeting=_meeting(request, meeting_id),
        press_release=payload.press_release,
        decisions=payload.decisions,
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/links",
    response={201: MeetingOut, **ERROR_RESPONSES},
    summary="增加媒体报道或解读链接",
)
def add_link(request: HttpRequest, meeting_id: int, payload: LinkIn) -> Reply[Meeting]:
    meeting = _meeting(request, meeting_id)
    item = get_object_or_404(AgendaItem, pk=payload.item, meeting=meeting) if payload.item else None
    services.link_add(
        actor=kit_api.actor(request),
        meeting=meeting,
        kind=kit_api.plain(payload.kind),
        title=payload.title,
        url=payload.url,
        source=payload.source,
        item=item,
    )
    return Reply(201, _out(request, meeting))


@router.delete(
    "/{meeting_id}/links/{link_id}",
    response={200: MeetingOut, **ERROR_RESPONSES},
    summary="删除链接",
)
def remove_link(request: HttpRequest, meeting_id: int, link_id: int) -> Meeting:
    meeting = _meeting(request, meeting_id)
    link = get_object_or_404(MeetingLink, pk=link_id, meeting=meeting)
    services.link_remove(actor=kit_api.actor(request), link=link)
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/publish", response={200: MeetingOut, **ERROR_RESPONSES}, summary="发布会议结果"
)
def publish_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = services.meeting_publish(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id)
    )
    return _out(request, meeting)


@router.post(
    "/{meeting_id}/cancel", response={200: MeetingOut, **ERROR_RESPONSES}, summary="取消会议"
)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: ReasonIn) -> Meeting:
    meeting = services.meeting_cancel(
        actor=kit_api.actor(request), meeting=_meeting(request, meeting_id), reason=payload.reason
    )
    return _out(request, meeting)


@router.post(
    "/items/{item_id}/applications",
    auth=None,
    response={201: ReceiptOut, 200: ReceiptOut, **ERROR_RESPONSES},
    summary="申请列席会议（公众，无需登录）",
    description="带 `Idempotency-Key` 请求头重复提交时返回首次提交的报名（200）。按来源地址限流（429）。",
)
def apply_to_attend(
    request: HttpRequest,
    item_id: int,
    payload: ApplicationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Reply[dict[str, Any]]:
    item = selectors.public_item(item_id)
    if item is None or not item.takes_applications:
        raise HttpError(404, _("该议题不接受公众申请列席。"))
    ip = kit_api.client_ip(request)
    if application_blocked(ip):
        raise HttpError(429, _("提交过于频繁，请稍后再试。"))
    application_counted(ip)
    token = None
    if idempotency_key:
        import hashlib

        token = (
            "api-pub:" + hashlib.sha256(f"{item_id}\x00{idempotency_key}".encode()).hexdigest()[:56]
        )
    application = services.application_submit(
        item=item, data=_data(payload), client_token=token, remote_ip=ip or None
    )
    body = {"number": application.number, "item": item.pk, "meeting": item.meeting.uid}
    return Reply(201, body)
