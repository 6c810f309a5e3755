"""Forms of the meetings module: the plan (meeting and agenda items), the staff actions, and
the public's application to attend. The services validate again (the API uses them too);
the forms parse and show the services' refusals on their fields."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.forms import DomainErrorsMixin
from gongkai.meetings.models import AgendaItem, Meeting
from gongkai.meetings.selectors import consultations_for_agenda, decisions_for_agenda
from gongkai.meetings.services import MAX_REASON
from gongkai.meetings.workflow import (
    Attendee,
    LinkKind,
    MeetingKind,
    OpenMethod,
    Openness,
    SelectionMethod,
)


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(DomainErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    starts_at = forms.DateTimeField(
        label=_("会议时间"), widget=datetime_widget(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    applications_close_at = forms.DateTimeField(
        label=_("列席报名截止时间"),
        required=False,
        widget=datetime_widget(),
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("不填则为会议开始前48小时。"),
    )
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    live_stream_url = forms.URLField(
        label=_("直播地址"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "location",
            "chair",
            "applications_close_at",
            "public_interest",
            "live_stream_url",
        ]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ItemForm(DomainErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    invite = forms.MultipleChoiceField(
        label=_("邀请列席"),
        choices=Attendee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    openness = forms.ChoiceField(label=_("是否公开"), choices=Openness.choices)
    open_methods = forms.MultipleChoiceField(
        label=_("公开方式"),
        choices=OpenMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title",
            "summary",
            "sponsor",
            "invite",
            "openness",
            "open_methods",
            "closed_reason",
            "public_seats",
            "major_decision",
            "consulted",
            "consultation",
            "adoption_explanation",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "closed_reason": forms.Textarea(attrs={"rows": 2}),
            "adoption_explanation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices only: the services check the consultation (adoption report published) and
        # the decision again.
        self.fields["consultation"].queryset = consultations_for_agenda()  # type: ignore[attr-defined]
        self.fields["consultation"].help_text = _(
            "已公布意见采纳情况的意见征集；采纳情况报告随会议材料提交（决策条例第二十九条）。"
        )
        self.fields["major_decision"].queryset = decisions_for_agenda()  # type: ignore[attr-defined]
        self.fields["adoption_explanation"].help_text = _("留空则采用意见采纳情况报告的说明。")

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class DecideForm(DomainErrorsMixin, forms.Form):
    """集体讨论决定 of the item's 重大行政决策 at this meeting (决策条例第三十—三十一条)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(
        label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    decision_text = forms.CharField(
        label=_("决策内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )


class ReasonForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class OpinionForm(DomainErrorsMixin, forms.Form):
    opinion = forms.CharField(
        label=_("审定意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class SelectForm(DomainErrorsMixin, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(label=_("遴选方式"), choices=SelectionMethod.choices)
    seats = forms.IntegerField(label=_("名额"), min_value=1, required=False)
    chosen = forms.CharField(
        label=_("选定的报名编号（综合遴选，以逗号分隔）"), required=False, max_length=2000
    )
    note = forms.CharField(
        label=_("遴选说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def chosen_numbers(self) -> list[str]:
        raw = self.cleaned_data.get("chosen") or ""
        return [n.strip() for n in raw.replace("，", ",").split(",") if n.strip()]


class ResultsForm(DomainErrorsMixin, forms.Form):
    press_release = forms.CharField(
        label=_("新闻通稿"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("议定事项：%(title)s") % {"title": item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=5000,
                initial=item.decision,
            )

    def decisions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"decision_{item.pk}") or "" for item in self.items}


class LinkForm(DomainErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LinkKind.choices)
    title = forms.CharField(label=_("标题"), max_length=300)
    url = forms.CharField(label=_("链接"), max_length=500)
    source = forms.CharField(label=_("来源"), max_length=100, required=False)


class ApplicationForm(DomainErrorsMixin, forms.Form):
    """列席报名 on the portal. HTML is never rendered: what is typed is shown as text."""

    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False, max_length=254)
    category = forms.ChoiceField(
        label=_("列席身份"),
        choices=[
            (Attendee.PUBLIC, Attendee.PUBLIC.label),
            (Attendee.STAKEHOLDERS, Attendee.STAKEHOLDERS.label),
        ],
    )
    work_unit = forms.CharField(label=_("工作单位或职业（选填）"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("申请理由（选填）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_REASON,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("我同意会议承办单位为遴选和通知列席人员使用以上信息。"), required=True
    )
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4().hex)

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("name", "phone", "email", "category", "work_unit", "reason")
        }
