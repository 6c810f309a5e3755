"""The back office's own pages: the 待办 (every module's tasks on one page) and the outbox
(待发消息). Each module's pages are in its own views_staff.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import has_role, is_administrator
from gongkai.calendars.selectors import current_calendar
from gongkai.core.exceptions import NotPermitted
from gongkai.core.kit import outbox
from gongkai.core.kit.inbox import due_info
from gongkai.core.kit.inbox import links_for as other_inbox_links
from gongkai.core.kit.views import staff_view
from gongkai.documents import presenters
from gongkai.documents.selectors import inbox_for
from gongkai.staff import forms as staff_forms


def role_labels(user: Any) -> list[str]:
    """'教育局 · 起草人员' for each membership of the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = Membership.objects.filter(user=user).select_related("organ")
    return [
        f"{m.organ.short_name or m.organ.name} · {m.get_role_display()}"
        for m in memberships.order_by("organ__sort_order", "organ_id", "role")
    ]


# --- 待办 -------------------------------------------------------------------------------------


@require_safe
@staff_view
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sections = inbox_for(request.user, today)
    cal = current_calendar(today)
    context = {
        "today": today,
        "roles": role_labels(request.user),
        "blocks": presenters.inbox_blocks(sections, today, cal),
        "other_tasks": [
            (link, [(item, due_info(item.due, today, cal)) for item in link.items])
            for link in other_inbox_links(request.user, today)
        ],
    }
    return render(request, "staff/inbox.html", context)


# --- the outbox (待发消息) -------------------------------------------------------------------


def can_see_outbox(user: Any) -> bool:
    """Administrators and the openness offices (who are told about failed notices)."""
    return (
        is_administrator(user)
        or has_role(user, Role.OPENNESS_OFFICER)
        or has_role(user, Role.OPENNESS_OFFICE_HEAD)
    )


@require_safe
@staff_view
def outbox_list(request: HttpRequest) -> HttpResponse:
    """Messages to citizens not yet delivered (or any, filtered): status, attempts, the last
    error and a retry button for failed ones (kit.outbox)."""
    if not can_see_outbox(request.user):
        raise NotPermitted(_("只有系统管理员和政府信息公开工作机构可以查看待发消息。"))
    filters = staff_forms.OutboxFilterForm(request.GET or None)
    selected = filters.apply(outbox.messages_visible_to(request.user)).order_by("-pk")
    page = Paginator(selected, settings.GONGKAI_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "staff/outbox.html", context)


@require_POST
@staff_view
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_see_outbox(request.user):
        raise NotPermitted(_("只有系统管理员和政府信息公开工作机构可以重新发送消息。"))
    message = get_object_or_404(outbox.messages_visible_to(request.user), pk=pk)
    if outbox.retry(message, actor=request.user):
        messages.success(request, _("已重新排入发送队列，将在下次发送时发出。"))
    else:
        messages.error(request, _("只有发送失败的消息可以重新发送。"))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("staff:outbox")
    return redirect(target)
