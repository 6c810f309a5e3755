"""The documents' public pages: 政策文件 (filtered and by column), 现行有效规范性文件,
政府信息公开制度, 法定主动公开内容, 政府信息公开目录, a document's page and its attachments.

Pages do not depend on who is logged in, so they can be rendered to static files
(settings.PUBLISH_ROOT, gongkai.publishing) without change. Their URL names are the portal's
(`portal:document_detail`, …): gongkai.portal.urls includes `urls_public`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from datetime import date
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from gongkai.core.kit import columns, hooks, paging
from gongkai.core.kit.steps import today as local_today
from gongkai.core.kit.views import public_view
from gongkai.documents import lists, selectors
from gongkai.documents.models import (
    Attachment,
    Document,
    ReadingStatus,
    StatutoryItem,
    StatutoryItemTag,
    Validity,
)
from gongkai.documents.selectors import PublicFilters, documents_public_list, public_document

FILTER_OPTIONS_CACHE_KEY = "gongkai.portal.filter-options"
FILTER_OPTIONS_SECONDS = 300
ARTICLE_20 = 20
ARTICLE_21 = 21

# Kinds accepted by gongkai.lib.filetext.ALLOWED.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
# Only PDF is shown inside the browser; anything else is sent as a download, so an
# uploaded file can never be rendered as a page of this site.
INLINE_KINDS = frozenset({"pdf"})
READABLE_KINDS = frozenset({"pdf", "docx"})

# Attachments themselves (PDF shown inline, downloads): sandboxed, no script runs.
FILE_CONTENT_SECURITY_POLICY = "sandbox"


def _choice(raw: str | None, allowed: set[int]) -> int | None:
    """An id from the query string, or None if it is not one of the offered choices."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value in allowed else None


def filter_options() -> tuple[list[Any], list[Any], list[int]]:
    """发文机关, 主题分类 and 年份 on offer in the 政策文件 filters.

    They scan every public document (seconds with a million of them) and change only when
    a document is published or withdrawn, yet every page of the list shows them: cached
    for FILTER_OPTIONS_SECONDS, and dropped by the static publisher at the start of each
    batch, so a published page never carries options older than its content. (A dynamic,
    filtered view in another process may offer them up to that long after a change.)
    """
    options = cache.get(FILTER_OPTIONS_CACHE_KEY)
    if options is None:
        options = (selectors.public_organs(), selectors.public_topics(), selectors.public_years())
        cache.set(FILTER_OPTIONS_CACHE_KEY, options, FILTER_OPTIONS_SECONDS)
    return options


