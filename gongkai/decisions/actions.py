"""When each action on a decision or a consultation is offered (kit.workflow.ActionSpec)."""

from __future__ import annotations

from typing import Any

from gongkai.core.kit import steps
from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.decisions import permissions as perms
from gongkai.decisions.models import MajorDecision, PublicConsultation
from gongkai.decisions.workflow import (
    CONSULTATION_MACHINE,
    MACHINE,
    ConsultationEvent,
    ConsultationStatus,
    Event,
    Status,
)

EDITABLE = frozenset({Status.INITIATED, Status.DRAFTING, Status.PARTICIPATION})


def _editable(d: MajorDecision) -> bool:
    return d.status in EDITABLE


def _records_open(d: MajorDecision) -> bool:
    return d.status not in (Status.LEGALITY, Status.DISCUSSION)


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("draft", perms.can_run_decision, frozenset({Event.DRAFT})),
        ActionSpec("participate", perms.can_run_decision, frozenset({Event.PARTICIPATE})),
        ActionSpec("expert", perms.can_run_decision, frozenset({Event.EXPERT})),
        ActionSpec("risk", perms.can_run_decision, frozenset({Event.RISK})),
        ActionSpec("submit_review", perms.can_run_decision, frozenset({Event.SUBMIT_REVIEW})),
        ActionSpec("review_pass", perms.can_review_legality, frozenset({Event.REVIEW_PASS})),
        ActionSpec("review_fail", perms.can_review_legality, frozenset({Event.REVIEW_FAIL})),
        ActionSpec("decide", perms.can_decide_decision, frozenset({Event.DECIDE})),
        ActionSpec("return", perms.can_decide_decision, frozenset({Event.RETURN})),
        ActionSpec("publish", perms.can_publish_decision, frozenset({Event.PUBLISH})),
        ActionSpec("implement", perms.can_run_decision, frozenset({Event.IMPLEMENT})),
        ActionSpec("evaluate", perms.can_run_decision, frozenset({Event.EVALUATE})),
        ActionSpec("edit", perms.can_run_decision, guard=_editable, side=True),
        ActionSpec("add_record", perms.can_run_decision, guard=_records_open, side=True),
    ],
)


def _announce_possible(c: PublicConsultation) -> bool:
    return c.decision.status == Status.PARTICIPATION


def _opening_day(c: PublicConsultation) -> bool:
    return c.opens_on <= steps.today()


def _period_over(c: PublicConsultation) -> bool:
    return c.closes_on is not None and steps.today() > c.closes_on


def _draft(c: Any) -> bool:
    return c.status == ConsultationStatus.DRAFT


CONSULTATION_ACTIONS = ActionSet(
    machine=CONSULTATION_MACHINE,
    specs=[
        ActionSpec(
            "announce",
            perms.can_manage_consultation,
            frozenset({ConsultationEvent.ANNOUNCE}),
            guard=_announce_possible,
        ),
        ActionSpec(
            "open",
            perms.can_manage_consultation,
            frozenset({ConsultationEvent.OPEN}),
            guard=_opening_day,
        ),
        ActionSpec(
            "close",
            perms.can_manage_consultation,
            frozenset({ConsultationEvent.CLOSE}),
            guard=_period_over,
        ),
        ActionSpec("report", perms.can_manage_consultation, frozenset({ConsultationEvent.REPORT})),
        ActionSpec("edit", perms.can_manage_consultation, guard=_draft, side=True),
    ],
)
