"""The actions of a 舆情 case: when each is offered (kit.workflow.ActionSpec). The staff
pages, the API's allowed_actions and tests/test_actions_property.py ask this table."""

from __future__ import annotations

from typing import Any

from gongkai.concerns import permissions as perms
from gongkai.concerns.workflow import MACHINE, OPEN_STATES, Event, Status
from gongkai.core.kit.workflow import ActionSet, ActionSpec


def is_open(case: Any) -> bool:
    """A case still being handled (its grade, and so its clocks, can change)."""
    return case.status in OPEN_STATES


def has_responses(case: Any) -> bool:
    return bool(case.responses.exists())


def has_unpublished_response(case: Any) -> bool:
    return case.status != Status.DISMISSED and bool(
        case.responses.filter(published_at__isnull=True).exists()
    )


def has_published_response(case: Any) -> bool:
    return bool(case.responses.filter(published_at__isnull=False).exists())


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("allocate", perms.can_allocate_case, frozenset({Event.ALLOCATE})),
        ActionSpec("dispute", perms.can_dispute_case, frozenset({Event.DISPUTE})),
        ActionSpec("decide", perms.can_decide_dispute, frozenset({Event.DECIDE})),
        ActionSpec("consult", perms.can_record_step, frozenset({Event.CONSULT})),
        ActionSpec("analyse", perms.can_record_step, frozenset({Event.ANALYSE})),
        ActionSpec("respond", perms.can_respond_case, frozenset({Event.RESPOND})),
        ActionSpec("publish_response", perms.can_publish_response, guard=has_unpublished_response),
        ActionSpec(
            "unpublish_response",
            perms.can_publish_response,
            guard=has_published_response,
            side=True,
        ),
        ActionSpec("finish", perms.can_record_step, frozenset({Event.FINISH}), guard=has_responses),
        ActionSpec("evaluate", perms.can_evaluate_case, frozenset({Event.EVALUATE})),
        ActionSpec("dismiss", perms.can_dismiss_case, frozenset({Event.DISMISS})),
        ActionSpec("regrade", perms.can_allocate_case, guard=is_open),
    ],
)
