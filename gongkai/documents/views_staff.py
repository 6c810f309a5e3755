"""The documents' staff pages (list, form, detail, actions, attachments, history).

Each view parses input, calls one service or selector and renders. Domain errors map to
HTTP statuses as in the API: NotPermitted 403 (a Chinese 403 page), TransitionNotAllowed
409, GateRefused 422, InvalidInput 400; a document the user may not see is a 404, so
other departments do not learn that it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role
from gongkai.calendars.selectors import current_calendar
from gongkai.core.exceptions import (
    DomainError,
    GateRefused,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from gongkai.core.kit import hooks
from gongkai.core.kit.exports import export_response
from gongkai.core.kit.views import perform_action, staff_view
from gongkai.core.models import events_for
from gongkai.documents import forms, presenters, services
from gongkai.documents import permissions as perms
from gongkai.documents import selectors as document_selectors
from gongkai.documents.models import Attachment, Attribute, Document, ReturnCategory
from gongkai.documents.selectors import documents_visible_to, with_publication_due


def _visible_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(documents_visible_to(request.user), pk=pk)


# --- 待办 and list ------------------------------------------------------------------------


@require_safe
@staff_view
def document_list(request: HttpRequest) -> HttpResponse:
    documents = with_publication_due(documents_visible_to(request.user))
    filters = forms.DocumentFilterForm(request.GET or None, documents=documents)
    selected = filters.apply(documents).order_by("-updated_at", "-id")
    if request.GET.get("export") in ("csv", "xlsx"):
        return _export_documents(request.GET["export"], selected)
    page = Paginator(selected, settings.GONGKAI_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    today = timezone.localdate()
    cal = current_calendar(today)
    rows = [
        presenters.InboxRow(
            doc, presenters.due_info(getattr(doc, "publication_due", None), today, cal)
        )
        for doc in page.object_list
    ]
    context = {"filters": filters, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "documents/staff/list.html", context)


EXPORT_LIMIT = 10000


def _export_documents(fmt: str, documents: Any) -> HttpResponse:
    """The filtered list as CSV or XLSX (formula-safe cells: kit.exports)."""
    header = [
        _("标题"),
        _("文号"),
        _("索引号"),
        _("发文机关"),
        _("公开属性"),
        _("状态"),
        _("成文日期"),
        _("发布日期"),
        _("行政规范性文件"),
    ]
    rows = (
        [
            doc.title,
            doc.doc_number,
            doc.index_number or "",
            doc.organ.name,
            doc.get_attribute_display(),
            doc.get_status_display(),
            doc.written_date,
            doc.published_date,
            doc.is_normative,
        ]
        for doc in documents.select_related("organ")[:EXPORT_LIMIT]
    )
    stamp = timezone.localdate().isoformat()
    return export_response(fmt, f"{_('公文')}-{stamp}", header, rows)


# --- batch sign-off / publish ------------------------------------------------------------

BATCH_ACTIONS = {
    "sign_off": lambda actor, doc: services.document_sign_off(actor=actor, document=doc),
    "publish": lambda actor, doc: services.document_publish(actor=actor, document=doc),
}


@require_POST
@staff_view
def document_batch(request: HttpRequest) -> HttpResponse:
    """批量审签 / 批量发布: each selected document goes through its own service call, in its own
    transaction — every gate applies and each gets its own audit event; one refusal does not
    stop the others, and each refusal is reported with its reason."""
    action = request.POST.get("action", "")
    call = BATCH_ACTIONS.get(action)
    if call is None:
        messages.error(request, _("请选择批量操作。"))
        return redirect("staff:document_list")
    ids = [int(v) for v in request.POST.getlist("documents") if v.isdigit()][:200]
    visible = {d.pk: d for d in documents_visible_to(request.user).filter(pk__in=ids)}
    done, refused = 0, []
    for pk in ids:
        document = visible.get(pk)
        if document is None:
            continue
        try:
            with transaction.atomic():
                call(request.user, document)
            done += 1
        except DomainError as exc:
            refused.append(f"《{document.title}》：{exc.message}")
    if done:
        messages.success(request, _("已处理 %(count)s 件。") % {"count": done})
    for line in refused:
        messages.error(request, line)
    if not done and not refused:
        messages.error(request, _("请先勾选公文。"))
    target = request.POST.get("next", "")
    if not target.startswith("/staff/") or "//" in target:
        target = reverse("staff:document_list")
    return redirect(target)


# --- create / edit -------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: forms.DocumentForm,
    document: Document | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "document": document}
    return render(request, "documents/staff/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_view
def document_create(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.CLERK):
        raise NotPermitted(_("只有本单位起草人员可以起草公文。"))
    if request.method != "POST":
        return _render_form(request, forms.DocumentForm(user=request.user, creating=True))
    form = forms.DocumentForm(request.POST, user=request.user, creating=True)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    try:
        document = services.document_create(
            actor=request.user,
            organ=form.cleaned_data["organ"],
            data=form.service_data(),
            client_token=form.cleaned_data["client_token"] or None,
        )
    except (InvalidInput, GateRefused) as exc:
        # GateRefused: a contradiction no draft may hold (e.g. 规范性文件 not 主动公开).
        form.add_domain_error(exc)
        return _render_form(request, form, status=exc.http_status)
    if "and_submit" in request.POST:
        return _submit_after_save(request, document)
    messages.success(request, _("草稿已保存。"))
    return redirect("staff:document_detail", pk=document.pk)


@require_http_methods(["GET", "POST"])
@staff_view
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    if "update" not in presenters.available_actions(request.user, document):
        if document.is_editable:
            raise NotPermitted(_("只有本单位起草人员可以修改草稿。"))
        messages.error(request, _("公文当前状态不能修改；退回后方可修改。"))
        return redirect("staff:document_detail", pk=document.pk)
    if request.method != "POST":
        form = forms.DocumentForm(
            user=request.user, creating=False, initial=forms.document_initial(document)
        )
        return _render_form(request, form, document)
    form = forms.DocumentForm(request.POST, user=request.user, creating=False)
    if not form.is_valid():
        return _render_form(request, form, document, status=400)
    try:
        document = services.document_update(
            actor=request.user, document=document, data=form.service_data()
        )
    except (InvalidInput, GateRefused) as exc:
        form.add_domain_error(exc)
        return _render_form(request, form, document, status=exc.http_status)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("staff:document_detail", pk=document.pk)
    if "and_submit" in request.POST:
        return _submit_after_save(request, document)
    messages.success(request, _("修改已保存。"))
    return redirect("staff:document_detail", pk=document.pk)


def _submit_after_save(request: HttpRequest, document: Document) -> HttpResponse:
    """保存并报送: the draft is saved already; a refused submission is shown on the edit form."""
    try:
        services.document_submit(actor=request.user, document=document)
    except TransitionNotAllowed as exc:
        # A resubmitted create form (same client_token) finds the document already sent on.
        messages.error(request, exc.message)
        return redirect("staff:document_detail", pk=document.pk)
    except (GateRefused, InvalidInput) as exc:
        form = forms.DocumentForm(request.POST, user=request.user, creating=False)
        form.is_valid()
        form.add_domain_error(exc)
        messages.warning(request, _("草稿已保存，但未能报送，请按提示修改后再报送。"))
        return _render_form(request, form, document, status=exc.http_status)
    messages.success(request, _("已保存并报送。"))
    return redirect("staff:document_detail", pk=document.pk)


# --- detail and actions --------------------------------------------------------------------


def _suggested_return(document: Document) -> dict[str, str]:
    """Initial values of the 退文 form from the modules' gates (hook
    `document_return_suggestions`: 政策解读 fills in a missing interpretation, G8)."""
    for suggest in hooks.registered("document_return_suggestions"):
        initial = suggest(document)
        if initial:
            return dict(initial)
    return {}


def _action_forms(
    document: Document, bound: forms.ActionForm | None = None
) -> dict[str, forms.ActionForm]:
    forms_by_key: dict[str, forms.ActionForm] = {
        "submit": forms.SubmitForm(document=document),
        "review": forms.DisclosureReviewForm(document=document),
        "legality": forms.LegalityReviewForm(document=document),
        "sign_off": forms.SignOffForm(document=document),
        "re_sign_off": forms.ReSignOffForm(document=document),
        "return": forms.ReturnForm(document=document, initial=_suggested_return(document)),
        "accept": forms.AcceptForm(document=document),
        "confidentiality": forms.ConfidentialityForm(
            document=document, items=presenters.confidentiality_choices(document)
        ),
        "publish": forms.PublishForm(document=document),
        "withdraw": forms.WithdrawForm(document=document),
        "repeal": forms.RepealForm(document=document),
        "attachment": forms.AttachmentForm(document=document),
    }
    if bound is not None:
        forms_by_key[bound.key] = bound
    return forms_by_key


def _render_detail(
    request: HttpRequest,
    document: Document,
    bound: forms.ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    clock = document.publication_clock()
    due = None
    if clock is not None and clock.closed_on is None:
        due = presenters.due_info(clock.due_date, today, current_calendar(today))
    actions = presenters.available_actions(request.user, document)
    context = {
        "document": document,
        "today": today,
        "actions": actions,
        "has_workflow_actions": presenters.has_workflow_actions(actions),
        "forms": _action_forms(document, bound),
        "latest_return": document.returns.select_related("returned_by").first(),
        "clock": clock,
        "due": due,
        # 依申请公开 / 不予公开: never published, so no 索引号 note and no clock (issue 15 §10).
        "never_published": bool(document.attribute) and document.attribute != Attribute.PROACTIVE,
        "attachments": list(document.attachments.all()),
        "co_organs": list(document.co_organs.all()),
        "disclosure_reviews": list(document.disclosure_reviews.select_related("reviewer")),
        "signoffs": list(document.signoffs.select_related("signer").order_by("created_at", "id")),
        "confidentiality_reviews": list(
            document.confidentiality_reviews.select_related("reviewer")
        ),
        "statutory": _statutory_choices(request.user, document),
    }
    return render(request, "documents/staff/detail.html", context, status=status)


def _statutory_choices(user: Any, document: Document) -> dict[str, Any] | None:
    """法定主动公开内容 (条例第二十条、第二十一条): the items the document is filed under, and
    the form to change them for the organ's openness office."""
    filed = document_selectors.statutory_items_of(document)
    if not perms.can_tag_document(user, document):
        return {"filed": document_selectors.statutory_labels_of(document), "form": None}
    return {
        "filed": document_selectors.statutory_labels_of(document),
        "form": forms.StatutoryItemsForm(initial={"items": filed}),
    }


