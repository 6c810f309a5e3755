"""The public mailbox (互动交流 · 留言): a citizen's message to a department (domain.md §10.1
`PublicMessage`: 受理日期, 答复日期, 答复部门, 答复内容, public flag)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.mailbox.workflow import Kind, Rating, Status


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
            models.Index(fields=["status", "-published_at"], name="mailbox_published"),
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
