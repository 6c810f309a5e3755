"""Document endpoints: every workflow action of the staff UI, for OA systems.

Each operation parses input, finds the document among those the caller may see (404
otherwise, so a clerk of another department learns nothing) and calls one service.
Permissions, transitions and gates are the services' business.
"""

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES, EventOut, plain
from gongkai.core.models import events_for
from gongkai.documents import gates, services
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import Document
from gongkai.documents.schemas import (
    AttachmentOut,
    ConfidentialityItemsOut,
    ConfidentialityReviewIn,
    ConfidentialityReviewOut,
    DisclosureReviewIn,
    DocumentCreateIn,
    DocumentFilters,
    DocumentOut,
    DocumentUpdateIn,
    OpinionIn,
    ReasonIn,
    RepealIn,
    ReturnIn,
)
from gongkai.documents.selectors import documents_visible_to
from gongkai.organizations.models import Organ

router = Router(tags=["documents"])


def _visible(request: HttpRequest) -> QuerySet[Document]:
    return documents_visible_to(kit_api.actor(request)).prefetch_related(
        "co_organs",
        "attachments",
        "returns",
        Prefetch(
            "clocks",
            queryset=Clock.objects.filter(kind=ClockKind.PUBLICATION, closed_on__isnull=True),
            to_attr="open_publication_clocks",
        ),
    )


def _document(request: HttpRequest, document_id: kit_api.Id) -> Document:
    return kit_api.visible_or_404(_visible(request), document_id)


def _reloaded(request: HttpRequest, document: Document) -> Document:
    return kit_api.reloaded(_visible(request), document)


def _field_data(payload: DocumentCreateIn | DocumentUpdateIn) -> dict[str, Any]:
    data = {name: plain(value) for name, value in payload.dict(exclude_unset=True).items()}
    data.pop("organ", None)
    if "co_organs" in data:
        ids = list(dict.fromkeys(data["co_organs"]))
        organs = list(Organ.objects.filter(pk__in=ids))
        if len(organs) != len(ids):
            raise InvalidInput(_("联合发文机关不存在。"), field="co_organs")
        data["co_organs"] = organs
    return data


@router.get(
    "/documents",
    response={200: list[DocumentOut], **ERROR_RESPONSES},
    summary="公文列表（当前用户可见范围）",
)
@paginate(kit_api.Pagination, page_size=settings.GONGKAI_PAGE_SIZE)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> QuerySet[Document]:
    qs = _visible(request)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.organ:
        qs = qs.filter(organ_id=filters.organ)
    if filters.attribute:
        qs = qs.filter(attribute=filters.attribute)
    return qs


@router.post(
    "/documents",
    response={201: DocumentOut, 200: DocumentOut, **ERROR_RESPONSES},
    summary="起草公文",
    description="带 `Idempotency-Key` 请求头重复提交时返回首次创建的公文（200），不会重复创建。",
)
def create_document(
    request: HttpRequest,
    payload: DocumentCreateIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Status[Document]:
    actor = kit_api.actor(request)
    organ = Organ.objects.filter(pk=payload.organ).first()
    if organ is None:
        raise InvalidInput(_("主办机关不存在。"), field="organ")
    client_token = kit_api.client_token(actor, idempotency_key) if idempotency_key else None
    if client_token:
        existing = _visible(request).filter(client_token=client_token).first()
        if existing is not None:
            return Status(200, existing)
    document = services.document_create(
        actor=actor, organ=organ, data=_field_data(payload), client_token=client_token
    )
    return Status(201, _reloaded(request, document))


@router.get(
    "/documents/{document_id}",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="公文详情",
)
def get_document(request: HttpRequest, document_id: kit_api.Id) -> Document:
    return _document(request, document_id)


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="修改草稿（起草中或已退文）",
)
def update_document(
    request: HttpRequest, document_id: kit_api.Id, payload: DocumentUpdateIn
) -> Document:
    document = _document(request, document_id)
    data = _field_data(payload)
    document = services.document_update(actor=kit_api.actor(request), document=document, data=data)
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/submit",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="报送审签（G1 公开属性、G2 理由、G5 密级）",
)
def submit_document(request: HttpRequest, document_id: kit_api.Id) -> Document:
    document = services.document_submit(
        actor=kit_api.actor(request), document=_document(request, document_id)
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/review-disclosure",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="公开属性审查（政务公开工作机构）",
)
def review_disclosure(
    request: HttpRequest, document_id: kit_api.Id, payload: DisclosureReviewIn
) -> Document:
    document = services.document_review_disclosure(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        approve=payload.approve,
        opinion=payload.opinion,
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/sign-off",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="审签（单位负责人）",
)
def sign_off(
    request: HttpRequest, document_id: kit_api.Id, payload: OpinionIn | None = None
) -> Document:
    document = services.document_sign_off(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        opinion=payload.opinion if payload else "",
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/return",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="退回 / 退文（当前环节的审核人）",
)
def return_document(request: HttpRequest, document_id: kit_api.Id, payload: ReturnIn) -> Document:
    document = services.document_return(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        category=plain(payload.category),
        reason=payload.reason,
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/accept",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="代拟稿审核通过（区政府办公室）",
)
def accept_for_government(
    request: HttpRequest, document_id: kit_api.Id, payload: OpinionIn | None = None
) -> Document:
    document = services.document_accept_for_government(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        opinion=payload.opinion if payload else "",
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/confidentiality-review",
    response={201: ConfidentialityReviewOut, **ERROR_RESPONSES},
    summary="发布前保密审查（逐项）",
)
def review_confidentiality(
    request: HttpRequest, document_id: kit_api.Id, payload: ConfidentialityReviewIn
) -> Status[dict[str, Any]]:
    document = _document(request, document_id)
    review = services.document_review_confidentiality(
        actor=kit_api.actor(request),
        document=document,
        approve=payload.approve,
        items=payload.items,
        opinion=payload.opinion,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "outcome": review.outcome,
            "opinion": review.opinion,
            "items": review.items,
            "created_at": review.created_at,
            "document": _reloaded(request, document),
        },
    )


