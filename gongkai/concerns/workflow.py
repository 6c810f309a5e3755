"""The 舆情 case workflow: the mechanism of 国办发〔2016〕80号 三 (domain.md §2.3, §8)
collection → 会商 → 研判 → 回应 → 评估, with the allocation of the first responsible body
(第一责任主体) and its dispute in the same table. No database access here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    COLLECTED = "collected", _("已收集（待确认责任主体）")
    CONSULTING = "consulting", _("会商")
    DISPUTED = "disputed", _("责任主体有异议")
    ANALYSING = "analysing", _("研判")
    RESPONDING = "responding", _("回应")
    EVALUATING = "evaluating", _("评估")
    CLOSED = "closed", _("已办结")
    DISMISSED = "dismissed", _("不属于政务舆情")


class Event(models.TextChoices):
    ALLOCATE = "allocate", _("确认责任主体")
    DISPUTE = "dispute", _("提出异议")
    DECIDE = "decide", _("裁定责任主体")
    CONSULT = "consult", _("记录会商")
    ANALYSE = "analyse", _("记录研判")
    RESPOND = "respond", _("记录回应")
    FINISH = "finish", _("回应完毕，转入评估")
    EVALUATE = "evaluate", _("记录评估并办结")
    DISMISS = "dismiss", _("认定不属于政务舆情")


S, E = Status, Event

# Responses may be recorded from intake on: a 重大 case's authoritative release is due
# within 5 hours and does not wait for 会商 (80号 三). Recording one keeps the state.
TRANSITIONS = {
    (S.COLLECTED, E.ALLOCATE): S.CONSULTING,
    (S.COLLECTED, E.DISMISS): S.DISMISSED,
    (S.COLLECTED, E.RESPOND): S.COLLECTED,
    (S.CONSULTING, E.DISPUTE): S.DISPUTED,
    (S.CONSULTING, E.CONSULT): S.ANALYSING,
    (S.CONSULTING, E.RESPOND): S.CONSULTING,
    (S.DISPUTED, E.DECIDE): S.CONSULTING,
    (S.DISPUTED, E.RESPOND): S.DISPUTED,
    (S.ANALYSING, E.DISPUTE): S.DISPUTED,
    (S.ANALYSING, E.ANALYSE): S.RESPONDING,
    (S.ANALYSING, E.RESPOND): S.ANALYSING,
    (S.RESPONDING, E.RESPOND): S.RESPONDING,
    (S.RESPONDING, E.FINISH): S.EVALUATING,
    (S.EVALUATING, E.EVALUATE): S.CLOSED,
}

MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("舆情事件当前状态为“%(status)s”，不能执行“%(action)s”。"),
)

OPEN_STATES = frozenset(
    {S.COLLECTED, S.CONSULTING, S.DISPUTED, S.ANALYSING, S.RESPONDING, S.EVALUATING}
)


class Severity(models.TextChoices):
    """The four grades of the Emergency Response Law (突发事件应对法)."""

    EXTRAORDINARY = "extraordinary", _("特别重大")
    MAJOR = "major", _("重大")
    LARGE = "large", _("较大")
    ORDINARY = "ordinary", _("一般")


MAJOR_SEVERITIES = frozenset({Severity.EXTRAORDINARY, Severity.MAJOR})


class ResponseForm(models.TextChoices):
    RELEASE = "release", _("权威信息发布")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    BRIEFING = "briefing", _("吹风会")
    INTERVIEW = "interview", _("媒体采访")
    WEBSITE = "website", _("政府网站发布")
    NEW_MEDIA = "new_media", _("政务新媒体发布")


# Forms in which a person speaks: the leader who spoke is recorded for major cases
# (80号 三: 主要负责同志要带头主动发声).
SPOKEN_FORMS = frozenset(
    {ResponseForm.PRESS_CONFERENCE, ResponseForm.BRIEFING, ResponseForm.INTERVIEW}
)


class StepKind(models.TextChoices):
    COLLECTION = "collection", _("收集")
    CONSULTATION = "consultation", _("会商")
    ANALYSIS = "analysis", _("研判")
    RESPONSE = "response", _("回应")
    EVALUATION = "evaluation", _("评估")


class Channel(models.TextChoices):
    STAFF = "staff", _("人工登记")
    WEBHOOK = "webhook", _("舆情监测服务推送")


class AllocationRule(models.TextChoices):
    """Which rule of domain.md §8.1 proposed the first responsible body."""

    DEPARTMENT = "department", _("涉事部门为第一责任主体")
    VERTICAL = "vertical", _("垂直管理部门：由上级主管部门办公室会同宣传部门协调")
    SEVERAL_DEPARTMENTS = (
        "several_departments",
        _("涉及多个部门：各部门按职责回应，主要涉事部门牵头"),
    )
    SEVERAL_LOCALITIES = (
        "several_localities",
        _("涉及多个地方：由上级主管部门回应，各地分别回应本地事项"),
    )
    UNASSIGNED = "unassigned", _("未能确定涉事部门：由区政府办公室指定")
