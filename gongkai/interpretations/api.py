"""Interpretation endpoints of the JSON API (mounted by gongkai.api.urls at /interpretations).

Each operation finds the interpretation among those the caller may see (404 otherwise) and
calls one service; permissions, transitions and sign-off rules are the services' business.
Errors use the API's common body (gongkai.api.errors).
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as Reply

from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_visible_to
from gongkai.interpretations import selectors, services
from gongkai.interpretations.models import Interpretation, Media
from gongkai.interpretations.workflow import Element, Status
from gongkai.interpretations.workflow import Form as InterpretationForm

router = Router(tags=["interpretations"])


# --- schemas ----------------------------------------------------------------------------------


class InterpretationFieldsIn(Schema):
    """Fields shared by create and update; only those present are written (PATCH semantics)."""

    title: str = Field("", max_length=300, description="解读标题")
    body: str = Field("", description="解读正文")
    organ: kit_api.Id | None = Field(None, description="解读单位 id（默认为文件起草单位）")
    interpreter_name: str = Field("", max_length=60, description="解读人（联系人）")
    interpreter_phone: str = Field("", max_length=60, description="联系电话")
    forms: list[InterpretationForm] = Field(default_factory=list, description="解读形式")
    elements: list[Element] = Field(default_factory=list, description="内容要素")


class InterpretationCreateIn(InterpretationFieldsIn):
    title: str = Field(..., min_length=1, max_length=300, description="解读标题")
    documents: list[kit_api.Id] = Field(..., min_length=1, description="关联文件 id")


class InterpretationUpdateIn(InterpretationFieldsIn):
    documents: list[kit_api.Id] | None = Field(None, description="关联文件 id（替换原有关联）")


class OpinionIn(Schema):
    opinion: str = Field("", max_length=2000)


class InterpretationFilters(Schema):
    status: Status | None = None
    document: kit_api.Id | None = Field(None, description="关联文件 id")


class OrganRefOut(Schema):
    id: int
    name: str


class DocumentRefOut(Schema):
    id: int
    uid: UUID
    title: str
    status: str


class MediaOut(Schema):
    id: int
    title: str
    kind: str
    size: int
    sha256: str


class InterpretationOut(Schema):
    id: int
    uid: UUID
    status: str
    status_label: str
    title: str
    body: str
    organ: OrganRefOut
    interpreter_name: str
    interpreter_phone: str
    forms: list[str]
    elements: list[str]
    documents: list[DocumentRefOut]
    media: list[MediaOut]
    signed_off_by: str | None
    signed_off_at: datetime | None
    copy_ratio: float | None
    published_date: date | None
    warnings: list[str] = Field(default_factory=list, description="审签提示（摘抄比例、内容要素）")

    @staticmethod
    def resolve_status_label(obj: Interpretation) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_documents(obj: Interpretation) -> list[Document]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_media(obj: Interpretation) -> list[Media]:
        return list(obj.media.all())

    @staticmethod
    def resolve_signed_off_by(obj: Interpretation) -> str | None:
        return str(obj.signed_off_by) if obj.signed_off_by_id else None

    @staticmethod
    def resolve_warnings(obj: Interpretation) -> list[str]:
        return list(getattr(obj, "api_warnings", []))


# --- helpers ----------------------------------------------------------------------------------


def _visible(request: HttpRequest) -> QuerySet[Interpretation]:
    return selectors.interpretations_visible_to(kit_api.actor(request)).prefetch_related(
        "documents", "media"
    )


def _interpretation(request: HttpRequest, interpretation_id: kit_api.Id) -> Interpretation:
    return kit_api.visible_or_404(_visible(request), interpretation_id)


def _reloaded(request: HttpRequest, interpretation: Interpretation) -> Interpretation:
    return kit_api.reloaded(_visible(request), interpretation)


def _documents(request: HttpRequest, ids: list[int]) -> list[Document]:
    ids = list(dict.fromkeys(ids))
    found = {d.pk: d for d in documents_visible_to(kit_api.actor(request)).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(
            _("关联文件不存在或无权查看：%(id)s") % {"id": missing[0]}, field="documents"
        )
    return [found[i] for i in ids]


def _field_data(payload: InterpretationFieldsIn) -> dict[str, Any]:
    data = {k: kit_api.plain(v) for k, v in payload.dict(exclude_unset=True).items()}
    data.pop("documents", None)
    if data.get("organ") is None:
        data.pop("organ", None)
    return data


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "",
    response={200: list[InterpretationOut], **ERROR_RESPONSES},
    summary="政策解读列表（当前用户可见范围）",
)
def list_interpretations(
    request: HttpRequest, filters: Query[InterpretationFilters]
) -> QuerySet[Interpretation]:
    qs = _visible(request)
    if filters.status:
        qs = qs.filter(status=kit_api.plain(filters.status))
    if filters.document:
        qs = qs.filter(documents=filters.document)
    return qs.order_by("-updated_at", "-id")[:500]


@router.post(
    "",
    response={201: InterpretationOut, 200: InterpretationOut, **ERROR_RESPONSES},
    summary="起草政策解读（谁起草谁解读）",
    description="带 `Idempotency-Key` 请求头重复提交时返回首次创建的解读（200）。",
)
def create_interpretation(
    request: HttpRequest,
    payload: InterpretationCreateIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Reply[Interpretation]:
    actor = kit_api.actor(request)
    client_token = (
        kit_api.client_token(actor, idempotency_key, scope="interpretation")
        if idempotency_key
        else None
    )
    if client_token:
        existing = _visible(request).filter(client_token=client_token).first()
        if existing is not None:
            return Reply(200, existing)
    interpretation = services.interpretation_create(
        actor=actor,
        documents=_documents(request, payload.documents),
        data=_field_data(payload),
        client_token=client_token,
    )
    return Reply(201, _reloaded(request, interpretation))


@router.get(
    "/{interpretation_id}",
    response={200: InterpretationOut, **ERROR_RESPONSES},
    summary="政策解读详情",
)
def get_interpretation(request: HttpRequest, interpretation_id: kit_api.Id) -> Interpretation:
    return _interpretation(request, interpretation_id)


@router.patch(
    "/{interpretation_id}",
    response={200: InterpretationOut, **ERROR_RESPONSES},
    summary="修改解读（起草中）",
)
def update_interpretation(
    request: HttpRequest, interpretation_id: kit_api.Id, payload: InterpretationUpdateIn
) -> Interpretation:
    interpretation = _interpretation(request, interpretation_id)
    data = _field_data(payload)
    if payload.documents is not None:
        data["documents"] = _documents(request, payload.documents)
    interpretation = services.interpretation_update(
        actor=kit_api.actor(request), interpretation=interpretation, data=data
    )
    return _reloaded(request, interpretation)


@router.post(
    "/{interpretation_id}/sign-off",
    response={200: InterpretationOut, **ERROR_RESPONSES},
    summary="审签解读（解读单位负责人）",
    description="返回的 `warnings` 为提示（如与文件原文重合比例过高），不影响审签。",
)
def sign_off_interpretation(
    request: HttpRequest, interpretation_id: kit_api.Id, payload: OpinionIn
) -> Interpretation:
    interpretation = services.interpretation_sign_off(
        actor=kit_api.actor(request),
        interpretation=_interpretation(request, interpretation_id),
        opinion=payload.opinion,
    )
    result = _reloaded(request, interpretation)
    result.api_warnings = selectors.review_warnings(result)  # type: ignore[attr-defined]
    return result


@router.post(
    "/{interpretation_id}/media",
    response={201: MediaOut, **ERROR_RESPONSES},
    summary="上传解读材料（PNG、JPEG、MP4、PDF）",
)
def attach_media(
    request: HttpRequest,
    interpretation_id: kit_api.Id,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> Reply[Media]:
    interpretation = _interpretation(request, interpretation_id)
    media = services.media_add(
        actor=kit_api.actor(request), interpretation=interpretation, upload=file, title=title
    )
    return Reply(201, media)
