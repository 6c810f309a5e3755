"""政府会议 (government meetings): kinds, the agenda items' openness, and the meeting's
workflow table (no DB access).

A meeting goes 会议方案拟订 → 报送 → 方案审定 → 会议预告 → 已召开 → 结果已发布 (or 已取消 before it is
held). The plan proposes, per agenda item, whom to invite to attend (列席: 利益相关方, 公众代表,
专家, 媒体) and whether and how the item is open; the proposal is approved with the plan
(国办发〔2016〕80号实施细则 一（二）; 80号细则 五: 列席会议 as a form of public participation).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", _("常务会议")
    PLENARY = "plenary", _("全体会议")
    SPECIAL = "special", _("专题会议")
    LEADERS_OFFICE = "leaders_office", _("领导办公会议")
    DEPARTMENTAL = "departmental", _("部务会议")


# 部务会议 are the departments' meetings; the others are the government's own.
GOVERNMENT_KINDS = frozenset(
    {MeetingKind.EXECUTIVE, MeetingKind.PLENARY, MeetingKind.SPECIAL, MeetingKind.LEADERS_OFFICE}
)


class Attendee(models.TextChoices):
    """Who the plan invites to attend (列席), 80号细则 一（二）."""

    STAKEHOLDERS = "stakeholders", _("利益相关方")
    PUBLIC = "public", _("公众代表")
    EXPERTS = "experts", _("专家")
    MEDIA = "media", _("媒体")


class Openness(models.TextChoices):
    OPEN = "open", _("公开")
    CLOSED = "closed", _("不公开")


class OpenMethod(models.TextChoices):
    """How an open item is open."""

    ATTENDANCE = "attendance", _("公众申请列席")
    LIVE = "live", _("网络直播")
    REPORT = "report", _("会后发布议定事项")


class Status(models.TextChoices):
    DRAFT = "draft", _("会议方案拟订")
    SUBMITTED = "submitted", _("方案待审定")
    APPROVED = "approved", _("方案已审定")
    ANNOUNCED = "announced", _("已发布会议预告")
    HELD = "held", _("已召开")
    PUBLISHED = "published", _("会议结果已发布")
    CANCELLED = "cancelled", _("已取消")


class Event(models.TextChoices):
    SUBMIT = "submit", _("报送会议方案")
    APPROVE = "approve", _("审定会议方案")
    REOPEN = "reopen", _("退回修改方案")
    ANNOUNCE = "announce", _("发布会议预告")
    HOLD = "hold", _("确认会议已召开")
    PUBLISH = "publish", _("发布会议结果")
    CANCEL = "cancel", _("取消会议")


TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Event.APPROVE): Status.APPROVED,
    (Status.SUBMITTED, Event.REOPEN): Status.DRAFT,
    (Status.APPROVED, Event.REOPEN): Status.DRAFT,
    (Status.APPROVED, Event.ANNOUNCE): Status.ANNOUNCED,
    (Status.ANNOUNCED, Event.HOLD): Status.HELD,
    (Status.HELD, Event.PUBLISH): Status.PUBLISHED,
    (Status.DRAFT, Event.CANCEL): Status.CANCELLED,
    (Status.SUBMITTED, Event.CANCEL): Status.CANCELLED,
    (Status.APPROVED, Event.CANCEL): Status.CANCELLED,
    (Status.ANNOUNCED, Event.CANCEL): Status.CANCELLED,
}

MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("会议当前状态为“%(status)s”，不能执行“%(action)s”。"),
)

# The plan (meeting data and agenda) is edited only while it is being drafted.
PLAN_EDITABLE = frozenset({Status.DRAFT})
# The public sees a meeting from its announcement on (a cancelled one keeps its notice).
PUBLIC_STATES = frozenset({Status.ANNOUNCED, Status.HELD, Status.PUBLISHED, Status.CANCELLED})
# Results (新闻通稿, 议定事项) are recorded after the meeting, and completed after publication.
RESULTS_EDITABLE = frozenset({Status.HELD, Status.PUBLISHED})


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    SELECTED = "selected", _("已选定列席")
    NOT_SELECTED = "not_selected", _("未选中")


class SelectionMethod(models.TextChoices):
    RANDOM = "random", _("随机抽取")
    ORDER = "order", _("按报名先后顺序")
    REVIEW = "review", _("综合遴选")


class LinkKind(models.TextChoices):
    MEDIA_REPORT = "media_report", _("媒体报道")
    INTERPRETATION = "interpretation", _("解读")


# Links the module stores (live stream, media reports, interpretations): web addresses or paths
# of this site only; never javascript:, data: or a protocol-relative //host.
SAFE_URL = re.compile(r"^(https?://[^\s<>\"']+|/(?!/)[^\s<>\"']*)$")


def is_safe_url(value: str) -> bool:
    return bool(SAFE_URL.match(value))
