"""Forms of the interpretation pages: they parse input for the services and save nothing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import organs_for_role
from gongkai.core.kit.forms import DomainErrorsMixin
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_visible_to
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Element, Form, Status
from gongkai.organizations.models import Organ


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        number = f"（{obj.doc_number}）" if obj.doc_number else ""
        return f"{obj.title}{number} · {obj.get_status_display()}"


def linkable_documents(user: Any, organ_ids: set[int]) -> QuerySet[Document]:
    """Documents the user sees that one of `organ_ids` drafted, as lead organ or as the
    drafting department of an adopted 代拟稿 (谁起草谁解读; co-issuers do not interpret)."""
    return (
        documents_visible_to(user)
        .filter(
            Q(organ_id__in=organ_ids, drafting_organ__isnull=True)
            | Q(drafting_organ_id__in=organ_ids)
        )
        .exclude(status=DocumentStatus.WITHDRAWN)
        .distinct()
        .order_by("-updated_at", "-id")
    )


class InterpretationForm(DomainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("解读标题"), max_length=300)
    organ = forms.ModelChoiceField(
        label=_("解读单位"),
        queryset=Organ.objects.none(),
        help_text=_(
            "谁起草谁解读：文件起草（主办）单位解读；联合发文由牵头单位解读，联合发文单位配合。"
        ),
    )
    documents = DocumentChoiceField(
        label=_("关联文件"), queryset=Document.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    interpreter_name = forms.CharField(label=_("解读人（联系人）"), max_length=60, required=False)
    interpreter_phone = forms.CharField(label=_("联系电话"), max_length=60, required=False)
    elements = forms.MultipleChoiceField(
        label=_("内容要素"),
        choices=Element.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选解读涵盖的内容；避免简单摘抄文件原文。"),
    )
    body = forms.CharField(
        label=_("解读正文"), required=False, widget=forms.Textarea(attrs={"rows": 16})
    )
    client_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    # Last: inside the class body the name `forms` is this field from here on.
    forms = forms.MultipleChoiceField(
        label=_("解读形式"),
        choices=Form.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        document: Document | None = None,
        interpretation: Interpretation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        clerk_organs = organs_for_role(user, Role.CLERK)
        if interpretation is not None:
            issuers = {interpretation.organ_id}
            issuers |= {d.interpreting_organ_id for d in interpretation.documents.all()}
        else:
            assert document is not None
            issuers = {document.interpreting_organ_id}
        organ_ids = issuers & clerk_organs
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=organ_ids)
        self.fields["documents"].queryset = linkable_documents(user, organ_ids)
        if interpretation is None and document is not None:
            self.fields["client_token"].initial = uuid.uuid4().hex
            self.fields["documents"].initial = [document.pk]
            self.fields["organ"].initial = next(iter(organ_ids), None)
        else:
            del self.fields["client_token"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("client_token", None)
        data["documents"] = list(data["documents"])
        return data


def interpretation_initial(interpretation: Interpretation) -> dict[str, Any]:
    return {
        "title": interpretation.title,
        "organ": interpretation.organ_id,
        "documents": list(interpretation.documents.values_list("pk", flat=True)),
        "interpreter_name": interpretation.interpreter_name,
        "interpreter_phone": interpretation.interpreter_phone,
        "forms": interpretation.forms,
        "elements": interpretation.elements,
        "body": interpretation.body,
    }


class SignOffForm(DomainErrorsMixin, forms.Form):
    opinion = forms.CharField(
        label=_("审签意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MediaForm(DomainErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("图解：PNG、JPEG 图片或 PDF；视频：MP4。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.mp4,.pdf"}),
    )
    title = forms.CharField(label=_("名称"), max_length=200, required=False)


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + list(Status.choices), required=False
    )
