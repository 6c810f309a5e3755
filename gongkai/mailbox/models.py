"""The public mailbox (互动交流 · 留言): a citizen's message to a department (domain.md §10.1
`PublicMessage`: 受理日期, 答复日期, 答复部门, 答复内容, public flag)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.mailbox.workflow import (
    Kind,
    MessageChannel,
    QuestionKind,
    Rating,
    SolicitationKind,
    SolicitationStatus,
    Status,
)


class PublicMessage(models.Model):
    number = models.CharField(_("留言编号"), max_length=30, unique=True)
    query_code_hash = models.CharField(_("查询码摘要"), max_length=64)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("办理部门"),
        on_delete=models.PROTECT,
        related_name="public_messages",
    )
    kind = models.CharField(_("留言类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        _("渠道"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.WEB
    )
    subject = models.CharField(_("留言主题"), max_length=200)
    text = models.TextField(_("留言内容"))
    writer_name = models.CharField(_("留言人"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    consent_publish = models.BooleanField(_("同意公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("留言时间"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("答复部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reply = models.TextField(_("答复内容"), blank=True)
    # True when the reply was given by the due date of the 答复时限 in force (a fact of the
    # day it was given: closed clocks are not recomputed).
    replied_on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    # Why the message left the mailbox's procedure (转依申请公开, 转信访, 不予受理).
    closing_note = models.TextField(_("办理说明"), blank=True)
    # The published copy (留言选登), personal data masked; fixed when published.
    public_subject = models.CharField(_("公开主题"), max_length=200, blank=True)
    public_text = models.TextField(_("公开留言内容"), blank=True)
    public_reply = models.TextField(_("公开答复内容"), blank=True)
    published_at = models.DateTimeField(_("选登时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("满意度"), choices=Rating.choices, null=True, blank=True
    )
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # The limit running now (受理 or 答复时限), while the message is open: the 待办 reads its due
    # date through this key (one join, kept current by the calendar recompute of the clock).
    open_clock = models.ForeignKey(
        "calendars.Clock",
        verbose_name=_("当前办理时限"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The due date of `open_clock`, copied onto the row (kept current by the services and by
    # the calendar recompute hook `clocks_recomputed`): the 待办 counts are an index scan.
    open_due = models.DateField(_("当前办理期限"), null=True, blank=True)
    # The 依申请公开 request the writer filed from this message (转依申请公开).
    inforequest = models.ForeignKey(
        "inforequests.InfoRequest",
        verbose_name=_("依申请公开申请"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    client_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    remote_ip = models.GenericIPAddressField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The 待办 counts open messages of the user's organs by their running limit: the
            # index covers the scan, the limit is one primary-key join.
            models.Index(fields=["organ", "status", "open_clock"], name="mailbox_organ_status"),
            models.Index(
                fields=["organ", "open_due"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="mailbox_open_due",
            ),
            models.Index(fields=["status", "-published_at"], name="mailbox_published"),
            # The 待办 lines (inbox.py): the open messages of a band, read from the index alone
            # (organ and status equal, the due date a range), and the replies waiting for
            # 留言选登. Three columns, so that SQLite's planner prefers them to
            # mailbox_organ_status without statistics.
            models.Index(fields=["organ", "status", "open_due"], name="mailbox_open_items"),
            models.Index(fields=["organ", "status", "replied_on"], name="mailbox_replied"),
            models.Index(fields=["submitted_at"], name="mailbox_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(consent_publish=True),
                name="mailbox_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["replied", "published"])
                | (Q(replied_on__isnull=False) & ~Q(reply="")),
                name="mailbox_answered_has_reply",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=3),
                name="mailbox_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


# --- 征集调查 ---------------------------------------------------------------------------------


class Solicitation(models.Model):
    """征集调查: an 意见征集 (free-text opinions and ideas) or a 问卷调查 (questions with
    choices or text), open between two moments, with its 结果反馈 published afterwards."""

    number = models.CharField(_("征集编号"), max_length=30, unique=True)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("发起部门"),
        on_delete=models.PROTECT,
        related_name="solicitations",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=SolicitationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=SolicitationStatus.choices,
        default=SolicitationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    results_text = models.TextField(_("结果反馈"), blank=True)
    results_published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    response_count = models.PositiveIntegerField(_("参与人次"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("征集调查")
        verbose_name_plural = _("征集调查")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["status", "-opens_at"], name="mailbox_solicit_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="mailbox_solicit_period"
            ),
            models.CheckConstraint(
                condition=~Q(status="reported") | ~Q(results_text=""),
                name="mailbox_solicit_reported_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class SolicitationQuestion(models.Model):
    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=500)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solicitation", "order"], name="mailbox_question_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class SolicitationOption(models.Model):
    question = models.ForeignKey(
        SolicitationQuestion, on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("选项"), max_length=200)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "order"], name="mailbox_option_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class SolicitationResponse(models.Model):
    """One visitor's answers (参与). Name and contact are private: staff and exports only."""

    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.PROTECT, related_name="responses"
    )
    number = models.CharField(_("回执编号"), max_length=30, unique=True)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    client_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    remote_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("征集调查答卷")
        verbose_name_plural = _("征集调查答卷")
        ordering = ["pk"]
        indexes = [models.Index(fields=["solicitation", "id"], name="mailbox_response_solicit")]

    def __str__(self) -> str:
        return self.number


class SolicitationAnswer(models.Model):
    """One answer: a chosen option (one row per option ticked) or a text. `featured` marks
    the free-text answers staff select for the published results (选登)."""

    response = models.ForeignKey(
        SolicitationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SolicitationQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        SolicitationOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    text = models.TextField(_("回答"), blank=True)
    featured = models.BooleanField(_("选登"), default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["question", "option"], name="mailbox_answer_option"),
            models.Index(fields=["question", "featured"], name="mailbox_answer_featured"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(option__isnull=True) ^ Q(text=""),
                name="mailbox_answer_option_xor_text",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(option__isnull=False),
                name="mailbox_answer_option_once",
            ),
            models.CheckConstraint(
                condition=~Q(featured=True) | Q(option__isnull=True),
                name="mailbox_answer_featured_is_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:50] if self.option_id is None else str(self.option_id)
