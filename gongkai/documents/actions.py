"""What may be done to a document now: the action specs that the staff pages, the API's
`allowed_actions` and the templates all ask (through `gongkai.core.kit.workflow.actions_for`).

Names are the API's: `POST /documents/{id}/<action>` with `_` written as `-`; `update` is
PATCH and `manage_attachments` covers upload and delete. Statutory gates are not evaluated
(an offered action can still be refused by a gate with 422).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.workflow import ActionSet, ActionSpec
from gongkai.documents import gates
from gongkai.documents import permissions as perms
from gongkai.documents.models import Attribute, SecrecyLevel
from gongkai.documents.workflow import (
    CONFIDENTIALITY_REVIEW_STATES,
    MACHINE,
    VALIDITY_MACHINE,
    Event,
    Status,
    ValidityEvent,
)


def _awaits_confidentiality_review(document: Any) -> bool:
    return document.status in CONFIDENTIALITY_REVIEW_STATES


def _publishable_kind(document: Any) -> bool:
    """Only a 主动公开 document without a 密级 is ever published (G1, G5): 依申请公开 and
    不予公开 documents get no 发布 action (issue 15 §10); 转为主动公开 comes first."""
    return document.attribute == Attribute.PROACTIVE and document.secrecy_level == SecrecyLevel.NONE


def _repealable(document: Any) -> bool:
    """废止 changes validity, not status: a published document not yet repealed."""
    return document.status == Status.PUBLISHED and VALIDITY_MACHINE.can(
        document.validity, ValidityEvent.REPEAL
    )


ACTIONS = ActionSet(
    machine=MACHINE,
    specs=[
        ActionSpec("update", perms.can_edit_document, side=True),
        ActionSpec("submit", perms.can_submit_document, frozenset({Event.SUBMIT})),
        ActionSpec(
            "review_disclosure", perms.can_review_disclosure, frozenset({Event.REVIEW_PASS})
        ),
        ActionSpec(
            "re_sign_off",
            perms.can_re_sign_off_document,
            guard=gates.changed_since_signed,
        ),
        ActionSpec(
            "review_legality",
            perms.can_review_legality,
            frozenset({Event.LEGAL_PASS, Event.LEGAL_RETURN}),
        ),
        ActionSpec("sign_off", perms.can_sign_off_document, frozenset({Event.SIGN_OFF})),
        # 退回 / 退文 at whichever stage the document is (G4), disclosure review included.
        ActionSpec(
            "return",
            perms.can_return_document,
            frozenset({Event.REVIEW_RETURN, Event.SIGN_OFF_REJECT, Event.GOV_RETURN}),
        ),
        ActionSpec("accept", perms.can_review_for_government, frozenset({Event.GOV_ACCEPT})),
        ActionSpec(
            "review_confidentiality",
            perms.can_review_confidentiality,
            guard=_awaits_confidentiality_review,
        ),
        ActionSpec(
            "publish",
            perms.can_publish_document,
            frozenset({Event.PUBLISH}),
            guard=_publishable_kind,
        ),
        ActionSpec("withdraw", perms.can_withdraw_document, frozenset({Event.WITHDRAW})),
        ActionSpec("repeal", perms.can_repeal_document, guard=_repealable),
        ActionSpec("manage_attachments", perms.can_manage_attachments, side=True),
    ],
)