@require_POST
@staff_view
def document_statutory(request: HttpRequest, pk: int) -> HttpResponse:
    """File the document under items of 第二十条/第二十一条 (and take it off others)."""
    document = _visible_document(request, pk)
    form = forms.StatutoryItemsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择条例第二十条、第二十一条规定的事项。"))
        return redirect("staff:document_detail", pk=pk)
    wanted = set(form.cleaned_data["items"])
    current = set(document_selectors.statutory_items_of(document))
    with transaction.atomic():
        for code in sorted(wanted - current):
            services.statutory_item_tag(actor=request.user, document=document, item_code=code)
        for code in sorted(current - wanted):
            services.statutory_item_untag(actor=request.user, document=document, item_code=code)
    messages.success(request, _("已更新法定主动公开事项。"))
    return redirect(f"{reverse('staff:document_detail', args=[pk])}#statutory")


@require_safe
@staff_view
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_document(request, pk))


def _perform(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[Document], forms.ActionForm],
    call: Callable[[Document, dict[str, Any]], Any],
    success: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run one action form through its service (the kit's perform_action)."""
    document = _visible_document(request, pk)
    form = make_form(document)
    return perform_action(
        request,
        form=form,
        call=lambda: call(document, form.cleaned_data),
        success=lambda: success(form.cleaned_data),
        rerender=lambda bound, status: _render_detail(
            request, _visible_document(request, pk), bound, status
        ),
        done=lambda result: redirect("staff:document_detail", pk=document.pk),
    )


@require_POST
@staff_view
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.SubmitForm(request.POST, document=doc),
        lambda doc, data: services.document_submit(actor=request.user, document=doc),
        lambda data: _("已报送。"),
    )


