"""Document disclosure workflow: states, events and the transition table.

No database access here. Services ask `next_state` and apply the result.

    draft ──submit──▶ disclosure_review ──review_pass──▶ signoff
      ▲                     │review_return                │sign_off
      │                     ▼                             ▼
    returned ◀──return── government_office ◀── (代拟稿) ── issued ──publish──▶ published
                       (退文, 80号细则 一(一))      │accept        └─ withdraw ─▶ withdrawn
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    DRAFT = "draft", _("起草中")
    DISCLOSURE_REVIEW = "disclosure_review", _("待公开属性审查")
    LEGALITY_REVIEW = "legality_review", _("待合法性审核")
    SIGNOFF = "signoff", _("待审签")
    GOVERNMENT_OFFICE = "government_office", _("待区政府办公室审核")
    RETURNED = "returned", _("已退文")
    ISSUED = "issued", _("已成文")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Event(models.TextChoices):
    SUBMIT = "submit", _("报送审签")
    REVIEW_PASS = "review_pass", _("公开属性审查通过")
    REVIEW_RETURN = "review_return", _("公开属性审查退回")
    LEGAL_PASS = "legal_pass", _("合法性审核通过")
    LEGAL_RETURN = "legal_return", _("合法性审核退回")
    SIGN_OFF = "sign_off", _("审签")
    SIGN_OFF_REJECT = "sign_off_reject", _("审签退回")
    GOV_ACCEPT = "gov_accept", _("区政府办公室审核通过")
    GOV_RETURN = "gov_return", _("退文")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")


EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})
# 保密审查 (发布前保密审查, 条例第十七条) is not a transition: it is recorded on a document that
# has been issued and waits to be published. The one place that says when it is admissible.
CONFIDENTIALITY_REVIEW_STATES = frozenset({Status.ISSUED})

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.SUBMIT): Status.SIGNOFF,
    (Status.RETURNED, Event.SUBMIT): Status.SIGNOFF,
    (Status.DISCLOSURE_REVIEW, Event.REVIEW_PASS): Status.SIGNOFF,
    (Status.DISCLOSURE_REVIEW, Event.REVIEW_RETURN): Status.RETURNED,
    # 合法性审核 of a 行政规范性文件 before sign-off (国办发〔2018〕37号): by the legal reviewer.
    (Status.LEGALITY_REVIEW, Event.LEGAL_PASS): Status.SIGNOFF,
    (Status.LEGALITY_REVIEW, Event.LEGAL_RETURN): Status.RETURNED,
    (Status.SIGNOFF, Event.SIGN_OFF): Status.ISSUED,
    (Status.SIGNOFF, Event.SIGN_OFF_REJECT): Status.RETURNED,
    (Status.GOVERNMENT_OFFICE, Event.GOV_ACCEPT): Status.ISSUED,
    (Status.GOVERNMENT_OFFICE, Event.GOV_RETURN): Status.RETURNED,
    (Status.ISSUED, Event.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Event.WITHDRAW): Status.WITHDRAWN,
}


def _route(current: str, event: str, target: Status, **context: Any) -> Status:
    """The special routes of the table.

    - G3: a policy document proposed as not proactive goes to the openness office
      before sign-off (80号细则 一(一)3): `needs_disclosure_review`.
    - A 代拟稿 (drafted in the government's name) goes to the government office after the
      department head signs it; the office accepts or returns it (退文): `for_government`.
    - A 行政规范性文件 passes 合法性审核 by the legal reviewer before it reaches the head
      (国办发〔2018〕37号 “严格落实合法性审核”; 未经合法性审核或者审核不合格的，不得提交审签):
      `needs_legality_review`.
    """
    if event == Event.SUBMIT and context.get("needs_disclosure_review"):
        return Status.DISCLOSURE_REVIEW
    if (
        event in (Event.SUBMIT, Event.REVIEW_PASS)
        and target == Status.SIGNOFF
        and context.get("needs_legality_review")
    ):
        return Status.LEGALITY_REVIEW
    if event == Event.SIGN_OFF and context.get("for_government"):
        return Status.GOVERNMENT_OFFICE
    return target


MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("公文当前状态为“%(status)s”，不能执行“%(action)s”。"),
    route=_route,
)


def next_state(
    current: str,
    event: Event,
    *,
    needs_disclosure_review: bool = False,
    for_government: bool = False,
    needs_legality_review: bool = False,
) -> Status | None:
    """The state after `event`, or None if the event is not possible in `current`."""
    return MACHINE.next_state(
        current,
        event,
        needs_disclosure_review=needs_disclosure_review,
        for_government=for_government,
        needs_legality_review=needs_legality_review,
    )


def allowed_events(current: str) -> list[Event]:
    return MACHINE.allowed_events(current)


# --- validity (有效性): 有效 → 失效 (expiry) / 废止 (repeal) ----------------------------------


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class ValidityEvent(models.TextChoices):
    EXPIRE = "expire", _("失效")
    REPEAL = "repeal", _("废止")


# 有效 becomes 失效 at its expiry date (documents_expire) or 废止 by decision (document_repeal);
# an expired document can still be repealed, a repealed one changes no more.
VALIDITY_TRANSITIONS: dict[tuple[Validity, ValidityEvent], Validity] = {
    (Validity.VALID, ValidityEvent.EXPIRE): Validity.EXPIRED,
    (Validity.VALID, ValidityEvent.REPEAL): Validity.REPEALED,
    (Validity.EXPIRED, ValidityEvent.REPEAL): Validity.REPEALED,
}

VALIDITY_MACHINE: Machine[Validity, ValidityEvent] = Machine(
    states=Validity,
    events=ValidityEvent,
    transitions=VALIDITY_TRANSITIONS,
    refusal=_("公文有效性为“%(status)s”，不能执行“%(action)s”。"),
)
