"""Forms of the annual-report pages: they parse input for the services and save nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.forms import DomainErrorsMixin, date_widget
from gongkai.lib.annual_report import SECTIONS, t2_cells
from gongkai.organizations.models import Organ
from gongkai.reports.labels import section_choices
from gongkai.reports.models import Decision, Progress, Version
from gongkai.reports.workflow import Result, Route


class CreateForm(DomainErrorsMixin, forms.Form):
    organ = forms.ModelChoiceField(label=_("机关"), queryset=Organ.objects.none())
    year = forms.IntegerField(label=_("报告年度"), min_value=2019, max_value=2100)
    version = forms.ChoiceField(
        label=_("年报格式"),
        required=False,
        choices=[("", _("按年度自动选择"))] + list(Version.choices),
    )

    def __init__(self, *args: Any, organs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year - 1)


class SectionForm(DomainErrorsMixin, forms.Form):
    key = forms.ChoiceField(
        choices=[(s.key, s.numeral) for s in SECTIONS], widget=forms.HiddenInput
    )
    text = forms.CharField(
        label=_("正文"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class FigureForm(DomainErrorsMixin, forms.Form):
    cell = forms.ChoiceField(label=_("栏目"))
    value = forms.CharField(label=_("数值"), max_length=30)
    source = forms.CharField(
        label=_("数据来源"),
        max_length=200,
        required=False,
        help_text=_("如：区政务服务审批系统、行政处罚案件台账。没有来源的数据不能填报。"),
    )

    def __init__(self, *args: Any, version: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [  # type: ignore[attr-defined]
            (f"{row.key}:{column}", f"{block.header} {row.label} · {dict(block.columns)[column]}")
            for block, row, column in t2_cells(version, source="manual")
        ]

    def cell_keys(self) -> tuple[str, str]:
        row, column = self.cleaned_data["cell"].split(":", 1)
        return row, column


class RegenerateForm(DomainErrorsMixin, forms.Form):
    overwrite = forms.MultipleChoiceField(
        label=_("用新生成的草稿覆盖以下已修改的部分"),
        required=False,
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.ChoiceField(
        label=_("年报格式"), required=False, choices=[("", _("不变"))] + list(Version.choices)
    )


class OpinionForm(DomainErrorsMixin, forms.Form):
    opinion = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RemedyCaseForm(DomainErrorsMixin, forms.Form):
    organ = forms.ModelChoiceField(label=_("机关"), queryset=Organ.objects.none())
    case_number = forms.CharField(label=_("案号"), max_length=80)
    route = forms.ChoiceField(label=_("途径"), choices=Route.choices)
    result = forms.ChoiceField(label=_("结果"), choices=Result.choices, initial=Result.PENDING)
    filed_on = forms.DateField(label=_("立案（受理）日期"), widget=date_widget())
    concluded_on = forms.DateField(label=_("审结日期"), required=False, widget=date_widget())
    info_request = forms.CharField(label=_("关联申请编号"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("案情摘要"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs  # type: ignore[attr-defined]


class InspectionGenerateForm(DomainErrorsMixin, forms.Form):
    organ = forms.ModelChoiceField(label=_("机关"), queryset=Organ.objects.none())
    year = forms.IntegerField(label=_("自查年度"), min_value=2019, max_value=2100)

    def __init__(self, *args: Any, organs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


class DecisionForm(DomainErrorsMixin, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[(k, v) for k, v in Decision.choices if k != Decision.PENDING],
    )
    note = forms.CharField(
        label=_("处理说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DueForm(DomainErrorsMixin, forms.Form):
    due_date = forms.DateField(label=_("完成期限"), widget=date_widget())


class PriorityForm(DomainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("工作要点"), max_length=300)
    responsible_unit = forms.CharField(label=_("责任单位"), max_length=120)
    deadline = forms.DateField(label=_("完成时限"), widget=date_widget())


class ProgressForm(DomainErrorsMixin, forms.Form):
    priority = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.ChoiceField(label=_("进展"), choices=Progress.choices)
    progress_note = forms.CharField(
        label=_("进展情况"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
