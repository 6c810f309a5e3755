"""Input and output schemas of the inforequests API (api.py)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, get_type_hints

from ninja import Field, Schema
from pydantic import create_model

from gongkai.core.kit.api import Id, Page, Year
from gongkai.inforequests.models import (
    ApplicantType,
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    FeeMode,
    IdType,
    OrganisationType,
    Outcome,
    ProvisionForm,
)
from gongkai.inforequests.presenters import InfoRequestView
from gongkai.inforequests.workflow import Channel
from gongkai.inforequests.workflow import Status as RequestStatus


class ApplicationIn(Schema):
    """条例第二十九条: who applies, which information, in which form and how to obtain it."""

    organ: Id = Field(..., description="受理机关 id")
    applicant_type: ApplicantType
    organisation_type: OrganisationType | None = Field(None, description="法人或其他组织的类型")
    applicant_name: str = Field(..., max_length=200, description="姓名或名称")
    contact_person: str = Field("", max_length=100, description="联系人/法定代表人")
    id_type: IdType
    id_number: str = Field(..., max_length=60, description="身份证明号码（居民身份证校验GB 11643）")
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    postcode: str = Field("", max_length=10)
    info_title: str = Field("", max_length=300, description="所需信息名称")
    info_doc_number: str = Field("", max_length=80, description="文号")
    info_description: str = Field("", max_length=5000, description="便于查询的特征性描述")
    document: Id | None = Field(None, description="关联公文 id（公众只能关联已发布公文）")
    provision_form: ProvisionForm
    delivery: Delivery


class RegistrationIn(ApplicationIn):
    channel: Channel
    submitted_at: datetime | None = Field(None, description="提交时间，默认当前")
    received_date: date | None = Field(None, description="收到申请之日（签收/确认日期）")


class SubmissionOut(Schema):
    id: int
    case_number: str
    query_code: str | None = Field(..., description="查询码：仅此一次显示，请告知申请人妥善保存")
    created: bool
    status: str
    received_date: date | None


class TrackIn(Schema):
    case_number: str = Field(..., max_length=30)
    query_code: str = Field(..., max_length=40)


class TrackingOut(Schema):
    case_number: str
    organ_name: str
    applicant: str
    status: str
    status_label: str
    submitted_on: date
    received_date: date | None
    reply_due: date | None
    reply_paused: bool
    extension_days: int
    correction_items: list[str]
    correction_due: date | None
    fee_amount: int | None
    fee_due: date | None
    outcome_label: str
    replied_on: date | None
    closed_on: date | None
    reply_steps: list[str]
    reply_due_provisional: bool


def _view_schema() -> type[Schema]:
    """InfoRequestOut: the fields of presenters.InfoRequestView (what every caller sees,
    personal data masked by presenters.masked), declared once there."""
    hints = get_type_hints(InfoRequestView)
    fields_ = {
        f.name: (hints[f.name], ...)
        for f in dataclasses.fields(InfoRequestView)
        if f.name != "extra"
    }
    return create_model("InfoRequestOut", __base__=Schema, **fields_)  # type: ignore[call-overload]


InfoRequestOut = _view_schema()


class InfoRequestPage(Schema):
    items: list[InfoRequestOut]
    count: int


class ListQuery(Schema):
    status: RequestStatus | None = None
    organ: Id | None = None
    year: Year | None = Field(None, description="收到申请的年度")
    overdue: bool = Field(False, description="已超过答复期限")
    due_soon: bool = Field(False, description="即将到期（GONGKAI_DUE_SOON_WORKDAYS 个工作日内）")
    q: str = Field("", max_length=100, description="申请编号、申请人或信息名称")
    page: Page = 1


class ClockOut(Schema):
    id: int
    kind: str
    kind_label: str
    start_date: date
    days: int
    restart_date: date | None
    extension_days: int
    due_date: date | None
    base_due_date: date | None
    paused: bool
    provisional: bool
    closed_on: date | None
    explanation: list[str]

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_explanation(obj: Any) -> list[str]:
        return list(obj.explanation_text("zh"))


class ReceiptIn(Schema):
    received_date: date
    note: str = ""


class CorrectionNoticeIn(Schema):
    items: list[str] = Field(..., min_length=1, description="需要补正的事项（逐项）")
    period_days: int = Field(..., ge=1, le=366, description="合理的补正期限（工作日）")
    notified_on: date | None = None
    received_on: date | None = Field(
        None, description="申请人收到补正告知之日（补正期限自此计算；默认为告知日期）"
    )
    method: Delivery | None = None


class CorrectionDeliveredIn(Schema):
    received_on: date = Field(..., description="申请人收到补正告知之日（送达回证）")


class CorrectionLapseIn(Schema):
    note: str = Field(..., description="核实情况：申请人逾期未补正且无正当理由（条例第三十条）")
    closed_on: date | None = None


class CorrectionChangesIn(Schema):
    info_title: str | None = Field(None, max_length=300)
    info_doc_number: str | None = Field(None, max_length=80)
    info_description: str | None = Field(None, max_length=5000)
    document: Id | None = None
    provision_form: ProvisionForm | None = None
    delivery: Delivery | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=300)
    postcode: str | None = Field(None, max_length=10)


class CorrectionIn(Schema):
    corrected_on: date | None = None
    note: str = ""
    changes: CorrectionChangesIn | None = None


class AssignIn(Schema):
    department: Id
    co_departments: list[Id] = Field(default_factory=list)
    note: str = ""


class ExtendIn(Schema):
    days: int = Field(..., ge=1, le=366, description="延长的工作日数（最多20）")
    reason: str
    approved_on: date | None = None
    notified_on: date | None = None
    method: Delivery | None = None


class ConsultationIn(Schema):
    kind: ConsultationKind
    party: str = Field(..., max_length=200)
    party_contact: str = Field("", max_length=200)
    letter_summary: str = ""
    sent_on: date | None = None
    delivered_on: date | None = None


class ConsultationOut(Schema):
    id: int
    kind: str
    party: str
    party_contact: str
    letter_summary: str
    sent_on: date
    delivered_on: date
    window_days: int
    answered_on: date | None
    position: str
    answer_summary: str
    ended_on: date | None
    disclosure_notice_sent_on: date | None
    disclosure_notice_delivered_on: date | None


class DisclosureNoticeIn(Schema):
    content: str = Field(..., description="决定公开的内容")
    reasons: str = Field(..., description="决定公开的理由（条例第三十二条）")
    sent_on: date | None = None
    delivered_on: date | None = Field(None, description="送达第三方之日；未送达前不能答复")


class DisclosureDeliveredIn(Schema):
    delivered_on: date | None = None


class ReleaseReviewItemIn(Schema):
    item: str = Field(..., max_length=300, description="拟提供的一项材料")
    passed: bool = True


class ReleaseReviewIn(Schema):
    items: list[ReleaseReviewItemIn] = Field(..., min_length=1, description="逐项审查的材料")
    opinion: str = ""
    reviewed_on: date | None = None
    redecision: str = Field(
        "", description="关联公文标注密级或不予公开时，重新决定的理由（限工作机构负责人）"
    )


class ReleaseReviewOut(Schema):
    id: int
    items: list[dict[str, Any]]
    outcome: str
    opinion: str
    reviewed_on: date
    document_id: int | None
    redecision: str


class ReasonsRequestIn(Schema):
    matters: str = Field(..., description="数量、频次明显超过合理范围的情况和需说明的事项")
    requested_on: date | None = None
    method: Delivery | None = None


class DelayedDeadlineIn(Schema):
    days: int = Field(..., ge=1, le=366, description="合理的延迟答复期限（工作日）")
    reason: str
    applicant_reasons: str = ""
    decided_on: date | None = None
    method: Delivery | None = None


class ConsultationAnswerIn(Schema):
    position: ConsultationPosition
    answered_on: date | None = None
    summary: str = ""


class FeeQuoteQuery(Schema):
    mode: FeeMode
    pages: int | None = Field(None, ge=0, le=1_000_000)


class FeeQuoteOut(Schema):
    mode: str
    amount: int
    lines: list[str]


class FeeNoticeIn(Schema):
    mode: FeeMode
    pages: int | None = Field(
        None, ge=0, le=1_000_000, description="按量计收的页数；按件计收时不填"
    )
    issued_on: date | None = None
    received_on: date | None = Field(None, description="申请人收到收费通知之日")
    method: Delivery | None = None
    excess_finding: str = Field(
        "", description="申请数量、频次明显超过合理范围的认定（条例第四十二条），必填"
    )


class FeePaymentIn(Schema):
    paid_on: date | None = None
    receipt_number: str = Field("", max_length=60)


class DecideIn(Schema):
    outcome: Outcome
    reasons: str = ""
    decided_on: date | None = None
    public_interest_finding: str = Field(
        "", description="第三方不同意公开而决定公开时，不公开会对公共利益造成重大影响的认定"
    )
    third_party_part_withheld: bool = Field(
        False, description="部分公开：第三方不同意公开的部分已不予公开"
    )
    withheld_grounds: list[str] = Field(
        default_factory=list,
        description="部分公开时不予公开部分的依据（条例第十四条至第十六条的不予公开理由代码）",
    )


class TransferIn(Schema):
    organ_name: str = Field(..., max_length=200, description="负责公开该信息的行政机关")
    organ_contact: str = Field("", max_length=200)
    reasons: str = ""
    decided_on: date | None = None


class ReplyIn(Schema):
    delivery: Delivery
    replied_on: date | None = None
    summary: str = ""


class WithdrawIn(Schema):
    withdrawn_on: date | None = None
    reason: str = ""


class RepeatCheckOut(Schema):
    is_repeat: bool
    suggested_outcome: str | None
    earlier: list[str]


class FrequentQuery(Schema):
    organ: Id
    year: Year
    min_applicants: int | None = Field(None, ge=2)


class FrequentOut(Schema):
    label: str
    case_numbers: list[str]
    applicant_count: int
    document_id: int | None
    doc_number: str
    disclosed: bool
    suggest_proactive: bool


class Table3Query(Schema):
    organ: Id
    year: Year
    version: str | None = Field(None, description="2019 或 2021；默认按年度")
