"""The 舆情 back office (/staff/concerns/): 待办 by remaining hours, intake, the case page
with one form per action, the office dashboard. Each view parses, calls one service,
renders (kit.views.perform_action)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.concerns import forms as case_forms
from gongkai.concerns import permissions as perms
from gongkai.concerns import selectors, services, stats
from gongkai.concerns.models import CaseNotice, OpinionCase, OpinionResponse
from gongkai.concerns.workflow import Status
from gongkai.core.exceptions import NotPermitted
from gongkai.core.kit.views import perform_action, staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.core.models import events_for


def _case(request: HttpRequest, pk: int) -> OpinionCase:
    return get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)


@require_safe
@staff_view
def case_list(request: HttpRequest) -> HttpResponse:
    """The 待办: open cases with a running clock, nearest deadline first (red under 1 h)."""
    return render(
        request,
        "concerns/staff/list.html",
        {
            "lines": selectors.todo(request.user),
            "can_create": perms.can_create_case(request.user),
            "can_dashboard": perms.can_view_dashboard(request.user),
        },
    )


@require_safe
@staff_view
def case_all(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.cases_visible_to(request.user).order_by("-detected_at", "-pk")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "concerns/staff/all.html",
        {"page": page, "statuses": Status.choices, "status": status},
    )


@require_http_methods(["GET", "POST"])
@staff_view
def case_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_create_case(request.user):
        raise NotPermitted(_("只有区政府办公室或宣传部门可以登记舆情。"))
    form = case_forms.CaseForm(request.POST or None)

    def rerender(form: Any, status: int) -> HttpResponse:
        return render(request, "concerns/staff/form.html", {"form": form}, status=status)

    if request.method == "GET":
        return rerender(form, 200)

    def call() -> OpinionCase:
        d = form.cleaned_data
        return services.case_create(
            actor=request.user,
            data=services.CaseData(
                detected_at=d["detected_at"],
                source=d["source"],
                link=d["link"],
                summary=d["summary"],
                topic=d["topic"],
                severity=d["severity"],
                organs=list(d["organs"]),
                documents=list(d["documents"]),
            ),
        )

    return perform_action(
        request,
        form=form,
        call=call,
        success=_("舆情已登记，时限已开始计算。"),
        rerender=rerender,
        done=lambda case: redirect("concerns:detail", pk=case.pk),
    )


ACTION_FORMS: dict[str, type[Any]] = {
    "allocate": case_forms.AllocateForm,
    "dispute": case_forms.ReasonForm,
    "decide": case_forms.DecideForm,
    "consult": case_forms.StepForm,
    "analyse": case_forms.StepForm,
    "respond": case_forms.ResponseAddForm,
    "finish": case_forms.FinishForm,
    "evaluate": case_forms.EvaluateForm,
    "dismiss": case_forms.ReasonForm,
    "regrade": case_forms.RegradeForm,
}


def _initial(name: str, case: OpinionCase) -> dict[str, Any]:
    if name == "allocate":
        return {"organ": case.proposed_organ_id}
    if name == "decide":
        return {"organ": case.responsible_organ_id}
    if name == "regrade":
        return {"severity": case.severity}
    if name == "respond":
        return {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
    return {}


def _render_detail(
    request: HttpRequest,
    case: OpinionCase,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = actions_for(request.user, case)
    action_forms = {
        name: (bound or {}).get(name)
        or ACTION_FORMS[name](initial=_initial(name, case), prefix=name)
        for name in actions
        if name in ACTION_FORMS
    }
    now = timezone.now()
    clocks = [
        {
            "clock": c,
            "overdue": c.is_overdue_at(now),
            "minutes_left": int((c.due_at - now).total_seconds() // 60) if c.due_at else None,
        }
        for c in selectors.case_clocks(case)
    ]
    CaseNotice.objects.filter(
        case=case, organ_id__in=perms.member_organ_ids(request.user), read_at__isnull=True
    ).update(read_at=now)
    context = {
        "case": case,
        "actions": actions,
        "forms": action_forms,
        "clocks": clocks,
        "responses": list(case.responses.select_related("organ")),
        "steps": list(case.steps.all()),
        "events": events_for(case),
        "notices": list(case.notices.select_related("document", "organ")),
        "alerts": list(case.alerts.all()),
    }
    return render(request, "concerns/staff/detail.html", context, status=status)


@require_safe
@staff_view
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _case(request, pk))


def _call(name: str, request: HttpRequest, case: OpinionCase, d: dict[str, Any]) -> Any:
    user = request.user
    calls: dict[str, Callable[[], Any]] = {
        "allocate": lambda: services.case_allocate(
            actor=user, case=case, organ=d["organ"], reason=d["reason"]
        ),
        "dispute": lambda: services.case_dispute(actor=user, case=case, reason=d["reason"]),
        "decide": lambda: services.case_decide(
            actor=user, case=case, organ=d["organ"], reason=d["reason"]
        ),
        "consult": lambda: services.case_consult(
            actor=user, case=case, note=d["note"], participants=d["participants"]
        ),
        "analyse": lambda: services.case_analyse(
            actor=user, case=case, note=d["note"], participants=d["participants"]
        ),
        "respond": lambda: services.response_add(
            actor=user,
            case=case,
            data=services.ResponseData(
                form=d["form"],
                title=d["title"],
                content=d["content"],
                occurred_at=d["occurred_at"],
                link=d["link"],
                speaker=d["speaker"],
                speaker_title=d["speaker_title"],
            ),
        ),
        "finish": lambda: services.case_finish(actor=user, case=case, note=d["note"]),
        "evaluate": lambda: services.case_evaluate(
            actor=user, case=case, evaluation=d["evaluation"]
        ),
        "dismiss": lambda: services.case_dismiss(actor=user, case=case, reason=d["reason"]),
        "regrade": lambda: services.case_regrade(
            actor=user, case=case, severity=d["severity"], reason=d["reason"]
        ),
    }
    return calls[name]()


SUCCESS = {
    "allocate": gettext_lazy("第一责任主体已确认。"),
    "dispute": gettext_lazy("异议已提交，等待区政府办公室裁定。"),
    "decide": gettext_lazy("已裁定责任主体。"),
    "consult": gettext_lazy("会商已记录。"),
    "analyse": gettext_lazy("研判已记录。"),
    "respond": gettext_lazy("回应已记录。"),
    "finish": gettext_lazy("已转入评估。"),
    "evaluate": gettext_lazy("已评估办结。"),
    "dismiss": gettext_lazy("已认定不属于政务舆情。"),
    "regrade": gettext_lazy("舆情等级已调整，时限已按新等级重新计算。"),
}


@require_POST
@staff_view
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in ACTION_FORMS:
        raise Http404
    case = _case(request, pk)
    form = ACTION_FORMS[name](request.POST, prefix=name)
    return perform_action(
        request,
        form=form,
        call=lambda: _call(name, request, case, form.cleaned_data),
        success=str(SUCCESS[name]),
        rerender=lambda f, status: _render_detail(
            request, _case(request, pk), bound={name: f}, status=status
        ),
        done=lambda result: redirect("concerns:detail", pk=pk),
    )


def _response(request: HttpRequest, pk: int) -> OpinionResponse:
    response = get_object_or_404(OpinionResponse.objects.select_related("case"), pk=pk)
    _case(request, response.case_id)
    return response


@require_POST
@staff_view
def response_publish(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response(request, pk)
    return perform_action(
        request,
        form=None,
        call=lambda: services.response_publish(actor=request.user, response=response),
        success=_("回应已在“回应关切”发布。"),
        rerender=lambda f, status: _render_detail(
            request, _case(request, response.case_id), status=status
        ),
        done=lambda result: redirect("concerns:detail", pk=response.case_id),
    )


@require_POST
@staff_view
def response_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response(request, pk)
    form = case_forms.ReasonForm(request.POST, prefix="unpublish")
    return perform_action(
        request,
        form=form,
        call=lambda: services.response_unpublish(
            actor=request.user, response=response, reason=form.cleaned_data["reason"]
        ),
        success=_("回应已撤下。"),
        rerender=lambda f, status: _render_detail(
            request, _case(request, response.case_id), status=status
        ),
        done=lambda result: redirect("concerns:detail", pk=response.case_id),
    )


@require_safe
@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_dashboard(request.user):
        raise NotPermitted(_("只有区政府办公室或宣传部门可以查看舆情统计。"))
    now = timezone.now()
    local = timezone.localtime(now)
    month_form = case_forms.MonthForm(
        request.GET or None, initial={"year": local.year, "month": local.month}
    )
    year, month = local.year, local.month
    if request.GET and month_form.is_valid():
        year, month = month_form.cleaned_data["year"], month_form.cleaned_data["month"]
    lines = stats.monthly_figures(year, month, now=now)
    context = {
        "board": stats.dashboard(now=now),
        "lines": lines,
        "total": stats.totals(lines),
        "year": year,
        "month": month,
        "month_form": month_form,
        "kinds": [
            ("opinion_release", _("5小时权威发布")),
            ("opinion_press", _("24小时发布会")),
            ("opinion_response", _("48小时回应")),
        ],
    }
    return render(request, "concerns/staff/dashboard.html", context)
