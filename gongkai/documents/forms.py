"""Forms of the documents' staff pages: they parse input for the document services.

No form saves anything. `DocumentForm` is built from the model fields (labels, lengths,
choices) but is a plain Form: the view hands `service_data()` to `document_create` /
`document_update`, which validate again and own every rule. Domain errors come back
through `add_domain_error`, on the field the service names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import organs_for_role
from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit.forms import DomainErrorsMixin, date_widget
from gongkai.documents.models import (
    Attribute,
    Document,
    OnRequestReason,
    ReasonCode,
    ReturnCategory,
    StatutoryItem,
    Topic,
)
from gongkai.documents.services import EDITABLE_FIELDS, clean_document_fields
from gongkai.documents.workflow import Status
from gongkai.organizations.models import Organ

_WIDGETS: dict[str, type[forms.Widget] | forms.Widget] = {
    "written_date": date_widget(),
    "effective_date": date_widget(),
    "expires_on": date_widget(),
    "summary": forms.Textarea(attrs={"rows": 3}),
    "body": forms.Textarea(attrs={"rows": 14}),
    "legal_explanation": forms.Textarea(attrs={"rows": 3}),
    "co_organs": forms.CheckboxSelectMultiple,
}


class DocumentForm(DomainErrorsMixin, forms.Form):
    """The draft form: `services.EDITABLE_FIELDS` + co_organs (+ organ, client_token on create)."""

    # Groups of fields, in the order the template renders them.
    FIELDSETS: list[tuple[Any, list[str]]] = [
        (
            _("基本信息"),
            [
                "organ",
                "title",
                "doc_number",
                "genre",
                "topic",
                "co_organs",
                "written_date",
                "effective_date",
                "expires_on",
                "validity_years",
                "source",
            ],
        ),
        (_("内容"), ["summary", "keywords", "body"]),
        (_("公开属性"), ["attribute", "on_request_reason", "reason_codes", "legal_explanation"]),
        (_("保密"), ["secrecy_level", "secrecy_period"]),
        (_("文件性质"), ["is_policy", "is_normative", "for_government"]),
    ]

    def __init__(self, *args: Any, user: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        model_fields = forms.fields_for_model(
            Document, fields=[*EDITABLE_FIELDS, "co_organs"], widgets=_WIDGETS
        )
        if creating:
            organs = Organ.objects.filter(pk__in=organs_for_role(user, Role.CLERK))
            self.fields["organ"] = forms.ModelChoiceField(
                label=_("主办（发文）机关"),
                queryset=organs,
                empty_label=None if organs.count() == 1 else "---------",
            )
            self.fields["client_token"] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=64
            )
            if not self.is_bound:
                # One token per rendered form: a double submit creates one document.
                self.initial["client_token"] = uuid.uuid4().hex
        self.fields.update(model_fields)
        self.fields["attribute"] = forms.ChoiceField(
            label=_("公开属性"),
            choices=Attribute.choices,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("报送审签前须确定公开属性（《实施细则》一（一））。"),
        )
        # Each attribute has its own reasons; staff.js shows only the list of the chosen
        # attribute, and clean() drops the other one (it may still hold an earlier choice).
        self.fields["on_request_reason"] = forms.ChoiceField(
            label=_("依申请公开理由"),
            choices=OnRequestReason.choices,
            widget=forms.RadioSelect(attrs={"data-attribute": Attribute.ON_REQUEST}),
            required=False,
            help_text=_(
                "拟依申请公开的，须说明该信息不属于条例第十九条至第二十一条规定的主动公开范围，"
                "仅涉及特定对象，并填写依据说明。"
            ),
        )
        self.fields["reason_codes"] = forms.MultipleChoiceField(
            label=_("不予公开理由"),
            choices=ReasonCode.choices,
            widget=forms.CheckboxSelectMultiple(attrs={"data-attribute": Attribute.NOT_DISCLOSED}),
            required=False,
            help_text=_(
                "拟不予公开的，须选择条例第十四条至第十六条规定的理由并填写依据说明；"
                "标有密级的，须选择“属于国家秘密”。"
            ),
        )
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = Topic.objects.select_related("parent")
        co_organs = self.fields["co_organs"]
        assert isinstance(co_organs, forms.ModelMultipleChoiceField)
        co_organs.queryset = Organ.objects.filter(is_active=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        attribute = cleaned.get("attribute")
        if attribute and attribute != Attribute.ON_REQUEST:
            cleaned["on_request_reason"] = ""
        if attribute and attribute != Attribute.NOT_DISCLOSED:
            cleaned["reason_codes"] = []
        # The service's own field checks (文号 format …) run here too, so that a form shows
        # every problem at once, not the service's after the form's (issue 15 §10).
        data = {name: cleaned[name] for name in EDITABLE_FIELDS if name in cleaned}
        try:
            clean_document_fields(data)
        except InvalidInput as exc:
            for name, message in exc.errors:
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
        data["co_organs"] = list(self.cleaned_data.get("co_organs") or [])
        return data


def document_initial(document: Document) -> dict[str, Any]:
    initial = forms.model_to_dict(document, fields=list(EDITABLE_FIELDS))
    initial["co_organs"] = list(document.co_organs.all())
    return initial


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("标题、文号或索引号"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices]
    )
    attribute = forms.ChoiceField(
        label=_("公开属性"), required=False, choices=[("", _("全部")), *Attribute.choices]
    )
    organ = forms.ModelChoiceField(
        label=_("发文机关"), required=False, queryset=Organ.objects.none(), empty_label=_("全部")
    )
    date_from = forms.DateField(label=_("日期自"), required=False, widget=date_widget())
    date_to = forms.DateField(label=_("日期至"), required=False, widget=date_widget())

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organ = self.fields["organ"]
        assert isinstance(organ, forms.ModelChoiceField)
        organ.queryset = Organ.objects.filter(pk__in=documents.values("organ_id"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data

    def apply(self, documents: QuerySet[Document]) -> QuerySet[Document]:
        if not self.is_valid():
            return documents
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            documents = documents.filter(
                Q(title__icontains=q) | Q(doc_number__icontains=q) | Q(index_number__icontains=q)
            )
        # 成文日期 or 发布日期 within the range.
        if data.get("date_from"):
            documents = documents.filter(
                Q(written_date__gte=data["date_from"]) | Q(published_date__gte=data["date_from"])
            )
        if data.get("date_to"):
            documents = documents.filter(
                Q(written_date__lte=data["date_to"]) | Q(published_date__lte=data["date_to"])
            )
        if data["status"]:
            documents = documents.filter(status=data["status"])
        if data["attribute"]:
            documents = documents.filter(attribute=data["attribute"])
        if data["organ"]:
            documents = documents.filter(organ=data["organ"])
        return documents


# --- action forms on the detail page -------------------------------------------------------


class ActionForm(DomainErrorsMixin, forms.Form):
    """A form of the detail page. Several share one page, so ids carry the form's key
    (id_<key>_<field>) while field names stay plain."""

    key = "action"

    def __init__(self, *args: Any, document: Document | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.key}_%s")
        super().__init__(*args, **kwargs)
        self.document = document


def _opinion(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class SubmitForm(ActionForm):
    key = "submit"


class DisclosureReviewForm(ActionForm):
    key = "review"
    decision = forms.ChoiceField(
        choices=[("pass", _("通过")), ("return", _("退回"))], widget=forms.HiddenInput
    )
    opinion = _opinion(_("审查意见"))


class LegalityReviewForm(ActionForm):
    """合法性审核 (国办发〔2018〕37号): pass, or return with a category and an opinion."""

    key = "legality"
    decision = forms.ChoiceField(
        choices=[("pass", _("通过")), ("return", _("不通过，退回"))], widget=forms.HiddenInput
    )
    category = forms.ChoiceField(
        label=_("退文类别"),
        required=False,
        choices=ReturnCategory.choices,
        initial=ReturnCategory.LEGALITY,
        widget=forms.RadioSelect,
    )
    opinion = _opinion(_("审核意见"))


class SignOffForm(ActionForm):
    key = "sign_off"
    opinion = _opinion(_("审签意见"))


class StatutoryItemsForm(forms.Form):
    """法定主动公开内容: the items of 条例第二十条、第二十一条 a document is filed under."""

    items = forms.MultipleChoiceField(
        label=_("法定主动公开事项"),
        required=False,
        choices=StatutoryItem.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class ReSignOffForm(ActionForm):
    key = "re_sign_off"
    opinion = _opinion(_("审签意见"))


class ReturnForm(ActionForm):
    key = "return"
    category = forms.ChoiceField(
        label=_("退文类别"), choices=ReturnCategory.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("退文理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("起草单位将看到该理由。"),
    )


class AcceptForm(ActionForm):
    key = "accept"
    opinion = _opinion(_("审核意见"))


class ConfidentialityForm(ActionForm):
    """逐项审查: one checkbox per item of gates.confidentiality_items (正文, each 附件)."""

    key = "confidentiality"
    decision = forms.ChoiceField(
        choices=[("pass", _("通过")), ("fail", _("不通过"))], widget=forms.HiddenInput
    )
    items = forms.MultipleChoiceField(
        label=_("审查事项（逐项确认）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    opinion = _opinion(_("审查意见"))

    def __init__(
        self,
        *args: Any,
        document: Document | None = None,
        items: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, document=document, **kwargs)
        items_field = self.fields["items"]
        assert isinstance(items_field, forms.MultipleChoiceField)
        items_field.choices = items


class PublishForm(ActionForm):
    key = "publish"


class WithdrawForm(ActionForm):
    key = "withdraw"
    reason = forms.CharField(
        label=_("撤回理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class RepealForm(ActionForm):
    key = "repeal"
    reason = forms.CharField(
        label=_("废止依据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    repealed_date = forms.DateField(
        label=_("废止日期"), required=False, widget=date_widget(), help_text=_("留空为今日。")
    )


class MetadataAcceptForm(ActionForm):
    """Accept that an attachment is published with metadata that cannot be removed."""

    key = "metadata_accept"
    reason = forms.CharField(label=_("确认理由"), max_length=2000)


class AttachmentForm(ActionForm):
    key = "attachment"
    file = forms.FileField(label=_("文件"))
    title = forms.CharField(
        label=_("附件名称"), required=False, max_length=200, help_text=_("留空时使用文件名。")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        # Refuse before reading an oversized upload into memory; the service checks again.
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（上限 %(limit)s）。"), params={"limit": filesizeformat(limit)}
            )
        return upload


# --- the outbox page (待发消息) ------------------------------------------------------------
