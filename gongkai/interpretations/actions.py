"""What may be done to an interpretation now: the action specs that the staff pages and the
templates ask (through `gongkai.core.kit.workflow.actions_for`)."""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import permissions as perms
from gongkai.interpretations.workflow import MACHINE, Event


def has_published_document(interpretation: Any) -> bool:
    """补发解读 needs a linked document that is public already (otherwise the interpretation
    is published with the document, 三同步)."""
    return bool(interpretation.documents.filter(status=DocumentStatus.PUBLISHED).exists())


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("edit", perms.can_edit_interpretation, side=True),
        ActionSpec("media", perms.can_manage_media, side=True),
        ActionSpec("sign_off", perms.can_sign_off_interpretation, frozenset({Event.SIGN_OFF})),
        ActionSpec("reopen", perms.can_reopen_interpretation, frozenset({Event.REOPEN})),
        ActionSpec(
            "publish",
            perms.can_publish_interpretation,
            frozenset({Event.PUBLISH}),
            guard=has_published_document,
        ),
        ActionSpec("withdraw", perms.can_withdraw_interpretation, frozenset({Event.WITHDRAW})),
    ],
)
