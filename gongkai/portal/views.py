"""The public portal: read-only pages over `documents.selectors`.

Pages do not depend on who is logged in, so they can later be rendered to static files
(settings.PUBLISH_ROOT) without change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from datetime import date
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.documents import selectors
from gongkai.documents.models import Attachment, Document, Validity
from gongkai.documents.selectors import PublicFilters, documents_public_list, public_document
from gongkai.lib.filetext import FileRejected, docx_to_html
from gongkai.portal.templatetags.portal_tags import ELDER_COOKIE

ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
HOME_LATEST = 10

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

# Nothing on portal pages needs inline script or style. The policy is a second line of
# defence for docx→HTML output, which filetext already sanitises before it is rendered.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'self'"
)


def _public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET only, a content security policy on pages, and the site language.

    Pages are rendered in settings.LANGUAGE_CODE whatever the browser's Accept-Language:
    there is no English catalogue yet, so negotiating "en" would label Chinese pages
    lang="en" (screen readers then read them with an English voice), and a page must be
    the same for every visitor to be published as a static file. English will come with
    its own URL prefix (i18n_patterns).
    """

    @require_GET
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        if not response.streaming:
            # Files are left alone: a page policy on a PDF can break the browser's viewer.
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    return wrapper


def _today() -> date:
    return timezone.localdate()


def _paginate(request: HttpRequest, qs: QuerySet[Document]) -> Page[Document]:
    return Paginator(qs, settings.GONGKAI_PAGE_SIZE).get_page(request.GET.get("page"))


def _choice(raw: str | None, allowed: set[int]) -> int | None:
    """An id from the query string, or None if it is not one of the offered choices."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value in allowed else None


@_public_page
def home(request: HttpRequest) -> HttpResponse:
    latest = documents_public_list(PublicFilters(), _today())[:HOME_LATEST]
    return render(request, "portal/home.html", {"is_home": True, "latest": latest})


@_public_page
def xxgk(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/xxgk.html", {"nav": "xxgk"})


@_public_page
def document_list(request: HttpRequest) -> HttpResponse:
    """政策文件. Filter values that are not on offer are ignored rather than refused."""
    organs = selectors.public_organs()
    topics = selectors.public_topics()
    years = selectors.public_years()
    validity = request.GET.get("validity")
    filters = PublicFilters(
        organ=_choice(request.GET.get("organ"), {o.pk for o in organs}),
        topic=_choice(request.GET.get("topic"), {t.pk for t in topics}),
        year=_choice(request.GET.get("year"), set(years)),
        validity=validity if validity in Validity.values else None,
    )
    today = _today()
    page = _paginate(request, documents_public_list(filters, today))
    return render(
        request,
        "portal/document_list.html",
        {
            "nav": "documents",
            "page": page,
            "today": today,
            "filters": filters,
            "filtered": any(astuple(filters)),
            "organs": organs,
            "topics": topics,
            "years": years,
            "validities": Validity.choices,
        },
    )


@_public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录 (条例第十二条): 索引, 名称, 内容概述, 生成日期."""
    page = _paginate(request, documents_public_list(PublicFilters(), _today()))
    return render(request, "portal/catalogue.html", {"nav": "catalogue", "page": page})


@_public_page
def document_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    document = public_document(str(uid))
    if document is None:
        raise Http404
    today = _today()
    return render(
        request,
        "portal/document_detail.html",
        {
            "nav": "documents",
            "document": document,
            "co_organs": list(document.co_organs.all()),
            "validity": document.effective_validity(today),
            "attachments": list(document.attachments.all()),
            "readable_kinds": READABLE_KINDS,
            "today": today,
        },
    )


def _attachment_or_404(attachment_id: int) -> Attachment:
    attachment = selectors.public_attachment(attachment_id)
    if attachment is None:
        raise Http404
    return attachment


@_public_page
def attachment_view(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """在线阅读: Word files as HTML, PDF in the browser's own viewer."""
    attachment = _attachment_or_404(attachment_id)
    if attachment.kind not in READABLE_KINDS:
        raise Http404
    html, unreadable = "", False
    if attachment.kind == "docx":
        with attachment.file.open("rb") as fh:
            data = fh.read()
        try:
            html = docx_to_html(data)
        except FileRejected:
            unreadable = True
    return render(
        request,
        "portal/attachment_view.html",
        {
            "nav": "documents",
            "attachment": attachment,
            "document": attachment.document,
            "html": html,
            "unreadable": unreadable,
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
    return response


@_public_page
def attachment_file(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The file itself, inline where a browser can show it safely (PDF)."""
    attachment = _attachment_or_404(attachment_id)
    return _serve(attachment, as_attachment=attachment.kind not in INLINE_KINDS)


@_public_page
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
