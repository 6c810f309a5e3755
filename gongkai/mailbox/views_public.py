"""Public pages of 互动交流 at /hdjl/: the column, the form, the receipt, tracking by query
code (rating, 转依申请公开), 留言选登 and the statistics.

- A message is stored (``services.message_submit`` commits) before the receipt shows its
  number and query code; a hidden client token makes a double submit land on the same
  message; floods from one address are answered 429 (throttle.SUBMISSIONS).
- Tracking binds the session to one message after a correct number + code (failures are
  throttled); the pages read the message from the session, never from the URL.
- 留言选登 shows only the masked public copy.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import columns, paging
from gongkai.core.kit.api import client_ip
from gongkai.core.kit.views import public_view
from gongkai.inforequests.forms import PublicApplicationForm
from gongkai.mailbox import selectors, services
from gongkai.mailbox.conf import limit_days
from gongkai.mailbox.forms import MessageForm, RatingForm, RespondentForm, TrackForm
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.permissions import MessageWriter
from gongkai.mailbox.throttle import SUBMISSIONS, SURVEY_ANSWERS, TRACKING
from gongkai.mailbox.workflow import Kind, Rating, Status

SESSION_RECEIPT = "gongkai.hdjl.receipt"
SESSION_MESSAGE = "gongkai.hdjl.message"
RECEIPT_SECONDS = 1800
TRACK_SECONDS = 1800
# The 依申请公开 receipt page reads the case from this session key (inforequests.views_public).
INFOREQUEST_RECEIPT = "gongkai.ysqgk.receipt"

private_view = public_view(methods=None, private=True)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("nav", "hdjl")
    return render(request, f"mailbox/public/{template}", context, status=status)


def _limits() -> list[tuple[str, int, int]]:
    return [
        (str(label), limit_days(k, "accept"), limit_days(k, "reply")) for k, label in Kind.choices
    ]


# --- the column and 留言选登 (published as static pages) -----------------------------------


@public_view
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "children": columns.children("hdjl"),
        "latest": list(selectors.messages_public()[:5]),
    }
    return _render(request, "home.html", context)


@public_view
def message_list(request: HttpRequest) -> HttpResponse:
    page = paging.paginate(request, selectors.messages_public())
    return _render(request, "list.html", {"page": page})


@public_view
def message_detail(request: HttpRequest, number: str) -> HttpResponse:
    message = selectors.messages_public().filter(number=number).first()
    if message is None:
        raise Http404
    return _render(request, "detail.html", {"message": message})


@public_view
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year:
        year = today.year
    figures = selectors.monthly_statistics(year, until=today)
    context = {
        "figures": figures,
        "years": list(range(today.year, today.year - 5, -1)),
        "kinds": [(label, figures.by_kind[value]) for value, label in Kind.choices],
        "ratings": [(label, figures.ratings[value]) for value, label in Rating.choices],
        "limits": _limits(),
    }
    return _render(request, "statistics.html", context)


# --- the form and the receipt (per visitor) ---------------------------------------------


def _form_page(request: HttpRequest, form: MessageForm, status: int = 200) -> HttpResponse:
    return _render(request, "form.html", {"form": form, "limits": _limits()}, status=status)


@require_http_methods(["GET", "POST"])
@private_view
def message_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, MessageForm())
    ip = client_ip(request)
    if SUBMISSIONS.blocked(ip):
        return _render(
            request,
            "throttled.html",
            {
                "message": _(
                    "您提交留言过于频繁，请稍后再试。已经提交成功的留言不受影响，可凭留言编号和查询码查询办理情况。"
                ),
                "form": MessageForm(request.POST),
            },
            status=429,
        )
    SUBMISSIONS.counted(ip)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        result = services.message_submit(
            organ=form.cleaned_data["organ"],
            data=form.service_data(),
            client_token=form.cleaned_data["client_token"] or None,
            remote_ip=ip or None,
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _form_page(request, form, status=400)
    # Committed: the message exists before its number and code are shown.
    request.session[SESSION_RECEIPT] = {
        "id": result.message.pk,
        "code": result.query_code,
        "at": time.time(),
    }
    return redirect("mailbox_public:receipt")


@require_safe
@private_view
def receipt(request: HttpRequest) -> HttpResponse:
    data = request.session.get(SESSION_RECEIPT)
    if data and time.time() - float(data.get("at", 0)) > RECEIPT_SECONDS:
        request.session.pop(SESSION_RECEIPT, None)
        data = None
    message = (
        PublicMessage.objects.select_related("organ").filter(pk=data["id"]).first()
        if data
        else None
    )
    if data is None or message is None:
        return _render(request, "receipt_gone.html", {}, status=410)
    context = {
        "message": message,
        "query_code": data["code"],
        "accept_days": limit_days(message.kind, "accept"),
        "reply_days": limit_days(message.kind, "reply"),
    }
    return _render(request, "receipt.html", context)


@require_POST
@private_view
def receipt_done(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_RECEIPT, None)
    return redirect("mailbox_public:track")


# --- tracking by query code -----------------------------------------------------------------


def _tracked(request: HttpRequest) -> PublicMessage | None:
    bound = request.session.get(SESSION_MESSAGE)
    if not bound:
        return None
    if time.time() - float(bound.get("at", 0)) > TRACK_SECONDS:
        request.session.pop(SESSION_MESSAGE, None)
        return None
    return (
        PublicMessage.objects.select_related("organ", "replied_by")
        .filter(pk=bound.get("id"))
        .first()
    )


def _require_message(request: HttpRequest) -> PublicMessage | HttpResponse:
    message = _tracked(request)
    if message is None:
        messages.info(request, _("请输入留言编号和查询码查询办理情况。"))
        return redirect("mailbox_public:track")
    return message


def _track_blocked(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "throttled.html",
        {"message": _("查询失败次数过多，请稍后再试。")},
        status=429,
    )


@require_http_methods(["GET", "POST"])
@private_view
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "track.html", {"form": TrackForm()})
    ip = client_ip(request)
    if TRACKING.blocked(ip):
        return _track_blocked(request)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _render(request, "track.html", {"form": form}, status=400)
    message = selectors.message_for_tracking(
        form.cleaned_data["number"], form.cleaned_data["query_code"]
    )
    if message is None:
        TRACKING.counted(ip)
        if TRACKING.blocked(ip):
            return _track_blocked(request)
        form.add_error(None, _("留言编号或查询码不正确，请核对后重新输入。"))
        return _render(request, "track.html", {"form": form}, status=400)
    request.session.cycle_key()
    request.session.pop(SESSION_RECEIPT, None)
    request.session[SESSION_MESSAGE] = {"id": message.pk, "at": time.time()}
    return redirect("mailbox_public:tracked")


def _tracked_page(
    request: HttpRequest,
    message: PublicMessage,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    clocks = list(selectors.clocks_for(message))
    context = {
        "message": message,
        "clocks": clocks,
        "open_clock": next((c for c in clocks if c.closed_on is None), None),
        "rating_form": rating_form or RatingForm(),
        "can_rate": message.status in (Status.REPLIED, Status.PUBLISHED) and message.rating is None,
        "can_apply": message.status == Status.CONVERTED and message.inforequest_id is None,
    }
    return _render(request, "tracked.html", context, status=status)


@require_safe
@private_view
def tracked(request: HttpRequest) -> HttpResponse:
    message = _require_message(request)
    if isinstance(message, HttpResponse):
        return message
    return _tracked_page(request, message)


@require_POST
@private_view
def rate(request: HttpRequest) -> HttpResponse:
    message = _require_message(request)
    if isinstance(message, HttpResponse):
        return message
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _tracked_page(request, message, form, status=400)
    try:
        services.message_rate(
            actor=MessageWriter(message.pk),
            message=message,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except InvalidInput as exc:
        form.add_domain_error(exc)
        return _tracked_page(request, message, form, status=400)
    except (TransitionNotAllowed, NotPermitted) as exc:
        messages.error(request, exc.message)
        return redirect("mailbox_public:tracked")
    messages.success(request, _("感谢您的评价。"))
    return redirect("mailbox_public:tracked")


@require_http_methods(["GET", "POST"])
@private_view
def apply(request: HttpRequest) -> HttpResponse:
    """转依申请公开: the 依申请公开 form, filled with the department and the message's text;
    the writer adds what 条例第二十九条 requires and submits it through the 依申请公开
    services. The 依申请公开 receipt (case number and its own query code) follows."""
    message = _require_message(request)
    if isinstance(message, HttpResponse):
        return message
    if message.status != Status.CONVERTED or message.inforequest_id is not None:
        messages.info(request, _("该留言无需再提交依申请公开申请。"))
        return redirect("mailbox_public:tracked")
    if request.method != "POST":
        form = PublicApplicationForm(
            initial={
                "organ": message.organ_id,
                "info_description": message.text,
                "applicant_name": message.writer_name,
                "phone": message.phone,
                "email": message.email,
            }
        )
        return _render(request, "apply.html", {"form": form, "message": message})
    form = PublicApplicationForm(request.POST)
    if not form.is_valid():
        return _render(request, "apply.html", {"form": form, "message": message}, status=400)
    try:
        result = services.message_file_inforequest(
            actor=MessageWriter(message.pk),
            message=message,
            data=form.service_data(),
            client_token=form.cleaned_data["client_token"] or None,
            remote_ip=client_ip(request) or None,
        )
    except (InvalidInput, NotPermitted) as exc:
        form.add_domain_error(exc)  # type: ignore[arg-type]
        return _render(request, "apply.html", {"form": form, "message": message}, status=400)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("mailbox_public:tracked")
    request.session[INFOREQUEST_RECEIPT] = {
        "id": result.info_request.pk,
        "code": result.query_code,
        "at": time.time(),
    }
    return redirect("inforequests_public:receipt")


@require_POST
@private_view
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_MESSAGE, None)
    return redirect("mailbox_public:track")


# --- 征集调查 -----------------------------------------------------------------------------------

SESSION_SURVEY = "gongkai.hdjl.survey"


def _public_solicitation(number: str) -> Any:
    s = selectors.solicitations_public().filter(number=number).first()
    if s is None:
        raise Http404
    return s


@public_view
def solicitation_list(request: HttpRequest) -> HttpResponse:
    page = paging.paginate(request, selectors.solicitations_public())
    return _render(request, "solicitation_list.html", {"page": page})


@public_view
def solicitation_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The solicitation, its questions and, once reported, its results (counts per option,
    the selected free-text answers, 结果反馈). Published as a static page."""
    s = _public_solicitation(number)
    context = {
        "solicitation": s,
        "results": selectors.solicitation_results(s) if s.status == "reported" else None,
        "questions": list(s.questions.prefetch_related("options")),
    }
    return _render(request, "solicitation_detail.html", context)


