"""重大行政决策 procedure (重大行政决策程序暂行条例 第十—三十六条) and 意见征集 as workflow tables.

One machine per entity, no database access:

- `MACHINE` (MajorDecision): 启动 → 草案拟订 → 公众参与 → 专家论证 (when specialised) →
  风险评估 (when there are stability risks) → 合法性审查 → 集体讨论决定 → 公布 → 执行 → 后评估.
  Stages that do not apply are skipped; whether a stage may be skipped is a gate of the
  services (gates.py), not a second table.
- `CONSULTATION_MACHINE` (PublicConsultation): 草稿 → 已公告 (notice out, not yet open) → 征集中 →
  已截止 → 已公布采纳情况.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    INITIATED = "initiated", _("启动")
    DRAFTING = "drafting", _("草案拟订")
    PARTICIPATION = "participation", _("公众参与")
    EXPERT = "expert", _("专家论证")
    RISK = "risk", _("风险评估")
    LEGALITY = "legality", _("合法性审查")
    DISCUSSION = "discussion", _("集体讨论决定")
    DECIDED = "decided", _("已决定待公布")
    PUBLISHED = "published", _("已公布")
    IMPLEMENTING = "implementing", _("执行中")
    EVALUATED = "evaluated", _("已后评估")


class Event(models.TextChoices):
    DRAFT = "draft", _("拟订草案")
    PARTICIPATE = "participate", _("进入公众参与")
    EXPERT = "expert", _("进入专家论证")
    RISK = "risk", _("进入风险评估")
    SUBMIT_REVIEW = "submit_review", _("提交合法性审查")
    REVIEW_PASS = "review_pass", _("合法性审查通过")
    REVIEW_FAIL = "review_fail", _("合法性审查不通过")
    DECIDE = "decide", _("集体讨论决定")
    RETURN = "return", _("集体讨论退回")
    PUBLISH = "publish", _("公布决策")
    IMPLEMENT = "implement", _("开始执行")
    EVALUATE = "evaluate", _("完成后评估")


_BEFORE_REVIEW = (Status.DRAFTING, Status.PARTICIPATION, Status.EXPERT, Status.RISK)

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.INITIATED, Event.DRAFT): Status.DRAFTING,
    (Status.DRAFTING, Event.PARTICIPATE): Status.PARTICIPATION,
    (Status.DRAFTING, Event.EXPERT): Status.EXPERT,
    (Status.PARTICIPATION, Event.EXPERT): Status.EXPERT,
    (Status.DRAFTING, Event.RISK): Status.RISK,
    (Status.PARTICIPATION, Event.RISK): Status.RISK,
    (Status.EXPERT, Event.RISK): Status.RISK,
    **{(s, Event.SUBMIT_REVIEW): Status.LEGALITY for s in _BEFORE_REVIEW},
    (Status.LEGALITY, Event.REVIEW_PASS): Status.DISCUSSION,
    (Status.LEGALITY, Event.REVIEW_FAIL): Status.DRAFTING,
    (Status.DISCUSSION, Event.DECIDE): Status.DECIDED,
    (Status.DISCUSSION, Event.RETURN): Status.DRAFTING,
    (Status.DECIDED, Event.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Event.IMPLEMENT): Status.IMPLEMENTING,
    (Status.IMPLEMENTING, Event.EVALUATE): Status.EVALUATED,
}

MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("重大行政决策当前处于“%(status)s”阶段，不能执行“%(action)s”。"),
)

# The stages in procedure order (the public trail lists them in this order).
STAGES = (
    Status.INITIATED,
    Status.DRAFTING,
    Status.PARTICIPATION,
    Status.EXPERT,
    Status.RISK,
    Status.LEGALITY,
    Status.DISCUSSION,
    Status.PUBLISHED,
    Status.IMPLEMENTING,
    Status.EVALUATED,
)
PUBLIC_STATES = frozenset({Status.PUBLISHED, Status.IMPLEMENTING, Status.EVALUATED})


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ANNOUNCED = "announced", _("已公告待开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已截止")
    REPORTED = "reported", _("已公布采纳情况")


class ConsultationEvent(models.TextChoices):
    ANNOUNCE = "announce", _("发布征集公告")
    OPEN = "open", _("开始征集")
    CLOSE = "close", _("截止征集")
    REPORT = "report", _("公布采纳情况")


CONSULTATION_TRANSITIONS: dict[tuple[ConsultationStatus, ConsultationEvent], ConsultationStatus] = {
    (ConsultationStatus.DRAFT, ConsultationEvent.ANNOUNCE): ConsultationStatus.ANNOUNCED,
    (ConsultationStatus.ANNOUNCED, ConsultationEvent.OPEN): ConsultationStatus.OPEN,
    (ConsultationStatus.OPEN, ConsultationEvent.CLOSE): ConsultationStatus.CLOSED,
    (ConsultationStatus.CLOSED, ConsultationEvent.REPORT): ConsultationStatus.REPORTED,
}

CONSULTATION_MACHINE: Machine[ConsultationStatus, ConsultationEvent] = Machine(
    states=ConsultationStatus,
    events=ConsultationEvent,
    transitions=CONSULTATION_TRANSITIONS,
    refusal=_("意见征集当前状态为“%(status)s”，不能执行“%(action)s”。"),
)
CONSULTATION_PUBLIC = frozenset(
    {
        ConsultationStatus.ANNOUNCED,
        ConsultationStatus.OPEN,
        ConsultationStatus.CLOSED,
        ConsultationStatus.REPORTED,
    }
)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    HIDDEN = "hidden", _("不予显示")


class Disposition(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class RecordKind(models.TextChoices):
    """The records and documents each stage keeps (决策条例 第三十三条: 全过程记录)."""

    PROPOSAL = "proposal", _("决策建议")
    DRAFT = "draft", _("决策草案")
    EXPLANATION = "explanation", _("起草说明")
    EXPERT_OPINION = "expert_opinion", _("专家论证意见")
    RISK_REPORT = "risk_report", _("风险评估报告")
    LEGALITY_OPINION = "legality_opinion", _("合法性审查意见")
    MINUTES = "minutes", _("会议纪要")
    DECISION = "decision", _("决策文件")
    INTERPRETATION = "interpretation", _("决策解读")
    EVALUATION = "evaluation", _("后评估报告")
    OTHER = "other", _("其他材料")


class MeetingKind(models.TextChoices):
    """集体讨论决定 (决策条例第三十条): the meeting that decided."""

    EXECUTIVE = "executive", _("常务会议")
    PLENARY = "plenary", _("全体会议")
    DEPARTMENT = "department", _("部务会议")


class HearingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    NOTICED = "noticed", _("已公告")
    HELD = "held", _("已举行")
