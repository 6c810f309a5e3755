"""Template helpers of the staff back office (labels and dates; no rules)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role
from gongkai.core.kit import hooks
from gongkai.documents import presenters
from gongkai.documents.models import ReturnCategory, ReviewOutcome

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """document.submitted → 报送审签."""
    return presenters.action_label(action)


@register.filter
def state_label(state: str) -> str:
    """A workflow state or 有效性 value → its Chinese label."""
    return presenters.state_label(state)


@register.filter
def return_category_label(value: str) -> str:
    return str(dict(ReturnCategory.choices).get(value, value))


@register.filter
def review_outcome_label(value: str) -> str:
    return str(dict(ReviewOutcome.choices).get(value, value))


@register.filter
def zh_date(value: date | None) -> str:
    """2026-03-05 → 2026年3月5日 (the form used in 公文, GB/T 9704)."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def staff_date(value: date | None) -> str:
    """A date in the back office's language: 2026年3月5日 in Chinese, 2026-03-05 in English
    (zh_date stays Chinese for what is a 公文 whatever the UI language: letters, receipts)."""
    if not value:
        return ""
    if (translation.get_language() or "").startswith("zh"):
        return zh_date(value)
    return value.isoformat()


@register.filter
def paragraphs(text: str) -> SafeString:
    """One <p> per non-empty line of the body (公文 paragraphs are single lines)."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines if line))


@register.simple_tag
def staff_menu(request: Any) -> list[dict[str, Any]]:
    """The navigation every module registered (hook `staff_menu`), for this user and page."""
    match = getattr(request, "resolver_match", None)
    return [
        {"url": reverse(item.url_name), "label": item.label, "current": item.is_current(match)}
        for item in hooks.menu_for(request.user)
    ]


@register.simple_tag
def can_draft(user: Any) -> bool:
    """Show the 新建公文 link to users who are a clerk somewhere."""
    return has_role(user, Role.CLERK)
