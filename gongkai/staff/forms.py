"""Forms of the back office's own pages (the outbox); each module has its own forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.forms import date_widget
from gongkai.core.models import OutboxChannel, OutboxStatus

UNSENT = "unsent"


class OutboxFilterForm(forms.Form):
    """Filters of the outbox page; by default the messages not (yet) delivered."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            (UNSENT, _("未发出（待发送、发送中、发送失败）")),
            *OutboxStatus.choices,
            ("all", _("全部")),
        ],
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部")), *OutboxChannel.choices]
    )
    q = forms.CharField(label=_("收件人或主题"), required=False, max_length=100)
    created_from = forms.DateField(label=_("生成日期自"), required=False, widget=date_widget())
    created_to = forms.DateField(label=_("生成日期至"), required=False, widget=date_widget())

    def apply(self, qs: Any) -> Any:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or UNSENT
        if status == UNSENT:
            qs = qs.exclude(status=OutboxStatus.SENT)
        elif status != "all":
            qs = qs.filter(status=status)
        if data.get("channel"):
            qs = qs.filter(channel=data["channel"])
        if data.get("q"):
            qs = qs.filter(Q(recipient__icontains=data["q"]) | Q(subject__icontains=data["q"]))
        if data.get("created_from"):
            qs = qs.filter(created_at__date__gte=data["created_from"])
        if data.get("created_to"):
            qs = qs.filter(created_at__date__lte=data["created_to"])
        return qs
