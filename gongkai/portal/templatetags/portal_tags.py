"""Template helpers of the public portal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.core.paginator import Page
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

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
