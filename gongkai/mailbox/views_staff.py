"""Back office of the mailbox at /staff/mailbox/: the list with 待办 bands by remaining
working days, the message page with its clocks and history, one action view per action.
Every action goes through `services` with `kit.views.perform_action`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gongkai.calendars.selectors import current_calendar
from gongkai.core.kit.audit import action_label, events_for
from gongkai.core.kit.inbox import due_info
from gongkai.core.kit.views import forbidden, perform_action
from gongkai.core.kit.views import staff_view as _staff_view
from gongkai.core.kit.workflow import actions_for
from gongkai.lib.masking import mask_name, mask_text
from gongkai.mailbox import forms, selectors, services
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.actions import ACTIONS
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.workflow import OPEN, Status

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
