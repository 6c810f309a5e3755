"""Which workflow actions a user may perform on a document now.

Combines the permission predicates with the transition table; statutory gates are not
evaluated (an allowed action can still be refused by a gate with 422). The names match
the API: `POST /documents/{id}/<action>` with `_` written as `-`, `update` is PATCH and
`manage_attachments` covers upload and delete.

Nothing here is API-specific: it could move to gongkai.documents (e.g. permissions or
selectors) so the staff UI shows the same buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongkai.documents import permissions as perms
from gongkai.documents.models import Document, Validity
from gongkai.documents.workflow import Event, Status, allowed_events

# action name → (workflow events of which one must be possible, permission predicate)
_WORKFLOW_ACTIONS: list[tuple[str, frozenset[Event], Callable[[Any, Document], bool]]] = [
    ("submit", frozenset({Event.SUBMIT}), perms.can_submit_document),
    ("review_disclosure", frozenset({Event.REVIEW_PASS}), perms.can_review_disclosure),
    ("sign_off", frozenset({Event.SIGN_OFF}), perms.can_sign_off_document),
    (
        "return",
        frozenset({Event.REVIEW_RETURN, Event.SIGN_OFF_REJECT, Event.GOV_RETURN}),
        perms.can_return_document,
    ),
    ("accept", frozenset({Event.GOV_ACCEPT}), perms.can_review_for_government),
    # 保密审查 happens while the document waits to be published.
    ("review_confidentiality", frozenset({Event.PUBLISH}), perms.can_review_confidentiality),
    ("publish", frozenset({Event.PUBLISH}), perms.can_publish_document),
    ("withdraw", frozenset({Event.WITHDRAW}), perms.can_withdraw_document),
]

ACTION_NAMES = (
    "update",
    *(name for name, _, _ in _WORKFLOW_ACTIONS),
    "repeal",
    "manage_attachments",
)


def allowed_actions(user: Any, document: Document) -> list[str]:
    events = set(allowed_events(document.status))
    actions: list[str] = []
    if perms.can_edit_document(user, document):
        actions.append("update")
    for name, needs, permitted in _WORKFLOW_ACTIONS:
        if events & needs and permitted(user, document):
            actions.append(name)
    # 废止 changes validity, not status: only a published document that is not yet repealed.
    if (
        document.status == Status.PUBLISHED
        and document.validity != Validity.REPEALED
        and perms.can_repeal_document(user, document)
    ):
        actions.append("repeal")
    if perms.can_manage_attachments(user, document):
        actions.append("manage_attachments")
    return actions
