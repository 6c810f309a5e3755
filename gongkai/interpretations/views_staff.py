"""Staff pages of interpretations (/staff/interpretations/); the public column 政策性文件解读
(/zcjd/) is views_public.

Each view parses input, calls one service or selector and renders. Domain errors map to
HTTP statuses as in the rest of the back office: NotPermitted 403, TransitionNotAllowed 409,
GateRefused 422, InvalidInput 400; an interpretation the user may not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.calendars.selectors import current_calendar
from gongkai.core.exceptions import (
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from gongkai.core.kit.views import perform_action, staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.core.models import events_for
from gongkai.documents.selectors import documents_visible_to
from gongkai.interpretations import forms as interp_forms
from gongkai.interpretations import permissions as perms
from gongkai.interpretations import selectors, services
from gongkai.interpretations.media import media_response
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Status, sign_off_problems


def _visible(request: HttpRequest, pk: int) -> Interpretation:
    return get_object_or_404(selectors.interpretations_visible_to(request.user), pk=pk)


def _actions(user: Any, interpretation: Interpretation) -> set[str]:
    return set(actions_for(user, interpretation))


# --- list and monitoring -----------------------------------------------------------------------


@require_GET
@staff_view
def interpretation_list(request: HttpRequest) -> HttpResponse:
    filters = interp_forms.StatusFilterForm(request.GET or None)
    qs = selectors.interpretations_visible_to(request.user).prefetch_related("documents")
    if filters.is_valid() and filters.cleaned_data["status"]:
        qs = qs.filter(status=filters.cleaned_data["status"])
    page = Paginator(qs.order_by("-updated_at", "-id"), settings.GONGKAI_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interpretations/staff/list.html",
        {
            "filters": filters,
            "page": page,
            "can_monitor": perms.can_monitor_interpretations(request.user),
        },
    )


@require_GET
@staff_view
def monitoring(request: HttpRequest) -> HttpResponse:
    if not perms.can_monitor_interpretations(request.user):
        raise NotPermitted(_("只有政务公开工作机构和区政府办公室可以查看政策解读监测。"))
    today = timezone.localdate()
    context = {
        "lacking": list(selectors.policy_documents_lacking_interpretation(request.user)[:500]),
        "late": selectors.late_interpretations(request.user, current_calendar(today)),
        "max_delay": selectors.max_delay_workdays(),
    }
    return render(request, "interpretations/staff/monitoring.html", context)


# --- create / edit -------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: interp_forms.InterpretationForm,
    *,
    interpretation: Interpretation | None = None,
    document: Any = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "interpretation": interpretation, "document": document}
    return render(request, "interpretations/staff/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view
def interpretation_create(request: HttpRequest, document_id: int) -> HttpResponse:
    """起草解读 from the document's page (同步起草)."""
    document = get_object_or_404(documents_visible_to(request.user), pk=document_id)
    form_kwargs = {"user": request.user, "document": document}
    if not interp_forms.InterpretationForm(**form_kwargs).fields["organ"].queryset.exists():
        raise NotPermitted(
            _(
                "只有文件起草（主办）单位的起草人员可以起草政策解读（谁起草谁解读）；"
                "联合发文由牵头单位解读，联合发文单位配合。"
            )
        )
    if request.method != "POST":
        form = interp_forms.InterpretationForm(
            **form_kwargs, initial={"title": _("《%(title)s》政策解读") % {"title": document.title}}
        )
        return _render_form(request, form, document=document)
    form = interp_forms.InterpretationForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _render_form(request, form, document=document, status=400)
    try:
        interpretation = services.interpretation_create(
            actor=request.user,
            documents=form.cleaned_data["documents"],
            data=form.service_data(),
            client_token=form.cleaned_data.get("client_token") or None,
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _render_form(request, form, document=document, status=400)
    messages.success(request, _("解读草稿已保存。"))
    return redirect("interpretations:detail", pk=interpretation.pk)


@require_http_methods(["GET", "POST"])
@staff_view
def interpretation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = _visible(request, pk)
    if "edit" not in _actions(request.user, interpretation):
        if interpretation.is_editable:
            raise NotPermitted(_("只有解读单位的起草人员可以修改解读。"))
        messages.error(request, _("解读当前状态不能修改；撤销审签后方可修改。"))
        return redirect("interpretations:detail", pk=pk)
    form_kwargs = {"user": request.user, "interpretation": interpretation}
    if request.method != "POST":
        form = interp_forms.InterpretationForm(
            **form_kwargs, initial=interp_forms.interpretation_initial(interpretation)
        )
        return _render_form(request, form, interpretation=interpretation)
    form = interp_forms.InterpretationForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _render_form(request, form, interpretation=interpretation, status=400)
    try:
        services.interpretation_update(
            actor=request.user, interpretation=interpretation, data=form.service_data()
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _render_form(request, form, interpretation=interpretation, status=400)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("interpretations:detail", pk=pk)
    messages.success(request, _("修改已保存。"))
    return redirect("interpretations:detail", pk=pk)


# --- detail and actions --------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    interpretation: Interpretation,
    *,
    media_form: interp_forms.MediaForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = _actions(request.user, interpretation)
    check = None
    warnings: list[str] = []
    if interpretation.status in (Status.DRAFT, Status.SIGNED_OFF):
        check = selectors.copy_check(interpretation)
        warnings = selectors.review_warnings(interpretation, check)
    context = {
        "interpretation": interpretation,
        "actions": actions,
        "documents": list(
            documents_visible_to(request.user).filter(interpretations=interpretation)
        ),
        "hidden_documents": interpretation.documents.exclude(
            pk__in=documents_visible_to(request.user).values("pk")
        ).count(),
        "media": list(interpretation.media.all()),
        "media_form": media_form or interp_forms.MediaForm(),
        "reason_form": interp_forms.ReasonForm(),
        "check": check,
        "warnings": warnings,
        "events": list(events_for(interpretation)),
    }
    return render(request, "interpretations/staff/detail.html", context, status=status)


@require_GET
@staff_view
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(request, pk))


def _problems(interpretation: Interpretation) -> list[tuple[str, str]]:
    return sign_off_problems(
        title=interpretation.title,
        body=interpretation.body,
        interpreter_name=interpretation.interpreter_name,
        interpreter_phone=interpretation.interpreter_phone,
        forms=interpretation.forms,
        elements=interpretation.elements,
        media_kinds=interpretation.media.values_list("kind", flat=True),
        document_count=interpretation.documents.count(),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def interpretation_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """审签: GET shows the review (copy share, missing elements); POST signs off."""
    interpretation = _visible(request, pk)
    if not perms.can_sign_off_interpretation(request.user, interpretation):
        raise NotPermitted(_("只有解读单位负责人可以审签政策解读。"))
    form = interp_forms.SignOffForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.interpretation_sign_off(
                actor=request.user,
                interpretation=interpretation,
                opinion=form.cleaned_data["opinion"],
            )
        except (InvalidInput, TransitionNotAllowed) as exc:
            messages.error(request, exc.message)
            status = exc.http_status
        else:
            for warning in selectors.review_warnings(interpretation):
                messages.warning(request, warning)
            messages.success(request, _("解读已审签，将随文件同步发布。"))
            return redirect("interpretations:detail", pk=pk)
    check = selectors.copy_check(interpretation)
    context = {
        "interpretation": interpretation,
        "form": form,
        "check": check,
        "warnings": selectors.review_warnings(interpretation, check),
        "problems": [message for _field, message in _problems(interpretation)],
        "documents": list(interpretation.documents.all()),
    }
    return render(request, "interpretations/staff/sign_off.html", context, status=status)


def _perform(
    request: HttpRequest,
    pk: int,
    call: Callable[[Interpretation, str], Any],
    success: str,
    *,
    needs_reason: bool = False,
) -> HttpResponse:
    interpretation = _visible(request, pk)
    form = interp_forms.ReasonForm(request.POST) if needs_reason else None
    return perform_action(
        request,
        form=form,
        call=lambda: call(interpretation, form.cleaned_data["reason"] if form else ""),
        success=success,
        rerender=lambda bound, status: _render_detail(
            request, _visible(request, pk), status=status
        ),
        done=lambda result: redirect("interpretations:detail", pk=pk),
        invalid_message=_("请填写理由。"),
    )


@require_POST
@staff_view
def interpretation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda i, reason: services.interpretation_reopen(
            actor=request.user, interpretation=i, reason=reason
        ),
        _("已撤销审签，解读可修改后重新审签。"),
        needs_reason=True,
    )


@require_POST
@staff_view
def interpretation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda i, reason: services.interpretation_publish(actor=request.user, interpretation=i),
        _("解读已发布。"),
    )