@require_POST
@staff_view
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.DisclosureReviewForm(request.POST, document=doc),
        lambda doc, data: services.document_review_disclosure(
            actor=request.user,
            document=doc,
            approve=data["decision"] == "pass",
            opinion=data["opinion"],
        ),
        lambda data: (
            _("公开属性审查通过。") if data["decision"] == "pass" else _("已退回起草单位。")
        ),
    )


@require_POST
@staff_view
def document_legality(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.LegalityReviewForm(request.POST, document=doc),
        lambda doc, data: services.document_review_legality(
            actor=request.user,
            document=doc,
            approve=data["decision"] == "pass",
            opinion=data["opinion"],
            category=data["category"] or ReturnCategory.LEGALITY,
        ),
        lambda data: (
            _("合法性审核通过，已送负责人审签。")
            if data["decision"] == "pass"
            else _("合法性审核不通过，已退回起草单位。")
        ),
    )


@require_POST
@staff_view
def document_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.SignOffForm(request.POST, document=doc),
        lambda doc, data: services.document_sign_off(
            actor=request.user, document=doc, opinion=data["opinion"]
        ),
        lambda data: _("已审签。"),
    )


@require_POST
@staff_view
def document_re_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.ReSignOffForm(request.POST, document=doc),
        lambda doc, data: services.document_re_sign_off(
            actor=request.user, document=doc, opinion=data["opinion"]
        ),
        lambda data: _("已重新审签。"),
    )


