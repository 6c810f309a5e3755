"""政府会议 (domain.md §10.1 `Meeting`): the meeting, its agenda items with the openness the plan
proposes, the public's applications to attend (列席) and the recorded selection, and the
links published after the meeting (媒体报道, 解读)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.meetings.workflow import (
    ApplicationStatus,
    Attendee,
    LinkKind,
    MeetingKind,
    OpenMethod,
    Openness,
    SelectionMethod,
    Status,
)


class Meeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("召开机关"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    # 第N次: numbered per organ, kind and year when the plan is approved.
    session = models.PositiveIntegerField(_("届次"), null=True, blank=True)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("会议时间"), db_index=True)
    location = models.CharField(_("会议地点"), max_length=200)
    chair = models.CharField(_("主持人"), max_length=100, blank=True)
    # Applications to attend close here (before the meeting).
    applications_close_at = models.DateTimeField(_("列席报名截止时间"), null=True, blank=True)
    public_interest = models.BooleanField(_("涉及重大公共利益（直播）"), default=False)
    live_stream_url = models.URLField(_("直播地址"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("方案审定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("方案审定时间"), null=True, blank=True)
    approval_opinion = models.TextField(_("审定意见"), blank=True)
    announced_at = models.DateTimeField(_("预告发布时间"), null=True, blank=True)
    held_at = models.DateTimeField(_("确认召开时间"), null=True, blank=True)

    press_release = models.TextField(_("新闻通稿"), blank=True)
    published_date = models.DateField(_("结果发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("政府会议")
        verbose_name_plural = _("政府会议")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "cancelled"])
                | models.Q(approved_by__isnull=False),
                name="meeting_approved_unless_draft",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_date__isnull=False),
                name="meeting_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(public_interest=False)
                | ~models.Q(live_stream_url="")
                | models.Q(status__in=["draft", "submitted", "approved", "cancelled"]),
                name="meeting_public_interest_has_stream",
            ),
            models.UniqueConstraint(
                fields=["organ", "kind", "session"],
                condition=models.Q(session__isnull=False),
                name="meeting_session_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        from gongkai.meetings.workflow import PUBLIC_STATES

        return self.status in PUBLIC_STATES


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("议题"), max_length=300)
    summary = models.TextField(_("议题说明"), blank=True)
    sponsor = models.CharField(_("汇报单位"), max_length=200, blank=True)
    # The plan's proposal (80号细则 一（二）): whom to invite, whether and how the item is open.
    invite = models.JSONField(_("邀请列席"), default=list, blank=True)  # values of Attendee
    openness = models.CharField(
        _("是否公开"), max_length=10, choices=Openness.choices, default=Openness.OPEN
    )
    open_methods = models.JSONField(_("公开方式"), default=list, blank=True)  # OpenMethod
    closed_reason = models.TextField(_("不公开理由"), blank=True)
    public_seats = models.PositiveSmallIntegerField(_("公众列席名额"), default=0)
    # An item consulted on before (意见征集, 决策条例第二十九条): the consultation itself, whose
    # adoption report goes with the meeting materials, and how the comments were adopted.
    consulted = models.BooleanField(_("已公开征求意见"), default=False)
    adoption_explanation = models.TextField(_("意见采纳情况说明"), blank=True)
    consultation = models.ForeignKey(
        "decisions.PublicConsultation",
        verbose_name=_("意见征集"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    # The 重大行政决策 this item discusses (集体讨论决定, 决策条例第三十条).
    major_decision = models.ForeignKey(
        "decisions.MajorDecision",
        verbose_name=_("重大行政决策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    # 议定事项, recorded after the meeting.
    decision = models.TextField(_("议定事项"), blank=True)

    class Meta:
        verbose_name = _("会议议题")
        verbose_name_plural = _("会议议题")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(openness="open") | ~models.Q(closed_reason=""),
                name="agenda_item_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(consulted=False) | ~models.Q(adoption_explanation=""),
                name="agenda_item_consulted_has_explanation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.openness == Openness.OPEN

    @property
    def takes_applications(self) -> bool:
        """The public may apply to attend this item (公众申请列席)."""
        return self.is_open and OpenMethod.ATTENDANCE in self.open_methods and self.public_seats > 0

    @property
    def invite_labels(self) -> list[str]:
        return [str(Attendee(v).label) for v in self.invite if v in Attendee.values]

    @property
    def open_method_labels(self) -> list[str]:
        return [str(OpenMethod(v).label) for v in self.open_methods if v in OpenMethod.values]


class Selection(models.Model):
    """How the public attendees of one item were chosen (the method is recorded; a random
    draw keeps its seed and the ordered candidates, so anyone can reproduce it)."""

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("议题"), on_delete=models.CASCADE, related_name="selection"
    )
    method = models.CharField(_("遴选方式"), max_length=10, choices=SelectionMethod.choices)
    seats = models.PositiveSmallIntegerField(_("名额"))
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    candidates = models.JSONField(_("候选申请编号（按序）"), default=list)
    selected = models.JSONField(_("选定申请编号"), default=list)
    note = models.TextField(_("遴选说明"), blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("遴选人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    performed_at = models.DateTimeField(_("遴选时间"))

    class Meta:
        verbose_name = _("列席人员遴选")
        verbose_name_plural = _("列席人员遴选")

    def __str__(self) -> str:
        return f"{self.item} · {self.get_method_display()}"


class AttendanceApplication(models.Model):
    """A member of the public's application to attend (列席) an open item."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("报名编号"), max_length=30, unique=True)
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    category = models.CharField(
        _("列席身份"),
        max_length=20,
        choices=[
            (Attendee.PUBLIC, Attendee.PUBLIC.label),
            (Attendee.STAKEHOLDERS, Attendee.STAKEHOLDERS.label),
        ],
        default=Attendee.PUBLIC,
    )
    work_unit = models.CharField(_("工作单位或职业"), max_length=200, blank=True)
    reason = models.TextField(_("申请理由"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    remote_ip = models.GenericIPAddressField(null=True, blank=True)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Claimed by the notification job (conditional UPDATE … WHERE notified_at IS NULL).
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    notify_error = models.CharField(_("通知失败原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("列席申请")
        verbose_name_plural = _("列席申请")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.number


class MeetingLink(models.Model):
    """After the meeting: a media report or an interpretation of what was decided."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="links"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=LinkKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    url = models.CharField(_("链接"), max_length=500)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议报道与解读")
        verbose_name_plural = _("会议报道与解读")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.title
