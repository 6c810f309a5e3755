"""What may be done to a meeting now: the action specs the staff pages, the API's
`allowed_actions` and the templates ask (through `gongkai.core.kit.workflow.actions_for`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.meetings import permissions as perms
from gongkai.meetings.workflow import MACHINE, Event


def has_agenda(meeting: Any) -> bool:
    """A plan without an agenda item cannot be approved."""
    return bool(meeting.items.exists())


def not_started(meeting: Any) -> bool:
    """A meeting is announced in advance (会议预告), never after its start."""
    return bool(meeting.starts_at > timezone.now())


def started(meeting: Any) -> bool:
    """A meeting is recorded as held once its start time has come."""
    return bool(meeting.starts_at <= timezone.now())


def has_press_release(meeting: Any) -> bool:
    return bool(meeting.press_release.strip())


def has_open_selection(meeting: Any) -> bool:
    """An item that takes applications and whose attendees are not selected yet."""
    return any(
        item.takes_applications
        for item in meeting.items.filter(selection__isnull=True, applications__isnull=False)
    )


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("edit", perms.can_edit_meeting, side=True),
        ActionSpec("submit", perms.can_submit_meeting, frozenset({Event.SUBMIT}), guard=has_agenda),
        ActionSpec("approve", perms.can_approve_meeting, frozenset({Event.APPROVE})),
        ActionSpec("reopen", perms.can_reopen_meeting, frozenset({Event.REOPEN})),
        ActionSpec(
            "announce", perms.can_announce_meeting, frozenset({Event.ANNOUNCE}), guard=not_started
        ),
        ActionSpec("select", perms.can_select_attendees, guard=has_open_selection),
        ActionSpec("hold", perms.can_hold_meeting, frozenset({Event.HOLD}), guard=started),
        ActionSpec("results", perms.can_record_results, side=True),
        ActionSpec(
            "publish",
            perms.can_publish_meeting,
            frozenset({Event.PUBLISH}),
            guard=has_press_release,
        ),
        ActionSpec("cancel", perms.can_cancel_meeting, frozenset({Event.CANCEL})),
    ],
)
