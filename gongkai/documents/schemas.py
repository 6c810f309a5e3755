"""Input and output schemas of the JSON API.

Input field names are those of documents.services.EDITABLE_FIELDS (plus `organ` on create
and `co_organs`); related objects are given by id. Dates are ISO 8601 (YYYY-MM-DD).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from gongkai.core.kit.api import Id
from gongkai.core.kit.workflow import actions_for
from gongkai.documents.models import (
    Attribute,
    Document,
    DocumentReturn,
    Genre,
    OnRequestReason,
    ReasonCode,
    ReturnCategory,
    SecrecyLevel,
    Validity,
)
from gongkai.documents.workflow import Status

# --- Inputs -----------------------------------------------------------------------------------


class DocumentFieldsIn(Schema):
    """Optional document fields shared by create and update.

    Only the fields present in the request are written (PATCH semantics); `null` is accepted
    where the stored value may be empty (dates, topic, validity_years).
    """

    doc_number: str = Field("", max_length=80, description="文号，如“示教发〔2026〕7号”")
    written_date: date | None = Field(None, description="成文日期")
    effective_date: date | None = Field(None, description="施行日期")
    expires_on: date | None = Field(None, description="有效期至（自该日起失效）")
    validity_years: int | None = Field(None, ge=1, le=100, description="有效期（年）")
    topic: Id | None = Field(None, description="主题分类 id（GET /topics）")
    genre: Genre | Literal[""] = Field("", description="体裁")
    summary: str = Field("", description="内容概述")
    keywords: str = Field("", description="主题词")
    body: str = Field("", description="正文")
    attribute: Attribute | Literal[""] = Field("", description="公开属性")
    reason_codes: list[ReasonCode] = Field(
        default_factory=list,
        description="不予公开理由（条例第十四条至第十六条），仅用于不予公开",
    )
    on_request_reason: OnRequestReason | Literal[""] = Field(
        "",
        description="依申请公开理由（不属于条例第十九条至第二十一条的主动公开范围），仅用于依申请公开",
    )
    legal_explanation: str = Field("", description="依据说明")
    secrecy_level: SecrecyLevel = Field(SecrecyLevel.NONE, description="密级（空为非密）")
    secrecy_period: str = Field("", max_length=40, description="保密期限")
    is_policy: bool = Field(False, description="政策性文件")
    is_normative: bool = Field(False, description="行政规范性文件")
    for_government: bool = Field(False, description="代拟稿（以政府名义发文）")
    source: str = Field("", max_length=200, description="来源（如 OA 系统的文件编号）")
    co_organs: list[Id] = Field(default_factory=list, description="联合发文机关 id")


class DocumentCreateIn(DocumentFieldsIn):
    organ: Id = Field(..., description="主办（发文）机关 id（GET /organs）")
    title: str = Field(..., max_length=300, description="标题")


class DocumentUpdateIn(DocumentFieldsIn):
    title: str = Field("", max_length=300, description="标题")


class DisclosureReviewIn(Schema):
    approve: bool
    opinion: str = Field("", description="审查意见；不通过（退回）时必填")


class OpinionIn(Schema):
    opinion: str = ""


class ReturnIn(Schema):
    category: ReturnCategory
    reason: str = Field(..., description="退文理由，起草单位将看到")


class ConfidentialityReviewIn(Schema):
    approve: bool
    items: list[str] = Field(
        default_factory=list,
        description="逐项确认的审查事项（GET /documents/{id}/confidentiality-items 的 key）",
    )
    opinion: str = Field("", description="审查意见；不通过时必填")


class ReasonIn(Schema):
    reason: str


class RepealIn(Schema):
    reason: str = Field(..., description="废止依据")
    repealed_date: date | None = Field(None, description="废止日期，默认今日")


class DocumentFilters(Schema):
    status: Status | None = None
    organ: Id | None = Field(None, description="主办机关 id")
    attribute: Attribute | None = None


# --- Outputs ----------------------------------------------------------------------------------


class OrganRefOut(Schema):
    id: int
    name: str


class OrganOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    index_prefix: str


class TopicOut(Schema):
    id: int
    name: str
    parent_id: int | None


class AttachmentOut(Schema):
    id: int
    title: str
    kind: str
    size: int
    sha256: str


class ReturnOut(Schema):
    category: str
    category_label: str
    reason: str
    stage: str
    stage_label: str
    created_at: datetime

    @staticmethod
    def resolve_category_label(obj: DocumentReturn) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_stage_label(obj: DocumentReturn) -> str:
        return str(obj.get_stage_display())


class PublicationDueOut(Schema):
    """The open 20-working-day publication clock (条例第二十六条)."""

    due_date: date | None
    explanation: list[str]
    provisional: bool = Field(..., description="依据的节假日安排尚未公布，截止日期为暂定")
    overdue: bool


def _user(context: Any) -> Any:
    request = (context or {}).get("request")
    return getattr(request, "auth", None)


def _open_publication_clock(document: Document) -> Any:
    prefetched = getattr(document, "open_publication_clocks", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    clock = document.publication_clock()
    return clock if clock is not None and clock.closed_on is None else None


class DocumentOut(Schema):
    id: int
    uid: UUID
    status: str
    status_label: str
    title: str
    doc_number: str
    organ: OrganRefOut
    co_organs: list[OrganRefOut]
    written_date: date | None
    published_date: date | None
    effective_date: date | None
    repealed_date: date | None
    expires_on: date | None
    validity_years: int | None
    validity: str = Field(..., description="今日的有效性（到期未处理的也显示为失效）")
    validity_label: str
    topic: TopicOut | None
    genre: str
    summary: str
    keywords: str
    body: str
    attribute: str
    attribute_label: str
    reason_codes: list[str]
    reason_labels: list[str]
    on_request_reason: str
    on_request_reason_label: str
    legal_explanation: str
    secrecy_level: str
    secrecy_period: str
    secrecy_mark: str = Field(..., description="密级标志（成文时确定），如“秘密★5年”")
    is_policy: bool
    is_normative: bool
    for_government: bool
    drafting_organ: OrganRefOut | None = Field(
        ..., description="起草单位：以政府名义成文的代拟稿的起草部门"
    )
    index_number: str | None
    marking: str = Field(..., description="附注（成文时确定），如“（此件公开发布）”")
    source: str
    publication_due: PublicationDueOut | None
    attachments: list[AttachmentOut]
    latest_return: ReturnOut | None
    allowed_actions: list[str] = Field(
        ..., description="当前用户现在可执行的操作（不含法定关口检查）"
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_status_label(obj: Document) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_co_organs(obj: Document) -> list[Any]:
        return list(obj.co_organs.all())

    @staticmethod
    def resolve_validity(obj: Document) -> str:
        return str(obj.effective_validity(timezone.localdate()))

    @staticmethod
    def resolve_validity_label(obj: Document) -> str:
        return str(Validity(obj.effective_validity(timezone.localdate())).label)

    @staticmethod
    def resolve_attribute_label(obj: Document) -> str:
        return str(obj.get_attribute_display()) if obj.attribute else ""

    @staticmethod
    def resolve_reason_labels(obj: Document) -> list[str]:
        return obj.reason_labels()

    @staticmethod
    def resolve_on_request_reason_label(obj: Document) -> str:
        return str(obj.get_on_request_reason_display()) if obj.on_request_reason else ""

    @staticmethod
    def resolve_publication_due(obj: Document) -> dict[str, Any] | None:
        clock = _open_publication_clock(obj)
        if clock is None:
            return None
        return {
            "due_date": clock.due_date,
            "explanation": clock.explanation_text("zh"),
            "provisional": clock.provisional,
            "overdue": clock.is_overdue(timezone.localdate()),
        }

    @staticmethod
    def resolve_attachments(obj: Document) -> list[Any]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_latest_return(obj: Document) -> DocumentReturn | None:
        # Iterating .all() uses a prefetch when there is one; .first() would query again.
        return next(iter(obj.returns.all()), None)

    @staticmethod
    def resolve_allowed_actions(obj: Document, context: Any) -> list[str]:
        return actions_for(_user(context), obj)


class ConfidentialityItemOut(Schema):
    key: str
    label: str
    attachment_id: int | None


class ConfidentialityItemsOut(Schema):
    items: list[ConfidentialityItemOut]


class ConfidentialityReviewOut(Schema):
    id: int
    outcome: str
    opinion: str
    items: list[str]
    created_at: datetime
    document: DocumentOut
