"""The public portal: read-only pages over `documents.selectors`.

Pages do not depend on who is logged in, so they can later be rendered to static files
(settings.PUBLISH_ROOT) without change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from gongkai.core.kit.steps import today as local_today
from gongkai.core.kit.views import public_view
from gongkai.documents import selectors
from gongkai.documents.models import (
    Attachment,
    Document,
    ReadingStatus,
    StatutoryItem,
    StatutoryItemTag,
    Validity,
)
from gongkai.documents.selectors import PublicFilters, documents_public_list, public_document
from gongkai.interpretations import selectors as interpretation_selectors
from gongkai.portal import columns, paging
from gongkai.portal.templatetags.portal_tags import ELDER_COOKIE
from gongkai.publishing import selectors as publishing_selectors

ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
HOME_LATEST = 10
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

# GET only, the site language and the site's content security policy (the module kit).
public_page = public_view
# Attachments themselves (PDF shown inline, downloads): sandboxed, no script runs.
FILE_CONTENT_SECURITY_POLICY = "sandbox"


def _paginate(request: HttpRequest, qs: QuerySet[Document]) -> Page[Document]:
    """?page=N (filtered views): out-of-range numbers show the nearest page."""
    return Paginator(qs, paging.page_size()).get_page(request.GET.get("page"))


def _column_page(
    request: HttpRequest, qs: QuerySet[Document], number: int | None
) -> Page[Document]:
    """A page of an unfiltered column list, paged by path (/page/N/).

    Page numbers past the end are 404, so that a static page of a list that shrank is
    deleted rather than kept as a copy of the last page. ?page=N still works.
    """
    if number is None:
        return _paginate(request, qs)
    try:
        return Paginator(qs, paging.page_size()).page(number)
    except EmptyPage:
        raise Http404 from None


def _paging_context(url_name: str, kwargs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"paging": {"url_name": url_name, "kwargs": kwargs or {}}}


def _column_or_404(key: str) -> columns.Column:
    column = columns.get(key)
    if column is None:
        # A column without content or module has no page (no empty placeholders).
        raise Http404
    return column


def _choice(raw: str | None, allowed: set[int]) -> int | None:
    """An id from the query string, or None if it is not one of the offered choices."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value in allowed else None


def _first_page_redirect(url_name: str, page: int | None, **kwargs: Any) -> HttpResponse | None:
    if page == 1:
        return HttpResponsePermanentRedirect(reverse(url_name, kwargs=kwargs or None))
    return None


@public_page
def home(request: HttpRequest) -> HttpResponse:
    latest = documents_public_list(PublicFilters(), local_today())[:HOME_LATEST]
    return render(
        request,
        "portal/home.html",
        {"is_home": True, "latest": latest, "xxgk_columns": columns.children("xxgk")},
    )


@public_page
def xxgk(request: HttpRequest) -> HttpResponse:
    """政府信息公开: the platform's columns, from the registry (only those with content)."""
    tree = [(column, columns.children(column.key)) for column in columns.children("xxgk")]
    return render(
        request, "portal/xxgk.html", {"nav": "xxgk", "column": columns.get("xxgk"), "tree": tree}
    )


@public_page
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 (条例第十二条), generated from organ data so it stays current."""
    column = _column_or_404("guide")
    return render(
        request,
        "portal/guide.html",
        {
            "nav": "xxgk",
            "column": column,
            "tree": [(c, columns.children(c.key)) for c in columns.children("xxgk")],
            "topics": publishing_selectors.topic_tree(),
            "items20": [label for code, label in StatutoryItem.choices if code.startswith("20-")],
            "items21": [label for code, label in StatutoryItem.choices if code.startswith("21-")],
            "offices": publishing_selectors.openness_offices(),
            "index_example": _index_example(),
            "apply": columns.get("apply"),
            "workdays": settings.GONGKAI_PUBLICATION_WORKDAYS,
        },
    )


def _index_example() -> str:
    try:
        return settings.GONGKAI_INDEX_PATTERN.format(org_code="000014349", yyyy=2024, serial=203)
    except (KeyError, IndexError, ValueError):
        return "000014349/2024-00203"


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


@public_page
def document_list(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政策文件. Filter values that are not on offer are ignored rather than refused."""
    if redirect := _first_page_redirect("portal:document_list", page):
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
        context["page"] = _paginate(request, qs)
    else:
        context["page"] = _column_page(request, qs, page)
        context.update(_paging_context("portal:document_list"))
    return render(request, "portal/document_list.html", context)


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
    if redirect := _first_page_redirect(url_name, page):
        return redirect
    column = _column_or_404(key)
    today = local_today()
    return render(
        request,
        "portal/column_list.html",
        {
            "nav": nav,
            "column": column,
            "today": today,
            "page": _column_page(request, documents(today), page),
            **_paging_context(url_name),
            **(extra or {}),
        },
    )


