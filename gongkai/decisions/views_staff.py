"""The 重大行政决策 back office: decisions, their consultations (moderation, clustering,
rulings, adoption report, exports), hearings, the catalogue, and the 待办 lines."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import organs_for_role
from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed
from gongkai.core.kit.audit import action_label, events_for, record_event
from gongkai.core.kit.exports import to_csv, to_xlsx
from gongkai.core.kit.views import perform_action, staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.decisions import forms, gates, inbox, selectors, services
from gongkai.decisions import permissions as perms
from gongkai.decisions.models import CatalogueItem, Comment, CommentCluster, Hearing
from gongkai.decisions.operations import CONSULTATION_OPERATIONS, DECISION_OPERATIONS
from gongkai.decisions.workflow import (
    CommentStatus,
    ConsultationStatus,
    Status,
)
from gongkai.organizations.models import Organ

ERRORS = (GateRefused, InvalidInput, TransitionNotAllowed)


# --- decisions ----------------------------------------------------------------------------------


def _creatable_organs(user: Any) -> Any:
    ids = organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)
    return Organ.objects.filter(pk__in=ids)


@require_safe
@staff_view
def decision_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.decisions_visible_to(request.user)
    status = request.GET.get("status")
    if status in Status.values:
        qs = qs.filter(status=status)
    todo = request.GET.get("todo")
    if todo in inbox.SECTION_KEYS:
        # The same decisions as the 待办 line of that key.
        qs = qs.filter(pk__in=inbox.decision_ids(request.user, todo, timezone.localdate()))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/staff/list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "can_create": _creatable_organs(request.user).exists(),
        },
    )


@staff_view
def decision_create(request: HttpRequest) -> HttpResponse:
    organs = _creatable_organs(request.user)
    items = CatalogueItem.objects.filter(removed_on__isnull=True, decisions__isnull=True)
    form = forms.DecisionForm(request.POST or None, items=items)
    organ_id = request.POST.get("organ") or (organs.first().pk if organs.exists() else None)
    if request.method == "POST" and form.is_valid():
        organ = get_object_or_404(organs, pk=organ_id)
        try:
            decision = services.decision_create(
                actor=request.user, organ=organ, data=form.cleaned_data
            )
        except ERRORS as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已启动重大行政决策。"))
            return redirect("decisions:detail", pk=decision.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "decisions/staff/create.html", {"form": form, "organs": organs}, status=status
    )


def _visible(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)


MODERATION_PAGE_SIZE = 50
# A consultation's log holds one event per moderated or ruled comment: show the latest.
HISTORY_LIMIT = 100


def _int_param(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _history(obj: Any, latest: int | None = None) -> list[Any]:
    if latest is None:
        rows: list[Any] = list(events_for(obj).order_by("created_at", "id"))
    else:
        rows = list(events_for(obj).order_by("-created_at", "-id")[:latest])[::-1]
    for row in rows:
        row.label = action_label(row.action)
    return rows


def _render_detail(
    request: HttpRequest, decision: Any, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    offered = actions_for(request.user, decision)
    operations = []
    for name in offered:
        op = DECISION_OPERATIONS[name]
        if bound and name in bound:
            form = bound[name]
        elif op.form is forms.DecisionForm:
            form = forms.DecisionForm(
                initial={f: getattr(decision, f) for f in services.DECISION_FIELDS}, prefix=name
            )
        else:
            form = op.form(prefix=name) if op.form else None
        operations.append((name, op, form))
    consultation_form = None
    if decision.status == Status.PARTICIPATION and perms.can_run_decision(request.user, decision):
        consultation_form = (bound or {}).get("consultation") or forms.ConsultationForm(
            initial={"opens_on": timezone.localdate()}, prefix="consultation"
        )
    hearing_form = None
    if decision.status == Status.PARTICIPATION and perms.can_run_decision(request.user, decision):
        hearing_form = (bound or {}).get("hearing") or forms.HearingForm(prefix="hearing")
    hearings = []
    for h in decision.hearings.all():
        hearings.append(
            (
                h,
                gates.hearing_problems(h),
                forms.HearingNoticeForm(prefix=f"hn{h.pk}"),
                forms.HearingMaterialsForm(prefix=f"hm{h.pk}"),
                forms.HearingRecordForm(prefix=f"hr{h.pk}"),
            )
        )
    reviews = list(decision.legality_reviews.all())
    context = {
        "decision": decision,
        "operations": operations,
        "trail": selectors.trail(decision, public=False),
        "consultations": list(decision.consultations.all()),
        "consultation_form": consultation_form,
        "hearing_form": hearing_form,
        "hearings": hearings,
        "reviews": reviews,
        "review_problems": gates.review_problems(decision)
        if decision.status in (Status.DRAFTING, Status.PARTICIPATION, Status.EXPERT, Status.RISK)
        else [],
        "history": _history(decision),
        "can_run": perms.can_run_decision(request.user, decision),
    }
    return render(request, "decisions/staff/detail.html", context, status=status)


@require_safe
@staff_view
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(request, pk))


@require_POST
@staff_view
def decision_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    decision = _visible(request, pk)
    op = DECISION_OPERATIONS.get(name)
    if op is None:
        return HttpResponse(status=404)
    form = op.form(request.POST, prefix=name) if op.form else None
    return perform_action(
        request,
        form=form,
        call=lambda: op.call(request.user, decision, form.cleaned_data if form else {}),
        success=str(op.success),
        rerender=lambda bound, status: _render_detail(
            request, _visible(request, pk), {name: bound} if bound is not None else None, status
        ),
        done=lambda result: redirect("decisions:detail", pk=pk),
    )


@require_POST
@staff_view
def consultation_create(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _visible(request, pk)
    form = forms.ConsultationForm(request.POST, prefix="consultation")
    return perform_action(
        request,
        form=form,
        call=lambda: services.consultation_create(
            actor=request.user,
            decision=decision,
            data={k: v for k, v in form.cleaned_data.items() if v not in (None, "")},
        ),
        success=_("已起草意见征集公告，请核对后发布。"),
        rerender=lambda bound, status: _render_detail(
            request, _visible(request, pk), {"consultation": bound}, status
        ),
        done=lambda c: redirect("decisions:consultation", pk=c.pk),
    )


@require_POST
@staff_view
def hearing_plan(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _visible(request, pk)
    form = forms.HearingForm(request.POST, prefix="hearing")
    return perform_action(
        request,
        form=form,
        call=lambda: services.hearing_plan(
            actor=request.user, decision=decision, **form.cleaned_data
        ),
        success=_("已登记听证安排。"),
        rerender=lambda bound, status: _render_detail(
            request, _visible(request, pk), {"hearing": bound}, status
        ),
        done=lambda h: redirect("decisions:detail", pk=pk),
    )


HEARING_STEPS = {
    "notice": (
        forms.HearingNoticeForm,
        "hn",
        lambda a, h, c: services.hearing_notice(actor=a, hearing=h, participants=c["participants"]),
        gettext_lazy("已公布听证公告和参加人名单。"),
    ),
    "materials": (
        forms.HearingMaterialsForm,
        "hm",
        lambda a, h, c: services.hearing_materials_sent(actor=a, hearing=h, on=c["on"]),
        gettext_lazy("已登记材料送达。"),
    ),
    "record": (
        forms.HearingRecordForm,
        "hr",
        lambda a, h, c: services.hearing_record(
            actor=a, hearing=h, record=c["record"], signed_by=c["signed_by"]
        ),
        gettext_lazy("已登记听证笔录。"),
    ),
}


@require_POST
@staff_view
def hearing_step(request: HttpRequest, pk: int, hearing_id: int, step: str) -> HttpResponse:
    decision = _visible(request, pk)
    hearing = get_object_or_404(Hearing, pk=hearing_id, decision=decision)
    if step not in HEARING_STEPS:
        return HttpResponse(status=404)
    form_class, prefix, call, success = HEARING_STEPS[step]
    form = form_class(request.POST, prefix=f"{prefix}{hearing.pk}")
    return perform_action(
        request,
        form=form,
        call=lambda: call(request.user, hearing, form.cleaned_data),
        success=str(success),
        rerender=lambda bound, status: _render_detail(request, _visible(request, pk), None, status),
        done=lambda h: redirect("decisions:detail", pk=pk),
    )


# --- consultations ------------------------------------------------------------------------------


def _consultation(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.consultations_visible_to(request.user), pk=pk)


def _render_consultation(
    request: HttpRequest, c: Any, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    offered = actions_for(request.user, c)
    operations = []
    for name in offered:
        op = CONSULTATION_OPERATIONS[name]
        if bound and name in bound:
            form = bound[name]
        elif op.form is forms.ConsultationForm:
            form = forms.ConsultationForm(
                initial={f: getattr(c, f) for f in services.CONSULTATION_FIELDS}, prefix=name
            )
        else:
            form = op.form(prefix=name) if op.form else None
        operations.append((name, op, form))
    filter_status = request.GET.get("status", "")
    if filter_status not in CommentStatus.values:
        filter_status = ""
    unruled_only = bool(request.GET.get("unruled"))
    # Keyset paging by id (as the API): no COUNT over the comments; the counts come from
    # the counters kept on the consultation row by the comment services.
    page = selectors.moderation_page(
        c,
        status=filter_status or None,
        unruled=unruled_only,
        after_id=_int_param(request.GET.get("after")),
        limit=MODERATION_PAGE_SIZE,
    )
    manage = perms.can_manage_consultation(request.user, c)
    context = {
        "consultation": c,
        "decision": c.decision,
        "operations": operations,
        "page": page,
        "counts": {
            "pending": c.pending_count,
            "approved": c.approved_count,
            "hidden": c.hidden_count,
        },
        "unruled": c.unruled_count,
        "unruled_only": unruled_only,
        "clusters": list(selectors.clusters_of(c)[:50]),
        "manage": manage,
        "rulable": manage and c.status == ConsultationStatus.CLOSED,
        "moderatable": manage and c.status in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED),
        "statuses": CommentStatus.choices,
        "filter_status": filter_status,
        "rule_form": forms.RuleForm(),
        "report": selectors.adoption_report(c) if c.status == ConsultationStatus.REPORTED else None,
        "history": _history(c, latest=HISTORY_LIMIT),
    }
    return render(request, "decisions/staff/consultation.html", context, status=status)


@require_safe
@staff_view
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_consultation(request, _consultation(request, pk))


@require_POST
@staff_view
def consultation_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    c = _consultation(request, pk)
    op = CONSULTATION_OPERATIONS.get(name)
    if op is None:
        return HttpResponse(status=404)
    form = op.form(request.POST, prefix=name) if op.form else None
    return perform_action(
        request,
        form=form,
        call=lambda: op.call(request.user, c, form.cleaned_data if form else {}),
        success=str(op.success),
        rerender=lambda bound, status: _render_consultation(
            request,
            _consultation(request, pk),
            {name: bound} if bound is not None else None,
            status,
        ),
        done=lambda result: redirect("decisions:consultation", pk=pk),
    )


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    target = reverse("decisions:consultation", args=[pk])
    query = request.POST.get("back", "")
    return redirect(f"{target}?{query}" if query and "://" not in query else target)


@require_POST
@staff_view
def comment_moderate(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    c = _consultation(request, pk)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    form = forms.ModerateForm(request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: services.comment_moderate(
            actor=request.user,
            comment=comment,
            approve=form.cleaned_data["approve"],
            reason=form.cleaned_data.get("reason", ""),
        ),
        success=_("已审核。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: _back(request, pk),
    )


@require_POST
@staff_view
def comment_rule(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    c = _consultation(request, pk)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    form = forms.RuleForm(request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: services.comment_rule(
            actor=request.user, comment=comment, **form.cleaned_data
        ),
        success=_("已处理意见。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: _back(request, pk),
    )


@require_POST
@staff_view
def cluster_rule(request: HttpRequest, pk: int, cluster_id: int) -> HttpResponse:
    c = _consultation(request, pk)
    cluster = get_object_or_404(CommentCluster, pk=cluster_id, consultation=c)
    form = forms.RuleForm(request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: services.cluster_rule(
            actor=request.user, cluster_obj=cluster, **form.cleaned_data
        ),
        success=_("已对相似意见组作出处理。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: _back(request, pk),
    )


@require_POST
@staff_view
def comment_split(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    """人工调整: take one comment out of its near-duplicate cluster."""
    c = _consultation(request, pk)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    return perform_action(
        request,
        form=None,
        call=lambda: services.comment_split(actor=request.user, comment=comment),
        success=_("已将该意见移出相似意见组。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: _back(request, pk),
    )


@require_POST
@staff_view
def cluster_merge(request: HttpRequest, pk: int, cluster_id: int) -> HttpResponse:
    """人工合并: merge another cluster of this consultation into this one."""
    c = _consultation(request, pk)
    cluster = get_object_or_404(CommentCluster, pk=cluster_id, consultation=c)
    form = forms.MergeForm(request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: services.clusters_merge(
            actor=request.user,
            cluster_obj=cluster,
            other=get_object_or_404(CommentCluster, pk=form.cleaned_data["other"], consultation=c),
        ),
        success=_("已合并相似意见组。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: redirect("decisions:consultation", pk=pk),
    )


@require_POST
@staff_view
def consultation_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    return perform_action(
        request,
        form=None,
        call=lambda: services.consultation_cluster(actor=request.user, consultation=c),
        success=lambda: _("已归并相似意见。"),
        rerender=lambda bound, status: _render_consultation(
            request, _consultation(request, pk), None, status
        ),
        done=lambda r: redirect("decisions:consultation", pk=pk),
    )


EXPORT_HEADER = (
    "意见编号",
    "提交时间",
    "针对条款",
    "意见内容",
    "姓名",
    "联系方式",
    "审核状态",
    "不予显示理由",
    "采纳情况",
    "理由",
    "相似意见组",
)


@require_safe
@staff_view
def consultation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every comment, with contact details (staff only), cells neutralised (kit.exports)."""
    c = _consultation(request, pk)
    if not perms.can_manage_consultation(request.user, c):
        from gongkai.core.kit.views import forbidden

        return forbidden(request, _("只有决策承办单位可以导出意见。"))
    rows = (
        (
            x.number,
            timezone.localtime(x.created_at).strftime("%Y-%m-%d %H:%M"),
            x.article.label if x.article else "",
            x.body,
            x.name,
            x.contact,
            x.get_status_display(),
            x.hide_reason,
            x.get_disposition_display() if x.disposition else "",
            x.ruling_reason,
            x.cluster_id or "",
        )
        for x in Comment.objects.filter(consultation=c)
        .select_related("article")
        .order_by("id")
        .iterator(chunk_size=2000)
    )
    record_event(
        action="consultation.exported", subject=c, actor=request.user, data={"format": fmt}
    )
    if fmt == "xlsx":
        body = to_xlsx(EXPORT_HEADER, rows, title="意见")
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(to_csv(EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comments-{c.pk}.{fmt}"'
    return response


# --- catalogue ----------------------------------------------------------------------------------


@staff_view
def catalogue(request: HttpRequest) -> HttpResponse:
    organs = Organ.objects.filter(
        Q(pk__in=organs_for_role(request.user, Role.HEAD))
        | Q(pk__in=organs_for_role(request.user, Role.GOVERNMENT_OFFICE))
    )
    if perms.has_role(request.user, Role.GOVERNMENT_OFFICE):
        organs = Organ.objects.filter(parent__isnull=True) | organs
    form = forms.CatalogueForm(request.POST or None, initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        organ = get_object_or_404(organs, pk=request.POST.get("organ"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            year = data.pop("year")
            try:
                services.catalogue_add(actor=request.user, organ=organ, year=year, data=data)
            except ERRORS as exc:
                form.add_domain_error(exc)
                status = exc.http_status
            else:
                messages.success(request, _("已列入决策事项目录。"))
                return redirect("decisions:catalogue")
        else:
            status = 400
    items = (
        CatalogueItem.objects.select_related("organ")
        .prefetch_related("adjustments")
        .order_by("-year", "organ_id", "sort_order")
    )
    return render(
        request,
        "decisions/staff/catalogue.html",
        {
            "form": form,
            "organs": organs.distinct(),
            "items": items,
            "adjust_form": forms.CatalogueAdjustForm(),
        },
        status=status,
    )


@require_POST
@staff_view
def catalogue_item_action(request: HttpRequest, item_id: int, step: str) -> HttpResponse:
    item = get_object_or_404(CatalogueItem, pk=item_id)
    form: Any
    if step == "remove":
        form = forms.ReasonForm(request.POST)

        def call() -> Any:
            return services.catalogue_remove(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
    else:
        form = forms.CatalogueAdjustForm(request.POST)

        def call() -> Any:
            return services.catalogue_adjust(
                actor=request.user,
                item=item,
                data={k: v for k, v in form.cleaned_data.items() if k != "reason"},
                reason=form.cleaned_data["reason"],
            )

    return perform_action(
        request,
        form=form,
        call=call,
        success=_("目录已调整，调整记录已保留。"),
        rerender=lambda bound, status: redirect("decisions:catalogue"),
        done=lambda r: redirect("decisions:catalogue"),
    )
