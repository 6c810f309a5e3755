"""Forms of 依申请公开: the public online application, tracking, and the staff pages.

Forms parse input for the services and own no rule: the application fields are checked by
``intake.clean_application`` (the same code the API and the services run), called here field
by field so the applicant sees every mistake at once, each under its own field; the service
checks everything again when it stores the application.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import is_administrator, organs_for_role
from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit.forms import DomainErrorsMixin, date_widget
from gongkai.inforequests import intake
from gongkai.inforequests.conf import setting
from gongkai.inforequests.models import (
    DENIALS,
    SYSTEM_OUTCOMES,
    WITHHOLDING_GROUNDS,
    ApplicantType,
    Consultation,
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    FeeMode,
    IdType,
    InfoRequest,
    LetterKind,
    OrganisationType,
    Outcome,
    ProvisionForm,
)
from gongkai.inforequests.workflow import Channel, Status
from gongkai.lib.idcard import IdCardError, normalise_resident_id
from gongkai.lib.indexno import is_valid_uscc
from gongkai.lib.table3 import VERSIONS
from gongkai.organizations.models import Organ

REQUIRED = _("此项为必填项。")


def _required(field: forms.Field, message: Any = REQUIRED) -> forms.Field:
    field.error_messages["required"] = message
    return field


def _text(
    label: Any,
    *,
    required: bool = False,
    max_length: int = 200,
    message: Any = REQUIRED,
    **kwargs: Any,
) -> Any:
    field = forms.CharField(label=label, required=required, max_length=max_length, **kwargs)
    field.error_messages["max_length"] = _("内容过长（最多%(limit_value)d个字符）。")
    return _required(field, message)


def _choice(label: Any, choices: Any, *, message: Any, radio: bool = True, **kwargs: Any) -> Any:
    field = forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radio else forms.Select,
        **kwargs,
    )
    field.error_messages["invalid_choice"] = _("选项无效，请重新选择。")
    return _required(field, message)


# --- the application ------------------------------------------------------------------------


class ApplicationFieldsForm(DomainErrorsMixin, forms.Form):
    """条例第二十九条: who applies, what information, in what form and how to receive it."""

    FIELDSETS: list[tuple[Any, list[str]]] = [
        (
            _("申请人信息"),
            [
                "applicant_type",
                "organisation_type",
                "applicant_name",
                "contact_person",
                "id_type",
                "id_number",
            ],
        ),
        (_("联系方式"), ["phone", "email", "address", "postcode"]),
        (_("所需政府信息"), ["organ", "info_title", "info_doc_number", "info_description"]),
        (_("获取方式"), ["provision_form", "delivery"]),
    ]

    applicant_type = _choice(
        _("申请人类型"), ApplicantType.choices, message=_("请选择申请人类型。")
    )
    organisation_type = forms.ChoiceField(
        label=_("法人或其他组织类型"),
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("申请人为法人或其他组织时选择。"),
    )
    applicant_name = _text(
        _("姓名 / 名称"),
        required=True,
        message=_("请填写申请人姓名或名称。"),
        help_text=_("自然人填写姓名；法人或其他组织填写单位全称。"),
    )
    contact_person = _text(
        _("联系人 / 法定代表人"), max_length=100, help_text=_("法人或其他组织填写。")
    )
    id_type = _choice(
        _("身份证明类型"), IdType.choices, message=_("请选择身份证明类型。"), radio=False
    )
    id_number = _text(
        _("身份证明号码"),
        required=True,
        message=_("请填写身份证明号码。"),
        max_length=60,
        help_text=_("居民身份证为18位；法人或其他组织填写统一社会信用代码。"),
    )
    phone = _text(_("联系电话"), max_length=40)
    email = _text(_("电子邮箱"), max_length=254)
    address = _text(_("通信地址"), max_length=300)
    postcode = _text(_("邮政编码"), max_length=10)
    organ = forms.ModelChoiceField(
        label=_("受理机关"),
        queryset=Organ.objects.none(),
        empty_label=_("请选择向哪个机关申请"),
        help_text=_("请向制作或者保存该政府信息的行政机关提出申请。"),
    )
    info_title = _text(_("信息名称"), max_length=300)
    info_doc_number = _text(_("文号"), max_length=80, help_text=_("如：示政发〔2025〕3号。"))
    info_description = _text(
        _("所需信息的特征描述"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("信息名称、文号或者便于查询的其他特征性描述，至少填写一项。"),
    )
    provision_form = _choice(
        _("信息的提供形式"), ProvisionForm.choices, message=_("请选择信息的提供形式。")
    )
    delivery = _choice(_("获取信息的方式"), Delivery.choices, message=_("请选择获取信息的方式。"))

    def __init__(self, *args: Any, organs: QuerySet[Organ] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organ = self.fields["organ"]
        assert isinstance(organ, forms.ModelChoiceField)
        organ.queryset = organs if organs is not None else Organ.objects.filter(is_active=True)
        organ.error_messages["required"] = _("请选择受理机关。")
        organ.error_messages["invalid_choice"] = _("受理机关无效，请重新选择。")

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    # Each check below is the intake rule for one field, run on its own so that every
    # wrong field is reported in one round; clean_application then runs them all again.

    def clean_id_number(self) -> str:
        number = "".join(self.cleaned_data["id_number"].split())
        id_type = self.data.get(self.add_prefix("id_type"), "")
        if id_type == IdType.RESIDENT_ID:
            try:
                return normalise_resident_id(number)
            except IdCardError as exc:
                raise forms.ValidationError(str(exc)) from None
        if id_type == IdType.USCC:
            number = number.upper()
            if not is_valid_uscc(number):
                raise forms.ValidationError(_("统一社会信用代码校验失败，请核对。"))
        return number

    def _check_partial(self, name: str) -> None:
        value = self.cleaned_data.get(name)
        if not value:
            return
        try:
            intake.clean_application({name: value}, public=True, partial=True)
        except InvalidInput as exc:
            self.add_error(name, exc.message)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicant_type") == ApplicantType.ORGANISATION:
            if not data.get("organisation_type"):
                self.add_error("organisation_type", _("请选择法人或其他组织的类型。"))
        elif data.get("organisation_type"):
            data["organisation_type"] = ""
        for name in ("phone", "email", "postcode"):
            self._check_partial(name)
        # 条例第二十九条: the two “at least one of” rules of intake, reported on their fields
        # together with the other mistakes.
        if not any(data.get(n) for n in ("phone", "email", "address")):
            self.add_error("phone", _("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"))
        if not any(data.get(n) for n in ("info_title", "info_doc_number", "info_description")):
            self.add_error(
                "info_description",
                _("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述。"),
            )
        if not self.errors:
            try:
                intake.clean_application(self.service_data(), public=True)
            except InvalidInput as exc:
                self.add_domain_error(exc)
        return data

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) or "" for name in intake.APPLICANT_FIELDS}
        for name in ("info_title", "info_doc_number", "info_description"):
            data[name] = self.cleaned_data.get(name) or ""
        data["document"] = None
        data["provision_form"] = self.cleaned_data.get("provision_form") or ""
        data["delivery"] = self.cleaned_data.get("delivery") or ""
        return data


class PublicApplicationForm(ApplicationFieldsForm):
    """The online form at /ysqgk/; a hidden token makes a double submit create one case."""

    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["client_token"] = uuid.uuid4().hex


OFFLINE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class RegistrationForm(ApplicationFieldsForm):
    """Staff register an application received in person, by letter, fax, e-mail or orally."""

    FIELDSETS = [
        (_("收到申请"), ["channel", "submitted_at", "received_date"]),
        *ApplicationFieldsForm.FIELDSETS,
    ]

    channel = _choice(_("申请渠道"), OFFLINE_CHANNELS, message=_("请选择申请渠道。"))
    submitted_at = forms.DateTimeField(
        label=_("提交（收件）时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("当面、口头申请为提交时间；信件、传真、电子邮件为收件时间。"),
    )
    received_date = forms.DateField(
        label=_("收到申请之日（签收或确认日期）"),
        required=False,
        widget=date_widget(),
        help_text=_(
            "当面、口头申请以提交之日为准，无需填写；需签收的信件填签收日期；平信、传真、"
            "电子邮件填与申请人确认之日，尚未确认的留空，稍后“确认收到日期”（条例第三十一条）。"
        ),
    )
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        organs = Organ.objects.filter(
            pk__in=organs_for_role(user, Role.OPENNESS_OFFICER), is_active=True
        )
        super().__init__(*args, organs=organs, **kwargs)
        self.fields["organ"].empty_label = None if organs.count() == 1 else "---------"  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["client_token"] = uuid.uuid4().hex
            self.initial["submitted_at"] = timezone.localtime().replace(second=0, microsecond=0)


# --- tracking ---------------------------------------------------------------------------------


class TrackForm(forms.Form):
    case_number = _text(_("申请编号"), required=True, max_length=30, message=_("请填写申请编号。"))
    query_code = _text(
        _("查询码"),
        required=True,
        message=_("请填写查询码。"),
        max_length=40,
        help_text=_("提交申请时页面显示的12位查询码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PublicCorrectionForm(DomainErrorsMixin, forms.Form):
    """The applicant's correction (补正) on the tracking page."""

    text = _text(
        _("补正内容"),
        required=True,
        message=_("请填写补正内容。"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请逐项说明补正的内容，例如所需信息的名称、文号、形成时间、制作机关等。"),
    )
    info_title = _text(_("信息名称（如需更正）"), max_length=300)
    info_doc_number = _text(_("文号（如需更正）"), max_length=80)


# --- staff: list, statistics -------------------------------------------------------------------


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", str(_("全部")))] + [(str(y), f"{y}年") for y in range(this_year, 2018, -1)]


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices]
    )
    organ = forms.ModelChoiceField(
        label=_("受理机关"), required=False, queryset=Organ.objects.none(), empty_label=_("全部")
    )
    year = forms.TypedChoiceField(
        label=_("收到年度"), required=False, choices=(), coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("已超期"), required=False)
    due_soon = forms.BooleanField(label=_("即将到期"), required=False)
    extension_pending = forms.BooleanField(label=_("待审批延期申请"), required=False)
    received_from = forms.DateField(label=_("收到日期自"), required=False, widget=date_widget())
    received_to = forms.DateField(label=_("收到日期至"), required=False, widget=date_widget())

    def __init__(self, *args: Any, organs: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organ = self.fields["organ"]
        assert isinstance(organ, forms.ModelChoiceField)
        organ.queryset = organs
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _year_choices()


class StatisticsForm(forms.Form):
    organ = forms.ModelChoiceField(label=_("机关"), queryset=Organ.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label=_("年度"), choices=(), coerce=int)
    version = forms.ChoiceField(
        label=_("年报格式"),
        required=False,
        choices=[("", _("按年度自动选择"))]
        + [
            (v, f"{v}年格式（国办公开办函〔{v}〕{'60' if v == '2019' else '30'}号）")
            for v in VERSIONS
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs = Organ.objects.filter(is_active=True)
        if not (is_administrator(user) or organs_for_role(user, Role.GOVERNMENT_OFFICE)):
            organs = organs.filter(pk__in=organs_for_role(user, Role.OPENNESS_OFFICER))
        organ = self.fields["organ"]
        assert isinstance(organ, forms.ModelChoiceField)
        organ.queryset = organs
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _year_choices()[1:]


# --- staff: action forms on the case page ----------------------------------------------------


class ActionForm(DomainErrorsMixin, forms.Form):
    """A form of the case page. Several share one page, so ids carry the form's key."""

    key = "action"

    def __init__(self, *args: Any, info_request: InfoRequest | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.key}_%s")
        super().__init__(*args, **kwargs)
        self.info_request = info_request


TODAY_IF_BLANK = _("留空为今日。")
DELIVERY_METHOD = _("送达方式")


def _day(label: Any, help_text: Any = TODAY_IF_BLANK) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=date_widget(), help_text=help_text)


def _note(label: Any, *, required: bool = False, rows: int = 2) -> Any:
    return _text(
        label, required=required, max_length=4000, widget=forms.Textarea(attrs={"rows": rows})
    )


def _method(label: Any = DELIVERY_METHOD) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("—")), *Delivery.choices])


