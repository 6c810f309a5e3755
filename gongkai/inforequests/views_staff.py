"""Staff pages of 依申请公开 at /staff/inforequests/ (the staff back office's look and habits).

Each view parses input, calls one service or selector and renders. Domain errors map to
HTTP statuses as in the staff app and the API: NotPermitted 403 (the Chinese 403 page),
TransitionNotAllowed 409, GateRefused 422, InvalidInput 400. A case the user may not see is
a 404, so other departments do not learn that it exists; personal data is shown through
``presenters.masked`` (in clear only for the case's handlers).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import holder_names, organs_for_role
from gongkai.calendars.selectors import current_calendar
from gongkai.core.exceptions import (
    DomainError,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from gongkai.core.kit.exports import export_response
from gongkai.core.kit.inbox import InboxItem, InboxLink, due_info
from gongkai.core.kit.outbox import messages_about
from gongkai.core.kit.views import perform_action
from gongkai.core.kit.views import staff_view as _staff_view
from gongkai.core.models import events_for
from gongkai.inforequests import forms as ir_forms
from gongkai.inforequests import selectors, services
from gongkai.inforequests.letters.docx import render_docx
from gongkai.inforequests.letters.pdf import PdfUnavailable, render_pdf
from gongkai.inforequests.models import FeeMode, InfoRequest, Letter, ProvidedFile
from gongkai.inforequests.permissions import (
    can_handle_inforequest,
    can_provide_material,
    can_view_statistics,
)
from gongkai.inforequests.presenters import available_actions, masked
from gongkai.inforequests.stats import table3_report
from gongkai.inforequests.views_public import CONTENT_TYPES, letter_response, provided_response
from gongkai.inforequests.workflow import RECEIPT_RULES, Channel, Status
from gongkai.lib.fees import FeeError
from gongkai.lib.table3 import COLUMNS
from gongkai.organizations.models import Organ

# Citizens have accounts too (they apply online): the case pages are for organs' staff.
staff_view = partial(_staff_view, members_only=gettext_lazy("依申请公开办理仅限机关工作人员使用。"))


def _visible(request: HttpRequest, pk: int) -> InfoRequest:
    return get_object_or_404(selectors.inforequests_visible_to(request.user), pk=pk)


# --- list ----------------------------------------------------------------------------------

# Inbox sections (selectors.inbox_for) → the list filter that shows the same cases.
SECTION_FILTERS = {
    "overdue": "overdue=on",
    "due_soon": "due_soon=on",
    "to_confirm": f"status={Status.SUBMITTED}",
    "confirm_overdue": f"status={Status.SUBMITTED}",
    "correction_lapsed": f"status={Status.CORRECTION}",
    "to_assign": f"status={Status.RECEIVED}",
    "correction": f"status={Status.CORRECTION}",
    "in_process": f"status={Status.IN_PROCESS}",
    "to_reply": f"status={Status.DECIDED}",
    "extension_requests": "extension_pending=on",
    "reported": f"status={Status.IN_PROCESS}",
}


# A 延期申请 must be decided (and told to the applicant) within the original period.
URGENT_SECTIONS = {
    "overdue",
    "due_soon",
    "confirm_overdue",
    "correction_lapsed",
    "extension_requests",
}


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    """This module's 待办 on the main staff inbox (hook `inbox`, shown by gongkai.staff.views.inbox)."""
    base = reverse("inforequests:list")
    return [
        InboxLink(
            module=str(_("依申请公开")),
            title=str(section.title),
            count=len(section.info_requests),
            url=f"{base}?{SECTION_FILTERS[section.key]}"
            if section.key in SECTION_FILTERS
            else base,
            urgent=section.key in URGENT_SECTIONS,
            items=tuple(
                InboxItem(
                    label=f"{ir.case_number} {ir.info_title or ir.info_doc_number}".strip(),
                    url=reverse("inforequests:detail", args=[ir.pk]),
                    handler=current_handler(ir, section.key),
                    due=getattr(ir, "reply_due", None),
                    note=str(ir.get_status_display()),
                )
                for ir in section.info_requests[:INBOX_ITEMS]
            ),
            key=f"inforequests.{section.key}",
        )
        for section in selectors.inbox_for(user, today)
        if section.info_requests
    ]


