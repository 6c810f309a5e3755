"""AuditEvent: the append-only workflow log.

Every state transition writes one row through record_event(), inside the service's
transaction. Rows are never updated or deleted (条例第四十五条 requires records of
registration, review, handling, reply and archiving).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("AuditEvent rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("AuditEvent rows are append-only")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("AuditEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("AuditEvent rows are append-only")


def record_event(
    *,
    action: str,
    subject: models.Model,
    actor: Any = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. Call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        label = user.get_full_name() or user.get_username()
    elif isinstance(actor, str):
        label = actor
    return AuditEvent.objects.create(
        action=action,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=str(subject.pk),
        actor=user,
        actor_label=label,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def events_for(subject: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=str(subject.pk),
    ).select_related("actor")


class SerialCounter(models.Model):
    """Every running number of the platform: one row per (scope, key, year).

    `scope` names the series (`documents.index_number` 索引号后段码,
    `inforequests.case_number` 申请编号, `inforequests.letter` 告知书编号); `key` divides it,
    e.g. by organ ("" when the series is site-wide). Incremented by
    `gongkai.core.kit.serials.next_serial` under the row lock, so two transactions never get
    the same number and a rolled-back one gives its number back.
    """

    scope = models.CharField(_("编号序列"), max_length=60)
    key = models.CharField(_("分组"), max_length=60, blank=True, default="")
    year = models.PositiveIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("编号计数")
        verbose_name_plural = _("编号计数")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "year"], name="one_serial_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.scope}/{self.key}/{self.year}: {self.last}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class OutboxMessage(models.Model):
    """One message to one recipient, stored with the business write that caused it.

    The durable outbox of `gongkai.core.kit.outbox`: a module enqueues in its service's
    transaction (so a rolled-back action sends nothing and a committed one is never lost);
    the `send_outbox` job delivers it through Django's mail or the SMS gateway, once, retrying
    failures. `key` makes each message unique (enqueueing twice is a no-op).
    """

    key = models.CharField(_("消息键"), max_length=200, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=OutboxChannel.choices)
    recipient = models.CharField(_("收件人"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    # [{"name": …, "content_type": …, "file": storage name, "storage": "private"|"default"}]
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    # A body holding a secret (a query code) is erased once it was delivered.
    sensitive = models.BooleanField(_("含敏感内容"), default=False)
    # What the message is about (e.g. "inforequests.infoRequest:12"), for its history.
    topic = models.CharField(_("事项"), max_length=100, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    # The sender's lease: another sender takes a SENDING message only after it expired.
    claimed_until = models.DateTimeField(_("占用至"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:30]}"