class ConfirmReceiptForm(ActionForm):
    key = "confirm"
    received_date = forms.DateField(label=_("收到申请之日"), widget=date_widget())
    note = _note(_("备注（如签收单号、确认方式）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["received_date"] = timezone.localdate()


class CorrectionNoticeForm(ActionForm):
    key = "correction_notice"
    items = _note(_("需要补正的事项（每行一项）"), required=True, rows=4)
    period_days = forms.IntegerField(
        label=_("补正期限（工作日）"), min_value=1, initial=10, help_text=_("合理的补正期限。")
    )
    notified_on = _day(_("告知日期"))
    received_on = _day(
        _("申请人收到告知日期"), _("留空为告知日期；补正期限自申请人收到告知之日起计算。")
    )
    method = _method()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period_days"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = int(setting("GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS"))
        field.widget.attrs["max"] = field.max_value

    def items_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class CorrectionDeliveredForm(ActionForm):
    key = "correction_delivered"
    received_on = forms.DateField(label=_("申请人收到补正告知日期"), widget=date_widget())


class CorrectionLapseForm(ActionForm):
    key = "correction_lapse"
    note = _note(_("核实情况（申请人逾期未补正且无正当理由）"), required=True, rows=3)
    closed_on = _day(_("办结日期"))


class CorrectionReceivedForm(ActionForm):
    key = "correction"
    corrected_on = _day(_("收到补正日期"))
    info_title = _text(_("更正后的信息名称"), max_length=300)
    info_doc_number = _text(_("更正后的文号"), max_length=80)
    info_description = _note(_("更正后的特征描述"), rows=3)
    note = _note(_("备注"))

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("info_title", "info_doc_number", "info_description")
            if self.cleaned_data.get(name)
        }


class AssignForm(ActionForm):
    key = "assign"
    department = forms.ModelChoiceField(label=_("承办单位"), queryset=Organ.objects.none())
    co_departments = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Organ.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _note(_("分办意见"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Organ.objects.filter(is_active=True)
        for name in ("department", "co_departments"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = active


class TransferForm(ActionForm):
    key = "transfer"
    organ_name = _text(_("负责公开该信息的机关"), required=True)
    organ_contact = _text(_("该机关的联系方式"))
    reasons = _note(_("理由"))
    decided_on = _day(_("决定日期"))


class DepartmentReportForm(ActionForm):
    """The 承办 department's findings for the office (分办后反馈)."""

    key = "department_report"
    findings = _note(_("办理意见（是否掌握、信息内容、能否公开及理由）"), required=True, rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.info_request is not None:
            self.initial["findings"] = self.info_request.department_findings


class ProvidedFileForm(ActionForm):
    """A file of the information provided (见附件), stripped of metadata at upload."""

    key = "provided_file"
    file = forms.FileField(label=_("文件（PDF、DOCX、DOC）"))
    title = _text(_("名称"), help_text=_("留空为文件名；答复书“见附件”列出该名称。"))


class ExtensionRequestForm(ActionForm):
    """延期申请: the officer asks the head of the office (条例第三十三条第二款)."""

    key = "extension_request"
    days = forms.IntegerField(label=_("申请延长工作日数"), min_value=1, max_value=20, initial=20)
    reason = _note(_("延长理由"), required=True)


class ExtendForm(ActionForm):
    key = "extend"
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    reason = _note(_("延长理由"), required=True)
    approved_on = _day(_("批准日期"))
    notified_on = _day(_("告知申请人日期"), _("留空为批准日期；须在原答复期限内告知申请人。"))
    method = _method(_("告知方式"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ir = self.info_request
        if not self.is_bound and ir is not None and ir.extension_pending:
            # The head decides what the officer asked for (and may change it).
            self.initial["days"] = ir.extension_requested_days
            self.initial["reason"] = ir.extension_requested_reason


class ExtensionRefuseForm(ActionForm):
    key = "extension_refuse"
    opinion = _note(_("不同意延期的理由"), required=True)


class ConsultationForm(ActionForm):
    key = "consult"
    kind = forms.ChoiceField(
        label=_("类型"), choices=ConsultationKind.choices, widget=forms.RadioSelect
    )
    party = _text(_("被征求意见的第三方或机关"), required=True)
    party_contact = _text(_("联系方式"))
    letter_summary = _note(_("征求意见书内容摘要"))
    sent_on = _day(_("发出日期"))
    delivered_on = _day(_("送达日期"), _("留空为发出日期；第三方自收到之日起15个工作日内答复。"))


class ConsultationAnswerForm(ActionForm):
    key = "consult_answer"
    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.none(), widget=forms.HiddenInput
    )
    position = forms.ChoiceField(
        label=_("意见"),
        choices=[c for c in ConsultationPosition.choices if c[0] != ConsultationPosition.NONE],
        widget=forms.RadioSelect,
    )
    answered_on = _day(_("答复日期"))
    summary = _note(_("意见摘要"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.info_request is not None:
            field.queryset = self.info_request.consultations.filter(answered_on__isnull=True)


class FeeNoticeForm(ActionForm):
    key = "fee_notice"
    mode = forms.ChoiceField(label=_("计费方式"), choices=FeeMode.choices, widget=forms.RadioSelect)
    pages = forms.IntegerField(
        label=_("页数（按量计收）"), min_value=1, required=False, help_text=_("按件计收不填。")
    )
    issued_on = _day(_("通知日期"))
    received_on = _day(_("申请人收到通知日期"), _("留空为通知日期。"))
    method = _method()
    excess_finding = _note(_("申请数量、频次明显超过合理范围的认定"), required=True, rows=3)


class FeePaidForm(ActionForm):
    key = "fee_paid"
    paid_on = _day(_("缴费日期"))
    receipt_number = _text(_("财政票据号"), max_length=60)


# The Table 3 groups of the outcomes that have sub-rows, by the value's family; grouped by
# value, never by the (translated) label.
OUTCOME_GROUPS: tuple[tuple[frozenset[str], Any], ...] = (
    (DENIALS, _("（三）不予公开")),
    (frozenset(o for o in Outcome if o.startswith("na_")), _("（四）无法提供")),
    (frozenset(o for o in Outcome if o.startswith("np_")), _("（五）不予处理")),
    (frozenset(o for o in Outcome if o.startswith("other_")), _("（六）其他处理")),
)


def outcome_choices() -> list[tuple[Any, Any]]:
    """The Table 3 leaves a decision may take, grouped as the table prints them."""
    choices: list[tuple[Any, Any]] = [("", "---------")]
    groups: dict[int, list[tuple[str, str]]] = {}
    for value, label in Outcome.choices:
        if value in SYSTEM_OUTCOMES:
            continue
        group = next((i for i, (members, _t) in enumerate(OUTCOME_GROUPS) if value in members), -1)
        if group < 0:
            choices.append((value, str(label)))
            continue
        if group not in groups:
            groups[group] = []
            choices.append((str(OUTCOME_GROUPS[group][1]), groups[group]))
        groups[group].append((value, str(label)))
    return choices


def withheld_ground_choices() -> list[tuple[str, str]]:
    """第十四条至第十六条 grounds, labelled as the 不予公开 rows of Table 3."""
    return [(value, str(label)) for value, label in Outcome.choices if value in WITHHOLDING_GROUNDS]


class DecideForm(ActionForm):
    key = "decide"
    outcome = forms.ChoiceField(label=_("办理结果（年报表三）"), choices=())
    withheld_grounds = forms.MultipleChoiceField(
        label=_("不予公开部分的依据（部分公开时必选）"),
        choices=withheld_ground_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = _note(_("理由与依据"), rows=4)
    decided_on = _day(_("决定日期"))
    public_interest_finding = _note(
        _("不公开会对公共利益造成重大影响的认定（第三方不同意公开而决定公开时填写）"), rows=3
    )
    third_party_part_withheld = forms.BooleanField(
        label=_("部分公开：第三方不同意公开的部分已不予公开"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = outcome_choices()
        field.error_messages["required"] = _("请选择办理结果。")


class ReleaseReviewForm(ActionForm):
    key = "release_review"
    items = _note(_("拟提供的材料（每行一项，逐项审查通过）"), rows=4)
    failed_items = _note(_("审查未通过、不予提供的材料（每行一项）"), rows=2)
    opinion = _note(_("审查意见"))
    reviewed_on = _day(_("审查日期"))
    redecision = _note(
        _("重新决定的理由（关联公文标注密级或不予公开时，由工作机构负责人填写）"), rows=3
    )

    @staticmethod
    def review_items(data: dict[str, Any]) -> list[dict[str, Any]]:
        """The items of the cleaned data, one per line: passed, then failed."""

        def lines(name: str) -> list[str]:
            return [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]

        return [{"item": item, "passed": True} for item in lines("items")] + [
            {"item": item, "passed": False} for item in lines("failed_items")
        ]


class ReasonsRequestForm(ActionForm):
    key = "reasons_request"
    matters = _note(_("数量、频次明显超过合理范围的情况和需说明的事项"), required=True, rows=3)
    requested_on = _day(_("要求说明理由日期"))
    method = _method()


class DelayedDeadlineForm(ActionForm):
    key = "delayed_deadline"
    days = forms.IntegerField(label=_("延迟答复期限（工作日）"), min_value=1)
    reason = _note(_("延迟答复的理由"), required=True)
    applicant_reasons = _note(_("申请人说明的理由"))
    decided_on = _day(_("确定日期"))
    method = _method(_("告知方式"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = int(setting("GONGKAI_INFOREQUEST_MAX_DELAY_DAYS"))
        field.widget.attrs["max"] = field.max_value


class _ObjectingConsultationForm(ActionForm):
    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.info_request is not None:
            field.queryset = self.info_request.consultations.filter(
                kind=ConsultationKind.THIRD_PARTY
            )


class DisclosureNoticeForm(_ObjectingConsultationForm):
    key = "disclosure_notice"
    content = _note(_("决定公开的内容"), required=True, rows=3)
    reasons = _note(_("决定公开的理由"), required=True, rows=3)
    sent_on = _day(_("发出日期"))
    delivered_on = _day(_("送达日期"), _("尚未送达的留空，送达后登记。"))


class DisclosureDeliveredForm(_ObjectingConsultationForm):
    key = "disclosure_delivered"
    delivered_on = _day(_("送达日期"))


class ReplyForm(ActionForm):
    key = "reply"
    delivery = forms.ChoiceField(label=_("答复送达方式"), choices=Delivery.choices)
    replied_on = _day(_("答复日期"))
    summary = _note(_("答复摘要"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.info_request is not None:
            self.initial["delivery"] = self.info_request.delivery


class ArchiveForm(ActionForm):
    key = "archive"


class WithdrawForm(ActionForm):
    key = "withdraw"
    withdrawn_on = _day(_("撤回日期"))
    reason = _note(_("撤回说明"))


class LetterCreateForm(ActionForm):
    key = "letter_create"
    kind = forms.ChoiceField(label=_("文书"), choices=())
    consultation = forms.ModelChoiceField(
        label=_("意见征询"),
        queryset=Consultation.objects.none(),
        required=False,
        help_text=_("第三方意见征询函、征求意见函、决定公开告知书须选择对应的征询。"),
    )

    def __init__(self, *args: Any, kinds: list[LetterKind] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k.value, k.label) for k in (kinds or [])]
        consultation = self.fields["consultation"]
        assert isinstance(consultation, forms.ModelChoiceField)
        if self.info_request is not None:
            consultation.queryset = self.info_request.consultations.all()


class LetterEditForm(DomainErrorsMixin, forms.Form):
    addressee = _text(_("主送"), required=True)
    body = _text(
        _("正文（每行一段）"),
        required=True,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 20}),
    )


class LetterSendForm(ActionForm):
    key = "letter_send"
    sent_on = _day(_("发出日期"))
    method = _method()


def page_size() -> int:
    return int(getattr(settings, "GONGKAI_PAGE_SIZE", 20))
