"""The workflow of a public message (留言): status, events, transition table. No DB access.

submitted (待受理) ─accept→ accepted (办理中) ─reply→ replied (已答复) ─publish→ published (已选登)
    │  ↖──transfer──┘ │                                   ↖──────unpublish────────┘
    ├─transfer→ submitted (at the receiving department)
    ├─convert→ converted (转依申请公开)   ├─refer→ referred (转信访)
    └─reject→ rejected (不予受理, with the reason)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")


class MessageChannel(models.TextChoices):
    """How the message reached the department: the public form (or the API), or a call
    registered by staff (电话留言)."""

    WEB = "web", _("网站")
    PHONE = "phone", _("电话")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    REPLIED = "replied", _("已答复")
    PUBLISHED = "published", _("已答复（已选登）")
    CONVERTED = "converted", _("已转依申请公开")
    REFERRED = "referred", _("已转信访")
    REJECTED = "rejected", _("不予受理")


class Event(models.TextChoices):
    ACCEPT = "accept", _("受理")
    TRANSFER = "transfer", _("转办")
    REPLY = "reply", _("答复")
    CONVERT = "convert", _("转依申请公开")
    REFER = "refer", _("转信访")
    REJECT = "reject", _("不予受理")
    PUBLISH = "publish", _("选登")
    UNPUBLISH = "unpublish", _("撤销选登")


class Rating(models.IntegerChoices):
    SATISFIED = 3, _("满意")
    BASICALLY = 2, _("基本满意")
    DISSATISFIED = 1, _("不满意")


OPEN = (Status.SUBMITTED, Status.ACCEPTED)
# Answered: the writer has the department's reply.
ANSWERED = (Status.REPLIED, Status.PUBLISHED)
# Finished without a reply of the mailbox: pointed to another procedure or refused.
DIVERTED = (Status.CONVERTED, Status.REFERRED, Status.REJECTED)

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.SUBMITTED, Event.ACCEPT): Status.ACCEPTED,
    (Status.SUBMITTED, Event.TRANSFER): Status.SUBMITTED,
    (Status.ACCEPTED, Event.TRANSFER): Status.SUBMITTED,
    (Status.ACCEPTED, Event.REPLY): Status.REPLIED,
    (Status.REPLIED, Event.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Event.UNPUBLISH): Status.REPLIED,
}
for _open in OPEN:
    TRANSITIONS[(_open, Event.CONVERT)] = Status.CONVERTED
    TRANSITIONS[(_open, Event.REFER)] = Status.REFERRED
TRANSITIONS[(Status.SUBMITTED, Event.REJECT)] = Status.REJECTED

MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("留言当前状态为“%(status)s”，不能执行“%(action)s”。"),
)


# --- 征集调查 (solicitations and surveys, domain.md §10.1 `Solicitation`) ---------------------


class SolicitationKind(models.TextChoices):
    OPINIONS = "opinions", _("意见征集")
    SURVEY = "survey", _("问卷调查")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    TEXT = "text", _("填空（文字）")


class SolicitationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("待开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")
    REPORTED = "reported", _("已反馈结果")
    WITHDRAWN = "withdrawn", _("已撤回")


class SolicitationEvent(models.TextChoices):
    PUBLISH = "publish", _("发布")
    OPEN = "open", _("开始征集")
    CLOSE = "close", _("结束征集")
    REPORT = "report", _("公布结果反馈")
    WITHDRAW = "withdraw", _("撤回")


# Published on the portal (the draft and a withdrawn one are not).
SOLICITATION_PUBLIC = (
    SolicitationStatus.SCHEDULED,
    SolicitationStatus.OPEN,
    SolicitationStatus.CLOSED,
    SolicitationStatus.REPORTED,
)

SOLICITATION_TRANSITIONS: dict[tuple[SolicitationStatus, SolicitationEvent], SolicitationStatus] = {
    (SolicitationStatus.DRAFT, SolicitationEvent.PUBLISH): SolicitationStatus.SCHEDULED,
    (SolicitationStatus.SCHEDULED, SolicitationEvent.OPEN): SolicitationStatus.OPEN,
    (SolicitationStatus.OPEN, SolicitationEvent.CLOSE): SolicitationStatus.CLOSED,
    (SolicitationStatus.CLOSED, SolicitationEvent.REPORT): SolicitationStatus.REPORTED,
    (SolicitationStatus.DRAFT, SolicitationEvent.WITHDRAW): SolicitationStatus.WITHDRAWN,
    (SolicitationStatus.SCHEDULED, SolicitationEvent.WITHDRAW): SolicitationStatus.WITHDRAWN,
}

SOLICITATION_MACHINE: Machine[SolicitationStatus, SolicitationEvent] = Machine(
    states=SolicitationStatus,
    events=SolicitationEvent,
    transitions=SOLICITATION_TRANSITIONS,
    refusal=_("征集调查当前状态为“%(status)s”，不能执行“%(action)s”。"),
)