INBOX_ITEMS = 10  # tasks shown inline per section on the main 待办


def current_handler(ir: InfoRequest, section: str = "") -> str:
    """当前办理人 of a case: the head for a 延期申请, the 承办 department for its task, else
    the organ's openness office."""
    if section == "extension_requests" or (section == "" and ir.extension_pending):
        return holder_names(Role.OPENNESS_OFFICE_HEAD, ir.organ)
    if section == "assigned" and ir.handling_department is not None:
        department = ir.handling_department
        names = holder_names(Role.CLERK, department)
        return f"{department.short_name or department.name}（承办）{names}"
    return holder_names(Role.OPENNESS_OFFICER, ir.organ)


@require_safe
@staff_view
def case_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cal = current_calendar(today)
    visible = selectors.inforequests_visible_to(request.user)
    organs = Organ.objects.filter(pk__in=visible.values("organ_id"))
    filters = ir_forms.ListFilterForm(request.GET or None, organs=organs)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.inforequest_list(
        request.user,
        selectors.ListFilters(
            status=data.get("status") or None,
            organ=data["organ"].pk if data.get("organ") else None,
            year=data.get("year") or None,
            overdue=bool(data.get("overdue")),
            due_soon=bool(data.get("due_soon")),
            extension_pending=bool(data.get("extension_pending")),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            q=(data.get("q") or "").strip(),
        ),
        today,
    )
    if request.GET.get("export") in ("csv", "xlsx"):
        return _export_cases(request.GET["export"], qs)
    page = Paginator(qs, ir_forms.page_size()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    rows = [
        (ir, masked(ir, request.user), due_info(getattr(ir, "reply_due", None), today, cal))
        for ir in page.object_list
    ]
    sections = [
        (section, SECTION_FILTERS.get(section.key, ""))
        for section in selectors.inbox_for(request.user, today)
    ]
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "sections": sections,
        "today": today,
        "can_register": bool(organs_for_role(request.user, Role.OPENNESS_OFFICER)),
    }
    return render(request, "inforequests/staff/list.html", context)


def _export_cases(fmt: str, qs: Any) -> HttpResponse:
    """The filtered cases as CSV or XLSX, without personal data (kit.exports, formula-safe)."""
    header = [
        _("申请编号"),
        _("受理机关"),
        _("所需信息"),
        _("申请渠道"),
        _("状态"),
        _("收到申请之日"),
        _("答复期限"),
        _("办理结果"),
        _("答复日期"),
    ]
    rows = (
        [
            ir.case_number,
            ir.organ.name,
            ir.info_title or ir.info_doc_number or ir.info_description[:60],
            ir.get_channel_display(),
            ir.get_status_display(),
            ir.received_date,
            getattr(ir, "reply_due", None),
            ir.get_outcome_display() if ir.outcome else "",
            ir.replied_on,
        ]
        for ir in qs[:10000]
    )
    stamp = timezone.localdate().isoformat()
    return export_response(fmt, f"{_('依申请公开')}-{stamp}", header, rows)


