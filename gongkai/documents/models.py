"""Official documents (公文/政府信息) with their disclosure attribute (公开属性).

Fields follow domain.md §7.2 and §10.1.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.files import StoredFile
from gongkai.core.storage import private_storage
from gongkai.documents.workflow import Status, Validity

if TYPE_CHECKING:
    from gongkai.calendars.models import Clock


class Attribute(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


# 附注 markings (domain.md §1.1.6), set at 成文 for every attribute.
MARKINGS = {
    Attribute.PROACTIVE: "（此件公开发布）",
    Attribute.ON_REQUEST: "（此件依申请公开）",
    Attribute.NOT_DISCLOSED: "（此件不予公开）",
}


class ReasonCode(models.TextChoices):
    """Statutory grounds for withholding a document (不予公开): 条例第十四条至第十六条.

    The same codes are the first seven 不予公开 sub-rows of the 年报 (domain.md §1.2). The
    eighth sub-row, 行政查询事项, answers a request (条例第三十六条第（七）项: the applicant
    is referred to the special procedure); it is never a reason to withhold a document.
    """

    STATE_SECRET = "STATE_SECRET", _("属于国家秘密（条例第十四条）")
    LAW_PROHIBITS = "LAW_PROHIBITS", _("其他法律行政法规禁止公开（条例第十四条）")
    THREE_SAFETY_ONE_STABILITY = (
        "THREE_SAFETY_ONE_STABILITY",
        _("危及“三安全一稳定”（条例第十四条）"),
    )
    THIRD_PARTY_RIGHTS = "THIRD_PARTY_RIGHTS", _("保护第三方合法权益（条例第十五条）")
    INTERNAL_AFFAIRS = "INTERNAL_AFFAIRS", _("属于三类内部事务信息（条例第十六条第一款）")
    PROCESS_INFO = "PROCESS_INFO", _("属于四类过程性信息（条例第十六条第二款）")
    ENFORCEMENT_FILE = "ENFORCEMENT_FILE", _("属于行政执法案卷（条例第十六条第二款）")


class OnRequestReason(models.TextChoices):
    """Why a document is 依申请公开 rather than 主动公开 (80号细则 一(一)2).

    Not a withholding ground: the information is public, but it falls outside the proactive
    scope of 条例第十九条至第二十一条 because it concerns only specific persons or matters.
    """

    SPECIFIC_SUBJECTS = (
        "SPECIFIC_SUBJECTS",
        _(
            "仅涉及特定对象（部分人和事），不需要社会公众广泛知晓或者参与决策"
            "（不属于条例第十九条至第二十一条规定的主动公开范围）"
        ),
    )
    SPECIFIC_NEEDS = (
        "SPECIFIC_NEEDS",
        _(
            "仅与特定申请人的生产、生活、科研等特殊需要相关"
            "（不属于条例第十九条至第二十一条规定的主动公开范围）"
        ),
    )


# A 密级 and the 不予公开 ground 属于国家秘密 go together (保守国家秘密法; domain.md §1.3).
STATE_SECRET = ReasonCode.STATE_SECRET.value


class SecrecyLevel(models.TextChoices):
    """密级 (保守国家秘密法第十四条)."""

    NONE = "", _("非密")
    SECRET = "secret", _("秘密")
    CONFIDENTIAL = "confidential", _("机密")
    TOP_SECRET = "top_secret", _("绝密")


class Genre(models.TextChoices):
    """体裁: the 15 公文文种 plus catalogue genres (domain.md §7.2)."""

    RESOLUTION = "决议", _("决议")
    DECISION = "决定", _("决定")
    ORDER = "命令（令）", _("命令（令）")
    COMMUNIQUE = "公报", _("公报")
    ANNOUNCEMENT = "公告", _("公告")
    PUBLIC_NOTICE = "通告", _("通告")
    OPINION = "意见", _("意见")
    NOTICE = "通知", _("通知")
    CIRCULAR = "通报", _("通报")
    REPORT = "报告", _("报告")
    REQUEST = "请示", _("请示")
    REPLY = "批复", _("批复")
    MOTION = "议案", _("议案")
    LETTER = "函", _("函")
    MINUTES = "纪要", _("纪要")
    PLAN = "规划", _("规划")
    WORK_PLAN = "计划", _("计划")
    SCHEME = "方案", _("方案")
    MEASURES = "办法", _("办法")
    PROVISIONS = "规定", _("规定")
    RULES = "细则", _("细则")
    INTERPRETATION = "解读", _("解读")
    ANNUAL_REPORT = "年报", _("年报")
    PUBLICITY = "公示", _("公示")
    OTHER = "其他", _("其他")


class Topic(models.Model):
    """主题分类 (国务院公文主题分类), administrator-editable: names change."""

    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent is not None else self.name


class Document(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True, db_index=True)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("主办（发文）机关"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    co_organs = models.ManyToManyField(
        "organizations.Organ", verbose_name=_("联合发文机关"), blank=True, related_name="+"
    )
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    published_date = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    repealed_date = models.DateField(_("废止日期"), null=True, blank=True)
    expires_on = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("自该日起失效（不含）。")
    )
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"), null=True, blank=True, help_text=_("如“有效期5年”，自发布之日起计算。")
    )
    validity = models.CharField(
        _("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("主题分类"), null=True, blank=True, on_delete=models.PROTECT
    )
    genre = models.CharField(_("体裁"), max_length=20, choices=Genre.choices, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    keywords = models.CharField(_("主题词"), max_length=150, blank=True)
    body = models.TextField(_("正文"), blank=True)

    attribute = models.CharField(
        _("公开属性"), max_length=20, choices=Attribute.choices, blank=True
    )
    # 不予公开 grounds (ReasonCode, 条例第十四条至第十六条): only for 不予公开.
    reason_codes = models.JSONField(_("不予公开理由"), default=list, blank=True)
    # Why 依申请公开 (OnRequestReason): only for 依申请公开.
    on_request_reason = models.CharField(
        _("依申请公开理由"), max_length=30, choices=OnRequestReason.choices, blank=True
    )
    legal_explanation = models.TextField(_("依据说明"), blank=True)
    secrecy_level = models.CharField(
        _("密级"),
        max_length=20,
        choices=SecrecyLevel.choices,
        default=SecrecyLevel.NONE,
        blank=True,
    )
    secrecy_period = models.CharField(_("保密期限"), max_length=40, blank=True)
    # “秘密★5年”, fixed at 成文 with the 附注 (GB/T 9704-2012 版头).
    secrecy_mark = models.CharField(_("密级标志"), max_length=60, blank=True)

    is_policy = models.BooleanField(_("政策性文件"), default=False)
    is_normative = models.BooleanField(_("行政规范性文件"), default=False)
    for_government = models.BooleanField(_("代拟稿（以政府名义发文）"), default=False)
    # 代拟稿 adopted by the government: `organ` becomes the government (its name and 索引号
    # prefix); the department that drafted it is kept here (起草单位, 谁起草谁解读).
    drafting_organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("起草单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafted_documents",
    )

    index_number = models.CharField(_("索引号"), max_length=60, null=True, blank=True, unique=True)
    marking = models.CharField(_("附注"), max_length=20, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Idempotency key of the form or API call that created the document: a double
    # submit returns the first document instead of creating a second one.
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    clocks = GenericRelation(
        "calendars.Clock", object_id_field="subject_id", content_type_field="subject_type"
    )

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ["-published_date", "-created_at", "-id"]
        constraints = [
            # G5 (保密法): a document with a 密级 is never public.
            models.CheckConstraint(
                condition=models.Q(secrecy_level="") | ~models.Q(status="published"),
                name="classified_never_published",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(attribute="proactive"),
                name="published_only_proactive",
            ),
            # G5 both ways: a 密级 requires the ground 属于国家秘密, and that ground requires a
            # 密级 (withheld as a state secret only once classified, 保守国家秘密法第十四条).
            models.CheckConstraint(
                condition=(
                    models.Q(secrecy_level="") & ~models.Q(reason_codes__icontains=STATE_SECRET)
                )
                | (~models.Q(secrecy_level="") & models.Q(reason_codes__icontains=STATE_SECRET)),
                name="secrecy_level_iff_state_secret",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(index_number__isnull=False),
                name="published_has_index_number",
            ),
            # Only an adopted 代拟稿 has a drafting department apart from its issuer.
            models.CheckConstraint(
                condition=models.Q(drafting_organ__isnull=True) | models.Q(for_government=True),
                name="drafting_organ_only_for_government",
            ),
        ]
        # The public portal's reads: lists newest first, the 现行有效规范性文件 list, and
        # the filter options (one probe per organ, topic and year: documents.selectors).
        indexes = [
            models.Index(fields=["status", "organ"]),
            models.Index(fields=["status", "published_date"], name="document_public_date"),
            models.Index(fields=["status", "topic"], name="document_public_topic"),
            # 政府信息公开年报 and the other columns chosen by 体裁.
            models.Index(fields=["status", "genre"], name="document_public_genre"),
            # 现行有效规范性文件: walked newest first and counted from the index alone.
            # Partial: the ORM writes is_normative=True as a bare column, which SQLite does
            # not match against a column of a composite index.
            models.Index(
                fields=["status", "published_date", "validity", "expires_on"],
                condition=models.Q(is_normative=True),
                name="document_public_normative",
            ),
            # Imports: "already imported?" for every row (a scan of the organ's documents
            # without it, which makes a bulk import quadratic).
            models.Index(fields=["organ", "source"], name="document_import_source"),
            # Annual report Table 2 (第二十条第（一）项): 规章 and 行政规范性文件 are rare; the
            # count reads this partial, covering index alone (reports.selectors).
            models.Index(
                fields=[
                    "organ",
                    "status",
                    "published_date",
                    "repealed_date",
                    "expires_on",
                    "written_date",
                    "is_normative",
                    "genre",
                ],
                condition=models.Q(is_normative=True) | models.Q(genre=Genre.ORDER),
                name="document_table2",
            ),
            # The annual report's figure “documents published in the year” (reports.selectors
            # .figures): a range of this covering index, not a lookup per document.
            models.Index(
                fields=["organ", "status", "published_date", "is_normative"],
                name="document_organ_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        from gongkai.documents.workflow import EDITABLE_STATES

        return self.status in EDITABLE_STATES

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def reason_labels(self) -> list[str]:
        labels = dict(ReasonCode.choices)
        return [str(labels.get(code, code)) for code in self.reason_codes]

    @property
    def interpreting_organ_id(self) -> int:
        """谁起草谁解读: the drafting department of an adopted 代拟稿, else the lead organ
        (主办机关) — co-issuers of a joint document cooperate but do not interpret."""
        return self.drafting_organ_id or self.organ_id

    def effective_validity(self, today: date) -> str:
        if self.validity == Validity.REPEALED:
            return Validity.REPEALED
        if self.expires_on and today >= self.expires_on:
            return Validity.EXPIRED
        return self.validity

    def publication_clock(self) -> Clock | None:
        from gongkai.documents.clocks import ClockKind

        return self.clocks.filter(kind=ClockKind.PUBLICATION).order_by("-id").first()


class ReviewOutcome(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("不通过")


class DisclosureReview(models.Model):
    """公开属性审查 by the unit's openness office (G3, 80号细则 一(一)3)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="disclosure_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("审查结论"), max_length=10, choices=ReviewOutcome.choices)
    attribute = models.CharField(_("审查时公开属性"), max_length=20, choices=Attribute.choices)
    opinion = models.TextField(_("审查意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开属性审查")
        verbose_name_plural = _("公开属性审查")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_outcome_display()}"


