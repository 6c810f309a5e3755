"""Template tags other apps' pages include to show the document ↔ interpretation links.

Portal document page (相关解读)::

    {% load interpretations_tags %}{% related_interpretations document %}

Staff document page (解读 panel with 起草解读 link and the G8 state)::

    {% load interpretations_tags %}{% document_interpretations_panel document %}
"""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.core.kit.audit import action_label
from gongkai.documents.models import Document
from gongkai.interpretations import panels

register = template.Library()


@register.filter
def interpretation_action(action: str) -> str:
    """interpretation.signed_off → 审签."""
    return action_label(action, scope="interpretation")


@register.inclusion_tag("interpretations/_related.html")
def related_interpretations(document: Document) -> dict[str, Any]:
    return panels.related_context(None, document)


@register.inclusion_tag("interpretations/_staff_panel.html", takes_context=True)
def document_interpretations_panel(context: template.Context, document: Document) -> dict[str, Any]:
    return panels.staff_panel_context(context["request"], document)
