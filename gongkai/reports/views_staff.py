"""Staff pages of the annual report (年度报告), mounted at /staff/reports/: the list with the
deadline state, the report page (sections, tables, figures with sources, checks, actions,
downloads), the district roll-up and the 复议/诉讼 register. Each action view parses its form
and calls one service (kit.views.perform_action)."""

from __future__ import annotations

import csv
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import is_administrator, organs_for_role
from gongkai.core.exceptions import NotPermitted
from gongkai.core.kit.views import perform_action, staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.documents.models import OnRequestReason, ReasonCode
from gongkai.inforequests.models import InfoRequest
from gongkai.lib.annual_report import t2_cells
from gongkai.lib.officedoc import PdfUnavailable
from gongkai.organizations.models import Organ, OrganKind
from gongkai.reports import forms as report_forms
from gongkai.reports import inspection, selectors, services
from gongkai.reports import permissions as perms
from gongkai.reports import priorities as priority_services
from gongkai.reports import render as report_render
from gongkai.reports.content import report_content
from gongkai.reports.labels import section_heading, violation_text
from gongkai.reports.models import (
    AnnualReport,
    Decision,
    Progress,
    RemedyCase,
    SelfInspection,
    WorkPriority,
)


def _compiling_organs(user: Any) -> Any:
    if is_administrator(user):
        return Organ.objects.all()
    ids = organs_for_role(user, Role.OPENNESS_OFFICER) | organs_for_role(user, Role.CLERK)
    return Organ.objects.filter(pk__in=ids).order_by("name")


def _visible(request: HttpRequest, pk: int) -> AnnualReport:
    return get_object_or_404(selectors.annual_reports_visible_to(request.user), pk=pk)


