"""Forms of the 舆情 back office; each maps onto one service call."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.concerns.workflow import ResponseForm, Severity
from gongkai.core.kit.forms import DomainErrorsMixin
from gongkai.documents.models import Document
from gongkai.organizations.models import Organ


def _organs() -> Any:
    return Organ.objects.filter(is_active=True).order_by("sort_order", "pk")


def minute_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M"
    )


class CaseForm(DomainErrorsMixin, forms.Form):
    detected_at = forms.DateTimeField(
        label=_("发现时间"),
        widget=minute_widget(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    source = forms.CharField(label=_("来源"), max_length=100)
    link = forms.URLField(
        label=_("原文链接"), max_length=500, required=False, assume_scheme="https"
    )
    topic = forms.CharField(label=_("主题"), max_length=200)
    summary = forms.CharField(
        label=_("舆情摘要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    severity = forms.ChoiceField(label=_("等级"), choices=Severity.choices)
    organs = forms.ModelMultipleChoiceField(
        label=_("涉及机关"), queryset=Organ.objects.none(), required=False,
        help_text=_("按所列顺序，第一个涉事部门为建议的第一责任主体。"),
    )  # fmt: skip
    documents = forms.ModelMultipleChoiceField(
        label=_("涉及文件"), queryset=Document.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["organs"]).queryset = _organs()
        cast(
            forms.ModelMultipleChoiceField, self.fields["documents"]
        ).queryset = Document.objects.filter(
            status="published"
        ).order_by(  # type: ignore[attr-defined]
            "-published_date", "-pk"
        )[:500]


class AllocateForm(DomainErrorsMixin, forms.Form):
    organ = forms.ModelChoiceField(label=_("第一责任主体"), queryset=Organ.objects.none())
    reason = forms.CharField(
        label=_("变更理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不采用系统建议的责任主体时必填。"),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organ"]).queryset = _organs()


class DecideForm(AllocateForm):
    reason = forms.CharField(
        label=_("裁定理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(DomainErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("记录"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    participants = forms.CharField(label=_("参与单位和人员"), max_length=500, required=False)


class FinishForm(DomainErrorsMixin, forms.Form):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class EvaluateForm(DomainErrorsMixin, forms.Form):
    evaluation = forms.CharField(
        label=_("评估意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResponseAddForm(DomainErrorsMixin, forms.Form):
    form = forms.ChoiceField(label=_("回应形式"), choices=ResponseForm.choices)
    title = forms.CharField(label=_("标题"), max_length=300)
    content = forms.CharField(
        label=_("回应内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    occurred_at = forms.DateTimeField(
        label=_("回应时间"),
        widget=minute_widget(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    link = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    speaker = forms.CharField(label=_("发声负责人"), max_length=60, required=False)
    speaker_title = forms.CharField(label=_("职务"), max_length=100, required=False)


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12)


class RegradeForm(DomainErrorsMixin, forms.Form):
    severity = forms.ChoiceField(label=_("新的舆情等级"), choices=Severity.choices)
    reason = forms.CharField(
        label=_("调整理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
