"""The annual report's workflow (政府信息公开工作年度报告): draft → checked → signed off →
published. No database access here.

- 核验 (check): every table identity holds (errors refuse the step; warnings are shown);
- 审签 (sign off): the organ's head approves the checked report;
- 发布 (publish): the openness office publishes it in the 年报 column (the checks run again);
- 退回修改 (reopen): a checked or signed-off report goes back to draft for edits.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    DRAFT = "draft", _("编制中")
    CHECKED = "checked", _("已核验")
    SIGNED_OFF = "signed_off", _("已审签")
    PUBLISHED = "published", _("已发布")


class Event(models.TextChoices):
    CHECK = "check", _("核验")
    SIGN_OFF = "sign_off", _("审签")
    PUBLISH = "publish", _("发布")
    REOPEN = "reopen", _("退回修改")


TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.CHECK): Status.CHECKED,
    (Status.CHECKED, Event.SIGN_OFF): Status.SIGNED_OFF,
    (Status.CHECKED, Event.REOPEN): Status.DRAFT,
    (Status.SIGNED_OFF, Event.PUBLISH): Status.PUBLISHED,
    (Status.SIGNED_OFF, Event.REOPEN): Status.DRAFT,
}

EDITABLE_STATES = frozenset({Status.DRAFT})

MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("年度报告当前状态为“%(status)s”，不能执行“%(action)s”。"),
)


class Route(models.TextChoices):
    """The three groups of Table 4 (domain.md §4.4)."""

    REVIEW = "review", _("行政复议")
    DIRECT = "direct", _("行政诉讼（未经复议直接起诉）")
    AFTER_REVIEW = "after_review", _("行政诉讼（复议后起诉）")


class Result(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")
