"""Pagination of the public lists, shared by the views and static publishing.

Unfiltered column lists are paged by path (/xxgk/documents/page/2/) so that each page is a
file a web server or CDN can serve; filtered views stay dynamic and keep ?page=N. Only the
first GONGKAI_PUBLISH_LIST_PAGES pages of a list are published as files: a new document at
the top of a newest-first list shifts every page and changes the count each page shows, so
the static depth bounds what one publication re-renders. Deeper pages are served by Django.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.urls import reverse

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
