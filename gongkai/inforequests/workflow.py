"""依申请公开 workflow: states, events, the transition table and the receipt-date rules.

No database access here. Services ask `next_state` and apply the result (domain.md §10.3):

    submitted ─receive─▶ received ─assign─▶ in_process ─decide─▶ decided ─reply─▶ replied ─archive─▶ archived
                            │  ▲                │  ▲
          notify_correction │  │ correct        │  │ consultation_end / fee_paid
                            ▼  │                ▼  │
                         correction        paused_third_party · paused_other_organ · paused_fee
                            │ correction_lapse                      │ fee_lapse
                            ▼                                       ▼
                        terminated ◀────────────── withdraw ─────── (any open state)
                            └────────────── archive ──────────────▶ archived

Extension (条例第三十三条第二款) is an event that keeps the state: it changes the clock only.
So are the 保密审查 of the material to be provided (条例第十七条), the request for reasons and
the delayed deadline of 条例第三十五条, and the 决定公开告知书 to an objecting third party
(条例第三十二条). Several consultations may run in parallel (a further letter while paused).
Year-end carry-over (结转) is derived from the dates, never a state (domain.md §4.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到日期")
    RECEIVED = "received", _("已受理")
    CORRECTION = "correction", _("待申请人补正")
    IN_PROCESS = "in_process", _("办理中")
    PAUSED_THIRD_PARTY = "paused_third_party", _("征求第三方意见中")
    PAUSED_OTHER_ORGAN = "paused_other_organ", _("征求其他机关意见中")
    PAUSED_FEE = "paused_fee", _("待缴纳信息处理费")
    DECIDED = "decided", _("已作出决定（待答复）")
    REPLIED = "replied", _("已答复")
    TERMINATED = "terminated", _("已终止办理")
    ARCHIVED = "archived", _("已归档")


class Event(models.TextChoices):
    RECEIVE = "receive", _("确认收到申请")
    NOTIFY_CORRECTION = "notify_correction", _("一次性告知补正")
    CORRECT = "correct", _("收到补正")
    CORRECTION_LAPSE = "correction_lapse", _("逾期未补正")
    ASSIGN = "assign", _("分办")
    EXTEND = "extend", _("延长答复期限")
    CONSULT_THIRD_PARTY = "consult_third_party", _("征求第三方意见")
    CONSULT_OTHER_ORGAN = "consult_other_organ", _("征求其他机关意见")
    CONSULTATION_END = "consultation_end", _("意见征询结束")
    FEE_NOTICE = "fee_notice", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳信息处理费")
    FEE_LAPSE = "fee_lapse", _("逾期未缴费")
    DECIDE = "decide", _("作出决定")
    REPLY = "reply", _("答复")
    ARCHIVE = "archive", _("归档")
    WITHDRAW = "withdraw", _("申请人撤回申请")
    REVIEW_RELEASE = "review_release", _("保密审查")
    REQUEST_REASONS = "request_reasons", _("要求申请人说明理由")
    SET_DELAYED_DEADLINE = "set_delayed_deadline", _("确定延迟答复期限")
    DISCLOSURE_NOTICE = "disclosure_notice", _("向第三方发出决定公开告知书")


PAUSED = frozenset({Status.PAUSED_THIRD_PARTY, Status.PAUSED_OTHER_ORGAN, Status.PAUSED_FEE})
# The reply clock runs (or is paused) in these states: the request is being handled.
HANDLING = frozenset({Status.RECEIVED, Status.IN_PROCESS}) | PAUSED
# Not yet replied or terminated: the request is carried over at year end (结转).
OPEN_STATES = frozenset({Status.SUBMITTED, Status.CORRECTION, Status.DECIDED}) | HANDLING
CLOSED_STATES = frozenset({Status.REPLIED, Status.TERMINATED, Status.ARCHIVED})

_ACTIVE = (Status.RECEIVED, Status.IN_PROCESS)

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.SUBMITTED, Event.RECEIVE): Status.RECEIVED,
    # 条例第三十条: one notice (一次性告知) within 7 working days of receipt; the service checks
    # the 7 days and that no notice was given before.
    **{(s, Event.NOTIFY_CORRECTION): Status.CORRECTION for s in _ACTIVE},
    (Status.CORRECTION, Event.CORRECT): Status.RECEIVED,  # IN_PROCESS if already assigned
    (Status.CORRECTION, Event.CORRECTION_LAPSE): Status.TERMINATED,
    **{(s, Event.ASSIGN): Status.IN_PROCESS for s in _ACTIVE},
    **{(s, Event.EXTEND): s for s in HANDLING},
    **{(s, Event.CONSULT_THIRD_PARTY): Status.PAUSED_THIRD_PARTY for s in _ACTIVE},
    **{(s, Event.CONSULT_OTHER_ORGAN): Status.PAUSED_OTHER_ORGAN for s in _ACTIVE},
    # 条例第三十二条: several third parties may be consulted in parallel, each with its window.
    (Status.PAUSED_THIRD_PARTY, Event.CONSULT_THIRD_PARTY): Status.PAUSED_THIRD_PARTY,
    (Status.PAUSED_OTHER_ORGAN, Event.CONSULT_OTHER_ORGAN): Status.PAUSED_OTHER_ORGAN,
    (Status.PAUSED_THIRD_PARTY, Event.CONSULTATION_END): Status.IN_PROCESS,
    (Status.PAUSED_OTHER_ORGAN, Event.CONSULTATION_END): Status.IN_PROCESS,
    **{(s, Event.FEE_NOTICE): Status.PAUSED_FEE for s in _ACTIVE},
    (Status.PAUSED_FEE, Event.FEE_PAID): Status.IN_PROCESS,
    (Status.PAUSED_FEE, Event.FEE_LAPSE): Status.TERMINATED,
    **{(s, Event.DECIDE): Status.DECIDED for s in (*_ACTIVE, Status.DECIDED)},
    (Status.DECIDED, Event.REPLY): Status.REPLIED,
    **{(s, Event.REVIEW_RELEASE): s for s in (*_ACTIVE, Status.DECIDED)},
    **{(s, Event.REQUEST_REASONS): s for s in _ACTIVE},
    **{(s, Event.SET_DELAYED_DEADLINE): s for s in _ACTIVE},
    (Status.DECIDED, Event.DISCLOSURE_NOTICE): Status.DECIDED,
    (Status.REPLIED, Event.ARCHIVE): Status.ARCHIVED,
    (Status.TERMINATED, Event.ARCHIVE): Status.ARCHIVED,
    **{
        (s, Event.WITHDRAW): Status.TERMINATED
        for s in (Status.SUBMITTED, Status.CORRECTION, Status.DECIDED, *HANDLING)
    },
}


def _route(current: str, event: str, target: Status, **context: Any) -> Status:
    """After 补正 the request goes back to where it was: to the handling department if one
    had been assigned before the notice (`assigned`), else to the openness office's desk."""
    if event == Event.CORRECT and context.get("assigned"):
        return Status.IN_PROCESS
    return target


MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("申请当前状态为“%(status)s”，不能执行“%(action)s”。"),
    route=_route,
)


def next_state(current: str, event: Event, *, assigned: bool = False) -> Status | None:
    """The state after `event`, or None if the event is not possible in `current`."""
    return MACHINE.next_state(current, event, assigned=assigned)


def allowed_events(current: str) -> list[Event]:
    return MACHINE.allowed_events(current)


class Channel(models.TextChoices):
    """How the application reached the organ (条例第二十九条; domain.md §3.2)."""

    ONLINE = "online", _("网络（在线申请表）")
    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_POST = "registered_post", _("信件（挂号信、邮政快递等需签收）")
    ORDINARY_LETTER = "ordinary_letter", _("信件（平信，无需签收）")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")
    ORAL = "oral", _("口头申请（代为填写）")


@dataclass(frozen=True)
class ReceiptRule:
    """条例第三十一条 (refined by 国办公开办函〔2015〕207号): which date is 收到申请之日."""

    fixed_at_submission: bool  # True: the submission date is the receipt date, no confirmation
    basis: str  # shown next to the date and written to the audit trail


RECEIPT_RULES: dict[Channel, ReceiptRule] = {
    Channel.IN_PERSON: ReceiptRule(
        True, "当面提交的，以提交之日为收到申请之日（条例第三十一条第一项）。"
    ),
    Channel.ORAL: ReceiptRule(
        True,
        "口头提出、由政府信息公开工作机构代为填写的，以提出之日为收到申请之日（条例第二十九条、第三十一条第一项）。",
    ),
    Channel.REGISTERED_POST: ReceiptRule(
        False, "以邮政快递等需签收方式提交的，以签收之日为收到申请之日（条例第三十一条第二项）。"
    ),
    Channel.ORDINARY_LETTER: ReceiptRule(
        False,
        "以平常信函等无需签收方式提交的，以与申请人确认之日为收到申请之日（条例第三十一条第二项）。",
    ),
    # The online form acknowledges the application at once (the receipt page and the query
    # code are the organ's confirmation), so both parties confirm on the day of submission.
    Channel.ONLINE: ReceiptRule(
        True,
        "通过互联网渠道（在线申请平台）提交的，系统即时确认收到，以双方确认之日即提交之日为"
        "收到申请之日（条例第三十一条第三项）。",
    ),
    Channel.FAX: ReceiptRule(
        False, "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）。"
    ),
    Channel.EMAIL: ReceiptRule(
        False, "通过电子邮件提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）。"
    ),
}


def receipt_rule(channel: str) -> ReceiptRule:
    return RECEIPT_RULES[Channel(channel)]