@public_page
def normative(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """现行有效规范性文件 (domain.md §6.2): normative documents in force today."""
    return _column_list(
        request,
        page,
        key="normative",
        url_name="portal:normative",
        nav="documents",
        documents=publishing_selectors.normative_current,
    )


@public_page
def rules(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政府信息公开制度: the 条例 and the openness rules."""
    return _column_list(
        request,
        page,
        key="rules",
        url_name="portal:rules",
        nav="xxgk",
        documents=lambda today: publishing_selectors.openness_rules(),
        # The 条例 itself heads the column, whether or not the portal holds its text.
        extra={"regulation": True},
    )


def reports(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """The old 政府信息公开年报 column: it is now the one column at /ndbg/ (reports generated
    here and uploaded 年报, year by year; gongkai.reports.columns). A permanent redirect keeps
    old links working."""
    return HttpResponsePermanentRedirect(reverse("ndbg:list"))


@public_page
def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the items of 条例第二十条/第二十一条 that have content."""
    column = _column_or_404("statutory")
    items = publishing_selectors.statutory_items_all()
    articles = [
        (_("第二十条"), [i for i in items if i.article == ARTICLE_20]),
        (_("第二十一条"), [i for i in items if i.article == ARTICLE_21]),
    ]
    return render(
        request, "portal/statutory.html", {"nav": "xxgk", "column": column, "articles": articles}
    )


@public_page
def statutory_item(request: HttpRequest, item: str, page: int | None = None) -> HttpResponse:
    if redirect := _first_page_redirect("portal:statutory_item", page, item=item):
        return redirect
    column = _column_or_404("statutory")
    if item not in StatutoryItem.values:
        raise Http404
    qs = publishing_selectors.statutory_documents(item)
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
            "page": _column_page(request, qs, page),
            **_paging_context("portal:statutory_item", kwargs),
        },
    )


@public_page
def catalogue(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """政府信息公开目录 (条例第十二条): 索引, 名称, 内容概述, 生成日期."""
    if redirect := _first_page_redirect("portal:catalogue", page):
        return redirect
    qs = documents_public_list(PublicFilters(), local_today())
    return render(
        request,
        "portal/catalogue.html",
        {
            "nav": "catalogue",
            "page": _column_page(request, qs, page),
            **_paging_context("portal:catalogue"),
        },
    )


def _detail_flags() -> dict[str, Exists]:
    """What the detail page shows beside the document, asked in the document's own query:
    most documents have no 联合发文机关, attachment, 法定主动公开 item or 解读, and the
    page then runs no query for them (benchmarked in bench/portal_throughput.py)."""
    of_document = {"document_id": OuterRef("pk")}
    return {
        "has_co_organs": Exists(Document.co_organs.through.objects.filter(**of_document)),
        "has_attachments": Exists(Attachment.objects.filter(**of_document)),
        "has_statutory_items": Exists(StatutoryItemTag.objects.filter(**of_document)),
        "has_interpretations": interpretation_selectors.has_published_interpretation(),
    }


@public_page
def document_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    document = public_document(str(uid), **_detail_flags())
    if document is None:
        raise Http404
    today = local_today()
    return render(
        request,
        "portal/document_detail.html",
        {
            "nav": "documents",
            "document": document,
            "co_organs": list(document.co_organs.all()) if document.has_co_organs else [],
            "validity": document.effective_validity(today),
            "attachments": list(document.attachments.all()) if document.has_attachments else [],
            "statutory_items": (
                selectors.statutory_labels_of(document) if document.has_statutory_items else []
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
        "portal/attachment_view.html",
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
@public_page
def attachment_file(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The file itself, inline where a browser can show it safely (PDF)."""
    attachment = _attachment_or_404(attachment_id)
    return _serve(attachment, as_attachment=attachment.kind not in INLINE_KINDS)


@public_page
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    return _serve(_attachment_or_404(attachment_id), as_attachment=True)


@require_GET
def elder_mode(request: HttpRequest) -> HttpResponse:
    """适老化 large-font mode without JavaScript: set the cookie, go back where the user was."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
