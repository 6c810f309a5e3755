"""Document disclosure workflow: states, events and the transition table.

No database access here. Services ask `next_state` and apply the result.

    draft ──submit──▶ disclosure_review ──review_pass──▶ signoff
      ▲                     │review_return                │sign_off
      │                     ▼                             ▼
    returned ◀──return── government_office ◀── (代拟稿) ── issued ──publish──▶ published
                       (退文, 80号细则 一(一))      │accept        └─ withdraw ─▶ withdrawn
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("起草中")
    DISCLOSURE_REVIEW = "disclosure_review", _("待公开属性审查")
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
    SIGN_OFF = "sign_off", _("审签")
    SIGN_OFF_REJECT = "sign_off_reject", _("审签退回")
    GOV_ACCEPT = "gov_accept", _("区政府办公室审核通过")
    GOV_RETURN = "gov_return", _("退文")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")


EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.SUBMIT): Status.SIGNOFF,
    (Status.RETURNED, Event.SUBMIT): Status.SIGNOFF,
    (Status.DISCLOSURE_REVIEW, Event.REVIEW_PASS): Status.SIGNOFF,
    (Status.DISCLOSURE_REVIEW, Event.REVIEW_RETURN): Status.RETURNED,
    (Status.SIGNOFF, Event.SIGN_OFF): Status.ISSUED,
    (Status.SIGNOFF, Event.SIGN_OFF_REJECT): Status.RETURNED,
    (Status.GOVERNMENT_OFFICE, Event.GOV_ACCEPT): Status.ISSUED,
    (Status.GOVERNMENT_OFFICE, Event.GOV_RETURN): Status.RETURNED,
    (Status.ISSUED, Event.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Event.WITHDRAW): Status.WITHDRAWN,
}


def next_state(
    current: str,
    event: Event,
    *,
    needs_disclosure_review: bool = False,
    for_government: bool = False,
) -> Status | None:
    """The state after `event`, or None if the event is not possible in `current`.

    - G3: a policy document proposed as not proactive goes to the openness office
      before sign-off (80号细则 一(一)3).
    - A 代拟稿 (drafted in the government's name) goes to the government office after the
      department head signs it; the office accepts or returns it (退文).
    """
    target = TRANSITIONS.get((Status(current), event))
    if target is None:
        return None
    if event == Event.SUBMIT and needs_disclosure_review:
        return Status.DISCLOSURE_REVIEW
    if event == Event.SIGN_OFF and for_government:
        return Status.GOVERNMENT_OFFICE
    return target


def allowed_events(current: str) -> list[Event]:
    return [event for (state, event) in TRANSITIONS if state == current]
