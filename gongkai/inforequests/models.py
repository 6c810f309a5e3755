"""依申请公开: InfoRequest (domain.md §10.1 DisclosureRequest), its consultations and notices.

Statutory deadlines are `calendars.Clock` rows whose subject is the InfoRequest (REPLY,
CORRECTION_NOTICE, CORRECTION_PERIOD, THIRD_PARTY, OTHER_ORGAN, FEE_PAYMENT); this app stores
the facts (dates, parties, amounts) and the clocks store the computed due dates.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.files import StoredFile
from gongkai.core.kit.outbox import ClaimedNotice
from gongkai.core.storage import private_storage
from gongkai.documents.models import ReasonCode
from gongkai.inforequests.workflow import Channel, Status
from gongkai.lib.fees import FeeMode as _FeeMode

__all__ = [
    "ApplicantType",
    "Channel",
    "Consultation",
    "ConsultationKind",
    "ConsultationPosition",
    "Delivery",
    "FeeMode",
    "IdType",
    "InfoRequest",
    "Letter",
    "LetterKind",
    "Notice",
    "NoticeKind",
    "OrganisationType",
    "Outcome",
    "ProvisionForm",
    "ReleaseReview",
    "ReleaseReviewOutcome",
    "ReminderKind",
    "ReminderSent",
    "Status",
]


class ApplicantType(models.TextChoices):
    """The two applicant groups of annual-report Table 3 (domain.md §3.3, §4.3)."""

    NATURAL = "natural", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrganisationType(models.TextChoices):
    """Sub-columns of 法人或其他组织 in Table 3; the values are the lib.table3 column keys."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER = "other_org", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    USCC = "uscc", _("统一社会信用代码")
    OTHER = "other", _("其他身份证明")


class ProvisionForm(models.TextChoices):
    """The form the applicant asks for (条例第二十九条第三项, 第四十条)."""

    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    MEDIA = "media", _("光盘/U盘")
    READING = "reading", _("当场阅读/抄录")
    OTHER = "other", _("其他")