def _answers_from_post(s: Any, data: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in s.questions.all():
        key = f"q{q.pk}"
        if q.kind == "multiple":
            answers[str(q.pk)] = data.getlist(key)
        else:
            answers[str(q.pk)] = data.get(key, "")
    return answers


def _answer_page(
    request: HttpRequest,
    s: Any,
    form: RespondentForm,
    *,
    error: str = "",
    error_field: str = "",
    given: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = list(s.questions.prefetch_related("options"))
    given = given or {}
    rows = []
    for q in questions:
        value = given.get(str(q.pk))
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value or "")}
        rows.append((q, chosen, value if q.kind == "text" else ""))
    context = {
        "solicitation": s,
        "rows": rows,
        "form": form,
        "error": error,
        "error_question": int(error_field[1:])
        if error_field[:1] == "q" and error_field[1:].isdigit()
        else None,
        "accepting": services.accepting_answers(s, timezone.now()),
        "answer_max": services.ANSWER_MAX,
    }
    return _render(request, "solicitation_answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@private_view
def solicitation_answer(request: HttpRequest, number: str) -> HttpResponse:
    s = _public_solicitation(number)
    if request.method != "POST":
        return _answer_page(request, s, RespondentForm())
    ip = client_ip(request)
    if SURVEY_ANSWERS.blocked(ip):
        return _render(
            request,
            "throttled.html",
            {"message": _("您提交答卷过于频繁，请稍后再试。已经提交成功的答卷不受影响。")},
            status=429,
        )
    SURVEY_ANSWERS.counted(ip)
    form = RespondentForm(request.POST)
    given = _answers_from_post(s, request.POST)
    if not form.is_valid():
        return _answer_page(
            request, s, form, error=_("提交的内容有误，请检查后重试。"), given=given, status=400
        )
    try:
        result = services.response_submit(
            solicitation=s,
            answers=given,
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
            client_token=form.cleaned_data["client_token"] or None,
            remote_ip=ip or None,
        )
    except InvalidInput as exc:
        return _answer_page(
            request,
            s,
            form,
            error=exc.message,
            error_field=exc.field or "",
            given=given,
            status=400,
        )
    request.session[SESSION_SURVEY] = {"id": result.response.pk, "at": time.time()}
    return redirect("mailbox_public:solicitation_thanks", number=s.number)


@require_safe
@private_view
def solicitation_thanks(request: HttpRequest, number: str) -> HttpResponse:
    s = _public_solicitation(number)
    data = request.session.get(SESSION_SURVEY)
    response = None
    if data and time.time() - float(data.get("at", 0)) <= RECEIPT_SECONDS:
        response = s.responses.filter(pk=data.get("id")).first()
    if response is None:
        return _render(request, "receipt_gone.html", {}, status=410)
    return _render(request, "solicitation_thanks.html", {"solicitation": s, "response": response})
