"""Forms of the 重大行政决策 back office and the public comment form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.forms import DomainErrorsMixin, date_widget
from gongkai.decisions.clocks import MIN_REVIEW_WORKDAYS
from gongkai.decisions.models import CatalogueItem, DraftArticle
from gongkai.decisions.services import COMMENT_MAX_CHARS, CONTACT_MAX_CHARS, NAME_MAX_CHARS
from gongkai.decisions.workflow import Disposition, MeetingKind, RecordKind


class Form(DomainErrorsMixin, forms.Form):
    pass


class DecisionForm(Form):
    title = forms.CharField(label=_("决策事项名称"), max_length=300)
    proposal = forms.CharField(label=_("决策建议及来源"), widget=forms.Textarea, required=False)
    requires_public_participation = forms.BooleanField(
        label=_("需公众参与（决策条例第十四条）"), required=False, initial=True
    )
    specialised = forms.BooleanField(label=_("需专家论证（第十九条）"), required=False)
    stability_risk = forms.BooleanField(label=_("需风险评估（第二十二条）"), required=False)
    draft_text = forms.CharField(label=_("决策草案"), widget=forms.Textarea, required=False)
    explanation = forms.CharField(label=_("起草说明"), widget=forms.Textarea, required=False)
    catalogue_item = forms.ModelChoiceField(
        label=_("目录事项"), queryset=CatalogueItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, items: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["catalogue_item"].queryset = items  # type: ignore[attr-defined]
        else:
            del self.fields["catalogue_item"]


class RecordForm(Form):
    kind = forms.ChoiceField(
        label=_("材料类型"),
        choices=[
            (k.value, k.label)
            for k in RecordKind
            if k not in (RecordKind.LEGALITY_OPINION, RecordKind.MINUTES, RecordKind.DECISION)
        ],
    )
    title = forms.CharField(label=_("标题"), max_length=300)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea)
    signed_by = forms.CharField(label=_("签名（专家或参加人）"), max_length=500, required=False)
    public = forms.BooleanField(label=_("公开"), required=False, initial=True)


class SubmitReviewForm(Form):
    workdays = forms.IntegerField(
        label=_("审查时间（工作日）"), min_value=1, initial=MIN_REVIEW_WORKDAYS, required=False
    )
    short_period_reason = forms.CharField(
        label=_("少于7个工作日的理由"), widget=forms.Textarea, required=False
    )


class ReviewForm(Form):
    opinion = forms.CharField(label=_("合法性审查意见"), widget=forms.Textarea)


class DecideForm(Form):
    meeting_kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    meeting_date = forms.DateField(label=_("会议日期"), widget=date_widget())
    meeting_name = forms.CharField(label=_("会议名称"), max_length=200, required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea)
    decision_text = forms.CharField(label=_("决策内容"), widget=forms.Textarea)


class ReasonForm(Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea)


class EvaluateForm(Form):
    report = forms.CharField(label=_("后评估报告"), widget=forms.Textarea)


HOW_TO_COMMENT = "请通过本网站“意见征集”栏目在线提出意见，可针对具体条款，也可提出总体意见。"


class ConsultationForm(Form):
    title = forms.CharField(label=_("征集标题"), max_length=300, required=False)
    how_to_comment = forms.CharField(
        label=_("意见反馈方式"),
        widget=forms.Textarea,
        # Text of the notice published on the (Chinese) portal, not UI chrome: not translated,
        # or a clerk working in English would publish an English notice.
        initial=HOW_TO_COMMENT,
    )
    opens_on = forms.DateField(label=_("开始日期"), widget=date_widget())
    period_days = forms.IntegerField(label=_("征集期限（日）"), min_value=1, initial=30)
    urgency_reason = forms.CharField(
        label=_("缩短期限的理由（少于30日时必填，随公告公布）"),
        widget=forms.Textarea,
        required=False,
    )


class ModerateForm(Form):
    approve = forms.TypedChoiceField(
        label=_("审核"),
        choices=[("1", _("通过")), ("0", _("不予显示"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("不予显示理由"), required=False)


class RuleForm(Form):
    disposition = forms.ChoiceField(label=_("采纳情况"), choices=Disposition.choices)
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReportForm(Form):
    summary = forms.CharField(label=_("意见采纳情况说明"), widget=forms.Textarea)


class HearingForm(Form):
    held_on = forms.DateField(label=_("听证日期"), widget=date_widget())
    place = forms.CharField(label=_("听证地点"), max_length=200)
    selection_method = forms.CharField(label=_("参加人遴选办法"), widget=forms.Textarea)


class HearingNoticeForm(Form):
    participants = forms.CharField(label=_("参加人名单"), widget=forms.Textarea)


class HearingMaterialsForm(Form):
    on = forms.DateField(label=_("送达日期"), widget=date_widget())


class HearingRecordForm(Form):
    record = forms.CharField(label=_("听证笔录"), widget=forms.Textarea)
    signed_by = forms.CharField(label=_("确认签字的参加人"), max_length=500)


class CatalogueForm(Form):
    year = forms.IntegerField(label=_("年度"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("决策事项"), max_length=300)
    undertaking_unit = forms.CharField(label=_("承办单位"), max_length=200)
    basis = forms.CharField(label=_("决策依据"), widget=forms.Textarea, required=False)
    participation_methods = forms.CharField(label=_("公众参与方式"), max_length=300, required=False)
    planned_completion = forms.CharField(label=_("计划完成时间"), max_length=60, required=False)


class CatalogueAdjustForm(Form):
    title = forms.CharField(label=_("决策事项"), max_length=300)
    undertaking_unit = forms.CharField(label=_("承办单位"), max_length=200)
    basis = forms.CharField(label=_("决策依据"), widget=forms.Textarea, required=False)
    participation_methods = forms.CharField(label=_("公众参与方式"), max_length=300, required=False)
    planned_completion = forms.CharField(label=_("计划完成时间"), max_length=60, required=False)
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea)


class CommentForm(Form):
    """The public comment form: plain text only, contact details kept private."""

    article = forms.ModelChoiceField(
        label=_("针对条款"),
        queryset=DraftArticle.objects.none(),
        required=False,
        empty_label=_("总体意见（不针对具体条款）"),
    )
    body = forms.CharField(
        label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=COMMENT_MAX_CHARS
    )
    name = forms.CharField(
        label=_("姓名（选填，不公开）"), max_length=NAME_MAX_CHARS, required=False
    )
    contact = forms.CharField(
        label=_("联系方式（选填，不公开）"), max_length=CONTACT_MAX_CHARS, required=False
    )

    def __init__(self, *args: Any, consultation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["article"]
        field.queryset = DraftArticle.objects.filter(consultation=consultation)
        field.label_from_instance = lambda a: f"{a.label} {a.text[:30]}"


class MergeForm(Form):
    """人工合并相似意见组: the other cluster of the same consultation."""

    other = forms.IntegerField(label=_("并入的相似意见组"), min_value=1)
