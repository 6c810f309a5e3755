"""What may be done to an annual report now (kit.workflow.actions_for asks these specs)."""

from __future__ import annotations

from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.reports import permissions as perms
from gongkai.reports.workflow import MACHINE, Event

ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("edit", perms.can_edit_annual_report, side=True),
        ActionSpec("regenerate", perms.can_edit_annual_report, side=True),
        ActionSpec("figure", perms.can_edit_annual_report, side=True),
        ActionSpec("check", perms.can_check_annual_report, frozenset({Event.CHECK})),
        ActionSpec("sign_off", perms.can_sign_off_annual_report, frozenset({Event.SIGN_OFF})),
        ActionSpec("publish", perms.can_publish_annual_report, frozenset({Event.PUBLISH})),
        ActionSpec("reopen", perms.can_reopen_annual_report, frozenset({Event.REOPEN})),
    ],
)
