"""Annual-report endpoints of the JSON API (mounted by gongkai.api.urls at /annual-reports).

Every workflow action of the staff pages is here: create, regenerate, edit a section, enter a
Table 2 figure, check, sign off, publish, reopen; the outputs (DOCX, PDF, XLSX); the district
roll-up; the 复议/诉讼 register. Each operation finds the report among those the caller may
see (404 otherwise) and calls one service. Errors use the API's common body.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Reply

from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit import api as kit_api
from gongkai.core.kit.api import ERROR_RESPONSES
from gongkai.core.kit.workflow import actions_for
from gongkai.inforequests.models import InfoRequest
from gongkai.lib.annual_report import SECTION_KEYS
from gongkai.organizations.models import Organ
from gongkai.reports import inspection, selectors, services
from gongkai.reports import permissions as perms
from gongkai.reports import priorities as priority_services
from gongkai.reports.content import report_content, violations_as_dicts
from gongkai.reports.grids import placed
from gongkai.reports.models import (
    AnnualReport,
    Decision,
    Progress,
    RemedyCase,
    SelfInspection,
    Version,
    WorkPriority,
)
from gongkai.reports.render import grids
from gongkai.reports.views_staff import FORMATS, download_response
from gongkai.reports.workflow import Result, Route

router = Router(tags=["annual-reports"])


class CreateIn(Schema):
    organ: int = Field(..., description="机关 id")
    year: int = Field(..., ge=2019, le=2100, description="报告年度")
    version: Version | None = Field(None, description="年报格式（默认按年度选择）")


class RegenerateIn(Schema):
    overwrite: list[str] = Field(default_factory=list, description="用新草稿覆盖的已修改部分")
    version: Version | None = None


class SectionIn(Schema):
    text: str = Field(..., max_length=20000)


class FigureIn(Schema):
    row: str = Field(..., max_length=30)
    column: str = Field(..., max_length=30)
    value: str = Field(..., max_length=30, description="数值（整数；金额可带两位小数）")
    source: str = Field("", max_length=200, description="数据来源（必填）")


class OpinionIn(Schema):
    opinion: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class SectionOut(Schema):
    key: str
    title: str
    text: str
    draft: str
    edited: bool


class ViolationOut(Schema):
    rule: str
    severity: str
    message: str
    row: str
    column: str
    expected: int | None = None
    actual: int | None = None


class CellOut(Schema):
    row: int
    column: int
    text: str
    colspan: int
    rowspan: int
    head: bool


class ReportOut(Schema):
    id: int
    organ: int
    organ_name: str
    year: int
    version: str
    version_overridden: bool
    status: str
    status_label: str
    title: str
    published_date: date | None
    deadline: date
    late: bool
    allowed_actions: list[str]
    sections: list[SectionOut]
    tables: dict[str, list[CellOut]]
    figures: dict[str, Any]
    violations: list[ViolationOut]
    kept_edits: list[str] = Field(default_factory=list, description="重新生成时保留的已修改部分")


class RollupOut(Schema):
    organ: int
    organ_name: str
    report: int | None
    status: str | None
    published_date: date | None
    deadline: date
    late: bool
    figures: dict[str, Any]


class RemedyCaseIn(Schema):
    organ: int
    case_number: str = Field(..., min_length=1, max_length=80)
    route: Route
    result: Result = Result.PENDING
    filed_on: date
    concluded_on: date | None = None
    info_request: str | None = Field(None, max_length=30, description="关联申请编号")
    summary: str = Field("", max_length=5000)


class RemedyCaseOut(Schema):
    id: int
    organ: int
    case_number: str
    route: str
    result: str
    filed_on: date
    concluded_on: date | None
    info_request: str | None
    summary: str


def _out(
    request: HttpRequest, report: AnnualReport, kept: list[str] | None = None
) -> dict[str, Any]:
    content = report_content(report)
    today = timezone.localdate()
    return {
        "id": report.pk,
        "organ": report.organ_id,
        "organ_name": report.organ.name,
        "year": report.year,
        "version": report.version,
        "version_overridden": report.version_overridden,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "title": report.title,
        "published_date": report.published_date,
        "deadline": selectors.deadline(report.organ, report.year),
        "late": selectors.is_late(report, report.organ, report.year, today),
        "allowed_actions": actions_for(kit_api.actor(request), report),
        "sections": [
            {
                "key": key,
                "title": title,
                "text": text,
                "draft": str((report.sections.get(key) or {}).get("draft", "")),
                "edited": bool((report.sections.get(key) or {}).get("edited")),
            }
            for key, title, text, _table in content.sections()
        ],
        "tables": {
            key: [
                {
                    "row": r,
                    "column": c,
                    "text": cell.text,
                    "colspan": cell.colspan,
                    "rowspan": cell.rowspan,
                    "head": cell.head,
                }
                for r, c, cell in placed(grid)
            ]
            for key, grid in grids(content).items()
        },
        "figures": content.figures,
        "violations": violations_as_dicts(content.violations()),
        "kept_edits": kept or [],
    }


def _visible(request: HttpRequest) -> QuerySet[AnnualReport]:
    return selectors.annual_reports_visible_to(kit_api.actor(request))


def _report(request: HttpRequest, report_id: int) -> AnnualReport:
    return kit_api.visible_or_404(_visible(request), report_id)


def _reloaded(request: HttpRequest, report: AnnualReport) -> AnnualReport:
    return kit_api.reloaded(_visible(request), report)


@router.get("", response={200: list[ReportOut], **ERROR_RESPONSES}, summary="年度报告列表")
def list_reports(request: HttpRequest, year: kit_api.Year | None = None) -> list[dict[str, Any]]:
    qs = _visible(request)
    if year:
        qs = qs.filter(year=year)
    return [_out(request, r) for r in qs.order_by("-year", "organ__name")[:200]]


@router.post(
    "", response={201: ReportOut, **ERROR_RESPONSES}, summary="编制年度报告（生成表格和草稿）"
)
def create_report(request: HttpRequest, payload: CreateIn) -> Reply[dict[str, Any]]:
    organ = Organ.objects.filter(pk=payload.organ).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field="organ")
    report = services.annual_report_create(
        actor=kit_api.actor(request),
        organ=organ,
        year=payload.year,
        version=kit_api.plain(payload.version),
    )
    return Reply(201, _out(request, _reloaded(request, report)))


@router.get(
    "/rollup", response={200: list[RollupOut], **ERROR_RESPONSES}, summary="全区年度报告汇总"
)
def rollup(request: HttpRequest, year: int = Query(..., ge=2019, le=2100)) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    user = kit_api.actor(request)
    if not perms.can_view_rollup(user):
        from gongkai.core.exceptions import NotPermitted

        raise NotPermitted(_("只有区政府办公室或政务公开工作机构可以查看年度报告汇总。"))
    return [
        {
            "organ": row.organ.pk,
            "organ_name": row.organ.name,
            "report": row.report.pk if row.report else None,
            "status": row.report.status if row.report else None,
            "published_date": row.report.published_date if row.report else None,
            "deadline": row.due,
            "late": row.late,
            "figures": {
                k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.figures.items()
            },
        }
        for row in selectors.rollup(user, year, timezone.localdate())
    ]


@router.get("/{report_id}", response={200: ReportOut, **ERROR_RESPONSES}, summary="年度报告详情")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _out(request, _report(request, report_id))


@router.post(
    "/{report_id}/regenerate",
    response={200: ReportOut, **ERROR_RESPONSES},
    summary="重新生成数据和草稿（已修改部分默认保留）",
)
def regenerate(request: HttpRequest, report_id: int, payload: RegenerateIn) -> dict[str, Any]:
    report = _report(request, report_id)
    kept = services.annual_report_regenerate(
        actor=kit_api.actor(request),
        report=report,
        overwrite=payload.overwrite,
        version=kit_api.plain(payload.version),
    )
    return _out(request, _reloaded(request, report), kept)


@router.put(
    "/{report_id}/sections/{key}",
    response={200: ReportOut, **ERROR_RESPONSES},
    summary="修改正文一部分",
)
def edit_section(
    request: HttpRequest, report_id: int, key: str, payload: SectionIn
) -> dict[str, Any]:
    report = _report(request, report_id)
    if key not in SECTION_KEYS:
        raise InvalidInput(_("没有这一部分：%(keys)s") % {"keys": key}, field="key")
    services.annual_report_edit_section(
        actor=kit_api.actor(request), report=report, key=key, text=payload.text
    )
    return _out(request, _reloaded(request, report))


@router.post(
    "/{report_id}/figures",
    response={200: ReportOut, **ERROR_RESPONSES},
    summary="填报表二数据（须注明来源）",
)
def set_figure(request: HttpRequest, report_id: int, payload: FigureIn) -> dict[str, Any]:
    report = _report(request, report_id)
    services.annual_report_set_figure(
        actor=kit_api.actor(request),
        report=report,
        row=payload.row,
        column=payload.column,
        value=payload.value,
        source=payload.source,
    )
    return _out(request, _reloaded(request, report))


@router.post("/{report_id}/check", response={200: ReportOut, **ERROR_RESPONSES}, summary="核验")
def check(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = services.annual_report_check(
        actor=kit_api.actor(request), report=_report(request, report_id)
    )
    return _out(request, _reloaded(request, report))


@router.post("/{report_id}/sign-off", response={200: ReportOut, **ERROR_RESPONSES}, summary="审签")
def sign_off(request: HttpRequest, report_id: int, payload: OpinionIn) -> dict[str, Any]:
    report = services.annual_report_sign_off(
        actor=kit_api.actor(request), report=_report(request, report_id), opinion=payload.opinion
    )
    return _out(request, _reloaded(request, report))


@router.post("/{report_id}/publish", response={200: ReportOut, **ERROR_RESPONSES}, summary="发布")
def publish(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = services.annual_report_publish(
        actor=kit_api.actor(request), report=_report(request, report_id)
    )
    return _out(request, _reloaded(request, report))


@router.post(
    "/{report_id}/reopen", response={200: ReportOut, **ERROR_RESPONSES}, summary="退回修改"
)
def reopen(request: HttpRequest, report_id: int, payload: ReasonIn) -> dict[str, Any]:
    report = services.annual_report_reopen(
        actor=kit_api.actor(request), report=_report(request, report_id), reason=payload.reason
    )
    return _out(request, _reloaded(request, report))


@router.get(
    "/{report_id}/document.{fmt}",
    response={200: None, **ERROR_RESPONSES},
    summary="下载年度报告（docx、pdf 或 xlsx）",
)
def download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise InvalidInput(_("格式只能是docx、pdf或xlsx。"), field="fmt")
    return download_response(_report(request, report_id), fmt)


def _case_out(case: RemedyCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "organ": case.organ_id,
        "case_number": case.case_number,
        "route": case.route,
        "result": case.result,
        "filed_on": case.filed_on,
        "concluded_on": case.concluded_on,
        "info_request": case.info_request.case_number if case.info_request_id else None,  # type: ignore[union-attr]
        "summary": case.summary,
    }


@router.get(
    "/remedy-cases/",
    response={200: list[RemedyCaseOut], **ERROR_RESPONSES},
    summary="行政复议、行政诉讼登记",
)
def list_cases(request: HttpRequest, year: kit_api.Year | None = None) -> list[dict[str, Any]]:
    qs = perms.scope_remedy_cases(
        kit_api.actor(request), RemedyCase.objects.select_related("info_request")
    )
    if year:
        qs = qs.filter(filed_on__year=year)
    return [_case_out(c) for c in qs[:1000]]


@router.post(
    "/remedy-cases/",
    response={201: RemedyCaseOut, **ERROR_RESPONSES},
    summary="登记行政复议、行政诉讼案件",
)
def record_case(request: HttpRequest, payload: RemedyCaseIn) -> Reply[dict[str, Any]]:
    organ = Organ.objects.filter(pk=payload.organ).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field="organ")
    data = {k: kit_api.plain(v) for k, v in payload.dict().items() if k != "organ"}
    number = data.pop("info_request")
    data["info_request"] = None
    if number:
        data["info_request"] = InfoRequest.objects.filter(organ=organ, case_number=number).first()
        if data["info_request"] is None:
            raise InvalidInput(_("本机关没有这个申请编号。"), field="info_request")
    case = services.remedy_case_record(actor=kit_api.actor(request), organ=organ, data=data)
    return Reply(201, _case_out(case))


# --- the annual self-inspection and the work priorities ---------------------------------------


class InspectionIn(Schema):
    organ: int
    year: int = Field(..., ge=2019, le=2100)


class InspectionItemOut(Schema):
    id: int
    kind: str
    label: str
    document: int | None
    attribute: str
    reasons: list[str]
    written_date: date | None
    requests: list[str]
    applicant_count: int
    decision: str
    decision_note: str
    decisions: list[str] = Field(default_factory=list, description="当前用户现在可以作出的处理结果")


class InspectionOut(Schema):
    id: int
    organ: int
    year: int
    due_date: date
    progress: dict[str, Any]
    items: list[InspectionItemOut]
    added: int = 0


class DecisionIn(Schema):
    decision: Decision
    note: str = Field("", max_length=5000)


class PriorityIn(Schema):
    organ: int
    year: int = Field(..., ge=2019, le=2100)
    title: str = Field(..., max_length=300)
    responsible_unit: str = Field(..., max_length=120)
    deadline: date


class PriorityUpdateIn(Schema):
    progress: Progress
    progress_note: str = Field("", max_length=5000)


class PriorityOut(Schema):
    id: int
    organ: int
    year: int
    title: str
    responsible_unit: str
    deadline: date
    progress: str
    progress_note: str


def _inspection_out(current: SelfInspection, user: Any, added: int = 0) -> dict[str, Any]:
    return {
        "id": current.pk,
        "organ": current.organ_id,
        "year": current.year,
        "due_date": current.due_date,
        "progress": inspection.progress(current, timezone.localdate()),
        "items": [
            {
                "id": i.pk,
                "kind": i.kind,
                "label": i.label,
                "document": i.document_id,
                "attribute": i.attribute,
                "reasons": list(i.reasons),
                "written_date": i.written_date,
                "requests": list(i.requests),
                "applicant_count": i.applicant_count,
                "decision": i.decision,
                "decision_note": i.decision_note,
                "decisions": inspection.decisions_offered(user, i),
            }
            for i in current.items.select_related("inspection")
        ],
        "added": added,
    }


def _visible_inspection(request: HttpRequest, pk: int) -> SelfInspection:
    return kit_api.visible_or_404(
        perms.scope_inspections(kit_api.actor(request), SelfInspection.objects.all()), pk
    )


@router.post(
    "/inspections/",
    response={200: InspectionOut, **ERROR_RESPONSES},
    summary="生成年度自查清单（已有事项保留处理结果）",
)
def generate_inspection(request: HttpRequest, payload: InspectionIn) -> dict[str, Any]:
    organ = Organ.objects.filter(pk=payload.organ).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field="organ")
    current, added = inspection.self_inspection_generate(
        actor=kit_api.actor(request), organ=organ, year=payload.year
    )
    return _inspection_out(current, request.user, added)


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionOut, **ERROR_RESPONSES},
    summary="自查清单",
)
def get_inspection(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    return _inspection_out(_visible_inspection(request, inspection_id), request.user)


@router.post(
    "/inspections/{inspection_id}/items/{item_id}/decision",
    response={200: InspectionOut, **ERROR_RESPONSES},
    summary="自查事项处理（转为主动公开将进入保密审查、发布流程）",
)
def decide_item(
    request: HttpRequest, inspection_id: int, item_id: int, payload: DecisionIn
) -> dict[str, Any]:
    current = _visible_inspection(request, inspection_id)
    item = kit_api.visible_or_404(current.items.all(), item_id)
    inspection.inspection_item_decide(
        actor=kit_api.actor(request),
        item=item,
        decision=kit_api.plain(payload.decision),
        note=payload.note,
    )
    return _inspection_out(current, request.user)


def _priority_out(p: WorkPriority) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organ": p.organ_id,
        "year": p.year,
        "title": p.title,
        "responsible_unit": p.responsible_unit,
        "deadline": p.deadline,
        "progress": p.progress,
        "progress_note": p.progress_note,
    }


@router.post(
    "/priorities/",
    response={201: PriorityOut, **ERROR_RESPONSES},
    summary="登记年度政务公开工作要点",
)
def add_priority(request: HttpRequest, payload: PriorityIn) -> Reply[dict[str, Any]]:
    organ = Organ.objects.filter(pk=payload.organ).first()
    if organ is None:
        raise InvalidInput(_("机关不存在。"), field="organ")
    data = payload.dict(include={"title", "responsible_unit", "deadline"})
    created = priority_services.priority_add(
        actor=kit_api.actor(request), organ=organ, year=payload.year, data=data
    )
    return Reply(201, _priority_out(created))


@router.patch(
    "/priorities/{priority_id}",
    response={200: PriorityOut, **ERROR_RESPONSES},
    summary="更新工作要点进展",
)
def update_priority(
    request: HttpRequest, priority_id: int, payload: PriorityUpdateIn
) -> dict[str, Any]:
    visible = WorkPriority.objects.all()
    organs = perms.visible_organ_ids(kit_api.actor(request))
    if organs is not None:
        visible = visible.filter(organ_id__in=organs)
    item = kit_api.visible_or_404(visible, priority_id)
    updated = priority_services.priority_update(
        actor=kit_api.actor(request),
        priority=item,
        data={"progress": kit_api.plain(payload.progress), "progress_note": payload.progress_note},
    )
    return _priority_out(updated)