class SignOff(models.Model):
    """审签 by the department head."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="signoffs")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attribute = models.CharField(_("审签时公开属性"), max_length=20, choices=Attribute.choices)
    opinion = models.TextField(_("审签意见"), blank=True)
    # What was signed: gates.signed_content_digest (title, 文号, body, each attachment's
    # digest). After 成文 a change needs a new sign-off (G19) before publication.
    content_sha256 = models.CharField(_("审签内容摘要"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审签")
        verbose_name_plural = _("审签")

    def __str__(self) -> str:
        return f"{self.document_id} {self.signer_id}"


class LegalityReview(models.Model):
    """合法性审核 of a 行政规范性文件 before sign-off (国办发〔2018〕37号), by the legal reviewer
    (司法行政部门或法制机构, Role.LEGAL)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="legality_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("审核结论"), max_length=10, choices=ReviewOutcome.choices)
    opinion = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("合法性审核")
        verbose_name_plural = _("合法性审核")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_outcome_display()}"


class ReturnCategory(models.TextChoices):
    MISSING_ATTRIBUTE = "missing_attribute", _("未提出公开属性意见")
    UNLAWFUL_REASON = "unlawful_reason", _("拟不公开但未依法依规说明理由")
    MISSING_INTERPRETATION = "missing_interpretation", _("缺少政策解读材料")
    LEGALITY = "legality", _("未通过合法性审核")
    OTHER = "other", _("其他")


