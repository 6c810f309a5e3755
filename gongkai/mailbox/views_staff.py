"""Back office of the mailbox at /staff/mailbox/: the list with 待办 bands by remaining
working days, the message page with its clocks and history, one action view per action.
Every action goes through `services` with `kit.views.perform_action`."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.calendars.selectors import current_calendar
from gongkai.core.kit.audit import action_label, events_for
from gongkai.core.kit.exports import export_response
from gongkai.core.kit.inbox import due_info
from gongkai.core.kit.views import forbidden, perform_action
from gongkai.core.kit.views import staff_view as _staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.lib.masking import mask_name, mask_text
from gongkai.mailbox import forms, selectors, services
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.actions import ACTIONS
from gongkai.mailbox.conf import limit_days
from gongkai.mailbox.models import PublicMessage, Solicitation, SolicitationAnswer
from gongkai.mailbox.workflow import OPEN, SolicitationStatus, Status

staff_view = partial(_staff_view, members_only=gettext_lazy("留言办理仅限机关工作人员使用。"))


def _visible(request: HttpRequest, pk: int) -> PublicMessage:
    return get_object_or_404(selectors.messages_visible_to(request.user), pk=pk)


@require_safe
@staff_view
def message_list(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_mailbox(request.user):
        return forbidden(request, _("留言办理仅限留言办理部门和政务公开工作机构使用。"))
    today = timezone.localdate()
    filters = forms.ListFilterForm(request.GET or None)
    qs = selectors.messages_visible_to(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["due"]:
            qs = selectors.messages_due(qs, data["due"], today)
        if data["q"]:
            qs = qs.filter(Q(number__icontains=data["q"]) | Q(subject__icontains=data["q"]))
    qs = selectors.with_due(qs).order_by("-submitted_at", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    cal = current_calendar(today)
    rows = [
        (m, due_info(getattr(m, "due", None), today, cal) if m.status in OPEN else None)
        for m in page
    ]
    bands = selectors.due_counts(request.user, today)
    return render(
        request,
        "mailbox/staff/list.html",
        {"page": page, "rows": rows, "filters": filters, "bands": bands, "today": today},
    )


ACTION_FORMS: dict[str, Callable[..., Any]] = {
    "accept": forms.ActionForm,
    "reply": forms.ReplyForm,
    "transfer": forms.TransferForm,
    "convert": forms.NoteForm,
    "refer": forms.NoteForm,
    "reject": forms.ReasonForm,
    "publish": forms.PublishForm,
    "unpublish": forms.ReasonForm,
}


def _form(name: str, message: PublicMessage, data: Any = None) -> Any:
    if name == "transfer":
        return forms.TransferForm(data, message=message, prefix=name)
    if name == "publish" and data is None:
        return forms.PublishForm(initial=services.public_copy(message), prefix=name)
    return ACTION_FORMS[name](data, prefix=name)


def _detail(
    request: HttpRequest, message: PublicMessage, bound: Any = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    offered = actions_for(request.user, message)
    action_forms = [
        (name, bound if bound is not None and bound.prefix == name else _form(name, message))
        for name in offered
    ]
    handler = perms.can_handle_message(request.user, message)
    writer = {
        "name": message.writer_name if handler else mask_name(message.writer_name),
        "phone": message.phone if handler else mask_text(message.phone),
        "email": message.email if handler else mask_text(message.email),
        "text": message.text if handler else mask_text(message.text, [message.writer_name]),
    }
    clocks = list(selectors.clocks_for(message))
    open_clock = next((c for c in clocks if c.closed_on is None), None)
    context = {
        "message": message,
        "writer": writer,
        "masked": not handler,
        "clocks": clocks,
        "due": due_info(open_clock.due_date, today, current_calendar(today))
        if open_clock
        else None,
        "open_clock": open_clock,
        "action_forms": action_forms,
        "events": [
            (event, action_label(event.action), _state(event.from_state), _state(event.to_state))
            for event in events_for(message).order_by("created_at", "pk")
        ],
    }
    return render(request, "mailbox/staff/detail.html", context, status=status)


def _state(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


@require_safe
@staff_view
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


def _call(name: str, request: HttpRequest, message: PublicMessage, data: dict[str, Any]) -> Any:
    actor = request.user
    calls: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.message_accept(actor=actor, message=message),
        "reply": lambda: services.message_reply(actor=actor, message=message, reply=data["reply"]),
        "transfer": lambda: services.message_transfer(
            actor=actor, message=message, to_organ=data["to_organ"], reason=data["reason"]
        ),
        "convert": lambda: services.message_convert(
            actor=actor, message=message, note=data["note"]
        ),
        "refer": lambda: services.message_refer(actor=actor, message=message, note=data["note"]),
        "reject": lambda: services.message_reject(
            actor=actor, message=message, reason=data["reason"]
        ),
        "publish": lambda: services.message_publish(actor=actor, message=message, edited=data),
        "unpublish": lambda: services.message_unpublish(
            actor=actor, message=message, reason=data["reason"]
        ),
    }
    return calls[name]()


SUCCESS = {
    "accept": gettext_lazy("已受理。"),
    "reply": gettext_lazy("已答复。"),
    "transfer": gettext_lazy("已转办。"),
    "convert": gettext_lazy("已转依申请公开，留言人可凭查询码按依申请公开程序提交申请。"),
    "refer": gettext_lazy("已记录转信访。"),
    "reject": gettext_lazy("已不予受理。"),
    "publish": gettext_lazy("已在“留言选登”中公开（个人信息已隐去）。"),
    "unpublish": gettext_lazy("已撤销选登。"),
}


@require_POST
@staff_view
def message_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404
    message = _visible(request, pk)
    # "You may not" before "the form is incomplete" (the service checks it again, locked).
    if not ACTIONS.spec(action).permission(request.user, message):
        return forbidden(request, str(services.NOT_HANDLER))
    form = _form(action, message, request.POST)
    return perform_action(
        request,
        form=form,
        call=lambda: _call(action, request, message, form.cleaned_data),
        success=str(SUCCESS[action]),
        rerender=lambda f, status: _detail(request, _visible(request, pk), f, status),
        done=lambda result: redirect("mailbox:detail", pk=pk),
    )


# --- 征集调查 -----------------------------------------------------------------------------------


def _organiser_organs(user: Any) -> Any:
    from gongkai.organizations.models import Organ

    return Organ.objects.filter(pk__in=perms.handled_organ_ids(user), is_active=True).order_by("pk")


def _solicitation(request: HttpRequest, pk: int) -> Solicitation:
    return get_object_or_404(selectors.solicitations_visible_to(request.user), pk=pk)


@require_safe
@staff_view
def solicitation_list(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_mailbox(request.user):
        return forbidden(request, _("征集调查仅限发起部门和政务公开工作机构使用。"))
    qs = selectors.solicitations_visible_to(request.user).order_by("-created_at", "-pk")
    if request.GET.get("status") in SolicitationStatus.values:
        qs = qs.filter(status=request.GET["status"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mailbox/staff/solicitation_list.html",
        {"page": page, "can_create": _organiser_organs(request.user).exists()},
    )


def _edit_page(
    request: HttpRequest, form: Any, solicitation: Solicitation | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "mailbox/staff/solicitation_form.html",
        {"form": form, "solicitation": solicitation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_view
def solicitation_create(request: HttpRequest) -> HttpResponse:
    organs = _organiser_organs(request.user)
    if not organs.exists():
        return forbidden(request, str(services.NOT_ORGANISER))
    if request.method != "POST":
        return _edit_page(request, forms.SolicitationForm(organs=organs), None)
    form = forms.SolicitationForm(request.POST, organs=organs)
    return perform_action(
        request,
        form=form,
        call=lambda: services.solicitation_create(
            actor=request.user,
            organ=form.cleaned_data["organ"],
            data=form.service_data(),
            questions=form.service_questions(),
        ),
        success=str(gettext_lazy("已保存征集调查草稿。")),
        rerender=lambda f, status: _edit_page(request, f, None, status),
        done=lambda s: redirect("mailbox:solicitation", pk=s.pk),
    )


@require_http_methods(["GET", "POST"])
@staff_view
def solicitation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = _solicitation(request, pk)
    if not perms.can_manage_solicitation(request.user, s):
        return forbidden(request, str(services.NOT_ORGANISER))
    organs = _organiser_organs(request.user)
    if request.method != "POST":
        initial = {
            "organ": s.organ,
            "kind": s.kind,
            "title": s.title,
            "description": s.description,
            "opens_at": timezone.localtime(s.opens_at),
            "closes_at": timezone.localtime(s.closes_at),
            "questions": forms.format_questions(s),
        }
        return _edit_page(request, forms.SolicitationForm(initial=initial, organs=organs), s)
    form = forms.SolicitationForm(request.POST, organs=organs)
    return perform_action(
        request,
        form=form,
        call=lambda: services.solicitation_update(
            actor=request.user,
            solicitation=s,
            data=form.service_data(),
            questions=form.service_questions(),
        ),
        success=str(gettext_lazy("已保存。")),
        rerender=lambda f, status: _edit_page(request, f, s, status),
        done=lambda result: redirect("mailbox:solicitation", pk=pk),
    )


SOLICITATION_FORMS: dict[str, Callable[..., Any]] = {
    "publish": forms.ActionForm,
    "report": forms.ResultsForm,
    "withdraw": forms.ReasonForm,
}


def _solicitation_page(
    request: HttpRequest, s: Solicitation, bound: Any = None, status: int = 200
) -> HttpResponse:
    offered = actions_for(request.user, s)
    action_forms = [
        (
            name,
            bound
            if bound is not None and bound.prefix == name
            else SOLICITATION_FORMS[name](prefix=name),
        )
        for name in offered
    ]
    manager = perms.can_manage_solicitation(request.user, s)
    context = {
        "solicitation": s,
        "manager": manager,
        "action_forms": action_forms,
        "results": selectors.solicitation_results(s, featured_only=False),
        "texts": Paginator(selectors.text_answers(s), 50).get_page(request.GET.get("apage"))
        if manager
        else None,
        "events": [
            (event, action_label(event.action))
            for event in events_for(s).order_by("created_at", "pk")
        ],
    }
    return render(request, "mailbox/staff/solicitation_detail.html", context, status=status)


@require_safe
@staff_view
def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _solicitation_page(request, _solicitation(request, pk))


SOLICITATION_SUCCESS = {
    "publish": gettext_lazy("已发布，到开始时间后自动开始征集，到截止时间自动结束。"),
    "report": gettext_lazy("已公布结果反馈。"),
    "withdraw": gettext_lazy("已撤回。"),
}


@require_POST
@staff_view
def solicitation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in SOLICITATION_FORMS:
        raise Http404
    s = _solicitation(request, pk)
    if not perms.can_manage_solicitation(request.user, s):
        return forbidden(request, str(services.NOT_ORGANISER))
    form = SOLICITATION_FORMS[action](request.POST, prefix=action)
    actor = request.user

    def call() -> Any:
        if action == "publish":
            return services.solicitation_publish(actor=actor, solicitation=s)
        if action == "report":
            return services.solicitation_report(
                actor=actor, solicitation=s, results_text=form.cleaned_data["results_text"]
            )
        return services.solicitation_withdraw(
            actor=actor, solicitation=s, reason=form.cleaned_data["reason"]
        )

    return perform_action(
        request,
        form=form,
        call=call,
        success=str(SOLICITATION_SUCCESS[action]),
        rerender=lambda f, status: _solicitation_page(
            request, _solicitation(request, pk), f, status
        ),
        done=lambda result: redirect("mailbox:solicitation", pk=pk),
    )


@require_POST
@staff_view
def answer_feature(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    s = _solicitation(request, pk)
    if not perms.can_manage_solicitation(request.user, s):
        return forbidden(request, str(services.NOT_ORGANISER))
    answer = get_object_or_404(
        SolicitationAnswer.objects.select_related("response__solicitation"),
        pk=answer_id,
        response__solicitation=s,
    )
    featured = request.POST.get("featured") == "1"
    return perform_action(
        request,
        form=None,
        call=lambda: services.answer_feature(actor=request.user, answer=answer, featured=featured),
        success=str(gettext_lazy("已选登。") if featured else gettext_lazy("已取消选登。")),
        rerender=lambda f, status: _solicitation_page(
            request, _solicitation(request, pk), None, status
        ),
        done=lambda result: redirect(f"{reverse('mailbox:solicitation', args=[pk])}#answers"),
    )


@require_safe
@staff_view
def solicitation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every answer with the respondents' details (staff only), cells neutralised
    (kit.exports: formula injection)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    s = _solicitation(request, pk)
    if not perms.can_manage_solicitation(request.user, s):
        return forbidden(request, str(services.NOT_ORGANISER))
    services.solicitation_exported(actor=request.user, solicitation=s, fmt=fmt)
    return export_response(
        fmt, f"answers-{s.number}", selectors.EXPORT_HEADER, selectors.export_rows(s)
    )


# --- 电话留言 -----------------------------------------------------------------------------------

SESSION_PHONE_RECEIPT = "gongkai.mailbox.phone_receipt"
PHONE_RECEIPT_SECONDS = 1800


def _phone_page(request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
    return render(request, "mailbox/staff/phone_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_view
def phone_register(request: HttpRequest) -> HttpResponse:
    organs = _organiser_organs(request.user)
    if not organs.exists():
        return forbidden(request, _("只能为本部门（或本机构负责的部门）登记电话留言。"))
    if request.method != "POST":
        form = forms.PhoneMessageForm(
            organs=organs,
            initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
        )
        return _phone_page(request, form)
    form = forms.PhoneMessageForm(request.POST, organs=organs)

    def call() -> Any:
        result = services.message_register_phone(
            actor=request.user,
            organ=form.cleaned_data["organ"],
            data=form.service_data(),
            received_at=form.cleaned_data["received_at"],
            client_token=form.cleaned_data["client_token"] or None,
        )
        request.session[SESSION_PHONE_RECEIPT] = {
            "id": result.message.pk,
            "code": result.query_code,
            "at": time.time(),
        }
        return result.message

    return perform_action(
        request,
        form=form,
        call=call,
        success=str(gettext_lazy("电话留言已登记。请将留言编号和查询码告知来电人。")),
        rerender=lambda f, status: _phone_page(request, f, status),
        done=lambda message: redirect("mailbox:receipt", pk=message.pk),
    )


@require_safe
@staff_view
def message_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable receipt (回执) of a message: number, limits and — right after a phone
    registration only — the query code (it is stored hashed and cannot be shown later)."""
    message = _visible(request, pk)
    data = request.session.get(SESSION_PHONE_RECEIPT) or {}
    code = None
    fresh = time.time() - float(data.get("at", 0)) <= PHONE_RECEIPT_SECONDS
    if data.get("id") == message.pk and fresh:
        code = data.get("code")
    context = {
        "message": message,
        "query_code": code,
        "accept_days": limit_days(message.kind, "accept"),
        "reply_days": limit_days(message.kind, "reply"),
        "clocks": list(selectors.clocks_for(message)),
    }
    return render(request, "mailbox/staff/receipt.html", context)