class Delivery(models.TextChoices):
    """How the information or the reply reaches the applicant (获取信息的方式、途径)."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")
    ONLINE = "online", _("在线查看")


class FeeMode(models.TextChoices):
    """收费办法: 按件 or 按量, never both (values of lib.fees.FeeMode)."""

    PER_REQUEST = _FeeMode.PER_REQUEST.value, _("按件计收")
    PER_VOLUME = _FeeMode.PER_VOLUME.value, _("按量计收")


class Outcome(models.TextChoices):
    """The result of a request: exactly one leaf of annual-report Table 3 (2021 format).

    The eight 不予公开 leaves reuse the documents ReasonCode values, so a request for a
    document withheld for reason X is decided with the same code. The 2019 format folds the
    three （六） leaves into one row (lib.table3.fold_leaf).
    """

    OPEN = "open", _("（一）予以公开")
    PARTIAL = "partial", _("（二）部分公开")
    STATE_SECRET = ReasonCode.STATE_SECRET.value, _("（三）1.属于国家秘密")
    LAW_PROHIBITS = ReasonCode.LAW_PROHIBITS.value, _("（三）2.其他法律行政法规禁止公开")
    THREE_SAFETY_ONE_STABILITY = (
        ReasonCode.THREE_SAFETY_ONE_STABILITY.value,
        _("（三）3.危及“三安全一稳定”"),
    )
    THIRD_PARTY_RIGHTS = ReasonCode.THIRD_PARTY_RIGHTS.value, _("（三）4.保护第三方合法权益")
    INTERNAL_AFFAIRS = ReasonCode.INTERNAL_AFFAIRS.value, _("（三）5.属于三类内部事务信息")
    PROCESS_INFO = ReasonCode.PROCESS_INFO.value, _("（三）6.属于四类过程性信息")
    ENFORCEMENT_FILE = ReasonCode.ENFORCEMENT_FILE.value, _("（三）7.属于行政执法案卷")
    # A request outcome only (条例第三十六条第（七）项), never a ground to withhold a document.
    ADMIN_QUERY = "ADMIN_QUERY", _("（三）8.属于行政查询事项")
    NA_NOT_HELD = "na_not_held", _("（四）1.本机关不掌握相关政府信息")
    NA_NEED_CREATE = "na_need_create", _("（四）2.没有现成信息需要另行制作")
    NA_UNCLEAR = "na_unclear", _("（四）3.补正后申请内容仍不明确")
    NP_PETITION = "np_petition", _("（五）1.信访举报投诉类申请")
    NP_REPEAT = "np_repeat", _("（五）2.重复申请")
    NP_PUBLICATION = "np_publication", _("（五）3.要求提供公开出版物")
    NP_MASS = "np_mass", _("（五）4.无正当理由大量反复申请")
    NP_CONFIRM = "np_confirm", _("（五）5.要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = "other_no_correction", _("（六）1.申请人无正当理由逾期不补正")
    OTHER_NO_FEE = "other_no_fee", _("（六）2.申请人逾期未按收费通知要求缴纳费用")
    OTHER_OTHER = "other_other", _("（六）3.其他")


# Outcome → the lib.table3 row key of the 2021 format.
OUTCOME_ROW: dict[str, str] = {
    Outcome.OPEN: "open",
    Outcome.PARTIAL: "partial",
    Outcome.STATE_SECRET: "deny_secret",
    Outcome.LAW_PROHIBITS: "deny_law",
    Outcome.THREE_SAFETY_ONE_STABILITY: "deny_safety",
    Outcome.THIRD_PARTY_RIGHTS: "deny_third",
    Outcome.INTERNAL_AFFAIRS: "deny_internal",
    Outcome.PROCESS_INFO: "deny_process",
    Outcome.ENFORCEMENT_FILE: "deny_enforce",
    Outcome.ADMIN_QUERY: "deny_query",
    Outcome.NA_NOT_HELD: "na_not_held",
    Outcome.NA_NEED_CREATE: "na_need_create",
    Outcome.NA_UNCLEAR: "na_unclear",
    Outcome.NP_PETITION: "np_petition",
    Outcome.NP_REPEAT: "np_repeat",
    Outcome.NP_PUBLICATION: "np_publication",
    Outcome.NP_MASS: "np_mass",
    Outcome.NP_CONFIRM: "np_confirm",
    Outcome.OTHER_NO_CORRECTION: "other_no_correction",
    Outcome.OTHER_NO_FEE: "other_no_fee",
    Outcome.OTHER_OTHER: "other_other",
}
DENIALS = frozenset(o for o in Outcome if OUTCOME_ROW[o].startswith("deny_"))
# Outcomes in which the organ answered the substance of the request: asking again for the
# same information is a repeat request (重复申请, 条例第三十六条第六项).
ANSWERED = frozenset(
    {Outcome.OPEN, Outcome.PARTIAL, Outcome.NA_NOT_HELD, Outcome.NA_NEED_CREATE} | DENIALS
)
DISCLOSED = frozenset({Outcome.OPEN, Outcome.PARTIAL})
# The grounds (条例第十四条至第十六条) on which the withheld part of a 部分公开 is withheld;
# 行政查询事项 (第三十六条第（七）项) is an answer, not a ground for withholding.
WITHHOLDING_GROUNDS = DENIALS - {Outcome.ADMIN_QUERY}
# Set by the system when a period lapses, never chosen in a decision.
SYSTEM_OUTCOMES = frozenset({Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_NO_FEE})


class InfoRequest(models.Model):
    case_number = models.CharField(_("申请编号"), max_length=30, unique=True)
    # SHA-256 of the private query code (查询码); the raw code is shown to the applicant once.
    query_code_hash = models.CharField(max_length=64, editable=False)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="inforequests",
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )

    # 申请人 (条例第二十九条第一项)
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    organisation_type = models.CharField(
        _("法人或其他组织类型"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    applicant_name = models.CharField(_("姓名/名称"), max_length=200)
    contact_person = models.CharField(_("联系人/法定代表人"), max_length=100, blank=True)
    id_type = models.CharField(_("身份证明类型"), max_length=30, choices=IdType.choices)
    id_number = models.CharField(_("身份证明号码"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    # A digest of the identity (type + number), for the monthly fee count (收费办法: “同一申请人”)
    # and repeat detection, without comparing personal data in clear.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)

    # 所需信息 (第二十九条第二项): 名称、文号或者便于查询的其他特征性描述
    info_title = models.CharField(_("信息名称"), max_length=300, blank=True)
    info_doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    info_description = models.TextField(_("特征描述"), blank=True)
    doc_number_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("关联公文"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inforequests",
    )

    # 获取信息的方式、途径 (第二十九条第三项)
    provision_form = models.CharField(_("提供形式"), max_length=20, choices=ProvisionForm.choices)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices)

    # 收到申请 (第三十一条)
    channel = models.CharField(_("申请渠道"), max_length=30, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    # 条例第三十一条: a fax, e-mail or letter is confirmed with the applicant promptly; the
    # office must confirm by this day (an alert in the inbox), see services.submission.
    receipt_confirm_due = models.DateField(_("确认收到时限"), null=True, blank=True)
    received_date = models.DateField(_("收到申请之日"), null=True, blank=True, db_index=True)
    receipt_basis = models.CharField(_("收到日期依据"), max_length=300, blank=True)
    client_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    remote_ip = models.GenericIPAddressField(_("提交IP"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器标识"), max_length=300, blank=True)

    # 分办
    handling_department = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_handling_departments = models.ManyToManyField(
        "organizations.Organ", verbose_name=_("协办单位"), blank=True, related_name="+"
    )

    # 补正 (第三十条): one notice listing the items and a period in working days
    correction_notified_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_items = models.JSONField(_("补正事项"), default=list, blank=True)
    correction_period_days = models.PositiveSmallIntegerField(
        _("补正期限（工作日）"), null=True, blank=True
    )
    # 条例第三十条: the period is counted from the applicant's receipt of the notice.
    correction_notice_received_on = models.DateField(
        _("申请人收到补正告知日期"), null=True, blank=True
    )
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    # The period lapsed without a correction: a staff task to confirm that the applicant had
    # no 正当理由 before the request is closed (set by sweep_inforequests, never a closure).
    correction_lapsed_on = models.DateField(_("补正期限届满日期"), null=True, blank=True)

    # 条例第三十五条: excessive number or frequency of applications — reasons asked first,
    # then 不予处理 or a reasonable delayed deadline (its own REPLY clock).
    reasons_requested_on = models.DateField(_("要求说明理由日期"), null=True, blank=True)
    reasons_request_text = models.TextField(_("要求说明理由事项"), blank=True)
    reasons_answer = models.TextField(_("申请人说明的理由"), blank=True)
    delayed_on = models.DateField(_("确定延迟答复期限日期"), null=True, blank=True)
    delayed_days = models.PositiveSmallIntegerField(
        _("延迟答复期限（工作日）"), null=True, blank=True
    )
    delay_reason = models.TextField(_("延迟答复理由"), blank=True)

    # The 承办 department's report back to the office (findings; its material is ProvidedFile).
    department_findings = models.TextField(_("承办单位办理意见"), blank=True)
    department_reported_at = models.DateTimeField(_("承办单位反馈时间"), null=True, blank=True)
    department_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办单位反馈人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # 延长答复期限 (第三十三条第二款)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extended_on = models.DateField(_("延期批准日期"), null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)
    # The officer's request for an extension, awaiting the head's approval in their 待办
    # (延期申请); cleared when the head refuses it, kept as the record once approved.
    extension_requested_at = models.DateTimeField(_("申请延期时间"), null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_requested_days = models.PositiveSmallIntegerField(_("申请延长工作日数"), default=0)
    extension_requested_reason = models.TextField(_("申请延期理由"), blank=True)

    # 信息处理费 (第四十二条, 国办函〔2020〕109号)
    fee_mode = models.CharField(_("计费方式"), max_length=20, choices=FeeMode.choices, blank=True)
    fee_amount = models.PositiveIntegerField(_("收费金额（元）"), null=True, blank=True)
    fee_ordinal = models.PositiveIntegerField(_("当月申请序号"), null=True, blank=True)
    fee_pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    fee_notice_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_notice_received_on = models.DateField(_("收到收费通知日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    fee_receipt_number = models.CharField(_("票据号"), max_length=60, blank=True)
    # 条例第四十二条: a fee only where the number or frequency clearly exceeds a reasonable
    # range; the finding is recorded before the fee notice.
    fee_excess_finding = models.TextField(_("超出合理范围的认定"), blank=True)

    # 决定 (第三十六条) — one Table 3 leaf
    outcome = models.CharField(_("办理结果"), max_length=40, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(_("理由与依据"), blank=True)
    # 部分公开 (第三十七条): the ground(s) of the withheld part, WITHHOLDING_GROUNDS values.
    withheld_grounds = models.JSONField(_("不予公开部分的依据"), default=list, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transferred_to_name = models.CharField(_("负责机关名称"), max_length=200, blank=True)
    transferred_to_contact = models.CharField(_("负责机关联系方式"), max_length=200, blank=True)
    # 条例第三十二条: disclosure over a third party's objection needs this finding.
    public_interest_finding = models.TextField(
        _("不公开会对公共利益造成重大影响的认定"), blank=True
    )

    # 答复, 办结, 归档 (第四十五条)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_delivery = models.CharField(
        _("答复送达方式"), max_length=20, choices=Delivery.choices, blank=True
    )
    # The day the request stopped being handled: the reply date, or the termination date.
    # Year-end carry-over (结转) is “received and not closed on 31 December”.
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    clocks = GenericRelation(
        "calendars.Clock", object_id_field="subject_id", content_type_field="subject_type"
    )

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["organ", "received_date"]),
            models.Index(fields=["organ", "applicant_key", "received_date"]),
            # Annual-report Table 3 (stats._table3_counts): covering, in the GROUP BY order.
            models.Index(
                fields=[
                    "organ",
                    "applicant_type",
                    "organisation_type",
                    "outcome",
                    "received_date",
                    "closed_on",
                ],
                name="inforequest_table3",
            ),
            # 信息处理费 collected in a year (stats.inforequest_fees_collected, the annual
            # report's section 六): a range of this covering index.
            models.Index(
                fields=["organ", "fee_paid_on", "fee_amount"], name="inforequest_fees_paid"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(applicant_type=ApplicantType.NATURAL, organisation_type="")
                    | (Q(applicant_type=ApplicantType.ORGANISATION) & ~Q(organisation_type=""))
                ),
                name="inforequest_organisation_type_iff_organisation",
            ),
            # 收费办法: per request or per volume, never both.
            models.CheckConstraint(
                condition=(
                    Q(fee_mode="", fee_ordinal__isnull=True, fee_pages__isnull=True)
                    | Q(fee_mode=_FeeMode.PER_REQUEST.value, fee_pages__isnull=True)
                    | Q(fee_mode=_FeeMode.PER_VOLUME.value, fee_ordinal__isnull=True)
                ),
                name="inforequest_one_fee_mode",
            ),
            models.CheckConstraint(
                condition=Q(extension_days__lte=20), name="inforequest_extension_at_most_20"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(received_date__isnull=True)
                | Q(closed_on__gte=models.F("received_date")),
                name="inforequest_closed_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.DECIDED, Status.REPLIED]) | ~Q(outcome=""),
                name="inforequest_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def extension_pending(self) -> bool:
        """An officer asked for an extension that the head has not decided yet."""
        return self.extension_requested_at is not None and not self.extension_days

    @property
    def needs_receipt_confirmation(self) -> bool:
        """条例第三十一条: the receipt date is not fixed yet (online, fax, letters)."""
        return self.received_date is None and self.status == Status.SUBMITTED

    @property
    def table3_column(self) -> str:
        """The applicant column of annual-report Table 3 (lib.table3 column key)."""
        if self.applicant_type == ApplicantType.NATURAL:
            return "natural"
        return self.organisation_type


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("征求第三方意见（条例第三十二条）")
    OTHER_ORGAN = "other_organ", _("征求其他机关意见（条例第三十四条）")


class ConsultationPosition(models.TextChoices):
    AGREE = "agree", _("同意公开")
    OBJECT = "object", _("不同意公开")
    PARTIAL = "partial", _("部分同意")
    NONE = "none", _("逾期未提出意见")


class Consultation(models.Model):
    """A written consultation letter (征求意见书) and its answer; the reply clock pauses meanwhile."""

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("被征求意见方"), max_length=200)
    party_contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    letter_summary = models.TextField(_("征求意见书内容摘要"), blank=True)
    sent_on = models.DateField(_("发出日期"))
    delivered_on = models.DateField(_("送达日期"))
    window_days = models.PositiveSmallIntegerField(_("答复期限（工作日）"), default=15)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    position = models.CharField(
        _("意见"), max_length=20, choices=ConsultationPosition.choices, blank=True
    )
    answer_summary = models.TextField(_("意见摘要"), blank=True)
    # When this consultation stopped waiting: the answer, or the end of its window. The pause
    # of the reply clock ends when the last consultation running in parallel ends.
    ended_on = models.DateField(_("征询结束日期"), null=True, blank=True)
    # The window clock of this consultation (several may run in parallel, each its own).
    window_clock = models.OneToOneField(
        "calendars.Clock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 条例第三十二条: 决定公开告知书 to an objecting third party (content and reasons).
    disclosure_notice_sent_on = models.DateField(_("决定公开告知书发出日期"), null=True, blank=True)
    disclosure_notice_delivered_on = models.DateField(
        _("决定公开告知书送达日期"), null=True, blank=True
    )
    disclosure_notice_content = models.TextField(_("决定公开的内容"), blank=True)
    disclosure_notice_reasons = models.TextField(_("决定公开的理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("意见征询")
        verbose_name_plural = _("意见征询")
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["info_request", "party"],
                condition=Q(ended_on__isnull=True),
                name="one_running_consultation_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"

    @property
    def objected(self) -> bool:
        return self.position in (ConsultationPosition.OBJECT, ConsultationPosition.PARTIAL)


class ReleaseReviewOutcome(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("未通过")


class ReleaseReview(models.Model):
    """保密审查 of the material to be provided on request (条例第十七条; 保密法第三十五条).

    先审查、后公开、逐项审查: ``items`` lists each piece of material actually provided, with
    its own result. A 予以公开 or 部分公开 decision needs the latest review to have passed.
    ``redecision`` is the audited re-decision that lets a linked document marked 密级 or
    不予公开 be provided through a request (declassification or a changed assessment).
    """

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="release_reviews"
    )
    items = models.JSONField(_("审查事项"), default=list)
    outcome = models.CharField(_("审查结论"), max_length=10, choices=ReleaseReviewOutcome.choices)
    opinion = models.TextField(_("审查意见"), blank=True)
    reviewed_on = models.DateField(_("审查日期"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("关联公文"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redecision = models.TextField(_("重新决定的理由"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保密审查（依申请公开）")
        verbose_name_plural = _("保密审查（依申请公开）")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.info_request_id} {self.get_outcome_display()}"


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", _("登记回执")
    CORRECTION = "correction", _("补正申请告知书")
    EXTENSION = "extension", _("延长答复期限告知书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("政府信息公开申请答复书")
    TERMINATION = "termination", _("终止办理告知书")
    REASONS = "reasons", _("要求说明理由通知书")
    DELAYED = "delayed", _("延迟答复告知书")


class Notice(models.Model):
    """A written notice to the applicant (records of 条例第四十五条); letters are rendered by the UI."""

    info_request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("文书类型"), max_length=20, choices=NoticeKind.choices)
    issued_on = models.DateField(_("发出日期"))
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    method = models.CharField(_("送达方式"), max_length=20, choices=Delivery.choices, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告知文书")
        verbose_name_plural = _("告知文书")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on}"


# --- letters (告知书) -----------------------------------------------------------------------------


class LetterKind(models.TextChoices):
    """The written letters of a case; the label is the title printed on the letter."""

    REPLY = "reply", _("政府信息公开申请答复告知书")
    CORRECTION = "correction", _("政府信息公开申请补正告知书")
    EXTENSION = "extension", _("政府信息公开延期答复告知书")
    THIRD_PARTY = "third_party", _("政府信息公开第三方意见征询函")
    OTHER_ORGAN = "other_organ", _("政府信息公开征求意见函")
    FEE = "fee", _("政府信息公开信息处理费收费通知书")
    # 条例第三十二条: to a third party whose objection is overridden in the public interest.
    DISCLOSURE = "disclosure", _("政府信息公开决定公开告知书")


# Letters addressed to the applicant, and so shown on the tracking page once sent. The
# consultation letters go to the third party or the other organ.
APPLICANT_LETTERS = frozenset(
    {LetterKind.REPLY, LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.FEE}
)


def letter_upload_to(instance: Letter, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1]
    return f"inforequests/letters/{instance.info_request_id}/{uuid.uuid4().hex}.{extension}"


class Letter(models.Model):
    """A letter of the case (条例第四十五条: records of handling and reply are archived).

    Drafted from the case data, edited by staff while unsent; sending fixes the reference
    number and the date and stores the DOCX and PDF that were sent (private storage). A sent
    letter is never changed.
    """

    info_request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    # The decision a reply letter states (a Table 3 leaf), fixed when it was drafted.
    outcome = models.CharField(_("办理结果"), max_length=40, choices=Outcome.choices, blank=True)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("意见征询"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    title = models.CharField(_("标题"), max_length=100)
    addressee = models.CharField(_("主送"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("每行一段。"))
    signatory = models.CharField(_("落款机关"), max_length=200)
    reference = models.CharField(_("文书编号"), max_length=80, blank=True)
    year = models.PositiveIntegerField(_("编号年度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)
    letter_date = models.DateField(_("成文日期"), null=True, blank=True)
    docx = models.FileField(
        _("DOCX"), upload_to=letter_upload_to, storage=private_storage, max_length=300, blank=True
    )
    pdf = models.FileField(
        _("PDF"), upload_to=letter_upload_to, storage=private_storage, max_length=300, blank=True
    )
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_method = models.CharField(
        _("送达方式"), max_length=20, choices=Delivery.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True)
                | (~Q(reference="") & Q(letter_date__isnull=False) & ~Q(pdf="") & ~Q(docx="")),
                name="letter_sent_has_reference_date_files",
            ),
            models.CheckConstraint(
                condition=~Q(kind=LetterKind.REPLY) | ~Q(outcome=""),
                name="letter_reply_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.reference}".strip()

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def to_applicant(self) -> bool:
        return self.kind in APPLICANT_LETTERS


# --- deadline reminders ----------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


class ReminderSent(ClaimedNotice):
    """One reminder to the handlers of a case about one clock: the claim
    (kit.outbox.queue_once).

    The unique constraint is the claim (healthchecks' compare-and-set): whoever inserts the
    row queues the reminder, so two instances of send_deadline_reminders never send it twice
    and a later run catches up on what an earlier one missed. The due date is part of the
    key: when an extension moves the deadline, the handlers are reminded of the new one.
    """

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="reminders"
    )
    clock = models.ForeignKey("calendars.Clock", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("提醒类型"), max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField(_("截止日期"))

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        ordering = ["claimed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["info_request", "clock", "kind", "due_date"],
                name="one_reminder_per_case_clock_kind_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.info_request_id} {self.get_kind_display()} {self.due_date}"


def provided_upload_to(instance: ProvidedFile, filename: str) -> str:
    return f"inforequests/provided/{instance.info_request_id}/{uuid.uuid4().hex}.{instance.kind}"


class ProvidedFile(StoredFile):
    """A file of the information provided to the applicant (提供的政府信息, “见附件”).

    Stored as the copy to give out: its metadata (author, editing history…) stripped at upload
    the way published attachments are (`gongkai.lib.filework.strip`); what could not be
    removed is recorded. Named in the reply letter, sent with an e-mail reply and
    downloadable on the tracking page once the reply was given (条例第四十条).
    """

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="provided_files"
    )
    file = models.FileField(
        _("文件"), upload_to=provided_upload_to, storage=private_storage, max_length=300
    )
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    metadata_residual = models.JSONField(_("无法清除的元数据"), default=list, blank=True)

    class Meta(StoredFile.Meta):
        verbose_name = _("提供的信息文件")
        verbose_name_plural = _("提供的信息文件")

    @property
    def filename(self) -> str:
        """The name the applicant gets: the title with the stored type's extension."""
        return f"{self.title}.{self.kind}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
