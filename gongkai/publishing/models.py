"""Static publishing: the durable queue of pages to re-render."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobOutcome(models.TextChoices):
    WRITTEN = "written", _("已写入")
    UNCHANGED = "unchanged", _("无变化")
    DELETED = "deleted", _("已删除")
    ABSENT = "absent", _("无此页面")
    FAILED = "failed", _("失败")


class PublishJob(models.Model):
    """One public path to re-render (or delete) in the static output.

    The database is the queue (STYLE.md §4): a receiver adds rows after commit, and the
    same process (after commit) or `publish_site --pending` claims them with a conditional
    UPDATE, so two workers never render the same row. At most one unclaimed row per path.
    """

    path = models.CharField(_("路径"), max_length=500)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    outcome = models.CharField(_("结果"), max_length=10, choices=JobOutcome.choices, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("静态发布任务")
        verbose_name_plural = _("静态发布任务")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["path"],
                condition=models.Q(done_at__isnull=True, claimed_at__isnull=True),
                name="one_pending_publish_job_per_path",
            ),
        ]

    def __str__(self) -> str:
        return self.path
