"""JSON API of 依申请公开 (django-ninja); the lead mounts it with
``api.add_router("/inforequests", router)``.

Public (no authentication): ``POST /apply`` (online application, idempotent with
``Idempotency-Key``) and ``POST /track`` (case number + query code, rate-limited per IP:
429 after too many failures). Everything else needs the API's staff authentication, finds the
request among those the caller may see (404 otherwise) and calls one service; personal data
is masked unless the caller is one of the case's handlers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.errors import HttpError

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES, ErrorOut, EventOut
from gongkai.core.models import events_for
from gongkai.inforequests import selectors, services
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.permissions import can_view_statistics
from gongkai.inforequests.presenters import InfoRequestView, masked, tracking_view
from gongkai.inforequests.schemas import (
    ApplicationIn,
    AssignIn,
    ClockOut,
    ConsultationAnswerIn,
    ConsultationIn,
    ConsultationOut,
    CorrectionDeliveredIn,
    CorrectionIn,
    CorrectionLapseIn,
    CorrectionNoticeIn,
    DecideIn,
    DelayedDeadlineIn,
    DisclosureDeliveredIn,
    DisclosureNoticeIn,
    ExtendIn,
    FeeNoticeIn,
    FeePaymentIn,
    FeeQuoteOut,
    FeeQuoteQuery,
    FrequentOut,
    FrequentQuery,
    InfoRequestOut,
    InfoRequestPage,
    ListQuery,
    ReasonsRequestIn,
    ReceiptIn,
    RegistrationIn,
    ReleaseReviewIn,
    ReleaseReviewOut,
    RepeatCheckOut,
    ReplyIn,
    SubmissionOut,
    Table3Query,
    TrackIn,
    TrackingOut,
    TransferIn,
    WithdrawIn,
)
from gongkai.inforequests.stats import table3_report
from gongkai.inforequests.throttle import (
    submission_blocked,
    submission_counted,
    tracking_blocked,
    tracking_failed,
)
from gongkai.inforequests.workflow import Channel
from gongkai.lib.fees import FeeError
from gongkai.lib.table3 import VERSIONS
from gongkai.organizations.models import Organ

router = Router(tags=["inforequests"])

THROTTLED = "Too many requests."  # gongkai.api.errors maps this text to code "throttled"


# --- helpers ----------------------------------------------------------------------------------


def _get(request: HttpRequest, info_request_id: kit_api.Id) -> InfoRequest:
    return kit_api.visible_or_404(
        selectors.inforequests_visible_to(kit_api.actor(request)), info_request_id
    )


def _out(request: HttpRequest, info_request: InfoRequest) -> InfoRequestView:
    visible = selectors.inforequests_visible_to(kit_api.actor(request))
    return masked(kit_api.reloaded(visible, info_request), kit_api.actor(request))


def _organ(organ_id: kit_api.Id, field: str = "organ") -> Organ:
    organ = Organ.objects.filter(pk=organ_id).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field=field)
    return organ


def _application_data(payload: ApplicationIn) -> dict[str, Any]:
    fields = set(ApplicationIn.model_fields) - {"organ"}
    data = {name: kit_api.plain(getattr(payload, name)) for name in fields}
    data["organisation_type"] = data["organisation_type"] or ""
    return data


def _submission(result: services.Submission) -> Status[dict[str, Any]]:
    ir = result.info_request
    body = {
        "id": ir.pk,
        "case_number": ir.case_number,
        "query_code": result.query_code,
        "created": result.created,
        "status": ir.status,
        "received_date": ir.received_date,
    }
    return Status(201 if result.created else 200, body)


# --- public -----------------------------------------------------------------------------------


@router.post(
    "/apply",
    auth=None,
    response={201: SubmissionOut, 200: SubmissionOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="在线提交政府信息公开申请（公众，无需登录）",
    description=(
        "返回申请编号和查询码（查询码只显示这一次）。带 `Idempotency-Key` 请求头重复提交时返回"
        "首次创建的申请（200），不会重复创建。同一IP地址提交过于频繁时返回429（与在线申请表共用限额）。"
    ),
)
def apply(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Status[dict[str, Any]]:
    ip = kit_api.client_ip(request)
    # The same per-IP flood limit as the online form (throttle.py).
    if submission_blocked(ip):
        raise HttpError(429, THROTTLED)
    submission_counted(ip)
    result = services.inforequest_submit(
        organ=_organ(payload.organ),
        channel=Channel.ONLINE,
        data=_application_data(payload),
        client_token=idempotency_key or None,
        remote_ip=ip or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return _submission(result)


@router.post(
    "/track",
    auth=None,
    response={200: TrackingOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="凭申请编号和查询码查询办理进度（公众）",
)
def track(request: HttpRequest, payload: TrackIn) -> Any:
    ip = kit_api.client_ip(request)
    if tracking_blocked(ip):
        raise HttpError(429, THROTTLED)
    info_request = selectors.inforequest_for_tracking(payload.case_number, payload.query_code)
    if info_request is None:
        tracking_failed(ip)
        raise Http404
    return tracking_view(info_request)


# --- staff: lists and statistics ---------------------------------------------------------------


@router.get(
    "", response={200: InfoRequestPage, **ERROR_RESPONSES}, summary="申请列表（可见范围内）"
)
def list_inforequests(request: HttpRequest, filters: Query[ListQuery]) -> dict[str, Any]:
    qs = selectors.inforequest_list(
        kit_api.actor(request),
        selectors.ListFilters(
            status=kit_api.plain(filters.status),
            organ=filters.organ,
            year=filters.year,
            overdue=filters.overdue,
            due_soon=filters.due_soon,
            q=filters.q.strip(),
        ),
        timezone.localdate(),
    )
    size = settings.GONGKAI_PAGE_SIZE
    start = (filters.page - 1) * size
    actor = kit_api.actor(request)
    return {
        "items": [masked(ir, actor) for ir in qs[start : start + size]],
        "count": qs.count(),
    }


@router.post(
    "",
    response={201: SubmissionOut, 200: SubmissionOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="登记申请（当面、信函、传真、电子邮件、口头）",
)
def register(
    request: HttpRequest,
    payload: RegistrationIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Status[dict[str, Any]]:
    result = services.inforequest_submit(
        organ=_organ(payload.organ),
        channel=kit_api.plain(payload.channel),
        data=_application_data(payload),
        actor=kit_api.actor(request),
        client_token=idempotency_key or None,
        submitted_at=payload.submitted_at,
        received_date=payload.received_date,
    )
    return _submission(result)


@router.get(
    "/frequent",
    response={200: list[FrequentOut], **ERROR_RESPONSES},
    summary="多人申请的相同信息（条例第四十四条）",
)
def frequent(request: HttpRequest, query: Query[FrequentQuery]) -> list[Any]:
    organ = _organ(query.organ)
    if not can_view_statistics(kit_api.actor(request), organ.pk):
        raise NotPermitted(_("只有该机关的政府信息公开工作机构可以查看。"))
    return selectors.frequently_requested(
        organ=organ, year=query.year, min_applicants=query.min_applicants
    )


@router.get(
    "/table3",
    response={200: dict[str, Any], **ERROR_RESPONSES},
    summary="年报表三：收到和处理政府信息公开申请情况",
)
def table3(request: HttpRequest, query: Query[Table3Query]) -> dict[str, Any]:
    organ = _organ(query.organ)
    if not can_view_statistics(kit_api.actor(request), organ.pk):
        raise NotPermitted(_("只有该机关的政府信息公开工作机构可以查看。"))
    if query.version and query.version not in VERSIONS:
        raise InvalidInput(_("年报格式应为 2019 或 2021。"), field="version")
    return table3_report(organ=organ, year=query.year, version=query.version).as_dict()


# --- staff: one request -------------------------------------------------------------------------


@router.get(
    "/{int:info_request_id}", response={200: InfoRequestOut, **ERROR_RESPONSES}, summary="申请详情"
)
def detail(request: HttpRequest, info_request_id: kit_api.Id) -> InfoRequestView:
    return masked(_get(request, info_request_id), kit_api.actor(request))


@router.get(
    "/{int:info_request_id}/events",
    response={200: list[EventOut], **ERROR_RESPONSES},
    summary="办理记录",
)
def events(request: HttpRequest, info_request_id: kit_api.Id) -> Any:
    return events_for(_get(request, info_request_id))


@router.get(
    "/{int:info_request_id}/clocks",
    response={200: list[ClockOut], **ERROR_RESPONSES},
    summary="法定期限及计算说明",
)
def clocks(request: HttpRequest, info_request_id: kit_api.Id) -> Any:
    return selectors.clocks_for(_get(request, info_request_id))


@router.post(
    "/{int:info_request_id}/confirm-receipt",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="确认收到申请之日（条例第三十一条）",
)
def confirm_receipt(
    request: HttpRequest, info_request_id: kit_api.Id, payload: ReceiptIn
) -> InfoRequestView:
    ir = services.inforequest_confirm_receipt(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        received_date=payload.received_date,
        note=payload.note,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/correction-notice",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="一次性告知补正（收到申请7个工作日内）",
)
def correction_notice(
    request: HttpRequest, info_request_id: kit_api.Id, payload: CorrectionNoticeIn
) -> InfoRequestView:
    ir = services.inforequest_notify_correction(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        items=payload.items,
        period_days=payload.period_days,
        notified_on=payload.notified_on,
        received_on=payload.received_on,
        method=kit_api.plain(payload.method) or "",
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/correction-notice/delivered",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="登记申请人收到补正告知之日（补正期限自此计算）",
)
def correction_notice_delivered(
    request: HttpRequest, info_request_id: kit_api.Id, payload: CorrectionDeliveredIn
) -> InfoRequestView:
    ir = services.inforequest_correction_notice_delivered(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        received_on=payload.received_on,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/correction-lapse",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="核实逾期未补正且无正当理由，终止办理（条例第三十条）",
)
def correction_lapse(
    request: HttpRequest, info_request_id: kit_api.Id, payload: CorrectionLapseIn
) -> InfoRequestView:
    ir = services.inforequest_close_correction_overdue(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        note=payload.note,
        closed_on=payload.closed_on,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/correction",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="收到补正（答复期限重新计算）",
)
def correction(
    request: HttpRequest, info_request_id: kit_api.Id, payload: CorrectionIn
) -> InfoRequestView:
    changes = {}
    if payload.changes is not None:
        changes = {k: kit_api.plain(v) for k, v in payload.changes.dict(exclude_unset=True).items()}
    ir = services.inforequest_receive_correction(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        corrected_on=payload.corrected_on,
        changes=changes,
        note=payload.note,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/assign",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="分办（承办、协办单位）",
)
def assign(request: HttpRequest, info_request_id: kit_api.Id, payload: AssignIn) -> InfoRequestView:
    department = _organ(payload.department, "department")
    co = [_organ(pk, "co_departments") for pk in dict.fromkeys(payload.co_departments)]
    ir = services.inforequest_assign(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        department=department,
        co_departments=co,
        note=payload.note,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/extend",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="延长答复期限（政府信息公开工作机构负责人）",
)
def extend(request: HttpRequest, info_request_id: kit_api.Id, payload: ExtendIn) -> InfoRequestView:
    ir = services.inforequest_extend(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        days=payload.days,
        reason=payload.reason,
        approved_on=payload.approved_on,
        notified_on=payload.notified_on,
        method=kit_api.plain(payload.method) or "",
    )
    return _out(request, ir)


@router.get(
    "/{int:info_request_id}/consultations",
    response={200: list[ConsultationOut], **ERROR_RESPONSES},
    summary="意见征询记录",
)
def consultations(request: HttpRequest, info_request_id: kit_api.Id) -> Any:
    return _get(request, info_request_id).consultations.all()


@router.post(
    "/{int:info_request_id}/consultations",
    response={201: ConsultationOut, **ERROR_RESPONSES},
    summary="书面征求第三方/其他机关意见（答复期限中止）",
)
def consult(
    request: HttpRequest, info_request_id: kit_api.Id, payload: ConsultationIn
) -> Status[Any]:
    consultation = services.consultation_start(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        kind=kit_api.plain(payload.kind),
        party=payload.party,
        party_contact=payload.party_contact,
        letter_summary=payload.letter_summary,
        sent_on=payload.sent_on,
        delivered_on=payload.delivered_on,
    )
    return Status(201, consultation)


@router.post(
    "/{int:info_request_id}/consultations/{int:consultation_id}/answer",
    response={200: ConsultationOut, **ERROR_RESPONSES},
    summary="登记征求意见的答复（答复期限恢复计算）",
)
def answer(
    request: HttpRequest,
    info_request_id: kit_api.Id,
    consultation_id: kit_api.Id,
    payload: ConsultationAnswerIn,
) -> Any:
    consultation = get_object_or_404(
        _get(request, info_request_id).consultations.all(), pk=consultation_id
    )
    return services.consultation_answer(
        actor=kit_api.actor(request),
        consultation=consultation,
        position=kit_api.plain(payload.position),
        answered_on=payload.answered_on,
        summary=payload.summary,
    )


@router.post(
    "/{int:info_request_id}/consultations/{int:consultation_id}/disclosure-notice",
    response={200: ConsultationOut, **ERROR_RESPONSES},
    summary="向不同意公开的第三方发出决定公开告知书（条例第三十二条）",
)
def disclosure_notice(
    request: HttpRequest,
    info_request_id: kit_api.Id,
    consultation_id: kit_api.Id,
    payload: DisclosureNoticeIn,
) -> Any:
    consultation = get_object_or_404(
        _get(request, info_request_id).consultations.all(), pk=consultation_id
    )
    return services.consultation_disclosure_notice(
        actor=kit_api.actor(request),
        consultation=consultation,
        content=payload.content,
        reasons=payload.reasons,
        sent_on=payload.sent_on,
        delivered_on=payload.delivered_on,
    )


@router.post(
    "/{int:info_request_id}/consultations/{int:consultation_id}/disclosure-notice/delivered",
    response={200: ConsultationOut, **ERROR_RESPONSES},
    summary="登记决定公开告知书送达第三方",
)
def disclosure_delivered(
    request: HttpRequest,
    info_request_id: kit_api.Id,
    consultation_id: kit_api.Id,
    payload: DisclosureDeliveredIn,
) -> Any:
    consultation = get_object_or_404(
        _get(request, info_request_id).consultations.all(), pk=consultation_id
    )
    return services.consultation_disclosure_notice_delivered(
        actor=kit_api.actor(request), consultation=consultation, delivered_on=payload.delivered_on
    )


@router.get(
    "/{int:info_request_id}/fee-quote",
    response={200: FeeQuoteOut, **ERROR_RESPONSES},
    summary="试算信息处理费",
)
def fee_quote(
    request: HttpRequest, info_request_id: kit_api.Id, query: Query[FeeQuoteQuery]
) -> Any:
    ir = _get(request, info_request_id)
    if ir.received_date is None:
        raise InvalidInput(_("尚未确认收到申请之日。"))
    try:
        return selectors.fee_quote(ir, kit_api.plain(query.mode), pages=query.pages)
    except FeeError as exc:
        raise InvalidInput(str(exc), field="pages") from None


@router.post(
    "/{int:info_request_id}/fee-notice",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="发出收费通知（答复期限中止）",
)
def fee_notice(
    request: HttpRequest, info_request_id: kit_api.Id, payload: FeeNoticeIn
) -> InfoRequestView:
    ir = services.inforequest_fee_notice(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        mode=kit_api.plain(payload.mode),
        pages=payload.pages,
        issued_on=payload.issued_on,
        received_on=payload.received_on,
        method=kit_api.plain(payload.method) or "",
        excess_finding=payload.excess_finding,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/fee-payment",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="登记缴费（答复期限恢复计算）",
)
def fee_payment(
    request: HttpRequest, info_request_id: kit_api.Id, payload: FeePaymentIn
) -> InfoRequestView:
    ir = services.inforequest_fee_paid(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        paid_on=payload.paid_on,
        receipt_number=payload.receipt_number,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/decide",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="作出决定（年报表三的一项办理结果）",
)
def decide(request: HttpRequest, info_request_id: kit_api.Id, payload: DecideIn) -> InfoRequestView:
    ir = services.inforequest_decide(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        outcome=kit_api.plain(payload.outcome),
        reasons=payload.reasons,
        decided_on=payload.decided_on,
        withheld_grounds=payload.withheld_grounds,
        public_interest_finding=payload.public_interest_finding,
        third_party_part_withheld=payload.third_party_part_withheld,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/release-review",
    response={201: ReleaseReviewOut, **ERROR_RESPONSES},
    summary="保密审查：逐项审查拟提供的材料（条例第十七条）",
)
def release_review(
    request: HttpRequest, info_request_id: kit_api.Id, payload: ReleaseReviewIn
) -> Status[Any]:
    review = services.inforequest_review_release(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        items=[item.dict() for item in payload.items],
        opinion=payload.opinion,
        reviewed_on=payload.reviewed_on,
        redecision=payload.redecision,
    )
    return Status(201, review)


@router.post(
    "/{int:info_request_id}/reasons-request",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="要求申请人说明理由（条例第三十五条）",
)
def reasons_request(
    request: HttpRequest, info_request_id: kit_api.Id, payload: ReasonsRequestIn
) -> InfoRequestView:
    ir = services.inforequest_request_reasons(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        matters=payload.matters,
        requested_on=payload.requested_on,
        method=kit_api.plain(payload.method) or "",
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/delayed-deadline",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="确定延迟答复的合理期限（条例第三十五条）",
)
def delayed_deadline(
    request: HttpRequest, info_request_id: kit_api.Id, payload: DelayedDeadlineIn
) -> InfoRequestView:
    ir = services.inforequest_set_delayed_deadline(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        days=payload.days,
        reason=payload.reason,
        applicant_reasons=payload.applicant_reasons,
        decided_on=payload.decided_on,
        method=kit_api.plain(payload.method) or "",
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/transfer",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="告知负责公开的机关（无法提供 1）",
)
def transfer(
    request: HttpRequest, info_request_id: kit_api.Id, payload: TransferIn
) -> InfoRequestView:
    ir = services.inforequest_transfer(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        organ_name=payload.organ_name,
        organ_contact=payload.organ_contact,
        reasons=payload.reasons,
        decided_on=payload.decided_on,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/reply",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="答复（办结）",
)
def reply(request: HttpRequest, info_request_id: kit_api.Id, payload: ReplyIn) -> InfoRequestView:
    ir = services.inforequest_reply(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        delivery=kit_api.plain(payload.delivery),
        replied_on=payload.replied_on,
        summary=payload.summary,
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/archive",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="归档",
)
def archive(request: HttpRequest, info_request_id: kit_api.Id) -> InfoRequestView:
    ir = services.inforequest_archive(
        actor=kit_api.actor(request), info_request=_get(request, info_request_id)
    )
    return _out(request, ir)


@router.post(
    "/{int:info_request_id}/withdraw",
    response={200: InfoRequestOut, **ERROR_RESPONSES},
    summary="申请人撤回申请",
)
def withdraw(
    request: HttpRequest, info_request_id: kit_api.Id, payload: WithdrawIn
) -> InfoRequestView:
    ir = services.inforequest_withdraw(
        actor=kit_api.actor(request),
        info_request=_get(request, info_request_id),
        withdrawn_on=payload.withdrawn_on,
        reason=payload.reason,
    )
    return _out(request, ir)


@router.get(
    "/{int:info_request_id}/repeat-check",
    response={200: RepeatCheckOut, **ERROR_RESPONSES},
    summary="重复申请检查（不予处理 2）",
)
def repeat_check(request: HttpRequest, info_request_id: kit_api.Id) -> dict[str, Any]:
    check = selectors.repeat_check(_get(request, info_request_id))
    outcome = check.suggested_outcome
    return {
        "is_repeat": check.is_repeat,
        "suggested_outcome": outcome.value if outcome else None,
        "earlier": [ir.case_number for ir in check.earlier],
    }