class DocumentReturn(models.Model):
    """退文: a submission returned with a reason the department sees (G4)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="returns")
    stage = models.CharField(_("退回环节"), max_length=30, choices=Status.choices)
    category = models.CharField(_("退文类别"), max_length=30, choices=ReturnCategory.choices)
    reason = models.TextField(_("退文理由"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("退文记录")
        verbose_name_plural = _("退文记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_category_display()}"


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.document.uid}/{uuid.uuid4().hex}.{instance.kind}"


class ReadingStatus(models.TextChoices):
    """The online-reading HTML of a DOCX attachment (在线阅读), rendered once at publication."""

    PENDING = "pending", _("发布时生成")
    READY = "ready", _("已生成")
    UNAVAILABLE = "unavailable", _("无法在线阅读")


class Attachment(StoredFile):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("附件名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    # Never served from disk: the portal serves only published documents' files, after
    # their metadata was stripped (gongkai.core.storage).
    file = models.FileField(
        _("文件"), upload_to=attachment_upload_to, storage=private_storage, max_length=300
    )
    text = models.TextField(_("提取文本"), blank=True)
    # The text is cut at settings.GONGKAI_ATTACHMENT_MAX_TEXT_CHARS (decompression bombs).
    text_truncated = models.BooleanField(_("提取文本已截断"), default=False)
    # True only once the published copy was checked clean (gongkai.lib.filetext.residual_metadata).
    metadata_stripped = models.BooleanField(_("已清除文件元数据"), default=False)
    # What cannot be removed (a legacy DOC, a file the stripper cannot process): Chinese labels.
    metadata_residual = models.JSONField(_("无法清除的元数据"), default=list, blank=True)
    # Publishing with metadata left in requires an explicit, audited acceptance.
    metadata_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("确认发布人"),
    )
    metadata_accepted_at = models.DateTimeField(_("确认发布时间"), null=True, blank=True)
    metadata_acceptance_reason = models.TextField(_("确认理由"), blank=True)
    # Online reading (在线阅读) serves this stored HTML; it is never rendered per request.
    reading_html = models.TextField(_("在线阅读内容"), blank=True)
    reading_status = models.CharField(
        _("在线阅读"), max_length=12, choices=ReadingStatus.choices, default=ReadingStatus.PENDING
    )
    reading_problem = models.CharField(_("无法在线阅读的原因"), max_length=200, blank=True)

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class ConfidentialityReview(models.Model):
    """保密审查 before publication: 先审查、后公开、逐项审查 (保密法实施条例第四十二条; G6)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="confidentiality_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("审查结论"), max_length=10, choices=ReviewOutcome.choices)
    opinion = models.TextField(_("审查意见"), blank=True)
    # The items reviewed, one by one: "body" and "attachment:<id>:<sha256>".
    items = models.JSONField(_("审查事项"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_outcome_display()}"


class StatutoryItem(models.TextChoices):
    """Items of statutory proactive disclosure: 条例第二十条 (一)–(十五) and 第二十一条.

    The labels quote the 条例 (corpus/gov-info-disclosure-regulations-2019.txt). 第二十一条
    applies to 设区的市级、县级人民政府及其部门, so to a district and its departments.
    """

    A20_01 = "20-01", _("（一）行政法规、规章和规范性文件")
    A20_02 = "20-02", _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
    A20_03 = "20-03", _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")
    A20_04 = "20-04", _("（四）国民经济和社会发展统计信息")
    A20_05 = "20-05", _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")
    A20_06 = (
        "20-06",
        _(
            "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的"
            "行政处罚决定"
        ),
    )
    A20_07 = "20-07", _("（七）财政预算、决算信息")
    A20_08 = "20-08", _("（八）行政事业性收费项目及其依据、标准")
    A20_09 = "20-09", _("（九）政府集中采购项目的目录、标准及实施情况")
    A20_10 = "20-10", _("（十）重大建设项目的批准和实施情况")
    A20_11 = (
        "20-11",
        _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    )
    A20_12 = "20-12", _("（十二）突发公共事件的应急预案、预警信息及应对情况")
    A20_13 = "20-13", _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")
    A20_14 = "20-14", _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")
    A20_15 = "20-15", _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")
    A21_URBAN_CONSTRUCTION = "21-01", _("市政建设")
    A21_PUBLIC_SERVICES = "21-02", _("公共服务")
    A21_PUBLIC_WELFARE = "21-03", _("公益事业")
    A21_LAND_EXPROPRIATION = "21-04", _("土地征收")
    A21_HOUSING_EXPROPRIATION = "21-05", _("房屋征收")
    A21_PUBLIC_SECURITY = "21-06", _("治安管理")
    A21_SOCIAL_ASSISTANCE = "21-07", _("社会救助")

    @classmethod
    def article(cls, code: str) -> int:
        return int(code.split("-", 1)[0])


class StatutoryItemTag(models.Model):
    """A document filed under an item of 法定主动公开内容 (平台规范 61号: 专栏姓专)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("公文"),
        on_delete=models.CASCADE,
        related_name="statutory_tags",
    )
    item_code = models.CharField(_("法定主动公开事项"), max_length=8, choices=StatutoryItem.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标注人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("标注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法定主动公开事项标注")
        verbose_name_plural = _("法定主动公开事项标注")
        ordering = ["item_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "item_code"], name="unique_statutory_item_tag"
            ),
        ]
        indexes = [models.Index(fields=["item_code", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.item_code}"