@require_POST
@staff_view
def interpretation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda i, reason: services.interpretation_withdraw(
            actor=request.user, interpretation=i, reason=reason
        ),
        _("解读已撤回。"),
        needs_reason=True,
    )


@require_POST
@staff_view
def media_add(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = _visible(request, pk)
    form = interp_forms.MediaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, interpretation, media_form=form, status=400)
    try:
        services.media_add(
            actor=request.user,
            interpretation=interpretation,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except (InvalidInput, TransitionNotAllowed) as exc:
        form.add_domain_error(exc)
        return _render_detail(request, interpretation, media_form=form, status=exc.http_status)
    messages.success(request, _("解读材料已上传。"))
    return redirect("interpretations:detail", pk=pk)


@require_POST
@staff_view
def media_delete(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    interpretation = _visible(request, pk)
    media = get_object_or_404(interpretation.media.all(), pk=media_pk)
    try:
        services.media_remove(actor=request.user, media=media)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("interpretations:detail", pk=pk)
    messages.success(request, _("解读材料已删除。"))
    return redirect("interpretations:detail", pk=pk)


@require_GET
@staff_view
def media_download(request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
    interpretation = _visible(request, pk)
    media = get_object_or_404(interpretation.media.all(), pk=media_pk)
    return media_response(media, download=not (media.is_image or media.is_video))
