"""Template helpers of the 依申请公开 staff pages (labels only; no rules)."""

from __future__ import annotations

from django import template

from gongkai.calendars import clocktypes
from gongkai.inforequests.presenters import action_label
from gongkai.inforequests.workflow import Status

register = template.Library()


@register.filter
def ir_action_label(action: str) -> str:
    """inforequest.extended → 延长答复期限."""
    return action_label(action)


@register.filter
def ir_state_label(state: str) -> str:
    return str(dict(Status.choices).get(state, state)) if state else ""


@register.filter
def clock_kind_label(kind: str) -> str:
    return clocktypes.clock_kind_label(kind)
