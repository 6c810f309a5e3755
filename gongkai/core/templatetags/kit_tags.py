"""Template tags of the module kit: panels other modules register on a detail page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.kit import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def detail_panels(context: template.Context, place: str, obj: Any) -> SafeString:
    """Every panel registered for `obj`'s model at `place`, in order (hook `detail_panels`)."""
    request = context.get("request")
    parts = [
        render_to_string(panel.template, panel.context(request, obj), request=request)
        for panel in hooks.panels_for(place, obj)
    ]
    return mark_safe("".join(parts))  # noqa: S308 — rendered templates, escaped by Django
