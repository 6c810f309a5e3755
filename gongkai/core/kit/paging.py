"""Pagination of the public lists, shared by the modules' public views and static publishing.

Unfiltered column lists are paged by path (/xxgk/documents/page/2/) so that each page is a
file a web server or CDN can serve; filtered views stay dynamic and keep ?page=N. Only the
first GONGKAI_PUBLISH_LIST_PAGES pages of a list are published as files: a new document at
the top of a newest-first list shifts every page and changes the count each page shows, so
the static depth bounds what one publication re-renders. Deeper pages are served by Django.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

M = TypeVar("M", bound=Model)

DEFAULT_STATIC_LIST_PAGES = 10


def page_size() -> int:
    return int(settings.GONGKAI_PAGE_SIZE)


def static_list_pages() -> int:
    return int(getattr(settings, "GONGKAI_PUBLISH_LIST_PAGES", DEFAULT_STATIC_LIST_PAGES))


def page_count(total: int) -> int:
    return max(1, math.ceil(total / page_size()))


def page_path(url_name: str, number: int, kwargs: dict[str, Any] | None = None) -> str:
    """Page 1 is the column's own URL; page N is <url>page/N/ (URL name `<url_name>_page`)."""
    kwargs = dict(kwargs or {})
    if number == 1:
        return reverse(url_name, kwargs=kwargs)
    return reverse(f"{url_name}_page", kwargs={**kwargs, "page": number})


def static_page_paths(
    url_name: str, total: int, kwargs: dict[str, Any] | None = None, *, extra: int = 0
) -> list[str]:
    """Paths of the pages of a list that are published as files.

    `extra` adds pages past the current last one (a removal can empty the last page, whose
    file must then be deleted).
    """
    last = min(static_list_pages(), page_count(total) + extra)
    return [page_path(url_name, n, kwargs) for n in range(1, last + 1)]


def paginate(request: HttpRequest, qs: QuerySet[M]) -> Page[M]:
    """?page=N (filtered views): out-of-range numbers show the nearest page."""
    return Paginator(qs, page_size()).get_page(request.GET.get("page"))


def column_page(request: HttpRequest, qs: QuerySet[M], number: int | None) -> Page[M]:
    """A page of an unfiltered column list, paged by path (/page/N/).

    Page numbers past the end are 404, so that a static page of a list that shrank is
    deleted rather than kept as a copy of the last page. ?page=N still works.
    """
    if number is None:
        return paginate(request, qs)
    try:
        return Paginator(qs, page_size()).page(number)
    except EmptyPage:
        raise Http404 from None


def paging_context(url_name: str, kwargs: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the pager include needs to link pages by path (`page_path`)."""
    return {"paging": {"url_name": url_name, "kwargs": kwargs or {}}}


def first_page_redirect(url_name: str, page: int | None, **kwargs: Any) -> HttpResponse | None:
    """/page/1/ is the column's own URL: a permanent redirect there (one URL per page)."""
    if page == 1:
        return HttpResponsePermanentRedirect(reverse(url_name, kwargs=kwargs or None))
    return None