@require_safe
@staff_view
def report_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    reports = selectors.annual_reports_visible_to(request.user).order_by("-year", "organ__name")
    return render(
        request,
        "reports/staff/list.html",
        {
            "reports": reports,
            "year": year,
            "due": selectors.reports_due(request.user, today),
            "can_create": _compiling_organs(request.user).exists(),
            "can_rollup": perms.can_view_rollup(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def report_create(request: HttpRequest) -> HttpResponse:
    organs = _compiling_organs(request.user)
    if not organs.exists():
        raise NotPermitted(_("只有政务公开工作机构或起草人员可以编制年度报告。"))
    # The 待办's reminder opens this page for one organ and year (?organ=<pk>&year=YYYY).
    initial = {k: request.GET[k] for k in ("organ", "year") if request.GET.get(k)}
    form = report_forms.CreateForm(request.POST or None, organs=organs, initial=initial)

    def rerender(f: Any, status: int) -> HttpResponse:
        return render(request, "reports/staff/create.html", {"form": f}, status=status)

    if request.method == "GET":
        return rerender(form, 200)
    return perform_action(
        request,
        form=form,
        call=lambda: services.annual_report_create(
            actor=request.user,
            organ=form.cleaned_data["organ"],
            year=form.cleaned_data["year"],
            version=form.cleaned_data["version"] or None,
        ),
        success=_("年度报告已生成，请核对各部分内容并填报表二数据。"),
        rerender=rerender,
        done=lambda report: redirect("reports:detail", pk=report.pk),
    )


def _detail(
    request: HttpRequest, report: AnnualReport, status: int = 200, **forms: Any
) -> HttpResponse:
    content = report_content(report)
    actions = actions_for(request.user, report)
    edited = [k for k, s in report.sections.items() if s.get("edited")]
    sections = []
    for key, title, text, table in content.sections():
        stored = report.sections.get(key) or {}
        sections.append(
            {
                "key": key,
                "title": title,
                "heading": section_heading(key, title),
                "text": text,
                "table": table,
                "edited": bool(stored.get("edited")),
                "draft_differs": bool(stored.get("edited")) and stored.get("draft") != text,
                "draft": stored.get("draft", ""),
            }
        )
    figures = []
    for block, row, column in t2_cells(report.version, source="manual"):
        source = content.sources.get((row.key, column))
        figures.append(
            {
                "label": f"{row.label} · {dict(block.columns)[column]}",
                "value": content.table2.cells.get(row.key, {}).get(column),
                "source": source,
            }
        )
    context = {
        "report": report,
        "actions": actions,
        "sections": sections,
        "violations": [
            replace(v, message=violation_text(v, report.version)) for v in content.violations()
        ],
        "figures": figures,
        "body": report_render.context(content),
        "figure_form": forms.get("figure_form") or report_forms.FigureForm(version=report.version),
        "regenerate_form": forms.get("regenerate_form")
        or report_forms.RegenerateForm(initial={"overwrite": []}),
        "edited": edited,
        "due": selectors.deadline(report.organ, report.year),
        "late": selectors.is_late(report, report.organ, report.year, timezone.localdate()),
    }
    return render(request, "reports/staff/detail.html", context, status=status)


@require_safe
@staff_view
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


def _action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: Any,
    call: Any,
    success: str,
    form_name: str = "form",
    **form_kwargs: Any,
) -> HttpResponse:
    report = _visible(request, pk)
    form = form_class(request.POST, **form_kwargs) if form_class else None
    return perform_action(
        request,
        form=form,
        call=lambda: call(report, form.cleaned_data if form else {}),
        success=success,
        rerender=lambda f, status: _detail(
            request, _visible(request, pk), status, **{form_name: f}
        ),
        done=lambda result: redirect("reports:detail", pk=pk),
    )


@require_POST
@staff_view
def report_edit_section(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=report_forms.SectionForm,
        call=lambda r, d: services.annual_report_edit_section(
            actor=request.user, report=r, key=d["key"], text=d["text"]
        ),
        success=_("已保存。"),
    )


@require_POST
@staff_view
def report_figure(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)

    def call(r: AnnualReport, d: dict[str, Any]) -> Any:
        row, column = form_keys(d)
        return services.annual_report_set_figure(
            actor=request.user,
            report=r,
            row=row,
            column=column,
            value=d["value"],
            source=d["source"],
        )

    def form_keys(d: dict[str, Any]) -> tuple[str, str]:
        row, column = d["cell"].split(":", 1)
        return row, column

    return _action(
        request,
        pk,
        form_class=report_forms.FigureForm,
        call=call,
        success=_("表二数据已填报。"),
        form_name="figure_form",
        version=report.version,
    )


@require_POST
@staff_view
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    form = report_forms.RegenerateForm(request.POST)

    def done(kept: list[str]) -> HttpResponse:
        if kept:
            official = dict(selectors.section_titles(report.version))
            titles = "、".join(section_heading(k, official[k]) for k in kept)
            messages.warning(
                request,
                _(
                    "以下部分已由工作人员修改，未被覆盖（新草稿已保存在旁）：%(titles)s。如需覆盖，请勾选后再次生成。"
                )
                % {"titles": titles},
            )
        return redirect("reports:detail", pk=pk)

    return perform_action(
        request,
        form=form,
        call=lambda: services.annual_report_regenerate(
            actor=request.user,
            report=report,
            overwrite=form.cleaned_data["overwrite"],
            version=form.cleaned_data["version"] or None,
        ),
        success=_("数据和草稿已重新生成。"),
        rerender=lambda f, status: _detail(
            request, _visible(request, pk), status, regenerate_form=f
        ),
        done=done,
    )


@require_POST
@staff_view
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=None,
        call=lambda r, d: services.annual_report_check(actor=request.user, report=r),
        success=_("年度报告已核验，勾稽关系成立。"),
    )


@require_POST
@staff_view
def report_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=report_forms.OpinionForm,
        call=lambda r, d: services.annual_report_sign_off(
            actor=request.user, report=r, opinion=d["opinion"]
        ),
        success=_("年度报告已审签。"),
    )


@require_POST
@staff_view
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=None,
        call=lambda r, d: services.annual_report_publish(actor=request.user, report=r),
        success=_("年度报告已在“政府信息公开年报”栏目发布。"),
    )


@require_POST
@staff_view
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        form_class=report_forms.ReasonForm,
        call=lambda r, d: services.annual_report_reopen(
            actor=request.user, report=r, reason=d["reason"]
        ),
        success=_("年度报告已退回修改。"),
    )


FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def download_response(report: AnnualReport, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    content = report_content(report)
    renderer = {
        "docx": report_render.render_docx,
        "pdf": report_render.render_pdf,
        "xlsx": report_render.render_xlsx,
    }[fmt]
    data = renderer(content)
    mime, ext = FORMATS[fmt]
    response = HttpResponse(data, content_type=mime)
    name = f"{report.organ.slug}-{report.year}-annual-report.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@staff_view
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _visible(request, pk)
    try:
        return download_response(report, fmt)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", pk=pk)


@require_safe
@staff_view
def rollup(request: HttpRequest) -> HttpResponse:
    """The district roll-up: every organ's report status and key figures side by side."""
    if not perms.can_view_rollup(request.user):
        raise NotPermitted(_("只有区政府办公室或政务公开工作机构可以查看年度报告汇总。"))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    rows = selectors.rollup(request.user, year, today)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="annual-reports-{year}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM
        writer = csv.writer(response)
        writer.writerow([str(h) for h in selectors.ROLLUP_HEADER])
        for row in rows:
            writer.writerow(selectors.rollup_csv_row(row))
        return response
    return render(
        request, "reports/staff/rollup.html", {"rows": rows, "year": year, "today": today}
    )


@require_http_methods(["GET", "POST"])
@staff_view
def remedy_cases(request: HttpRequest) -> HttpResponse:
    """The register of 行政复议、行政诉讼 about disclosure (Table 4)."""
    visible = perms.scope_remedy_cases(
        request.user, RemedyCase.objects.select_related("organ", "info_request")
    )
    organs = Organ.objects.filter(
        pk__in=[
            o.pk for o in Organ.objects.all() if perms.can_manage_remedy_cases(request.user, o.pk)
        ]
    )
    form = report_forms.RemedyCaseForm(request.POST or None, organs=organs)

    def rerender(f: Any, status: int) -> HttpResponse:
        return render(
            request,
            "reports/staff/remedy_cases.html",
            {"cases": visible, "form": f, "can_record": organs.exists()},
            status=status,
        )

    if request.method == "GET":
        return rerender(form, 200)

    def call() -> RemedyCase:
        data = dict(form.cleaned_data)
        organ = data.pop("organ")
        number = data.pop("info_request")
        data["info_request"] = None
        if number:
            data["info_request"] = InfoRequest.objects.filter(
                organ=organ, case_number=number.strip()
            ).first()
            if data["info_request"] is None:
                from gongkai.core.exceptions import InvalidInput

                raise InvalidInput(_("本机关没有这个申请编号。"), field="info_request")
        return services.remedy_case_record(actor=request.user, organ=organ, data=data)

    return perform_action(
        request,
        form=form,
        call=call,
        success=_("案件已登记。"),
        rerender=rerender,
        done=lambda case: redirect("reports:remedy_cases"),
    )


# --- the annual self-inspection (年度自查, G17) ------------------------------------------------


def _inspections(request: HttpRequest) -> Any:
    return perms.scope_inspections(
        request.user,
        SelfInspection.objects.select_related("organ").order_by("-year", "organ__name"),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Every visible worklist with its progress and deadline (the office sees all
    departments); the button that builds a worklist."""
    today = timezone.localdate()
    organs = _compiling_organs(request.user)
    if not organs.exists() and perms.can_view_rollup(request.user):
        # The office builds worklists for the departments it oversees.
        visible = perms.visible_organ_ids(request.user)
        organs = Organ.objects.exclude(kind=OrganKind.GOVERNMENT_OFFICE)
        if visible is not None:
            organs = organs.filter(pk__in=visible)
    form = report_forms.InspectionGenerateForm(request.POST or None, organs=organs)

    def rerender(f: Any, status: int) -> HttpResponse:
        rows = [(i, inspection.progress(i, today)) for i in _inspections(request)]
        return render(
            request,
            "reports/staff/inspections.html",
            {"rows": rows, "form": f, "can_generate": organs.exists()},
            status=status,
        )

    if request.method == "GET":
        return rerender(form, 200)

    def done(result: Any) -> HttpResponse:
        generated, added = result
        messages.info(request, _("新增自查事项%(n)d项。") % {"n": added})
        return redirect("reports:inspection", pk=generated.pk)

    return perform_action(
        request,
        form=form,
        call=lambda: inspection.self_inspection_generate(
            actor=request.user, organ=form.cleaned_data["organ"], year=form.cleaned_data["year"]
        ),
        success=_("自查清单已生成。"),
        rerender=rerender,
        done=done,
    )


def _inspection_page(
    request: HttpRequest, pk: int, status: int = 200, **forms: Any
) -> HttpResponse:
    current = get_object_or_404(_inspections(request), pk=pk)
    items = list(
        current.items.select_related("document", "decided_by", "inspection").order_by(
            "decision", "kind", "id"
        )
    )
    labels = dict(Decision.choices)
    grounds = {**dict(ReasonCode.choices), **dict(OnRequestReason.choices)}
    for item in items:
        # The stored codes (PROCESS_INFO …) shown by their statutory names.
        item.reason_labels = [  # type: ignore[attr-defined]
            str(grounds.get(code, code)) for code in item.reasons or []
        ]
        # What the page offers is what inspection_item_decide accepts.
        item.offered = [  # type: ignore[attr-defined]
            (value, labels[value]) for value in inspection.decisions_offered(request.user, item)
        ]
    return render(
        request,
        "reports/staff/inspection.html",
        {
            "inspection": current,
            "items": items,
            "progress": inspection.progress(current, timezone.localdate()),
            "can_decide": perms.can_decide_inspection(request.user, current.organ_id),
            "can_set_due": perms.can_set_inspection_due(request.user, current),
            "decision_form": forms.get("decision_form") or report_forms.DecisionForm(),
            "failed_item": forms.get("failed_item"),
        },
        status=status,
    )


@require_safe
@staff_view
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, pk)


@require_POST
@staff_view
def inspection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    current = get_object_or_404(_inspections(request), pk=pk)
    form = report_forms.DecisionForm(request.POST)

    def call() -> Any:
        item = get_object_or_404(current.items, pk=form.cleaned_data["item"])
        return inspection.inspection_item_decide(
            actor=request.user,
            item=item,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )

    return perform_action(
        request,
        form=form,
        call=call,
        success=_("处理结果已记录。"),
        rerender=lambda f, status: _inspection_page(
            request, pk, status, decision_form=f, failed_item=request.POST.get("item")
        ),
        done=lambda item: redirect(f"{reverse('reports:inspection', args=[pk])}#item-{item.pk}"),
    )


@require_POST
@staff_view
def inspection_due(request: HttpRequest, pk: int) -> HttpResponse:
    current = get_object_or_404(_inspections(request), pk=pk)
    form = report_forms.DueForm(request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: inspection.self_inspection_set_due(
            actor=request.user, inspection=current, due_date=form.cleaned_data["due_date"]
        ),
        success=_("完成期限已设定。"),
        rerender=lambda f, status: _inspection_page(request, pk, status),
        done=lambda result: redirect("reports:inspection", pk=pk),
    )


# --- 年度政务公开工作要点 ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view
def priorities(request: HttpRequest) -> HttpResponse:
    """One organ's work priorities of one year (?organ=<slug>&year=YYYY)."""
    today = timezone.localdate()
    organs = _compiling_organs(request.user)
    visible = perms.visible_organ_ids(request.user)
    viewable = Organ.objects.exclude(kind=OrganKind.GOVERNMENT_OFFICE).order_by("name")
    if visible is not None:
        viewable = viewable.filter(pk__in=visible)
    # A page view may fall back to the first organ and this year; a POST changes the organ
    # and year it names, or nothing (it never lands on an organ the form did not show).
    posting = request.method == "POST"
    slug = request.GET.get("organ")
    organ = viewable.filter(slug=slug).first() if slug else None
    if organ is None and (slug or posting):
        raise Http404
    organ = organ or viewable.first()
    if organ is None:
        raise NotPermitted(_("您没有可以查看的机关。"))
    try:
        year = int(request.GET.get("year") or ("" if posting else today.year))
    except ValueError:
        if posting:
            raise Http404 from None
        year = today.year
    can_edit = organs.filter(pk=organ.pk).exists()
    form = report_forms.PriorityForm(request.POST or None)
    here = f"{reverse('reports:priorities')}?organ={organ.slug}&year={year}"

    def rerender(f: Any, status: int) -> HttpResponse:
        return render(
            request,
            "reports/staff/priorities.html",
            {
                "organ": organ,
                "organs": viewable,
                "year": year,
                "items": WorkPriority.objects.filter(organ=organ, year=year),
                "form": f,
                "can_edit": can_edit,
                "progress_choices": Progress.choices,
                "today": today,
                # The forms post to the organ and year shown (a POST never falls back).
                "here": here,
            },
            status=status,
        )

    if request.method == "GET":
        return rerender(form, 200)
    if "priority" in request.POST:
        progress_form = report_forms.ProgressForm(request.POST)

        def update() -> Any:
            item = get_object_or_404(
                WorkPriority.objects.filter(organ=organ), pk=progress_form.cleaned_data["priority"]
            )
            return priority_services.priority_update(
                actor=request.user,
                priority=item,
                data={
                    "progress": progress_form.cleaned_data["progress"],
                    "progress_note": progress_form.cleaned_data["progress_note"],
                },
            )

        return perform_action(
            request,
            form=progress_form,
            call=update,
            success=_("进展已更新。"),
            rerender=lambda f, status: rerender(form, status),
            done=lambda result: redirect(here),
        )
    return perform_action(
        request,
        form=form,
        call=lambda: priority_services.priority_add(
            actor=request.user, organ=organ, year=year, data=dict(form.cleaned_data)
        ),
        success=_("工作要点已登记。"),
        rerender=rerender,
        done=lambda result: redirect(here),
    )
