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
