"""Template tags of the module kit: panels other modules register on a detail page, and the
query string a list's pages keep."""

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


@register.simple_tag(takes_context=True)
def list_query(context: template.Context) -> str:
    """The list's other GET parameters, encoded, for its page links: the view's `query` when
    it gave one, otherwise the request's without `page`."""
    given = context.get("query")
    if given is not None:
        return str(given)
    request = context.get("request")
    if request is None:
        return ""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
