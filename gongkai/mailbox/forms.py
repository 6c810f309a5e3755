"""Forms of the public mailbox: the public form, tracking, rating, and the staff actions.

Forms parse; the services validate and decide (clean_message is the one validation of a
message, shared with the API).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.forms import DomainErrorsMixin
from gongkai.mailbox.workflow import Kind, Rating, SolicitationKind
from gongkai.organizations.models import Organ


def _organs() -> Any:
    return Organ.objects.filter(is_active=True).order_by("pk")


class MessageForm(DomainErrorsMixin, forms.Form):
    FIELDSETS = [
        (_("留言"), ["organ", "kind", "subject", "text"]),
        (_("留言人"), ["writer_name", "phone", "email"]),
        (_("公开"), ["consent_publish"]),
    ]

    organ = forms.ModelChoiceField(
        label=_("留言对象（部门）"),
        queryset=Organ.objects.none(),
        error_messages={
            "required": _("请选择受理留言的部门。"),
            "invalid_choice": _("请选择受理留言的部门。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("留言类型"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择留言类型（咨询、建议或投诉）。"),
            "invalid_choice": _("请选择留言类型（咨询、建议或投诉）。"),
        },
    )
    subject = forms.CharField(label=_("留言主题"), max_length=200, required=False)
    text = forms.CharField(
        label=_("留言内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("请写明事项、时间、地点和诉求，不超过5000字。"),
    )
    writer_name = forms.CharField(label=_("姓名"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    consent_publish = forms.BooleanField(
        label=_("同意在“留言选登”中公开我的留言和答复（姓名、电话等个人信息将隐去）"),
        required=False,
    )
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = _organs()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["client_token"] = uuid.uuid4().hex

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in (
                "kind",
                "subject",
                "text",
                "writer_name",
                "phone",
                "email",
                "consent_publish",
            )
        }


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("留言编号"), max_length=30, error_messages={"required": _("请填写留言编号。")}
    )
    query_code = forms.CharField(
        label=_("查询码"), max_length=40, error_messages={"required": _("请填写查询码。")}
    )


class RatingForm(DomainErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("您对答复的评价"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意程度。"), "invalid_choice": _("请选择满意程度。")},
    )
    comment = forms.CharField(
        label=_("意见（选填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- staff actions -----------------------------------------------------------------------


class ActionForm(DomainErrorsMixin, forms.Form):
    pass


class ReplyForm(ActionForm):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}))


class TransferForm(ActionForm):
    to_organ = forms.ModelChoiceField(label=_("转至部门"), queryset=Organ.objects.none())
    reason = forms.CharField(label=_("转办理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, message: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs = _organs()
        if message is not None:
            organs = organs.exclude(pk=message.organ_id)
        self.fields["to_organ"].queryset = organs  # type: ignore[attr-defined]


class NoteForm(ActionForm):
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(ActionForm):
    public_subject = forms.CharField(label=_("公开主题"), max_length=200)
    public_text = forms.CharField(label=_("公开留言内容"), widget=forms.Textarea(attrs={"rows": 5}))
    public_reply = forms.CharField(
        label=_("公开答复内容"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False)
    due = forms.ChoiceField(label=_("期限"), required=False)
    q = forms.CharField(label=_("编号或主题"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongkai.mailbox.workflow import Status

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("全部")), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["due"].choices = [  # type: ignore[attr-defined]
            ("", _("全部")),
            ("overdue", _("已逾期")),
            ("soon", _("即将到期")),
            ("week", _("5个工作日内到期")),
            ("later", _("5个工作日以后到期")),
        ]


# --- 征集调查 -----------------------------------------------------------------------------------

QUESTION_MARKERS = {
    "单选": "single",
    "多选": "multiple",
    "填空": "text",
    "文字": "text",
    # The English interface's notation.
    "single": "single",
    "multiple": "multiple",
    "text": "text",
}
OPTIONAL_MARK = "（选答）"
OPTIONAL_MARKS = (OPTIONAL_MARK, "(optional)")


def parse_questions(text: str) -> list[dict[str, Any]]:
    """The staff notation of a questionnaire: blocks separated by a blank line; the first
    line of a block is ``[单选]``, ``[多选]`` or ``[填空]`` and the question (ending with
    “（选答）” when optional), the following lines its options. Parsing only: the service
    validates (counts, duplicates)."""
    questions: list[dict[str, Any]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        head = lines[0]
        kind = "text"
        for marker, value in QUESTION_MARKERS.items():
            for bracket in (f"[{marker}]", f"【{marker}】"):
                if head.startswith(bracket):
                    kind, head = value, head[len(bracket) :].strip()
        required = True
        for mark in OPTIONAL_MARKS:
            if head.endswith(mark):
                required, head = False, head[: -len(mark)].strip()
        questions.append({"kind": kind, "text": head, "required": required, "options": lines[1:]})
    return questions


def format_questions(solicitation: Any) -> str:
    labels = {"single": "单选", "multiple": "多选", "text": "填空"}
    blocks = []
    for q in solicitation.questions.prefetch_related("options"):
        head = f"[{labels[q.kind]}] {q.text}{'' if q.required else OPTIONAL_MARK}"
        blocks.append("\n".join([head, *(o.text for o in q.options.all())]))
    return "\n\n".join(blocks)


class SolicitationForm(DomainErrorsMixin, forms.Form):
    organ = forms.ModelChoiceField(label=_("发起部门"), queryset=Organ.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=SolicitationKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    opens_at = forms.DateTimeField(
        label=_("开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    questions = forms.CharField(
        label=_("题目"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "每道题之间空一行。第一行写题型和题目，如“[单选] 您对该项工作是否满意？”，"
            "题型为[单选]、[多选]或[填空]，非必答题在末尾加“（选答）”；以下每行一个选项。"
            "意见征集不填题目时，自动设一道“您的意见和建议”。"
        ),
    )

    def __init__(self, *args: Any, organs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs if organs is not None else _organs()  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "title", "description", "opens_at", "closes_at")
        }

    def service_questions(self) -> list[dict[str, Any]]:
        return parse_questions(self.cleaned_data["questions"])


class RespondentForm(DomainErrorsMixin, forms.Form):
    """The respondent's optional details (never published) and the replay token; the
    answers themselves are read from the questionnaire's inputs (q<id>)."""

    name = forms.CharField(label=_("姓名（选填）"), max_length=100, required=False)
    contact = forms.CharField(label=_("联系方式（选填）"), max_length=200, required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["client_token"] = uuid.uuid4().hex


class ResultsForm(ActionForm):
    results_text = forms.CharField(
        label=_("结果反馈"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("征集调查的总体情况、意见采纳情况及理由。统计数字和选登的回答随之公布。"),
    )


class PhoneMessageForm(MessageForm):
    """电话留言 registered by staff: the public form's fields, the organs the user handles,
    and the time of the call."""

    FIELDSETS = [
        (_("来电"), ["received_at"]),
        *MessageForm.FIELDSETS,
    ]

    received_at = forms.DateTimeField(
        label=_("来电时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, organs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organs is not None:
            self.fields["organ"].queryset = organs  # type: ignore[attr-defined]
        self.fields["consent_publish"].label = _(
            "来电人同意在“留言选登”中公开留言和答复（个人信息将隐去）"
        )
