"""Template helpers of the 舆情 back office."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.concerns.workflow import Event
from gongkai.core.kit.audit import action_label

register = template.Library()

TITLES = {
    "allocate": Event.ALLOCATE.label,
    "dispute": Event.DISPUTE.label,
    "decide": Event.DECIDE.label,
    "consult": Event.CONSULT.label,
    "analyse": Event.ANALYSE.label,
    "respond": Event.RESPOND.label,
    "finish": Event.FINISH.label,
    "evaluate": Event.EVALUATE.label,
    "dismiss": Event.DISMISS.label,
    "regrade": gettext_lazy("调整等级"),
}


@register.simple_tag
def action_title(name: str) -> str:
    return str(TITLES.get(name, name))


@register.filter
def case_action_label(action: str) -> str:
    return action_label(action, "opinion_case")


@register.filter
def hours_minutes(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    return _("剩余 %(h)s 小时 %(m)s 分钟") % {"h": minutes // 60, "m": minutes % 60}