@public_view
def document_list(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政策文件. Filter values that are not on offer are ignored rather than refused."""
    if redirect := paging.first_page_redirect("portal:document_list", page):
        return redirect
    organs, topics, years = filter_options()
    validity = request.GET.get("validity")
    filters = PublicFilters(
        organ=_choice(request.GET.get("organ"), {o.pk for o in organs}),
        topic=_choice(request.GET.get("topic"), {t.pk for t in topics}),
        year=_choice(request.GET.get("year"), set(years)),
        validity=validity if validity in Validity.values else None,
    )
    filtered = any(astuple(filters))
    today = local_today()
    qs = documents_public_list(filters, today)
    context: dict[str, Any] = {
        "nav": "documents",
        "today": today,
        "filters": filters,
        "filtered": filtered,
        "organs": organs,
        "topics": topics,
        "years": years,
        "validities": Validity.choices,
        "subcolumns": columns.children("documents"),
    }
    if filtered:
        context["page"] = paging.paginate(request, qs)
    else:
        context["page"] = paging.column_page(request, qs, page)
        context.update(paging.paging_context("portal:document_list"))
    return render(request, "documents/public/document_list.html", context)


def _column_list(
    request: HttpRequest,
    page: int | None,
    *,
    key: str,
    url_name: str,
    nav: str,
    documents: Callable[[date], QuerySet[Document]],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A column that is one list of documents, paged by path (column_list.html)."""
    if redirect := paging.first_page_redirect(url_name, page):
        return redirect
    column = columns.column_or_404(key)
    today = local_today()
    return render(
        request,
        "portal/column_list.html",
        {
            "nav": nav,
            "column": column,
            "today": today,
            "page": paging.column_page(request, documents(today), page),
            **paging.paging_context(url_name),
            **(extra or {}),
        },
    )


@public_view
def normative(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """现行有效规范性文件 (domain.md §6.2): normative documents in force today."""
    return _column_list(
        request,
        page,
        key="normative",
        url_name="portal:normative",
        nav="documents",
        documents=lists.normative_current,
    )


@public_view
def rules(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政府信息公开制度: the 条例 and the openness rules."""
    return _column_list(
        request,
        page,
        key="rules",
        url_name="portal:rules",
        nav="xxgk",
        documents=lambda today: lists.openness_rules(),
        # The 条例 itself heads the column, whether or not the portal holds its text.
        extra={"regulation": True},
    )


@public_view
def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the items of 条例第二十条/第二十一条 that have content."""
    column = columns.column_or_404("statutory")
    items = lists.statutory_items_all()
    articles = [
        (_("第二十条"), [i for i in items if i.article == ARTICLE_20]),
        (_("第二十一条"), [i for i in items if i.article == ARTICLE_21]),
    ]
    return render(
        request,
        "documents/public/statutory.html",
        {"nav": "xxgk", "column": column, "articles": articles},
    )


@public_view
def statutory_item(request: HttpRequest, item: str, page: int | None = None) -> HttpResponse:
    if redirect := paging.first_page_redirect("portal:statutory_item", page, item=item):
        return redirect
    column = columns.column_or_404("statutory")
    if item not in StatutoryItem.values:
        raise Http404
    qs = lists.statutory_documents(item)
    if not qs.exists():
        raise Http404
    kwargs = {"item": item}
    return render(
        request,
        "portal/column_list.html",
        {
            "nav": "xxgk",
            "column": column,
            "item_label": StatutoryItem(item).label,
            "today": local_today(),
            "page": paging.column_page(request, qs, page),
            **paging.paging_context("portal:statutory_item", kwargs),
        },
    )


@public_view
def catalogue(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政府信息公开目录 (条例第十二条): 索引, 名称, 内容概述, 生成日期."""
    if redirect := paging.first_page_redirect("portal:catalogue", page):
        return redirect
    qs = documents_public_list(PublicFilters(), local_today())
    return render(
        request,
        "documents/public/catalogue.html",
        {
            "nav": "catalogue",
            "page": paging.column_page(request, qs, page),
            **paging.paging_context("portal:catalogue"),
        },
    )


def _detail_flags() -> dict[str, Any]:
    """What the detail page shows beside the document, asked in the document's own query:
    most documents have no 联合发文机关, attachment, 法定主动公开 item or 解读 (a panel's flag,
    hook `detail_panels`), and the page then runs no query for them (benchmarked in
    bench/portal_throughput.py)."""
    of_document = {"document_id": OuterRef("pk")}
    return {
        "has_co_organs": Exists(Document.co_organs.through.objects.filter(**of_document)),
        "has_attachments": Exists(Attachment.objects.filter(**of_document)),
        "has_statutory_items": Exists(StatutoryItemTag.objects.filter(**of_document)),
        **hooks.panel_flags("portal", Document),
    }


@public_view
def document_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    document = public_document(str(uid), **_detail_flags())
    if document is None:
        raise Http404
    today = local_today()

    def has(flag: str) -> bool:  # an annotation of _detail_flags
        return bool(getattr(document, flag))

    return render(
        request,
        "documents/public/document_detail.html",
        {
            "nav": "documents",
            "document": document,
            "co_organs": list(document.co_organs.all()) if has("has_co_organs") else [],
            "validity": document.effective_validity(today),
            "attachments": list(document.attachments.all()) if has("has_attachments") else [],
            "statutory_items": (
                selectors.statutory_labels_of(document) if has("has_statutory_items") else []
            ),
            "readable_kinds": READABLE_KINDS,
            "today": today,
        },
    )


def _attachment_or_404(attachment_id: int) -> Attachment:
    attachment = selectors.public_attachment(attachment_id)
    if attachment is None:
        raise Http404
    return attachment


@public_view(embeds_objects=True)
def attachment_view(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """在线阅读: Word files as HTML, PDF in the browser's own viewer.

    The HTML was rendered once, at publication (documents.files), and is only read here:
    converting a file per anonymous request would let one request cost minutes and gigabytes.
    """
    attachment = _attachment_or_404(attachment_id)
    if attachment.kind not in READABLE_KINDS:
        raise Http404
    ready = attachment.kind == "docx" and attachment.reading_status == ReadingStatus.READY
    return render(
        request,
        "documents/public/attachment_view.html",
        {
            "nav": "documents",
            "attachment": attachment,
            "document": attachment.document,
            "html": attachment.reading_html if ready else "",
            "unreadable": attachment.kind == "docx" and not ready,
        },
    )


def _serve(attachment: Attachment, *, as_attachment: bool) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=as_attachment,
        filename=f"{attachment.title}.{attachment.kind}",
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The file, even shown inline, runs in a sandbox: an opaque origin without scripts, forms
    # or plugins, so anything left in it cannot act as a page of this site.
    response.headers["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    return response


@xframe_options_sameorigin  # shown in the <object> of its own reading page; pages are DENY
@public_view
def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file itself, inline where a browser can show it safely (PDF)."""
    attachment = _attachment_or_404(attachment_id)
    return _serve(attachment, as_attachment=attachment.kind not in INLINE_KINDS)


@public_view
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    return _serve(_attachment_or_404(attachment_id), as_attachment=True)