# --- registration of offline applications -----------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view
def register(request: HttpRequest) -> HttpResponse:
    if not organs_for_role(request.user, Role.OPENNESS_OFFICER):
        raise NotPermitted(_("只有政府信息公开工作机构可以登记申请。"))
    rules = [(channel.label, rule.basis) for channel, rule in RECEIPT_RULES.items()]
    if request.method != "POST":
        form = ir_forms.RegistrationForm(user=request.user)
        return render(request, "inforequests/staff/register.html", {"form": form, "rules": rules})
    form = ir_forms.RegistrationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            result = services.inforequest_submit(
                organ=form.cleaned_data["organ"],
                channel=form.cleaned_data["channel"],
                data=form.service_data(),
                actor=request.user,
                client_token=form.cleaned_data["client_token"] or None,
                submitted_at=form.cleaned_data["submitted_at"],
                received_date=form.cleaned_data["received_date"],
            )
        except InvalidInput as exc:
            form.add_domain_error(exc)
        else:
            ir = result.info_request
            if result.query_code:
                messages.success(
                    request,
                    _(
                        "已登记，申请编号 %(number)s，查询码 %(code)s（请告知申请人，查询码只显示这一次）。"
                    )
                    % {"number": ir.case_number, "code": result.query_code},
                )
                # The printable 受理回执 shows the code once more, for the applicant's copy.
                request.session[SESSION_OFFLINE_RECEIPT] = {
                    "id": ir.pk,
                    "code": result.query_code,
                }
                return redirect("inforequests:receipt", pk=ir.pk)
            return redirect("inforequests:detail", pk=ir.pk)
    context = {"form": form, "rules": rules}
    return render(request, "inforequests/staff/register.html", context, status=400)


SESSION_OFFLINE_RECEIPT = "inforequests.offline_receipt"


