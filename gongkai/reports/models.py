"""The annual report (domain.md §10.1 `AnnualReport`), its staff-entered Table 2 figures and the
register of 行政复议、行政诉讼 about disclosure (Table 4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.reports.workflow import Result, Route, Status


class Version(models.TextChoices):
    V2019 = "2019", _("2019年试行格式（国办公开办函〔2019〕60号）")
    V2021 = "2021", _("2021年格式（国办公开办函〔2021〕30号）")


class AnnualReport(models.Model):
    """One organ's report on one year (条例第四十九条、第五十条).

    ``sections`` maps a section key (lib.annual_report.SECTIONS) to
    ``{"draft": generated text, "text": current text, "edited": staff changed it}``;
    ``tables`` holds the figures computed at the last generation (Tables 2, 3, 4 and the
    narrative figures), so checking, signing off and publishing all see the same numbers.
    """

    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveIntegerField(_("报告年度"))
    version = models.CharField(_("年报格式"), max_length=4, choices=Version.choices)
    version_overridden = models.BooleanField(_("格式由人工指定"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sections = models.JSONField(_("正文各部分"), default=dict)
    tables = models.JSONField(_("表格数据"), default=dict)
    violations = models.JSONField(_("核验结果"), default=list, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    checked_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审签人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    published_date = models.DateField(_("发布日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "organ__name"]
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="annual_report_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2019), name="annual_report_year_from_2019"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_date__isnull=False),
                name="annual_report_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ.name}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)


class ManualFigure(models.Model):
    """A Table 2 figure that comes from another register (行政许可, 行政处罚, 行政强制, 收费,
    政府集中采购): who entered it, when, and its source — a figure without source is refused."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="figures")
    row = models.CharField(_("行"), max_length=30)
    column = models.CharField(_("列"), max_length=30)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    source = models.CharField(_("数据来源"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        ordering = ["report", "row", "column"]
        verbose_name = _("表二人工填报数据")
        verbose_name_plural = _("表二人工填报数据")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "row", "column"], name="manual_figure_one_per_cell"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="manual_figure_has_source"),
        ]

    def __str__(self) -> str:
        return f"{self.row}/{self.column}={self.value}（{self.source}）"


class RemedyCase(models.Model):
    """A 行政复议 or 行政诉讼 about disclosure (Table 4). Counted in the year it was filed;
    尚未审结 when it had not concluded by 31 December of the report year."""

    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("被申请人（被告）机关"),
        on_delete=models.PROTECT,
        related_name="remedy_cases",
    )
    case_number = models.CharField(_("案号"), max_length=80)
    info_request = models.ForeignKey(
        "inforequests.InfoRequest",
        verbose_name=_("关联申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remedy_cases",
    )
    route = models.CharField(_("途径"), max_length=20, choices=Route.choices)
    result = models.CharField(
        _("结果"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    filed_on = models.DateField(_("立案（受理）日期"))
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    summary = models.TextField(_("案情摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_on", "case_number"]
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "case_number"], name="remedy_case_number_unique"
            ),
            models.CheckConstraint(
                condition=(Q(result=Result.PENDING) & Q(concluded_on__isnull=True))
                | (~Q(result=Result.PENDING) & Q(concluded_on__isnull=False)),
                name="remedy_case_concluded_has_result",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("filed_on")),
                name="remedy_case_concluded_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class ItemKind(models.TextChoices):
    WITHHELD = "withheld", _("不予公开、依申请公开的信息")
    FREQUENT = "frequent", _("多个申请人申请公开的信息")


class Decision(models.TextChoices):
    """What the self-inspection decided for one item (实施细则 一(三); 条例第十八条、第四十四条)."""

    PENDING = "pending", _("待处理")
    CONVERT = "convert", _("转为主动公开")
    PUBLISH = "publish", _("应公开的予以公开")
    KEEP = "keep", _("经复核继续不予公开")
    PARTIAL = "partial", _("部分公开")


class SelfInspection(models.Model):
    """The annual self-inspection worklist of one organ (gate G17, 条例第十八条)."""

    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="self_inspections",
    )
    year = models.PositiveIntegerField(_("年度"))
    due_date = models.DateField(_("完成期限"))
    generated_at = models.DateTimeField(_("生成时间"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "organ__name"]
        verbose_name = _("年度自查")
        verbose_name_plural = _("年度自查")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="self_inspection_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organ.name}{self.year}年度政府信息公开自查"


class InspectionItem(models.Model):
    inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=20, choices=ItemKind.choices)
    # "doc:<id>" for a document, "req:<first case number>" for requested information without one.
    key = models.CharField(max_length=80)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("公文"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_items",
    )
    label = models.CharField(_("信息名称"), max_length=300)
    attribute = models.CharField(_("自查时公开属性"), max_length=20, blank=True)
    reasons = models.JSONField(_("不公开理由"), default=list, blank=True)
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    requests = models.JSONField(_("申请编号"), default=list, blank=True)
    applicant_count = models.PositiveIntegerField(_("申请人数"), default=0)
    decision = models.CharField(
        _("处理结果"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(_("处理说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "kind", "id"]
        verbose_name = _("自查事项")
        verbose_name_plural = _("自查事项")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key"], name="inspection_item_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    DELAYED = "delayed", _("未按期完成")


class WorkPriority(models.Model):
    """One item of the organ's 年度政务公开工作要点 (80号细则 六: annual openness priorities),
    its responsible unit, deadline and progress; their state is reported in section 六."""

    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="work_priorities",
    )
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("工作要点"), max_length=300)
    responsible_unit = models.CharField(_("责任单位"), max_length=120)
    deadline = models.DateField(_("完成时限"))
    progress = models.CharField(
        _("进展"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    progress_note = models.TextField(_("进展情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organ", "year", "deadline", "id"]
        verbose_name = _("年度政务公开工作要点")
        verbose_name_plural = _("年度政务公开工作要点")

    def __str__(self) -> str:
        return self.title
