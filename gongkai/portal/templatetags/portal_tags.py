"""Template helpers of the public portal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from gongkai.core.kit import columns
from gongkai.core.kit.paging import page_path
from gongkai.documents.models import Document, Validity

register = template.Library()

ELDER_COOKIE = "gk_elder"


@register.filter
def paragraphs(text: str) -> SafeString:
    """Body text as escaped paragraphs, one per non-blank line (official texts have no markup)."""
    lines = [line.rstrip() for line in (text or "").splitlines()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines if line.strip()))


@register.simple_tag(takes_context=True)
def elder_mode(context: template.Context) -> bool:
    """Whether the 适老化 large-font mode is on (a cookie, so it also works without JS)."""
    request = context.get("request")
    return request is not None and request.COOKIES.get(ELDER_COOKIE) == "1"


@register.inclusion_tag("portal/includes/validity_badge.html")
def validity_badge(document: Document, today: date) -> dict[str, Any]:
    value = document.effective_validity(today)
    return {"value": value, "label": Validity(value).label}


@register.simple_tag
def page_range(page: Page[Any]) -> list[int | str]:
    """Page numbers around the current page, with … for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.inclusion_tag("portal/includes/nav.html", takes_context=True)
def portal_nav(context: template.Context) -> dict[str, Any]:
    """The main navigation, from the column registry (gongkai.core.kit.columns)."""
    return {
        "columns": columns.nav_columns(),
        "current": context.get("nav"),
        "is_home": context.get("is_home", False),
    }


@register.inclusion_tag("portal/includes/breadcrumbs.html")
def breadcrumbs(key: str, current: str = "") -> dict[str, Any]:
    """首页 › the column's parents › the column (› `current`, for a page inside the column)."""
    column = columns.registered(key)
    trail = [(c.title, c.url) for c in columns.ancestors(key)]
    if column is not None and current:
        trail.append((column.title, column.url))
    return {"trail": trail, "current": current or (column.title if column else "")}


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, number: int) -> str:
    """Link to page `number`: by path for an unfiltered column list (publishable as a file),
    by ?page=N keeping the other parameters otherwise."""
    paging_info = context.get("paging")
    if paging_info:
        return page_path(paging_info["url_name"], int(number), paging_info["kwargs"])
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query["page"] = str(number)
    return f"?{query.urlencode()}"


@register.inclusion_tag("portal/includes/feed_links.html")
def feed_links(key: str) -> dict[str, Any]:
    """RSS/Atom links of a column, if it has a feed."""
    column = columns.get(key)
    if column is None or column.feed is None:
        return {"column": None}
    return {
        "column": column,
        "rss": reverse("portal:feed_rss", kwargs={"key": key}),
        "atom": reverse("portal:feed_atom", kwargs={"key": key}),
    }
