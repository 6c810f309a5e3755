"""舆情 cases (政务舆情回应, domain.md §2.3, §8, §10.1 `OpinionCase`), their responses, the
mechanism's steps, alerts sent and webhook deliveries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.concerns.workflow import (
    MAJOR_SEVERITIES,
    AllocationRule,
    Channel,
    ResponseForm,
    Severity,
    Status,
    StepKind,
)
from gongkai.core.kit.outbox import ClaimedNotice


class OpinionCase(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("编号"), max_length=30, unique=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.COLLECTED, db_index=True
    )
    # To the minute, Asia/Shanghai (stored in UTC; shown local).
    detected_at = models.DateTimeField(_("发现时间"), db_index=True)
    source = models.CharField(_("来源"), max_length=100)
    link = models.URLField(_("原文链接"), max_length=500, blank=True)
    summary = models.TextField(_("舆情摘要"))
    topic = models.CharField(_("主题"), max_length=200)
    severity = models.CharField(_("等级"), max_length=20, choices=Severity.choices)
    channel = models.CharField(
        _("登记方式"), max_length=20, choices=Channel.choices, default=Channel.STAFF
    )

    organs = models.ManyToManyField(
        "organizations.Organ", verbose_name=_("涉及机关"), related_name="opinion_cases", blank=True
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("涉及文件"), related_name="opinion_cases", blank=True
    )

    # Allocation (第一责任主体, domain.md §8.1): the rule's proposal, then the office's choice.
    proposed_organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("建议责任主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    allocation_rule = models.CharField(
        _("分办依据"), max_length=30, choices=AllocationRule.choices, blank=True
    )
    responsible_organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("第一责任主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_cases_responsible",
    )
    co_responders = models.ManyToManyField(
        "organizations.Organ",
        verbose_name=_("协同回应单位"),
        related_name="opinion_cases_co_responding",
        blank=True,
    )
    coordinators = models.ManyToManyField(
        "organizations.Organ",
        verbose_name=_("协调单位"),
        related_name="opinion_cases_coordinating",
        blank=True,
    )
    allocation_reason = models.TextField(_("变更责任主体理由"), blank=True)
    allocated_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    dispute_reason = models.TextField(_("异议理由"), blank=True)
    disputed_by = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("提出异议单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # When each clock was met: the first qualifying response (on time if ≤ the clock's due).
    release_met_at = models.DateTimeField(_("权威信息发布时间"), null=True, blank=True)
    press_met_at = models.DateTimeField(_("新闻发布会时间"), null=True, blank=True)
    response_met_at = models.DateTimeField(_("首次回应时间"), null=True, blank=True)

    # The nearest deadline of the open clocks (kept by the services): the 待办 order.
    next_due_at = models.DateTimeField(_("最近截止时间"), null=True, blank=True)

    evaluation = models.TextField(_("评估意见"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    # The monitoring service's own id of the event (idempotency of the webhook).
    external_id = models.CharField(_("监测服务编号"), max_length=100, null=True, blank=True)  # noqa: DJ001 - NULL: unique only when given
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("舆情事件")
        verbose_name_plural = _("舆情事件")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="opinion_case_external_id"),
            models.CheckConstraint(
                condition=models.Q(status__in=["collected", "dismissed"])
                | models.Q(responsible_organ__isnull=False),
                name="opinion_case_allocated_after_collection",
            ),
        ]
        indexes = [
            models.Index(fields=["responsible_organ", "status"]),
            models.Index(fields=["status", "next_due_at"]),
            models.Index(fields=["next_due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.topic}"

    @property
    def is_major(self) -> bool:
        return self.severity in MAJOR_SEVERITIES


class OpinionResponse(models.Model):
    """One response (回应): a release, a press conference, a post …, with its link and time.
    Published ones appear in the portal's 回应关切."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(OpinionCase, on_delete=models.CASCADE, related_name="responses")
    form = models.CharField(_("回应形式"), max_length=30, choices=ResponseForm.choices)
    title = models.CharField(_("标题"), max_length=300)
    content = models.TextField(_("回应内容"))
    link = models.URLField(_("链接"), max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("回应时间"))
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("回应单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    speaker = models.CharField(_("发声负责人"), max_length=60, blank=True)
    speaker_title = models.CharField(_("职务"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("在“回应关切”发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("回应")
        verbose_name_plural = _("回应")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.case.status != Status.DISMISSED


class CaseStep(models.Model):
    """One recorded step of the mechanism (收集 → 会商 → 研判 → 回应 → 评估)."""

    case = models.ForeignKey(OpinionCase, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    note = models.TextField(_("记录"))
    participants = models.CharField(_("参与单位和人员"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("处置环节")
        verbose_name_plural = _("处置环节")
        ordering = ["id"]  # as recorded

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class AlertKind(models.TextChoices):
    BEFORE = "before", _("临期预警")
    DUE = "due", _("到期警示")


class CaseAlert(ClaimedNotice):
    """One escalation alert about one clock of one case: the claim (kit.outbox.queue_once).

    The unique constraint (case × clock × kind) is the claim: whoever inserts the row queues
    the alert, so two sweeps never send it twice and a sweep after a missed run catches up
    on what was missed, each alert once."""

    case = models.ForeignKey(OpinionCase, on_delete=models.CASCADE, related_name="alerts")
    clock = models.ForeignKey("calendars.Clock", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("预警类型"), max_length=10, choices=AlertKind.choices)
    due_at = models.DateTimeField(_("截止时间"))

    class Meta:
        verbose_name = _("舆情预警")
        verbose_name_plural = _("舆情预警")
        ordering = ["claimed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clock", "kind"], name="one_alert_per_case_clock_kind"
            )
        ]
        indexes = [
            models.Index(fields=["queued_at", "claimed_at"]),
            # The sweep's NOT EXISTS per clock.
            models.Index(fields=["clock", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock_id} {self.kind}"


class CaseNotice(models.Model):
    """A case concerning a policy document, told to the department that interprets it
    (80号 二: 解疑释惑)."""

    case = models.ForeignKey(OpinionCase, on_delete=models.CASCADE, related_name="notices")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    organ = models.ForeignKey("organizations.Organ", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("解疑释惑通知")
        verbose_name_plural = _("解疑释惑通知")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document", "organ"], name="one_notice_per_case_document_organ"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.organ_id}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    REPLAYED = "replayed", _("重复推送")
    REJECTED = "rejected", _("已拒绝")


class WebhookDelivery(models.Model):
    """Every call of the monitoring webhook, accepted or not (a refused signature is logged
    here with the caller's address, never its body)."""

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    code = models.CharField(max_length=40, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    remote_addr = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    case = models.ForeignKey(
        OpinionCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("监测推送记录")
        verbose_name_plural = _("监测推送记录")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.received_at} {self.outcome} {self.code}"


class EventState(models.TextChoices):
    PENDING = "pending", _("待处理")
    PROCESSED = "processed", _("已登记")
    FAILED = "failed", _("处理失败")


class WebhookEvent(models.Model):
    """One accepted delivery of the monitoring webhook, stored by a single INSERT before the
    202 answer (the durable intake); the `process_webhook_events` job turns pending events
    into cases in batches. The unique sender id is the idempotency: a replay inserts
    nothing and gets the same answer."""

    external_id = models.CharField(_("监测服务编号"), max_length=100, unique=True)
    received_at = models.DateTimeField(_("接收时间"))
    # The validated event (strings, ISO time, severity code, organ and document references).
    payload = models.JSONField(_("推送内容"))
    sender = models.CharField(max_length=40, blank=True)
    remote_addr = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=EventState.choices, default=EventState.PENDING
    )
    case = models.ForeignKey(
        OpinionCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("错误"), blank=True)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测推送事件")
        verbose_name_plural = _("监测推送事件")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(state="pending"),
                name="concerns_webhook_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.state}"
