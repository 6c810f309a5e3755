"""The actions offered on a message (staff pages, API `allowed_actions`, templates)."""

from __future__ import annotations

from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.workflow import (
    MACHINE,
    SOLICITATION_MACHINE,
    Event,
    SolicitationEvent,
)


def consented(message: PublicMessage) -> bool:
    """留言选登 only with the writer's consent."""
    return message.consent_publish


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("accept", perms.can_handle_message, frozenset({Event.ACCEPT})),
        ActionSpec("reply", perms.can_handle_message, frozenset({Event.REPLY})),
        ActionSpec("transfer", perms.can_handle_message, frozenset({Event.TRANSFER})),
        ActionSpec("convert", perms.can_handle_message, frozenset({Event.CONVERT})),
        ActionSpec("refer", perms.can_handle_message, frozenset({Event.REFER})),
        ActionSpec("reject", perms.can_handle_message, frozenset({Event.REJECT})),
        ActionSpec(
            "publish", perms.can_publish_message, frozenset({Event.PUBLISH}), guard=consented
        ),
        ActionSpec("unpublish", perms.can_publish_message, frozenset({Event.UNPUBLISH})),
    ],
)


SOLICITATION_ACTIONS = ActionSet(
    machine=SOLICITATION_MACHINE,
    specs=[
        ActionSpec(
            "publish", perms.can_manage_solicitation, frozenset({SolicitationEvent.PUBLISH})
        ),
        ActionSpec("report", perms.can_manage_solicitation, frozenset({SolicitationEvent.REPORT})),
        ActionSpec(
            "withdraw", perms.can_manage_solicitation, frozenset({SolicitationEvent.WITHDRAW})
        ),
    ],
)