@require_safe
@staff_view
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable 受理回执 for an application received offline (当面、信件、传真…): handed
    or posted to the applicant. The query code shows only on the first view after the
    registration (the system keeps its digest alone); a reprint says where it was given."""
    ir = _visible(request, pk)
    if ir.channel == Channel.ONLINE:
        # Online applicants get their receipt on the portal and by e-mail.
        return redirect("inforequests:detail", pk=ir.pk)
    pending = request.session.get(SESSION_OFFLINE_RECEIPT) or {}
    query_code = ""
    if pending.get("id") == ir.pk:
        query_code = str(pending.get("code", ""))
        request.session.pop(SESSION_OFFLINE_RECEIPT, None)
    view = masked(ir, request.user)
    context = {
        "ir": ir,
        "view": view,
        "query_code": query_code,
        "information": ir.info_title or ir.info_doc_number or ir.info_description[:80],
        "reply_days": services.REPLY_DAYS,
        "rule_basis": RECEIPT_RULES[Channel(ir.channel)].basis,
        "track_url": settings.SITE_URL.rstrip("/") + reverse("inforequests_public:track"),
    }
    return render(request, "inforequests/staff/receipt.html", context)


# --- the case page ----------------------------------------------------------------------------


FORM_CLASSES: dict[str, type[ir_forms.ActionForm]] = {
    "confirm": ir_forms.ConfirmReceiptForm,
    "correction_notice": ir_forms.CorrectionNoticeForm,
    "correction": ir_forms.CorrectionReceivedForm,
    "correction_lapse": ir_forms.CorrectionLapseForm,
    "correction_delivered": ir_forms.CorrectionDeliveredForm,
    "release_review": ir_forms.ReleaseReviewForm,
    "reasons_request": ir_forms.ReasonsRequestForm,
    "delayed_deadline": ir_forms.DelayedDeadlineForm,
    "disclosure_notice": ir_forms.DisclosureNoticeForm,
    "disclosure_delivered": ir_forms.DisclosureDeliveredForm,
    "assign": ir_forms.AssignForm,
    "transfer": ir_forms.TransferForm,
    "department_report": ir_forms.DepartmentReportForm,
    "extension_request": ir_forms.ExtensionRequestForm,
    "extend": ir_forms.ExtendForm,
    "extension_refuse": ir_forms.ExtensionRefuseForm,
    "consult": ir_forms.ConsultationForm,
    "consult_answer": ir_forms.ConsultationAnswerForm,
    "fee_notice": ir_forms.FeeNoticeForm,
    "fee_paid": ir_forms.FeePaidForm,
    "decide": ir_forms.DecideForm,
    "reply": ir_forms.ReplyForm,
    "archive": ir_forms.ArchiveForm,
    "withdraw": ir_forms.WithdrawForm,
    "letter_create": ir_forms.LetterCreateForm,
}


def _forms(
    info_request: InfoRequest, bound: ir_forms.ActionForm | None = None
) -> dict[str, ir_forms.ActionForm]:
    kinds = selectors.letter_kinds_available(info_request)
    made: dict[str, ir_forms.ActionForm] = {}
    for key, cls in FORM_CLASSES.items():
        if key == "letter_create":
            made[key] = ir_forms.LetterCreateForm(info_request=info_request, kinds=kinds)
        else:
            made[key] = cls(info_request=info_request)
    if bound is not None:
        made[bound.key] = bound
    return made


def _fee_hint(info_request: InfoRequest) -> str:
    if info_request.received_date is None:
        return ""
    try:
        quote = selectors.fee_quote(info_request, FeeMode.PER_REQUEST)
    except (FeeError, ValueError):
        return ""
    return "".join(quote.lines)


def _render_detail(
    request: HttpRequest,
    info_request: InfoRequest,
    bound: ir_forms.ActionForm | None = None,
    status: int = 200,
    provided_form: ir_forms.ProvidedFileForm | None = None,
) -> HttpResponse:
    ir = selectors.inforequests_visible_to(request.user).get(pk=info_request.pk)
    today = timezone.localdate()
    view = masked(ir, request.user)
    actions = available_actions(request.user, ir)
    context = {
        "ir": ir,
        "view": view,
        "today": today,
        "due": due_info(view.reply_due, today, current_calendar(today)),
        "actions": actions,
        "has_workflow_actions": bool(actions - {"letters"}),
        "forms": _forms(ir, bound),
        "clocks": list(selectors.clocks_for(ir)),
        "events": list(events_for(ir)),
        "consultations": list(ir.consultations.all()),
        "open_consultations": list(ir.consultations.filter(answered_on__isnull=True)),
        "objecting_consultations": [c for c in ir.consultations.all() if c.objected],
        "release_reviews": list(ir.release_reviews.select_related("reviewer", "document")),
        "notices": list(ir.notices.all()),
        "letters": list(ir.letters.select_related("sent_by").order_by("created_at", "pk")),
        "provided_files": list(ir.provided_files.all()),
        "provided_form": provided_form or ir_forms.ProvidedFileForm(info_request=ir),
        "can_provide": can_provide_material(request.user, ir)
        and ir.status in services.provided.OPEN_FOR_FILES,
        "applicant_messages": list(messages_about(ir)),
        "repeat": selectors.repeat_check(ir) if "decide" in actions else None,
        "fee_hint": _fee_hint(ir) if "fee_notice" in actions else "",
    }
    return render(request, "inforequests/staff/detail.html", context, status=status)


@require_safe
@staff_view
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(request, pk))


def _perform(
    request: HttpRequest,
    pk: int,
    key: str,
    call: Callable[[InfoRequest, ir_forms.ActionForm], Any],
    success: str,
) -> HttpResponse:
    """Run one action form through its service (the kit's perform_action)."""
    info_request = _visible(request, pk)
    cls = FORM_CLASSES[key]
    if key == "letter_create":
        form: ir_forms.ActionForm = ir_forms.LetterCreateForm(
            request.POST,
            info_request=info_request,
            kinds=selectors.letter_kinds_available(info_request),
        )
    else:
        form = cls(request.POST, info_request=info_request)

    def done(result: Any) -> HttpResponse:
        if isinstance(result, Letter):
            return redirect("inforequests:letter", pk=pk, letter_id=result.pk)
        return redirect("inforequests:detail", pk=pk)

    return perform_action(
        request,
        form=form,
        call=lambda: call(info_request, form),
        success=success,
        rerender=lambda bound, status: _render_detail(
            request, _visible(request, pk), bound, status
        ),
        done=done,
    )


def _action(
    key: str, success: str
) -> Callable[[Callable[[HttpRequest, InfoRequest, dict[str, Any]], Any]], Callable[..., Any]]:
    """Declare a POST action view: ``call(request, info_request, cleaned_data)``."""

    def decorate(
        call: Callable[[HttpRequest, InfoRequest, dict[str, Any]], Any],
    ) -> Callable[..., Any]:
        @require_POST
        @staff_view
        @functools.wraps(call)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            return _perform(
                request,
                pk,
                key,
                lambda ir, form: call(request, ir, form.cleaned_data),
                success,
            )

        return view

    return decorate


@_action("confirm", "已确认收到申请之日，答复期限开始计算。")
def confirm(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_confirm_receipt(
        actor=request.user, info_request=ir, received_date=data["received_date"], note=data["note"]
    )


@_action("correction_notice", "已一次性告知补正，答复期限自收到补正之日起重新计算。")
def correction_notice(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    items = [line.strip() for line in data["items"].splitlines() if line.strip()]
    return services.inforequest_notify_correction(
        actor=request.user,
        info_request=ir,
        items=items,
        period_days=data["period_days"],
        notified_on=data["notified_on"],
        received_on=data["received_on"],
        method=data["method"],
    )


@_action("correction_delivered", "已登记申请人收到补正告知的日期，补正期限自该日起计算。")
def correction_delivered(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_correction_notice_delivered(
        actor=request.user, info_request=ir, received_on=data["received_on"]
    )


@_action("correction_lapse", "已核实申请人逾期未补正且无正当理由，终止办理。")
def correction_lapse(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_close_correction_overdue(
        actor=request.user, info_request=ir, note=data["note"], closed_on=data["closed_on"]
    )


@_action("correction", "已登记收到补正，答复期限重新计算。")
def correction(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    changes = {
        name: data[name]
        for name in ("info_title", "info_doc_number", "info_description")
        if data.get(name)
    }
    return services.inforequest_receive_correction(
        actor=request.user,
        info_request=ir,
        corrected_on=data["corrected_on"],
        changes=changes,
        note=data["note"],
    )


@_action("assign", "已分办。")
def assign(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_assign(
        actor=request.user,
        info_request=ir,
        department=data["department"],
        co_departments=list(data["co_departments"]),
        note=data["note"],
    )


@_action("transfer", "已作出决定：告知负责公开的机关。")
def transfer(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_transfer(
        actor=request.user,
        info_request=ir,
        organ_name=data["organ_name"],
        organ_contact=data["organ_contact"],
        reasons=data["reasons"],
        decided_on=data["decided_on"],
    )


@_action("department_report", "已向政府信息公开工作机构反馈办理意见。")
def department_report(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_department_report(
        actor=request.user, info_request=ir, findings=data["findings"]
    )


@_action("extension_request", "已提交延期申请，待政府信息公开工作机构负责人审批。")
def extension_request(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_request_extension(
        actor=request.user, info_request=ir, days=data["days"], reason=data["reason"]
    )


@_action("extension_refuse", "已不同意延期，原答复期限不变。")
def extension_refuse(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_refuse_extension(
        actor=request.user, info_request=ir, opinion=data["opinion"]
    )


@_action("extend", "已延长答复期限，请向申请人发送延期答复告知书。")
def extend(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_extend(
        actor=request.user,
        info_request=ir,
        days=data["days"],
        reason=data["reason"],
        approved_on=data["approved_on"],
        notified_on=data["notified_on"],
        method=data["method"],
    )


@_action("consult", "已发出征求意见书，征求意见期间不计入答复期限。")
def consult(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.consultation_start(
        actor=request.user,
        info_request=ir,
        kind=data["kind"],
        party=data["party"],
        party_contact=data["party_contact"],
        letter_summary=data["letter_summary"],
        sent_on=data["sent_on"],
        delivered_on=data["delivered_on"],
    )


@_action("consult_answer", "已登记意见，答复期限恢复计算。")
def consult_answer(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.consultation_answer(
        actor=request.user,
        consultation=data["consultation"],
        position=data["position"],
        answered_on=data["answered_on"],
        summary=data["summary"],
    )


@_action("fee_notice", "已发出收费通知，答复期限中止计算。")
def fee_notice(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_fee_notice(
        actor=request.user,
        info_request=ir,
        mode=data["mode"],
        pages=data["pages"] if data["mode"] == FeeMode.PER_VOLUME else None,
        issued_on=data["issued_on"],
        received_on=data["received_on"],
        method=data["method"],
        excess_finding=data["excess_finding"],
    )


@_action("fee_paid", "已登记缴费，答复期限恢复计算。")
def fee_paid(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_fee_paid(
        actor=request.user,
        info_request=ir,
        paid_on=data["paid_on"],
        receipt_number=data["receipt_number"],
    )


@_action("decide", "已作出决定，请制作并发出答复告知书。")
def decide(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_decide(
        actor=request.user,
        info_request=ir,
        outcome=data["outcome"],
        reasons=data["reasons"],
        decided_on=data["decided_on"],
        withheld_grounds=data.get("withheld_grounds") or (),
        public_interest_finding=data["public_interest_finding"],
        third_party_part_withheld=data["third_party_part_withheld"],
    )


@_action("release_review", "已记录保密审查。")
def release_review(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_review_release(
        actor=request.user,
        info_request=ir,
        items=ir_forms.ReleaseReviewForm.review_items(data),
        opinion=data["opinion"],
        reviewed_on=data["reviewed_on"],
        redecision=data["redecision"],
    )


@_action("reasons_request", "已要求申请人说明理由。")
def reasons_request(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_request_reasons(
        actor=request.user,
        info_request=ir,
        matters=data["matters"],
        requested_on=data["requested_on"],
        method=data["method"],
    )


@_action("delayed_deadline", "已确定延迟答复期限，请告知申请人。")
def delayed_deadline(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_set_delayed_deadline(
        actor=request.user,
        info_request=ir,
        days=data["days"],
        reason=data["reason"],
        applicant_reasons=data["applicant_reasons"],
        decided_on=data["decided_on"],
        method=data["method"],
    )


@_action("disclosure_notice", "已记录向第三方发出的决定公开告知书。")
def disclosure_notice(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.consultation_disclosure_notice(
        actor=request.user,
        consultation=data["consultation"],
        content=data["content"],
        reasons=data["reasons"],
        sent_on=data["sent_on"],
        delivered_on=data["delivered_on"],
    )


@_action("disclosure_delivered", "已登记决定公开告知书送达。")
def disclosure_delivered(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.consultation_disclosure_notice_delivered(
        actor=request.user, consultation=data["consultation"], delivered_on=data["delivered_on"]
    )


@_action("reply", "已登记答复，申请办结。")
def reply(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_reply(
        actor=request.user,
        info_request=ir,
        delivery=data["delivery"],
        replied_on=data["replied_on"],
        summary=data["summary"],
    )


@_action("archive", "已归档。")
def archive(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_archive(actor=request.user, info_request=ir)


@_action("withdraw", "已登记申请人撤回申请，终止办理。")
def withdraw(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.inforequest_withdraw(
        actor=request.user,
        info_request=ir,
        withdrawn_on=data["withdrawn_on"],
        reason=data["reason"],
    )


@_action("letter_create", "已起草文书，请核对、修改后发出。")
def letter_create(request: HttpRequest, ir: InfoRequest, data: dict[str, Any]) -> Any:
    return services.letter_draft(
        actor=request.user,
        info_request=ir,
        kind=data["kind"],
        consultation=data.get("consultation"),
    )


# --- letters ------------------------------------------------------------------------------------


def _letter(request: HttpRequest, pk: int, letter_id: int) -> tuple[InfoRequest, Letter]:
    info_request = _visible(request, pk)
    letter = get_object_or_404(Letter, pk=letter_id, info_request=info_request)
    return info_request, letter


def _letter_page(
    request: HttpRequest,
    info_request: InfoRequest,
    letter: Letter,
    form: ir_forms.LetterEditForm | None = None,
    send_form: ir_forms.LetterSendForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = can_handle_inforequest(request.user, info_request) and not letter.is_sent
    context = {
        "ir": info_request,
        "letter": letter,
        "content": services.letter_content(letter, preview_date=timezone.localdate()),
        "can_edit": can_edit,
        "form": form
        or ir_forms.LetterEditForm(initial={"addressee": letter.addressee, "body": letter.body}),
        "send_form": send_form or ir_forms.LetterSendForm(info_request=info_request),
    }
    return render(request, "inforequests/staff/letter.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view
def letter(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    """A letter: its text (editable while unsent), previews, and sending."""
    info_request, letter_obj = _letter(request, pk, letter_id)
    if request.method != "POST":
        return _letter_page(request, info_request, letter_obj)
    form = ir_forms.LetterEditForm(request.POST)
    if form.is_valid():
        try:
            services.letter_update(
                actor=request.user,
                letter=letter_obj,
                addressee=form.cleaned_data["addressee"],
                body=form.cleaned_data["body"],
            )
        except (InvalidInput, TransitionNotAllowed) as exc:
            form.add_domain_error(exc)
            messages.error(request, exc.message)
            letter_obj.refresh_from_db()
            return _letter_page(request, info_request, letter_obj, form, status=exc.http_status)
        messages.success(request, _("文书已保存。"))
        return redirect("inforequests:letter", pk=pk, letter_id=letter_id)
    return _letter_page(request, info_request, letter_obj, form, status=400)


@require_POST
@staff_view
def letter_send(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    info_request, letter_obj = _letter(request, pk, letter_id)
    form = ir_forms.LetterSendForm(request.POST, info_request=info_request)
    if form.is_valid():
        try:
            services.letter_send(
                actor=request.user,
                letter=letter_obj,
                sent_on=form.cleaned_data["sent_on"],
                method=form.cleaned_data["method"],
            )
        except (InvalidInput, TransitionNotAllowed, PdfUnavailable) as exc:
            message = getattr(exc, "message", str(exc))
            messages.error(request, message)
            if isinstance(exc, InvalidInput):
                form.add_domain_error(exc)
            status = exc.http_status if isinstance(exc, DomainError) else 503
            letter_obj.refresh_from_db()
            return _letter_page(request, info_request, letter_obj, send_form=form, status=status)
        messages.success(request, _("文书已编号发出，并随案归档。"))
        return redirect("inforequests:detail", pk=pk)
    return _letter_page(request, info_request, letter_obj, send_form=form, status=400)


@require_POST
@staff_view
def letter_discard(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    # Not "_": that name is gettext here (the success message below).
    _info_request, letter_obj = _letter(request, pk, letter_id)
    try:
        services.letter_discard(actor=request.user, letter=letter_obj)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("inforequests:letter", pk=pk, letter_id=letter_id)
    messages.success(request, _("文书草稿已删除。"))
    return redirect("inforequests:detail", pk=pk)


@require_safe
@staff_view
def letter_file(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponseBase:
    """The sent letter as archived, or a preview of a draft (rendered now, not stored)."""
    _, letter_obj = _letter(request, pk, letter_id)
    if fmt not in CONTENT_TYPES:
        return HttpResponse(status=404)
    if letter_obj.is_sent:
        return letter_response(letter_obj, fmt)
    content = services.letter_content(letter_obj, preview_date=timezone.localdate())
    try:
        data = render_pdf(content) if fmt == "pdf" else render_docx(content)
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{letter_obj.title}（草稿）.{fmt}"
    response["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name (RFC 6266)."""
    extension = filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"file.{extension}\"; filename*=UTF-8''{quote(filename)}"


# --- the information provided (见附件) ------------------------------------------------------


@require_POST
@staff_view
def provided_add(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = _visible(request, pk)
    form = ir_forms.ProvidedFileForm(request.POST, request.FILES, info_request=info_request)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.provided_file_add(
                actor=request.user,
                info_request=info_request,
                upload=services.Upload(
                    filename=upload.name, data=upload.read(), title=form.cleaned_data["title"]
                ),
            )
        except (InvalidInput, TransitionNotAllowed) as exc:
            form.add_domain_error(exc)
            return _render_detail(request, info_request, status=exc.http_status, provided_form=form)
        messages.success(request, _("已添加提供的信息文件（已清除元数据）。"))
        return redirect(f"{reverse('inforequests:detail', args=[pk])}#provided")
    return _render_detail(request, info_request, status=400, provided_form=form)


@require_POST
@staff_view
def provided_remove(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    info_request = _visible(request, pk)
    provided = get_object_or_404(ProvidedFile, pk=file_id, info_request=info_request)
    try:
        services.provided_file_remove(actor=request.user, provided=provided)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return _render_detail(request, info_request, status=exc.http_status)
    messages.success(request, _("已删除。"))
    return redirect(f"{reverse('inforequests:detail', args=[pk])}#provided")


@require_safe
@staff_view
def provided_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    info_request = _visible(request, pk)
    provided = get_object_or_404(ProvidedFile, pk=file_id, info_request=info_request)
    return provided_response(provided)


# --- statistics -------------------------------------------------------------------------------


def _statistics_form(request: HttpRequest) -> ir_forms.StatisticsForm:
    form = ir_forms.StatisticsForm(request.GET or None, user=request.user)
    if not request.GET:
        organs = form.fields["organ"].queryset  # type: ignore[attr-defined]
        first = organs.first()
        form = ir_forms.StatisticsForm(
            {
                "organ": first.pk if first else "",
                "year": timezone.localdate().year,
                "version": "",
            },
            user=request.user,
        )
    return form


def _statistics_organ(request: HttpRequest, form: ir_forms.StatisticsForm) -> Organ | None:
    if not form.is_valid():
        return None
    organ: Organ = form.cleaned_data["organ"]
    if not can_view_statistics(request.user, organ.pk):
        raise NotPermitted(_("您无权查看该机关的统计。"))
    return organ


@require_safe
@staff_view
def frequent(request: HttpRequest) -> HttpResponse:
    """条例第四十四条: information requested by several applicants → 主动公开 suggested."""
    form = _statistics_form(request)
    organ = _statistics_organ(request, form)
    groups = (
        selectors.frequently_requested(organ=organ, year=form.cleaned_data["year"]) if organ else []
    )
    context = {"form": form, "organ": organ, "groups": groups}
    return render(request, "inforequests/staff/frequent.html", context)


@require_safe
@staff_view
def table3(request: HttpRequest) -> HttpResponse:
    """Annual-report Table 3 of an organ and year, in the 2019 or 2021 format, with checks."""
    form = _statistics_form(request)
    organ = _statistics_organ(request, form)
    if organ is None:
        context: dict[str, Any] = {"form": form, "report": None}
        return render(request, "inforequests/staff/table3.html", context, status=400)
    report = table3_report(
        organ=organ, year=form.cleaned_data["year"], version=form.cleaned_data["version"] or None
    )
    output = request.GET.get("format", "")
    if output == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(report.csv_rows())
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = _attachment(
            f"{organ.name}{report.year}年表三（{report.table.version}年格式）.csv"
        )
        return response
    if output == "json":
        body = json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    errors = {(v.row, v.column) for v in report.violations if v.severity == "error"}
    rows = []
    for row in report.table.rows:
        cells = None
        if row.kind != "group":
            cells = [
                (report.table.cells.get(row.key, {}).get(c.key), (row.key, c.key) in errors)
                for c in COLUMNS
            ]
        rows.append((row, cells))
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "form": form,
        "report": report,
        "rows": rows,
        "columns": COLUMNS,
        "org_columns": [c for c in COLUMNS if c.group],
        "query": query.urlencode(),
    }
    return render(request, "inforequests/staff/table3.html", context)
