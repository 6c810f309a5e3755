"""Public pages of 依申请公开 at /ysqgk/: the guide, the online form, the receipt, tracking.

- The application is stored (``services.inforequest_submit`` commits) before the receipt page
  shows its case number and private query code; a hidden client token makes a double submit
  land on the same case, and a per-IP throttle answers floods with 429.
- Tracking binds the visitor's session to one case after a correct case number + query code
  (guesses are throttled per IP); every later page reads the case from the session, never
  from the URL, so no other applicant's case is reachable. Pages show ``tracking_view`` only:
  no personal data.

These pages depend on the visitor's session, so they are never published as static files
(the portal registers the column with ``static=False``).
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.api import client_ip
from gongkai.core.kit.views import public_view as kit_public_view
from gongkai.inforequests import selectors, services
from gongkai.inforequests.conf import setting
from gongkai.inforequests.forms import PublicApplicationForm, PublicCorrectionForm, TrackForm
from gongkai.inforequests.models import InfoRequest, Letter, ProvidedFile
from gongkai.inforequests.permissions import CaseApplicant
from gongkai.inforequests.presenters import tracking_view
from gongkai.inforequests.throttle import (
    submission_blocked,
    submission_counted,
    tracking_blocked,
    tracking_failed,
)
from gongkai.inforequests.workflow import Channel, Status
from gongkai.organizations.models import Organ

SESSION_CASE = "gongkai.ysqgk.case"
SESSION_RECEIPT = "gongkai.ysqgk.receipt"
# How long the receipt page keeps showing the query code (a reload or printing must not
# lose it); it is never stored in clear anywhere else.
RECEIPT_SECONDS = 1800


# Site language, the site's content security policy (the module kit), and no caching: the
# pages carry a form token or a visitor's case. Methods are limited view by view.
public_view = kit_public_view(methods=None, private=True)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("nav", "xxgk")
    return render(request, f"inforequests/public/{template}", context, status=status)


def _throttled(request: HttpRequest, message: str, **context: Any) -> HttpResponse:
    return _render(request, "throttled.html", {"message": message, **context}, status=429)


# --- guide and form ------------------------------------------------------------------------


@require_safe
@public_view
def apply(request: HttpRequest) -> HttpResponse:
    """The entry page: a short guide to 依申请公开 and the two ways in (apply, track)."""
    offices = Organ.objects.filter(is_active=True).exclude(office_phone="", office_address="")
    return _render(request, "apply.html", {"offices": offices})


def _form_page(
    request: HttpRequest, form: PublicApplicationForm, status: int = 200
) -> HttpResponse:
    return _render(request, "form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@public_view
def application_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, PublicApplicationForm())
    ip = client_ip(request)
    if submission_blocked(ip):
        return _throttled(
            request,
            _(
                "您提交申请过于频繁，请稍后再试。已经提交成功的申请不受影响，请凭申请编号和查询码查询办理进度。"
            ),
            form=PublicApplicationForm(request.POST),
        )
    submission_counted(ip)
    form = PublicApplicationForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        result = services.inforequest_submit(
            organ=form.cleaned_data["organ"],
            channel=Channel.ONLINE,
            data=form.service_data(),
            client_token=form.cleaned_data["client_token"] or None,
            remote_ip=ip or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except (InvalidInput, NotPermitted) as exc:
        form.add_domain_error(exc)  # type: ignore[arg-type]
        return _form_page(request, form, status=400)
    # Committed: the case exists before its number and code are shown.
    request.session[SESSION_RECEIPT] = {
        "id": result.info_request.pk,
        "code": result.query_code,
        "at": time.time(),
    }
    return redirect("inforequests_public:receipt")


def _receipt(request: HttpRequest) -> dict[str, Any] | None:
    receipt = request.session.get(SESSION_RECEIPT)
    if not receipt or time.time() - float(receipt.get("at", 0)) > RECEIPT_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        return None
    return dict(receipt)


@require_safe
@public_view
def receipt(request: HttpRequest) -> HttpResponse:
    data = _receipt(request)
    info_request = (
        InfoRequest.objects.select_related("organ").filter(pk=data["id"]).first() if data else None
    )
    if data is None or info_request is None:
        return _render(request, "receipt_gone.html", {}, status=410)
    context = {
        "case": tracking_view(info_request),
        "query_code": data["code"],
        "information": info_request.info_title
        or info_request.info_doc_number
        or info_request.info_description[:80],
        "submitted_at": info_request.submitted_at,
        "reply_days": services.REPLY_DAYS,
    }
    return _render(request, "receipt.html", context)


@require_POST
@public_view
def receipt_done(request: HttpRequest) -> HttpResponse:
    """“I have kept the code”: the code leaves the session."""
    request.session.pop(SESSION_RECEIPT, None)
    return redirect("inforequests_public:track")


# --- tracking --------------------------------------------------------------------------------


def _tracked(request: HttpRequest) -> InfoRequest | None:
    """The case this session proved its query code for, while the binding lasts."""
    bound = request.session.get(SESSION_CASE)
    if not bound:
        return None
    if time.time() - float(bound.get("at", 0)) > int(
        setting("GONGKAI_INFOREQUEST_TRACK_SESSION_SECONDS")
    ):
        request.session.pop(SESSION_CASE, None)
        return None
    return InfoRequest.objects.select_related("organ").filter(pk=bound.get("id")).first()


def _track_page(request: HttpRequest, form: TrackForm, status: int = 200) -> HttpResponse:
    return _render(
        request,
        "track.html",
        {"form": form, "has_case": request.session.get(SESSION_CASE) is not None},
        status=status,
    )


TRACK_BLOCKED = gettext_lazy(
    "查询失败次数过多，请稍后再试。如遗失查询码，请携带身份证明与受理机关政府信息公开工作机构联系。"
)


@require_http_methods(["GET", "POST"])
@public_view
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _track_page(request, TrackForm())
    ip = client_ip(request)
    if tracking_blocked(ip):
        return _throttled(request, str(TRACK_BLOCKED))
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    info_request = selectors.inforequest_for_tracking(
        form.cleaned_data["case_number"], form.cleaned_data["query_code"]
    )
    if info_request is None:
        tracking_failed(ip)
        if tracking_blocked(ip):
            return _throttled(request, str(TRACK_BLOCKED))
        # One message whether the number or the code is wrong: nothing is learnt by guessing.
        form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入。"))
        return _track_page(request, form, status=400)
    # A new session key, bound to this case only.
    request.session.cycle_key()
    request.session.pop(SESSION_RECEIPT, None)
    request.session[SESSION_CASE] = {"id": info_request.pk, "at": time.time()}
    return redirect("inforequests_public:case")


def _case_page(
    request: HttpRequest,
    info_request: InfoRequest,
    correction_form: PublicCorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    view = tracking_view(info_request)
    context = {
        "case": view,
        "letters": list(selectors.letters_for_applicant(info_request)),
        "provided_files": list(selectors.provided_files_for_applicant(info_request)),
        "correction_open": info_request.status == Status.CORRECTION,
        "correction_form": correction_form or PublicCorrectionForm(),
    }
    return _render(request, "case.html", context, status=status)


def _require_case(request: HttpRequest) -> InfoRequest | HttpResponse:
    info_request = _tracked(request)
    if info_request is None:
        messages.info(request, _("请输入申请编号和查询码查询办理进度。"))
        return redirect("inforequests_public:track")
    return info_request


@require_safe
@public_view
def case(request: HttpRequest) -> HttpResponse:
    info_request = _require_case(request)
    if isinstance(info_request, HttpResponse):
        return info_request
    return _case_page(request, info_request)


@require_POST
@public_view
def correction(request: HttpRequest) -> HttpResponse:
    """补正 (条例第三十条) submitted by the applicant: received today, the reply clock restarts."""
    info_request = _require_case(request)
    if isinstance(info_request, HttpResponse):
        return info_request
    form = PublicCorrectionForm(request.POST)
    if not form.is_valid():
        return _case_page(request, info_request, form, status=400)
    text = form.cleaned_data["text"].strip()
    description = info_request.info_description.strip()
    changes: dict[str, Any] = {
        # The original description stays; the correction is added below it.
        "info_description": (f"{description}\n\n" if description else "") + f"【申请人补正】{text}",
    }
    for name in ("info_title", "info_doc_number"):
        if form.cleaned_data.get(name):
            changes[name] = form.cleaned_data[name]
    try:
        services.inforequest_receive_correction(
            actor=CaseApplicant(info_request.pk),
            info_request=info_request,
            changes=changes,
            note=text[:2000],
        )
    except (InvalidInput, GateRefused) as exc:
        form.add_domain_error(exc)
        return _case_page(request, info_request, form, status=400)
    except (TransitionNotAllowed, NotPermitted) as exc:
        messages.error(request, exc.message)
        return redirect("inforequests_public:case")
    messages.success(
        request,
        _("补正已提交。答复期限自今日（收到补正的申请之日）起重新计算（条例第三十条）。"),
    )
    return redirect("inforequests_public:case")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def letter_response(letter: Letter, fmt: str) -> FileResponse:
    stored = letter.pdf if fmt == "pdf" else letter.docx
    if not stored:
        raise Http404
    filename = f"{letter.title}{letter.reference}.{fmt}".replace("/", "-")
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
    )


@require_safe
@public_view
def letter_download(request: HttpRequest, letter_id: int, fmt: str) -> HttpResponseBase:
    info_request = _require_case(request)
    if isinstance(info_request, HttpResponse):
        return info_request
    if fmt not in CONTENT_TYPES:
        raise Http404
    letter = selectors.letters_for_applicant(info_request).filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return letter_response(letter, fmt)


def provided_response(provided: ProvidedFile) -> FileResponse:
    return FileResponse(
        provided.file.open("rb"),
        as_attachment=True,
        filename=provided.filename.replace("/", "-"),
        content_type=provided.content_type,
    )


@require_safe
@public_view
def provided_download(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """A file of the information provided, once the reply was given (条例第四十条)."""
    info_request = _require_case(request)
    if isinstance(info_request, HttpResponse):
        return info_request
    provided = selectors.provided_files_for_applicant(info_request).filter(pk=file_id).first()
    if provided is None:
        raise Http404
    return provided_response(provided)


@require_POST
@public_view
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_CASE, None)
    return redirect(reverse("inforequests_public:track"))
