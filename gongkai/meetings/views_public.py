"""The portal column 政府会议 at /zfhy/: upcoming open meetings (会议预告) with the way to
apply to attend, held meetings with their results, and the attendance form.

The list and the meeting pages are the same for every visitor and are published as static
files. The form and its receipt carry a form token or the visitor's application and are
always served by Django (never cached). An application is committed before its receipt
(报名编号) is shown; a per-address throttle answers floods with 429 without touching
what others submitted.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.exceptions import InvalidInput, TransitionNotAllowed
from gongkai.core.kit import paging
from gongkai.core.kit.api import client_ip
from gongkai.core.kit.views import public_view
from gongkai.meetings import selectors, services
from gongkai.meetings.forms import ApplicationForm
from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.throttle import application_blocked, application_counted
from gongkai.meetings.workflow import Status

SESSION_RECEIPT = "gongkai.zfhy.receipt"
RECEIPT_SECONDS = 1800


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("nav", "zfhy")
    return render(request, f"meetings/portal/{template}", context, status=status)


@require_safe
@public_view
def meeting_list(request: HttpRequest) -> HttpResponse:
    held = paging.paginate(request, selectors.held_public())
    context = {"upcoming": list(selectors.upcoming_public()), "page": held}
    return _render(request, "list.html", context)


@require_safe
@public_view
def meeting_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    meeting = selectors.public_meeting(str(uid))
    if meeting is None:
        raise Http404
    items = list(meeting.items.all())
    links = list(meeting.links.all()) if meeting.status == Status.PUBLISHED else []
    context = {
        "meeting": meeting,
        "items": items,
        "results": meeting.status == Status.PUBLISHED,
        "public_decisions": selectors.public_decision_uids(items),
        "media_reports": [link for link in links if link.kind == "media_report"],
        "interpretations": [link for link in links if link.kind == "interpretation"],
    }
    return _render(request, "detail.html", context)


def _token(item_id: int, raw: str) -> str | None:
    if not raw:
        return None
    return "pub:" + hashlib.sha256(f"{item_id}\x00{raw}".encode()).hexdigest()[:60]


@require_http_methods(["GET", "POST"])
@public_view(methods=None, private=True)
def apply(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.public_item(item_id)
    if item is None or not item.takes_applications:
        raise Http404
    now = timezone.now()
    is_open = services.applications_open(item, now)
    context: dict[str, Any] = {"item": item, "meeting": item.meeting, "is_open": is_open}
    if request.method != "POST":
        context["form"] = ApplicationForm()
        return _render(request, "apply.html", context, status=200 if is_open else 409)
    form = ApplicationForm(request.POST)
    context["form"] = form
    ip = client_ip(request)
    if application_blocked(ip):
        context["error"] = _("您提交报名过于频繁，请稍后再试。已经提交成功的报名不受影响。")
        return _render(request, "apply.html", context, status=429)
    application_counted(ip)
    if not form.is_valid():
        return _render(request, "apply.html", context, status=400)
    try:
        application = services.application_submit(
            item=item,
            data=form.service_data(),
            client_token=_token(item.pk, form.cleaned_data["client_token"]),
            remote_ip=ip or None,
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _render(request, "apply.html", context, status=400)
    except TransitionNotAllowed as exc:
        context["error"] = exc.message
        context["is_open"] = False
        return _render(request, "apply.html", context, status=409)
    # Committed: the application exists before its number is shown.
    request.session[SESSION_RECEIPT] = {"id": application.pk, "at": time.time()}
    return redirect("zfhy:receipt")


@require_safe
@public_view(methods=None, private=True)
def receipt(request: HttpRequest) -> HttpResponse:
    data = request.session.get(SESSION_RECEIPT)
    if not data or time.time() - float(data.get("at", 0)) > RECEIPT_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        return _render(request, "receipt_gone.html", {}, status=410)
    application = (
        AttendanceApplication.objects.select_related("item__meeting__organ")
        .filter(pk=data["id"])
        .first()
    )
    if application is None:
        raise Http404
    return _render(
        request,
        "receipt.html",
        {"application": application, "item": application.item, "meeting": application.item.meeting},
    )
