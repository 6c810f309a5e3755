"""重大行政决策 (国务院令第713号) and its public consultation, hearings and legality review
(domain.md §5, §10.1: MajorDecision, PublicConsultation, Hearing, LegalityReview,
CollectiveDecision)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.decisions.workflow import (
    CommentStatus,
    ConsultationStatus,
    Disposition,
    HearingStatus,
    MeetingKind,
    RecordKind,
    Status,
)

USER = settings.AUTH_USER_MODEL


class CatalogueItem(models.Model):
    """One item of the 重大行政决策事项目录 of an organ for a year (决策条例第三条第三款).

    Adjustments keep history: an adjusted item keeps its row, each change is a
    `CatalogueAdjustment` with what it was before; a removed item stays with `removed_on`."""

    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("决策机关"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("决策事项"), max_length=300)
    undertaking_unit = models.CharField(_("承办单位"), max_length=200)
    basis = models.TextField(_("决策依据"), blank=True)
    participation_methods = models.CharField(_("公众参与方式"), max_length=300, blank=True)
    planned_completion = models.CharField(_("计划完成时间"), max_length=60, blank=True)
    sort_order = models.PositiveIntegerField(_("序号"), default=0)
    removed_on = models.DateField(_("调出日期"), null=True, blank=True)
    removal_reason = models.TextField(_("调出理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "organ_id", "sort_order", "id"]
        verbose_name = _("决策事项目录条目")

    def __str__(self) -> str:
        return self.title


class CatalogueAdjustment(models.Model):
    """A change of the catalogue (added, adjusted, removed), with the item's fields before."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("调整类型"), max_length=20)
    before = models.JSONField(_("调整前"), default=dict, blank=True)
    after = models.JSONField(_("调整后"), default=dict, blank=True)
    reason = models.TextField(_("调整理由"), blank=True)
    on = models.DateField(_("调整日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.item} · {self.kind}"


class MajorDecision(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("阶段"), max_length=20, choices=Status.choices, default=Status.INITIATED, db_index=True
    )
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="major_decisions",
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    title = models.CharField(_("决策事项名称"), max_length=300)
    proposal = models.TextField(_("决策建议及来源"), blank=True)
    # 第十四条: public participation unless the matter is legally non-public.
    requires_public_participation = models.BooleanField(_("需公众参与"), default=True)
    # 第十九条: 专业性、技术性较强.
    specialised = models.BooleanField(_("需专家论证"), default=False)
    # 第二十二条: 可能对社会稳定、公共安全等方面造成不利影响.
    stability_risk = models.BooleanField(_("需风险评估"), default=False)
    draft_text = models.TextField(_("决策草案"), blank=True)
    explanation = models.TextField(_("起草说明"), blank=True)

    # 集体讨论决定 (第三十条); the meetings module will link the meeting itself.
    meeting_kind = models.CharField(
        _("会议类型"), max_length=20, choices=MeetingKind.choices, blank=True
    )
    meeting_date = models.DateField(_("会议日期"), null=True, blank=True)
    meeting_name = models.CharField(_("会议名称"), max_length=200, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    decision_text = models.TextField(_("决策内容"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)

    published_date = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("重大行政决策")

    def __str__(self) -> str:
        return self.title


class DecisionRecord(models.Model):
    """A record or document of one stage (决策条例第三十三条: 全过程记录、立卷归档)."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="records")
    stage = models.CharField(_("阶段"), max_length=20, choices=Status.choices)
    kind = models.CharField(_("材料类型"), max_length=20, choices=RecordKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"))
    # Experts sign their written opinions (第二十一条); hearing participants the record.
    signed_by = models.CharField(_("签名"), max_length=500, blank=True)
    on = models.DateField(_("日期"))
    public = models.BooleanField(_("公开"), default=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return self.title


class PublicConsultation(models.Model):
    """意见征集 of a decision draft (决策条例第十五条)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        MajorDecision, on_delete=models.PROTECT, related_name="consultations"
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("征集标题"), max_length=300)
    draft_text = models.TextField(_("征求意见稿"))
    explanation = models.TextField(_("起草说明"))
    how_to_comment = models.TextField(_("意见反馈方式"))
    opens_on = models.DateField(_("开始日期"))
    period_days = models.PositiveSmallIntegerField(_("征集期限（日）"), default=30)
    # Computed by the calendar-day clock (民法典第二百零一、二百零三条).
    closes_on = models.DateField(_("截止日期"), null=True, blank=True, db_index=True)
    urgency_reason = models.TextField(_("缩短期限的理由"), blank=True)
    announced_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    report_summary = models.TextField(_("意见采纳情况说明"), blank=True)
    reported_at = models.DateTimeField(_("采纳情况公布时间"), null=True, blank=True)
    # Per-status comment counts kept on the row by the comment services (same transaction),
    # so the moderation page never aggregates 100,000 comments per request.
    # `recount_comments` (and services.recount_comments) recompute them from the comments.
    pending_count = models.PositiveIntegerField(_("待审核意见数"), default=0)
    approved_count = models.PositiveIntegerField(_("已通过意见数"), default=0)
    hidden_count = models.PositiveIntegerField(_("不予显示意见数"), default=0)
    # Shown (not hidden) and without a disposition yet.
    unruled_count = models.PositiveIntegerField(_("未处理意见数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("意见征集")
        constraints = [
            # 第十五条: under 30 days only with a stated urgency reason (also checked in services).
            models.CheckConstraint(
                condition=models.Q(period_days__gte=30) | ~models.Q(urgency_reason=""),
                name="consultation_period_30_or_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(period_days__gte=1), name="consultation_period_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DraftArticle(models.Model):
    """An article (条) or paragraph of the draft that comments anchor to."""

    consultation = models.ForeignKey(
        PublicConsultation, on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveIntegerField(_("序号"))
    label = models.CharField(_("条款"), max_length=40)
    text = models.TextField(_("条文"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="draft_article_unique")
        ]

    def __str__(self) -> str:
        return self.label


class CommentCluster(models.Model):
    """Near-duplicate comments (an organised campaign): one ruling answers them all."""

    consultation = models.ForeignKey(
        PublicConsultation, on_delete=models.CASCADE, related_name="clusters"
    )
    representative = models.ForeignKey(
        "Comment", on_delete=models.CASCADE, related_name="+", verbose_name=_("代表意见")
    )
    size = models.PositiveIntegerField(_("意见数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.size})"


class Comment(models.Model):
    consultation = models.ForeignKey(
        PublicConsultation, on_delete=models.PROTECT, related_name="comments"
    )
    article = models.ForeignKey(
        DraftArticle,
        verbose_name=_("针对条款"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    number = models.CharField(_("意见编号"), max_length=30, unique=True)
    body = models.TextField(_("意见内容"))
    # Private: never on the portal, never in the public report.
    name = models.CharField(_("姓名"), max_length=60, blank=True)
    contact = models.CharField(_("联系方式"), max_length=120, blank=True)
    source = models.CharField(_("来源标识"), max_length=64, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("审核状态"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    hide_reason = models.TextField(_("不予显示理由"), blank=True)
    cluster = models.ForeignKey(
        CommentCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    # Set when staff split the comment out of a cluster or merged its cluster by hand: the
    # automatic re-clustering leaves such comments where staff put them.
    cluster_fixed = models.BooleanField(_("人工调整归组"), default=False)
    disposition = models.CharField(
        _("采纳情况"), max_length=20, choices=Disposition.choices, blank=True, db_index=True
    )
    ruling_reason = models.TextField(_("理由"), blank=True)
    ruled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["consultation", "status", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disposition="")
                | models.Q(disposition="adopted")
                | ~models.Q(ruling_reason=""),
                name="comment_not_adopted_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.number


class Hearing(models.Model):
    """听证 (决策条例第十六—十七条)."""

    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="hearings")
    status = models.CharField(
        _("状态"), max_length=20, choices=HearingStatus.choices, default=HearingStatus.PLANNED
    )
    held_on = models.DateField(_("听证日期"))
    place = models.CharField(_("听证地点"), max_length=200)
    selection_method = models.TextField(_("参加人遴选办法"))
    participants = models.TextField(_("参加人名单"), blank=True)
    noticed_on = models.DateField(_("公告日期"), null=True, blank=True)
    participants_published_on = models.DateField(_("名单公布日期"), null=True, blank=True)
    materials_sent_on = models.DateField(_("材料送达日期"), null=True, blank=True)
    record = models.TextField(_("听证笔录"), blank=True)
    signed_by = models.CharField(_("笔录签名"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.held_on}"


class LegalityReview(models.Model):
    """合法性审查 (决策条例第二十五—二十八条)."""

    decision = models.ForeignKey(
        MajorDecision, on_delete=models.CASCADE, related_name="legality_reviews"
    )
    submitted_on = models.DateField(_("送审日期"))
    due_date = models.DateField(_("审查期限"))
    workdays = models.PositiveSmallIntegerField(_("审查工作日"))
    short_period_reason = models.TextField(_("少于7个工作日的理由"), blank=True)
    passed = models.BooleanField(_("审查通过"), null=True)
    opinion = models.TextField(_("审查意见"), blank=True)
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    reviewer = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.submitted_on}"
