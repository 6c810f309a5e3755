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
from gongkai.interpretations import gates, selectors
from gongkai.interpretations.forms import InterpretationForm

register = template.Library()


@register.filter
def interpretation_action(action: str) -> str:
    """interpretation.signed_off → 审签."""
    return action_label(action, scope="interpretation")


@register.inclusion_tag("interpretations/_related.html")
def related_interpretations(document: Document) -> dict[str, Any]:
    # False when the page's query already found none (portal.views.document_detail).
    if getattr(document, "has_interpretations", True) is False:
        return {"interpretations": []}
    return {"interpretations": list(selectors.published_interpretations_for(document))}


@register.inclusion_tag("interpretations/_staff_panel.html", takes_context=True)
def document_interpretations_panel(context: template.Context, document: Document) -> dict[str, Any]:
    user = context["request"].user
    form = InterpretationForm(user=user, document=document)
    return {
        "document": document,
        "interpretations": list(selectors.interpretations_for_document(user, document)),
        "can_create": form.fields["organ"].queryset.exists() and document.status != "withdrawn",
        "required": gates.requires_interpretation(document),
        "missing_reason": gates.missing_interpretation_reason(document),
    }