@require_POST
@staff_view
def document_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.ReturnForm(request.POST, document=doc),
        lambda doc, data: services.document_return(
            actor=request.user, document=doc, category=data["category"], reason=data["reason"]
        ),
        lambda data: _("已退回，起草单位将看到退文理由。"),
    )


@require_POST
@staff_view
def document_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.AcceptForm(request.POST, document=doc),
        lambda doc, data: services.document_accept_for_government(
            actor=request.user, document=doc, opinion=data["opinion"]
        ),
        lambda data: _("审核通过，公文已成文。"),
    )


@require_POST
@staff_view
def document_confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.ConfidentialityForm(
            request.POST, document=doc, items=presenters.confidentiality_choices(doc)
        ),
        lambda doc, data: services.document_review_confidentiality(
            actor=request.user,
            document=doc,
            approve=data["decision"] == "pass",
            items=data["items"],
            opinion=data["opinion"],
        ),
        lambda data: (
            _("保密审查通过。") if data["decision"] == "pass" else _("已记录保密审查不通过。")
        ),
    )


@require_POST
@staff_view
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.PublishForm(request.POST, document=doc),
        lambda doc, data: services.document_publish(actor=request.user, document=doc),
        lambda data: _("已发布。"),
    )


@require_POST
@staff_view
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.WithdrawForm(request.POST, document=doc),
        lambda doc, data: services.document_withdraw(
            actor=request.user, document=doc, reason=data["reason"]
        ),
        lambda data: _("已撤回。"),
    )


@require_POST
@staff_view
def document_repeal(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda doc: forms.RepealForm(request.POST, document=doc),
        lambda doc, data: services.document_repeal(
            actor=request.user,
            document=doc,
            reason=data["reason"],
            repealed_date=data["repealed_date"],
        ),
        lambda data: _("已标记为废止。"),
    )


# --- attachments ---------------------------------------------------------------------------


@require_POST
@staff_view
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(doc: Document, data: dict[str, Any]) -> Any:
        upload = data["file"]
        return services.attachment_add(
            actor=request.user,
            document=doc,
            upload=services.Upload(filename=upload.name, data=upload.read(), title=data["title"]),
        )

    return _perform(
        request,
        pk,
        lambda doc: forms.AttachmentForm(request.POST, request.FILES, document=doc),
        call,
        lambda data: _("附件已上传。"),
    )


def _visible_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> Attachment:
    document = _visible_document(request, pk)
    return get_object_or_404(
        Attachment.objects.select_related("document"), pk=attachment_pk, document=document
    )


@require_safe
@staff_view
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = _visible_attachment(request, pk, attachment_pk)
    filename = attachment.original_name or f"{attachment.title}.{attachment.kind}"
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=filename)


@require_POST
@staff_view
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk, attachment_pk)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except (InvalidInput, TransitionNotAllowed) as exc:
        messages.error(request, exc.message)
        return _render_detail(request, attachment.document, status=exc.http_status)
    messages.success(request, _("附件已删除。"))
    return redirect("staff:document_detail", pk=pk)


@require_POST
@staff_view
def attachment_accept_metadata(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk, attachment_pk)
    return _perform(
        request,
        pk,
        lambda doc: forms.MetadataAcceptForm(request.POST, document=doc),
        lambda doc, data: services.attachment_accept_metadata(
            actor=request.user, attachment=attachment, reason=data["reason"]
        ),
        lambda data: _("已确认该附件按原样发布。"),
    )


# --- history -------------------------------------------------------------------------------


@require_safe
@staff_view
def document_history(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    context = {"document": document, "events": events_for(document)}
    return render(request, "documents/staff/history.html", context)