@router.post(
    "/documents/{document_id}/publish",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="发布（G5、G6 等关口；分配索引号）",
)
def publish_document(request: HttpRequest, document_id: kit_api.Id) -> Document:
    document = services.document_publish(
        actor=kit_api.actor(request), document=_document(request, document_id)
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/withdraw",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="撤回已发布公文",
)
def withdraw_document(request: HttpRequest, document_id: kit_api.Id, payload: ReasonIn) -> Document:
    document = services.document_withdraw(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        reason=payload.reason,
    )
    return _reloaded(request, document)


@router.post(
    "/documents/{document_id}/repeal",
    response={200: DocumentOut, **ERROR_RESPONSES},
    summary="废止（页面保留并标注废止）",
)
def repeal_document(request: HttpRequest, document_id: kit_api.Id, payload: RepealIn) -> Document:
    document = services.document_repeal(
        actor=kit_api.actor(request),
        document=_document(request, document_id),
        reason=payload.reason,
        repealed_date=payload.repealed_date,
    )
    return _reloaded(request, document)


@router.get(
    "/documents/{document_id}/events",
    response={200: list[EventOut], **ERROR_RESPONSES},
    summary="办理记录（审计事件）",
)
def document_events(request: HttpRequest, document_id: kit_api.Id) -> Any:
    return events_for(_document(request, document_id))


@router.get(
    "/documents/{document_id}/confidentiality-items",
    response={200: ConfidentialityItemsOut, **ERROR_RESPONSES},
    summary="保密审查须逐项确认的事项",
)
def confidentiality_items(request: HttpRequest, document_id: kit_api.Id) -> dict[str, Any]:
    document = _document(request, document_id)
    titles = {a.pk: a.title for a in document.attachments.all()}
    items = []
    for key in gates.confidentiality_items(document):
        if key.startswith("attachment:"):
            attachment_id = int(key.split(":")[1])
            label = f"附件：{titles.get(attachment_id, attachment_id)}"
        else:
            attachment_id = None
            label = "正文" if key == "body" else key
        items.append({"key": key, "label": label, "attachment_id": attachment_id})
    return {"items": items}


@router.post(
    "/documents/{document_id}/attachments",
    response={201: AttachmentOut, **ERROR_RESPONSES},
    summary="上传附件（docx、pdf、doc）",
)
def add_attachment(
    request: HttpRequest,
    document_id: kit_api.Id,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> Status[Any]:
    document = _document(request, document_id)
    # Read one byte past the limit: the service rejects the size without the API
    # holding an arbitrarily large upload in memory.
    data = file.read(settings.GONGKAI_MAX_UPLOAD_BYTES + 1)
    attachment = services.attachment_add(
        actor=kit_api.actor(request),
        document=document,
        upload=services.Upload(filename=file.name or "", data=data, title=title),
    )
    return Status(201, attachment)


@router.delete(
    "/documents/{document_id}/attachments/{attachment_id}",
    response={204: None, **ERROR_RESPONSES},
    summary="删除附件",
)
def remove_attachment(
    request: HttpRequest, document_id: kit_api.Id, attachment_id: kit_api.Id
) -> Status[None]:
    document = _document(request, document_id)
    attachment = get_object_or_404(document.attachments.all(), pk=attachment_id)
    services.attachment_remove(actor=kit_api.actor(request), attachment=attachment)
    return Status(204, None)
