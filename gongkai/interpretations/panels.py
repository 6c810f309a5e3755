"""政策解读 on the documents' detail pages (hook `detail_panels`, registered in
InterpretationsConfig.ready): 相关解读 on the portal, the interpretations panel in the back
office."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.core.kit.hooks import DetailPanel
from gongkai.documents.models import Document
from gongkai.interpretations import gates, selectors


def related_context(request: Any, document: Document) -> dict[str, Any]:
    # False when the page's query already found none (the panel's flag, asked by
    # documents.views_public.document_detail).
    if getattr(document, "has_interpretations", True) is False:
        return {"interpretations": []}
    return {"interpretations": list(selectors.published_interpretations_for(document))}


def staff_panel_context(request: Any, document: Document) -> dict[str, Any]:
    from gongkai.interpretations.forms import InterpretationForm

    user = request.user
    form = InterpretationForm(user=user, document=document)
    organs = form.fields["organ"]
    assert isinstance(organs, forms.ModelChoiceField)  # noqa: S101 (narrows the type)
    return {
        "document": document,
        "interpretations": list(selectors.interpretations_for_document(user, document)),
        "can_create": organs.queryset is not None
        and organs.queryset.exists()
        and document.status != "withdrawn",
        "required": gates.requires_interpretation(document),
        "missing_reason": gates.missing_interpretation_reason(document),
    }


PANELS = (
    DetailPanel(
        key="interpretations.related",
        model="documents.Document",
        place="portal",
        template="interpretations/_related.html",
        context=related_context,
        flag=("has_interpretations", selectors.has_published_interpretation),
    ),
    DetailPanel(
        key="interpretations.staff",
        model="documents.Document",
        place="staff",
        template="interpretations/_staff_panel.html",
        context=staff_panel_context,
    ),
)
